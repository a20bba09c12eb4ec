import { describe, expect, it } from 'vitest';
import { exampleCircuit } from './example.js';
import { loadSavedCircuit, STORAGE_KEY, saveCircuit } from './persistence.js';

/** An in-memory stand-in for the two Storage methods the editor uses. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

describe('saved circuit', () => {
  it('loads what was saved', () => {
    const storage = new MemoryStorage();
    const circuit = { ...exampleCircuit(), layout: { zoom: 2 } };

    expect(saveCircuit(storage, circuit)).toBeUndefined();
    expect(loadSavedCircuit(storage)).toEqual({ kind: 'loaded', circuit });
  });

  it('reports empty storage', () => {
    expect(loadSavedCircuit(new MemoryStorage())).toEqual({ kind: 'empty' });
  });

  it('reports a saved document that no longer parses, with its path', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, JSON.stringify({ ...exampleCircuit(), version: 9 }));

    const result = loadSavedCircuit(storage);

    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.message).toMatch(/^the saved circuit could not be read at version: /);
  });

  it('returns the reason when the browser rejects the save', () => {
    const full = {
      setItem() {
        throw new Error('QuotaExceededError: the quota has been exceeded');
      },
    };

    expect(saveCircuit(full, exampleCircuit())).toBe('QuotaExceededError: the quota has been exceeded');
  });
});
