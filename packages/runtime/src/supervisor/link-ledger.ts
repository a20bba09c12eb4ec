import type { DropReason, EdgeMetrics } from '@circuit-studio/model';
import {
  addDrops,
  type DropCounts,
  mergeReceiverCounts,
  type ReceiverCounts,
  type SenderCounts,
  settleLinkEpoch,
  sumEdgeTotals,
} from '../accounting.js';
import type { LinkPlan } from '../worker-protocol.js';

export type EdgeTotals = Required<Omit<EdgeMetrics, 'fps'>>;

/** Edge drops split by the node that detected them. */
export interface DropAttribution {
  /** Frames the sending node could not send. */
  atSender: Partial<Record<DropReason, number>>;
  /** Frames lost on the way or at the receiving end, detected by the receiving node. */
  atReceiver: Partial<Record<DropReason, number>>;
}

/**
 * Counts to add to one link epoch for a process that died before it reported them, inferred from
 * what the processes around it saw.
 */
export interface LinkCorrection {
  /** Frames the dead receiving process took after its last report. */
  received: number;
  /** How many of `received` the process after it had counted as gaps. */
  fromGaps: number;
  /** Frames that died inside the receiving process before its node took them. */
  receiverDropped: DropCounts;
  /** Frames the dead sending process emitted but that never showed up on this link. */
  senderDropped: DropCounts;
}

/** Corrections keyed by `linkEpochKey`. */
export type LinkCorrections = Map<string, LinkCorrection>;

/** Adds the corrections in `from` to those in `into`. */
export function mergeCorrections(into: LinkCorrections, from: LinkCorrections): LinkCorrections {
  for (const [key, correction] of from) {
    const existing = into.get(key);
    if (!existing) {
      into.set(key, {
        ...correction,
        receiverDropped: { ...correction.receiverDropped },
        senderDropped: { ...correction.senderDropped },
      });
      continue;
    }
    existing.received += correction.received;
    existing.fromGaps += correction.fromGaps;
    addDrops(existing.receiverDropped, correction.receiverDropped);
    addDrops(existing.senderDropped, correction.senderDropped);
  }
  return into;
}

export function linkEpochKey(linkId: string, senderEpoch: number): string {
  return `${linkId}@${senderEpoch}`;
}

/** The counts of one link and sender epoch. */
export interface LinkEpochRecord {
  sender?: SenderCounts;
  /** The counts of each receiving process, by its epoch. */
  receivers: Map<number, ReceiverCounts>;
  /** Set once no more frames of this epoch can arrive; what is still in flight then was lost with this reason. */
  closedAs?: DropReason;
}

/**
 * The counts of every link of a run, per sender epoch and receiving process, as the node processes
 * report them. Counts of a process stay here after it died, so the frames it handled before a crash
 * stay accounted for.
 */
export class LinkLedger {
  private readonly links = new Map<string, { plan: LinkPlan; epochs: Map<number, LinkEpochRecord> }>();

  constructor(plans: LinkPlan[]) {
    for (const plan of plans) this.links.set(plan.linkId, { plan, epochs: new Map() });
  }

  recordSender(linkId: string, epoch: number, counts: SenderCounts): void {
    const entry = this.epochOf(linkId, epoch);
    if (entry) entry.sender = counts;
  }

  /** Records the receiver counts one process reported, per sender epoch. */
  recordReceiver(linkId: string, receiverEpoch: number, epochs: Record<string, ReceiverCounts>): void {
    for (const [epoch, counts] of Object.entries(epochs)) {
      this.epochOf(linkId, Number(epoch))?.receivers.set(receiverEpoch, counts);
    }
  }

  /** Marks an epoch of a link as finished: whatever is still in flight was lost with `reason`. */
  close(linkId: string, epoch: number, reason: DropReason): void {
    const entry = this.epochOf(linkId, epoch);
    if (entry && !entry.closedAs) entry.closedAs = reason;
  }

  /** Closes every epoch of every link, for the end of a run. */
  closeAll(reason: DropReason): void {
    for (const [linkId, link] of this.links) {
      for (const epoch of link.epochs.keys()) this.close(linkId, epoch, reason);
    }
  }

  /** Returns the record of every sender epoch of a link seen so far. */
  epochs(linkId: string): ReadonlyMap<number, LinkEpochRecord> {
    return this.links.get(linkId)?.epochs ?? new Map();
  }

  /** Returns one past the highest sequence number any receiving process saw for a link epoch. */
  seenByReceivers(linkId: string, epoch: number): number {
    const receivers = this.links.get(linkId)?.epochs.get(epoch)?.receivers;
    let seen = 0;
    for (const counts of receivers?.values() ?? []) seen = Math.max(seen, counts.seen);
    return seen;
  }

  /** Returns the totals of an edge over all its links and epochs, and who detected its drops. */
  edgeTotals(edgeId: string, corrections: LinkCorrections): { totals: EdgeTotals; drops: DropAttribution } {
    const parts: EdgeTotals[] = [];
    const drops: DropAttribution = { atSender: {}, atReceiver: {} };
    for (const { plan, epochs } of this.links.values()) {
      if (plan.edgeId !== edgeId) continue;
      for (const [epoch, record] of epochs) {
        const correction = corrections.get(linkEpochKey(plan.linkId, epoch));
        const sender = correctedSender(record.sender, correction);
        const receiver = correctedReceiver(mergeReceiverCounts([...record.receivers.values()]), correction);
        const settled = settleLinkEpoch({
          ...(sender ? { sender } : {}),
          ...(receiver ? { receiver } : {}),
          ...(record.closedAs ? { closedAs: record.closedAs } : {}),
        });
        parts.push(settled);
        const senderDrops = sender?.dropped ?? {};
        for (const [reason, count] of Object.entries(settled.droppedByReason) as Array<[DropReason, number]>) {
          const fromSender = senderDrops[reason] ?? 0;
          if (fromSender > 0) drops.atSender[reason] = (drops.atSender[reason] ?? 0) + fromSender;
          if (count - fromSender > 0) drops.atReceiver[reason] = (drops.atReceiver[reason] ?? 0) + count - fromSender;
        }
      }
    }
    return { totals: sumEdgeTotals(parts), drops };
  }

  private epochOf(linkId: string, epoch: number): LinkEpochRecord | undefined {
    const link = this.links.get(linkId);
    if (!link) return undefined;
    let entry = link.epochs.get(epoch);
    if (!entry) {
      entry = { receivers: new Map() };
      link.epochs.set(epoch, entry);
    }
    return entry;
  }
}

function correctedSender(
  sender: SenderCounts | undefined,
  correction: LinkCorrection | undefined,
): SenderCounts | undefined {
  if (!correction) return sender;
  const base = sender ?? { transmitted: 0, dropped: {} };
  return { transmitted: base.transmitted, dropped: addDrops(addDrops({}, base.dropped), correction.senderDropped) };
}

function correctedReceiver(
  receiver: ReceiverCounts | undefined,
  correction: LinkCorrection | undefined,
): ReceiverCounts | undefined {
  if (!correction) return receiver;
  const base = receiver ?? { seen: 0, received: 0, gaps: 0, dropped: {} };
  return {
    seen: base.seen,
    received: base.received + correction.received,
    gaps: base.gaps - correction.fromGaps,
    dropped: addDrops(addDrops({}, base.dropped), correction.receiverDropped),
  };
}
