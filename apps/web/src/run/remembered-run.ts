/**
 * The localStorage key that keeps the id of the run this browser deployed last. Every tab of the
 * studio shares it, so a reloaded page or a second tab finds that run first.
 */
export const RUN_STORAGE_KEY = 'circuit-studio:run';

/** Returns the remembered run id, or undefined when there is none. */
export function readRememberedRun(storage: Pick<Storage, 'getItem'>): string | undefined {
  return storage.getItem(RUN_STORAGE_KEY) ?? undefined;
}

/** Remembers a run id; returns the reason when the browser refuses, such as a full storage quota. */
export function rememberRun(storage: Pick<Storage, 'setItem'>, runId: string): string | undefined {
  try {
    storage.setItem(RUN_STORAGE_KEY, runId);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Forgets the remembered run when it is `runId`, and leaves a newer one in place. */
export function forgetRun(storage: Pick<Storage, 'getItem' | 'removeItem'>, runId: string): void {
  if (storage.getItem(RUN_STORAGE_KEY) === runId) storage.removeItem(RUN_STORAGE_KEY);
}
