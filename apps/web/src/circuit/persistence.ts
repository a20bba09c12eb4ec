import type { Circuit } from '@circuit-studio/model';
import { readCircuitText, serializeCircuit } from './file-io.js';

/** The localStorage key that keeps the circuit being edited across reloads. */
export const STORAGE_KEY = 'circuit-studio:circuit';

export type LoadResult =
  | { kind: 'empty' }
  | { kind: 'loaded'; circuit: Circuit }
  | { kind: 'invalid'; message: string };

/**
 * Reads the saved circuit. A saved document that no longer parses (for example one written by a
 * newer version) is reported and left in storage untouched until the next save replaces it.
 */
export function loadSavedCircuit(storage: Pick<Storage, 'getItem'>): LoadResult {
  const text = storage.getItem(STORAGE_KEY);
  if (text === null) {
    return { kind: 'empty' };
  }
  const result = readCircuitText(text);
  if (!result.ok) {
    const first = result.errors[0];
    const where = first?.path ? ` at ${first.path}` : '';
    return {
      kind: 'invalid',
      message: `the saved circuit could not be read${where}: ${first?.message ?? 'unknown error'}`,
    };
  }
  return { kind: 'loaded', circuit: result.circuit };
}

/** Saves the circuit; returns the reason when the browser refuses, such as a full storage quota. */
export function saveCircuit(storage: Pick<Storage, 'setItem'>, circuit: Circuit): string | undefined {
  try {
    storage.setItem(STORAGE_KEY, serializeCircuit(circuit));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
