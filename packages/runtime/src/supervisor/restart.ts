import type { ResumePoint, WorkerPlan, WorkerSnapshot } from '../worker-protocol.js';

/** Restarts of one process before its node is given up as failed. */
export const MAX_RESTARTS = 5;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;

/** Returns the wait before restart number `attempt` (1 for the first): doubling from 250 ms up to 5 s. */
export function restartBackoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
}

/**
 * Computes where the next process of a node replica takes over, given the plans and last reports
 * of the processes that ran before it, oldest first. `framesOutAfterReports` counts the frames the
 * dead processes emitted after their last report, as far as their receivers saw them.
 *
 * NOTE: after a crash without a final report, a source continues from the frames its receivers had
 * seen when it restarts. Frames of the dead process still on their way then (at most a link's `hwm`)
 * arrive later and share their frame numbers with the first frames of the new process. The counts
 * stay exact, since each copy is a frame of its own epoch.
 */
export function resumePoint(
  processes: Array<{ plan: WorkerPlan; report: WorkerSnapshot | undefined }>,
  framesOutAfterReports: number,
): ResumePoint {
  let position = framesOutAfterReports;
  const seen: ResumePoint['seen'] = {};
  const raise = (linkId: string, epoch: string, value: number) => {
    const epochs = seen[linkId] ?? {};
    epochs[epoch] = Math.max(epochs[epoch] ?? 0, value);
    seen[linkId] = epochs;
  };
  for (const { plan, report } of processes) {
    for (const [linkId, epochs] of Object.entries(plan.resume?.seen ?? {})) {
      for (const [epoch, value] of Object.entries(epochs)) raise(linkId, epoch, value);
    }
    if (!report) continue;
    // A source numbers its frames by position: frames emitted plus frames skipped as late.
    position += report.framesOut + (report.dropped.late ?? 0);
    for (const [linkId, epochs] of Object.entries(report.receivers)) {
      for (const [epoch, counts] of Object.entries(epochs)) raise(linkId, epoch, counts.seen);
    }
  }
  return { position, seen };
}
