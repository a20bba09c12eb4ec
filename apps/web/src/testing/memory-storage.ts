/** A Web Storage stand-in for tests, keeping its entries in `values`. */
export type MemoryStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { values: Map<string, string> };

/** Creates an empty in-memory storage. */
export function memoryStorage(): MemoryStorage {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => {
      values.set(key, value);
    },
    removeItem: (key) => {
      values.delete(key);
    },
  };
}
