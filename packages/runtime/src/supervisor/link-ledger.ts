import type { DropReason, EdgeMetrics } from '@circuit-studio/model';
import {
  type LinkEpochCounts,
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
 * The counts of every link of a run, per sender epoch, as the node processes report them. A
 * sender's counts of an epoch stay here after its process died, so the frames it sent before a
 * crash stay accounted for.
 */
export class LinkLedger {
  private readonly links = new Map<string, { plan: LinkPlan; epochs: Map<number, LinkEpochCounts> }>();

  constructor(plans: LinkPlan[]) {
    for (const plan of plans) this.links.set(plan.linkId, { plan, epochs: new Map() });
  }

  recordSender(linkId: string, epoch: number, counts: SenderCounts): void {
    const entry = this.epochOf(linkId, epoch);
    if (entry) entry.sender = counts;
  }

  recordReceiver(linkId: string, epochs: Record<string, ReceiverCounts>): void {
    for (const [epoch, counts] of Object.entries(epochs)) {
      const entry = this.epochOf(linkId, Number(epoch));
      if (entry) entry.receiver = counts;
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

  /** Returns the totals of an edge over all its links and epochs, and who detected its drops. */
  edgeTotals(edgeId: string): { totals: EdgeTotals; drops: DropAttribution } {
    const parts: EdgeTotals[] = [];
    const drops: DropAttribution = { atSender: {}, atReceiver: {} };
    for (const { plan, epochs } of this.links.values()) {
      if (plan.edgeId !== edgeId) continue;
      for (const counts of epochs.values()) {
        const settled = settleLinkEpoch(counts);
        parts.push(settled);
        const senderDrops = counts.sender?.dropped ?? {};
        for (const [reason, count] of Object.entries(settled.droppedByReason) as Array<[DropReason, number]>) {
          const fromSender = senderDrops[reason] ?? 0;
          if (fromSender > 0) drops.atSender[reason] = (drops.atSender[reason] ?? 0) + fromSender;
          if (count - fromSender > 0) drops.atReceiver[reason] = (drops.atReceiver[reason] ?? 0) + count - fromSender;
        }
      }
    }
    return { totals: sumEdgeTotals(parts), drops };
  }

  private epochOf(linkId: string, epoch: number): LinkEpochCounts | undefined {
    const link = this.links.get(linkId);
    if (!link) return undefined;
    let entry = link.epochs.get(epoch);
    if (!entry) {
      entry = {};
      link.epochs.set(epoch, entry);
    }
    return entry;
  }
}
