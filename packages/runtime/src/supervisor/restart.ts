import { addDrops, sumDrops } from '../accounting.js';
import type { RestoredCounts, WorkerSnapshot } from '../worker-protocol.js';

/** Restarts of one process before its node is given up as failed. */
export const MAX_RESTARTS = 5;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;

/** Returns the wait before restart number `attempt` (1 for the first): doubling from 250 ms up to 5 s. */
export function restartBackoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
}

/**
 * Computes the counts a restarted process continues from, given the last snapshot of the process
 * that died. Frames that had arrived on an input but were still queued inside the dead process
 * are lost: they are counted as dropped with reason `error` on their link. Frames the dead process
 * took after its last snapshot show up as gaps once the new process receives the next sequence number.
 */
export function restoredCounts(last: WorkerSnapshot | undefined): RestoredCounts {
  if (!last) return { framesIn: 0, framesOut: 0, errors: 0, dropped: {}, receivers: {} };
  const receivers: RestoredCounts['receivers'] = {};
  for (const [linkId, epochs] of Object.entries(last.receivers)) {
    receivers[linkId] = {};
    for (const [epoch, counts] of Object.entries(epochs)) {
      const queued = counts.seen - counts.received - counts.gaps - sumDrops(counts.dropped);
      const dropped = addDrops({}, counts.dropped);
      if (queued > 0) dropped.error = (dropped.error ?? 0) + queued;
      receivers[linkId][epoch] = { ...counts, dropped };
    }
  }
  return {
    framesIn: last.framesIn,
    framesOut: last.framesOut,
    errors: last.errors,
    dropped: addDrops({}, last.dropped),
    receivers,
  };
}
