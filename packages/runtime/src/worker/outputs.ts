import type { SenderCounts } from '../accounting.js';
import type { OutputEdgePlan } from '../worker-protocol.js';
import type { Faults } from './faults.js';
import type { Frame } from './frame.js';
import type { NodeLogger } from './log.js';
import { OutputLink } from './output-link.js';

interface OutputEdge {
  plan: OutputEdgePlan;
  links: OutputLink[];
  /** Round-robin position over the target's replicas. */
  next: number;
}

/**
 * Every outgoing edge of a node. Each frame goes to every edge (fan-out copies); within an edge,
 * the target's replicas share the frames.
 */
export class Outputs {
  private readonly edges: OutputEdge[];
  /** The link of a node with one output edge to a target without replicas. */
  private readonly onlyLink: OutputLink | undefined;

  constructor(plans: OutputEdgePlan[], epoch: number, faults: Faults, logger: NodeLogger) {
    this.edges = plans.map((plan) => ({
      plan,
      links: plan.links.map((link) => new OutputLink(link, epoch, faults, logger)),
      next: 0,
    }));
    const [edge] = this.edges;
    this.onlyLink = this.edges.length === 1 && edge?.links.length === 1 ? edge.links[0] : undefined;
  }

  get isEmpty(): boolean {
    return this.edges.length === 0;
  }

  async open(timeoutMs: number): Promise<void> {
    await Promise.all(this.allLinks().map((link) => link.open(timeoutMs)));
  }

  /** Sends a frame on every edge and resolves once each edge took it or counted it as dropped. */
  send(frame: Frame): Promise<unknown> {
    // The common case of one link skips the promises and arrays of the fan-out below.
    if (this.onlyLink) return this.onlyLink.send(frame, true);
    return Promise.all(this.edges.map((edge) => this.sendOnEdge(edge, frame)));
  }

  /**
   * Sends end-of-stream on every link and returns each link's final count of frames sent, which
   * the supervisor passes to the receiver in case the end-of-stream message is lost.
   */
  async end(): Promise<Array<{ linkId: string; transmitted: number }>> {
    const links = this.allLinks();
    await Promise.all(links.map((link) => link.end()));
    return links.map((link) => ({ linkId: link.plan.linkId, transmitted: link.counts.transmitted }));
  }

  close(reason: 'timeout' | 'error' = 'timeout'): void {
    for (const link of this.allLinks()) link.close(reason);
  }

  counts(): Record<string, SenderCounts> {
    const counts: Record<string, SenderCounts> = {};
    for (const link of this.allLinks()) {
      counts[link.plan.linkId] = { transmitted: link.counts.transmitted, dropped: { ...link.counts.dropped } };
    }
    return counts;
  }

  private allLinks(): OutputLink[] {
    return this.edges.flatMap((edge) => edge.links);
  }

  /**
   * Offers the frame to each replica in turn without blocking. When all are full, a real-time
   * edge drops the frame and a capacity edge waits on the replica whose turn it is.
   */
  private async sendOnEdge(edge: OutputEdge, frame: Frame): Promise<boolean> {
    const count = edge.links.length;
    const first = edge.next;
    edge.next = (edge.next + 1) % count;
    if (count > 1) {
      for (let offset = 0; offset < count; offset++) {
        const link = edge.links[(first + offset) % count] as OutputLink;
        const outcome = await link.send(frame, false);
        if (outcome === 'sent') return true;
      }
    }
    const link = edge.links[first] as OutputLink;
    return (await link.send(frame, true)) === 'sent';
  }
}
