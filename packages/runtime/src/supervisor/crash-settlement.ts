import { type DropCounts, queuedFrames, sumDrops } from '../accounting.js';
import type { WorkerPlan, WorkerSnapshot } from '../worker-protocol.js';
import {
  type LinkCorrection,
  type LinkCorrections,
  type LinkEpochRecord,
  type LinkLedger,
  linkEpochKey,
} from './link-ledger.js';

/** The plan and last report of one process of a node replica. */
export interface ProcessRecord {
  plan: WorkerPlan;
  /** The last counts it reported. */
  report: WorkerSnapshot | undefined;
  /** True when `report` is the process's final report, so nothing happened after it. */
  final: boolean;
  exited: boolean;
}

/** Counts to add to a node replica and its links for what its dead processes did after their last report. */
export interface CrashSettlement {
  framesIn: number;
  framesOut: number;
  /** Frames that died inside the node, with reason `error`. */
  dropped: DropCounts;
  links: LinkCorrections;
}

/**
 * Settles the frames that the processes of one node replica handled between their last report and
 * an unexpected death, from what their neighbours saw:
 *
 * - Frames out: a receiver that saw sequence number n from the dead process proves that it sent n + 1
 *   frames on that link. The node emitted as many frames as its busiest output edge shows, and an
 *   edge that shows fewer lost the rest in the crash at the sender (`error`).
 * - Frames in: a module or buffer forwards frames in order. The frames it emitted after its report
 *   came first from those it held, then from those queued on its inputs, and then from those that
 *   the next process of the replica found missing (its `resumeGap`). Those count as taken. Frames
 *   held or queued in the dead process that never came out died with it (`error` at the node or the
 *   link). The rest of a resume gap stays a `gap`, as frames lost on the way.
 *
 * NOTE: the split between a frame that the dead process took and then lost and a frame that never
 * reached it is a guess, for at most the frames it took in its last report interval. Frames that
 * failed (`failRate`) or overflowed a buffer after the last report count as `gap` on the input or
 * `error` in the node. With several inputs the taken frames are assigned to the inputs in order. When
 * the emitted frames cannot all be traced to an input, the node's totals disagree with its edges and
 * the run report has `accounted: false`.
 */
export function settleCrashes(processes: ProcessRecord[], ledger: LinkLedger): CrashSettlement {
  const settlement: CrashSettlement = { framesIn: 0, framesOut: 0, dropped: {}, links: new Map() };
  // Resume gaps and lost tails are shared by consecutive dead processes, so what one takes is gone for the next.
  const poolTaken = new Map<string, number>();
  for (const process of processes) {
    if (process.exited && !process.final) settleProcess(process, ledger, settlement, poolTaken);
  }
  return settlement;
}

function settleProcess(
  process: ProcessRecord,
  ledger: LinkLedger,
  settlement: CrashSettlement,
  poolTaken: Map<string, number>,
): void {
  const { plan, report } = process;
  const framesIn = report?.framesIn ?? 0;
  const framesOut = report?.framesOut ?? 0;

  const emitted = settleOutputs(process, ledger, settlement.links);
  settlement.framesOut += emitted - framesOut;

  const passesFramesOn = plan.inputs.length > 0 && plan.outputs.length > 0;
  const heldInNode = passesFramesOn ? Math.max(0, framesIn - framesOut - sumDrops(report?.dropped ?? {})) : 0;
  let untraced = emitted - framesOut;
  const fromHeld = Math.min(untraced, heldInNode);
  untraced -= fromHeld;
  if (heldInNode > fromHeld) settlement.dropped.error = (settlement.dropped.error ?? 0) + heldInNode - fromHeld;

  for (const link of plan.inputs) {
    for (const [epoch, counts] of Object.entries(report?.receivers[link.linkId] ?? {})) {
      const queued = queuedFrames(counts);
      if (queued <= 0) continue;
      const take = Math.min(untraced, queued);
      untraced -= take;
      settlement.framesIn += take;
      const correction = correctionOf(settlement.links, link.linkId, Number(epoch));
      correction.received += take;
      if (queued > take) correction.receiverDropped.error = (correction.receiverDropped.error ?? 0) + queued - take;
    }
  }

  for (const link of plan.inputs) {
    for (const [epoch, record] of ledger.epochs(link.linkId)) {
      if (untraced === 0) return;
      const open = openFrames(record, plan.epoch);
      if (!open) continue;
      const poolKey = `${linkEpochKey(link.linkId, epoch)}#${open.pool}`;
      const take = Math.min(untraced, open.count - (poolTaken.get(poolKey) ?? 0));
      if (take <= 0) continue;
      poolTaken.set(poolKey, (poolTaken.get(poolKey) ?? 0) + take);
      untraced -= take;
      settlement.framesIn += take;
      const correction = correctionOf(settlement.links, link.linkId, epoch);
      correction.received += take;
      if (open.pool !== 'tail') correction.fromGaps += take;
    }
  }
}

/**
 * Returns how many frames the dead process emitted in all, and adds a sender drop on each output
 * edge that shows fewer.
 */
function settleOutputs(process: ProcessRecord, ledger: LinkLedger, corrections: LinkCorrections): number {
  const { plan, report } = process;
  const edges = plan.outputs.map((edge) => {
    let sent = 0;
    for (const link of edge.links) {
      const counts = report?.senders[link.linkId];
      const transmitted = Math.max(counts?.transmitted ?? 0, ledger.seenByReceivers(link.linkId, plan.epoch));
      sent += transmitted + sumDrops(counts?.dropped ?? {});
    }
    return { edge, sent };
  });
  const emitted = Math.max(report?.framesOut ?? 0, ...edges.map(({ sent }) => sent));
  for (const { edge, sent } of edges) {
    const first = edge.links[0];
    if (sent >= emitted || !first) continue;
    // NOTE: on an edge to several replicas, the frames lost at the sender are all put on the first link.
    const correction = correctionOf(corrections, first.linkId, plan.epoch);
    correction.senderDropped.error = (correction.senderDropped.error ?? 0) + emitted - sent;
  }
  return emitted;
}

/**
 * Returns the frames of a link epoch that a dead receiving process may have taken after its last
 * report: the resume gap of the next process that counted this epoch, or, once the epoch is closed
 * and no later process saw any of it, the frames still in flight.
 */
function openFrames(record: LinkEpochRecord, deadEpoch: number): { pool: string; count: number } | undefined {
  const later = [...record.receivers].filter(([epoch]) => epoch > deadEpoch).sort(([a], [b]) => a - b);
  const next = later[0];
  if (next && next[1].resumeGap !== undefined) return { pool: `gap${next[0]}`, count: next[1].resumeGap };
  if (!record.closedAs || later.some(([, counts]) => counts.seen > (counts.base ?? 0))) return undefined;
  let seen = 0;
  for (const counts of record.receivers.values()) seen = Math.max(seen, counts.seen);
  return { pool: 'tail', count: Math.max(0, (record.sender?.transmitted ?? 0) - seen) };
}

function correctionOf(corrections: LinkCorrections, linkId: string, epoch: number): LinkCorrection {
  const key = linkEpochKey(linkId, epoch);
  let correction = corrections.get(key);
  if (!correction) {
    correction = { received: 0, fromGaps: 0, receiverDropped: {}, senderDropped: {} };
    corrections.set(key, correction);
  }
  return correction;
}
