import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FileProblem } from '../circuit/file-io.js';

/** An import that did not load, with every problem found in the file. */
export interface ImportFailure {
  fileName: string;
  errors: FileProblem[];
}

export interface UiState {
  /** Whether the dialog with the circuit JSON is open. */
  jsonOpen: boolean;
  importFailure?: ImportFailure;
}

/** Creates the store of dialog state that several components open and close. */
export function createUiStore(): StoreApi<UiState> {
  return createStore<UiState>()(() => ({ jsonOpen: false }));
}
