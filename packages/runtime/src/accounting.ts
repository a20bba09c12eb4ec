import type { DropReason, EdgeMetrics } from '@circuit-studio/model';

export type DropCounts = Partial<Record<DropReason, number>>;

/** Counts of the sending end of one link in one epoch (one life of the sending process). */
export interface SenderCounts {
  /** Frames handed to the socket; the next sequence number. */
  transmitted: number;
  /** Frames that never entered the socket, by reason (`hwm`, `timeout`, `error`). */
  dropped: DropCounts;
}

/** Counts of the receiving end of one link for one epoch of its sender. */
export interface ReceiverCounts {
  /** One past the highest sequence number seen, or taken from an end-of-stream. */
  seen: number;
  /** Frames handed to the node. */
  received: number;
  /** Sequence numbers that never arrived. */
  gaps: number;
  /** Frames that arrived but were dropped before the node took them, by reason. */
  dropped: DropCounts;
  /**
   * The sequence number where this process's counts start: missing for 0, or, in a restarted
   * process, one past the highest sequence number the processes before it reported.
   */
  base?: number;
  /**
   * In a restarted process: the sequence numbers skipped between `base` and the first frame or
   * end-of-stream it took, which are part of `gaps`. The process before it may have taken them after
   * its last report. Missing until known.
   */
  resumeGap?: number;
}

/** The counts of one link and sender epoch, from whichever ends have reported. */
export interface LinkEpochCounts {
  sender?: SenderCounts;
  receiver?: ReceiverCounts;
  /**
   * Set once no more frames of this epoch can arrive (the run ended, or the sender was restarted
   * and its old frames were given time to arrive). What is still in flight then was lost, and is
   * counted as dropped with this reason.
   */
  closedAs?: DropReason;
}

export function sumDrops(drops: DropCounts): number {
  let total = 0;
  for (const count of Object.values(drops)) total += count ?? 0;
  return total;
}

export function addDrops(into: DropCounts, from: DropCounts): DropCounts {
  for (const [reason, count] of Object.entries(from) as Array<[DropReason, number | undefined]>) {
    if (count) into[reason] = (into[reason] ?? 0) + count;
  }
  return into;
}

/** Returns the frames a receiving process had seen but not yet handed to its node nor dropped. */
export function queuedFrames(counts: ReceiverCounts): number {
  return counts.seen - (counts.base ?? 0) - counts.received - counts.gaps - sumDrops(counts.dropped);
}

/**
 * Adds up the counts that successive processes of one receiving node replica reported for one
 * sender epoch. Each process counts from where the one before it last reported, so the sums cover
 * every sequence number once.
 */
export function mergeReceiverCounts(parts: ReceiverCounts[]): ReceiverCounts | undefined {
  if (parts.length === 0) return undefined;
  const merged: ReceiverCounts = { seen: 0, received: 0, gaps: 0, dropped: {} };
  for (const part of parts) {
    merged.seen = Math.max(merged.seen, part.seen);
    merged.received += part.received;
    merged.gaps += part.gaps;
    addDrops(merged.dropped, part.dropped);
  }
  return merged;
}

/**
 * Computes the edge totals of one link epoch so that `sent = received + dropped + inFlight` is true
 * with `inFlight >= 0`. The two ends report at different moments, so the receiver may already have
 * seen frames the sender's last report does not include. The receiver's `seen` proves those frames
 * were transmitted, so the transmitted count is the larger of the two views.
 */
export function settleLinkEpoch(counts: LinkEpochCounts): Required<Omit<EdgeMetrics, 'fps'>> {
  const sender = counts.sender ?? { transmitted: 0, dropped: {} };
  const receiver = counts.receiver ?? { seen: 0, received: 0, gaps: 0, dropped: {} };
  const transmitted = Math.max(sender.transmitted, receiver.seen);
  const droppedByReason = addDrops(addDrops({}, sender.dropped), receiver.dropped);
  if (receiver.gaps > 0) {
    droppedByReason.gap = (droppedByReason.gap ?? 0) + receiver.gaps;
  }
  let inFlight = transmitted - receiver.received - receiver.gaps - sumDrops(receiver.dropped);
  if (counts.closedAs && inFlight > 0) {
    droppedByReason[counts.closedAs] = (droppedByReason[counts.closedAs] ?? 0) + inFlight;
    inFlight = 0;
  }
  return {
    sent: transmitted + sumDrops(sender.dropped),
    received: receiver.received,
    dropped: sumDrops(droppedByReason),
    inFlight: Math.max(0, inFlight),
    droppedByReason,
  };
}

/** Adds edge totals together, for an edge made of several links or epochs. */
export function sumEdgeTotals(parts: Array<Required<Omit<EdgeMetrics, 'fps'>>>): Required<Omit<EdgeMetrics, 'fps'>> {
  const total = { sent: 0, received: 0, dropped: 0, inFlight: 0, droppedByReason: {} as DropCounts };
  for (const part of parts) {
    total.sent += part.sent;
    total.received += part.received;
    total.dropped += part.dropped;
    total.inFlight += part.inFlight;
    addDrops(total.droppedByReason, part.droppedByReason);
  }
  return total;
}

/** Returns true when the totals conserve every frame: `sent = received + dropped + inFlight`. */
export function isConserved(edge: Pick<EdgeMetrics, 'sent' | 'received' | 'dropped' | 'inFlight'>): boolean {
  return edge.inFlight >= 0 && edge.sent === edge.received + edge.dropped + edge.inFlight;
}
