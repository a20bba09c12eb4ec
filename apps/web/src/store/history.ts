import type { Circuit } from '@circuit-studio/model';

/** Undo and redo stacks of whole circuit documents, oldest first. */
export interface History {
  past: Circuit[];
  future: Circuit[];
  /**
   * Key of the last recorded edit. A following edit with the same key (typing into one field) joins
   * that step instead of adding one per keystroke.
   */
  lastKey?: string;
}

/** Maximum undo steps kept; older steps are dropped first. */
export const HISTORY_LIMIT = 200;

export function emptyHistory(): History {
  return { past: [], future: [] };
}

/** Records that the document changed from `previous`. Any redo steps are dropped. */
export function recordEdit(history: History, previous: Circuit, key?: string): History {
  if (key !== undefined && key === history.lastKey && history.past.length > 0) {
    return { past: history.past, future: [], lastKey: key };
  }
  const past = [...history.past, previous].slice(-HISTORY_LIMIT);
  return key === undefined ? { past, future: [] } : { past, future: [], lastKey: key };
}

/** Steps back one edit; returns undefined when there is nothing to undo. */
export function undoEdit(history: History, current: Circuit): { history: History; circuit: Circuit } | undefined {
  const circuit = history.past.at(-1);
  if (!circuit) return undefined;
  return { circuit, history: { past: history.past.slice(0, -1), future: [current, ...history.future] } };
}

/** Steps forward one undone edit; returns undefined when there is nothing to redo. */
export function redoEdit(history: History, current: Circuit): { history: History; circuit: Circuit } | undefined {
  const [circuit, ...future] = history.future;
  if (!circuit) return undefined;
  return { circuit, history: { past: [...history.past, current].slice(-HISTORY_LIMIT), future } };
}
