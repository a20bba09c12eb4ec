import type { EdgeMetrics, NodeMetrics, NodeState } from '@circuit-studio/model';
import { addDrops, type DropCounts, sumDrops } from '../accounting.js';
import { LatencyHistogram, type SparseHistogram } from '../latency-histogram.js';
import type { RunPlan } from '../plan/build-plan.js';
import type { RunMetrics } from '../types.js';
import type { WorkerSnapshot } from '../worker-protocol.js';
import type { LinkCorrections, LinkLedger } from './link-ledger.js';

/** Live latency percentiles cover about this many metrics intervals. */
const LATENCY_WINDOW_INTERVALS = 5;

export interface NodeView {
  nodeId: string;
  state: NodeState;
  restarts: number;
  /** The latest snapshot of every process the node ran, including those that died; each counts its own frames. */
  snapshots: WorkerSnapshot[];
  /** Frames waiting in the node's running processes. */
  queueDepth: number;
  /** Frames the node's dead processes handled after their last report, inferred from their neighbours. */
  afterReports: { framesIn: number; framesOut: number; dropped: DropCounts };
}

/** Per-node and per-edge totals, and the drops each node counted itself rather than on a link. */
export interface AssembledMetrics extends RunMetrics {
  nodeDrops: Record<string, number>;
}

/**
 * Merges the snapshots of all node processes and the link ledger into per-node and per-edge
 * metrics. Frame rates come from the change since the previous call. Live latency percentiles
 * cover the last few intervals, and final ones the whole run.
 */
export class MetricsAssembler {
  private previous:
    | { at: number; nodes: Map<string, { in: number; out: number }>; edges: Map<string, number> }
    | undefined;
  private readonly latencyHistory = new Map<string, SparseHistogram[]>();

  constructor(
    private readonly plan: RunPlan,
    private readonly ledger: LinkLedger,
  ) {}

  assemble(views: NodeView[], corrections: LinkCorrections, final: boolean): AssembledMetrics {
    const at = Date.now();
    const seconds = this.previous ? Math.max(0.001, (at - this.previous.at) / 1000) : 0;
    const nodes: Record<string, NodeMetrics> = {};
    const edges: Record<string, EdgeMetrics> = {};
    const nodeDrops: Record<string, number> = {};
    const current = { at, nodes: new Map<string, { in: number; out: number }>(), edges: new Map<string, number>() };

    for (const view of views) {
      const metrics = this.nodeMetrics(view, final);
      nodeDrops[view.nodeId] = sumDrops(metrics.dropped);
      current.nodes.set(view.nodeId, { in: metrics.framesIn, out: metrics.framesOut });
      const before = this.previous?.nodes.get(view.nodeId);
      if (!final && before && seconds > 0) {
        metrics.fpsIn = round((metrics.framesIn - before.in) / seconds);
        metrics.fpsOut = round((metrics.framesOut - before.out) / seconds);
      }
      nodes[view.nodeId] = metrics;
    }
    for (const edge of this.plan.edges) {
      const { totals, drops } = this.ledger.edgeTotals(edge.edgeId, corrections);
      const metrics: EdgeMetrics = { ...totals };
      const before = this.previous?.edges.get(edge.edgeId);
      if (!final && before !== undefined && seconds > 0) {
        metrics.fps = round((totals.received - before) / seconds);
      }
      current.edges.set(edge.edgeId, totals.received);
      edges[edge.edgeId] = metrics;
      const sender = nodes[edge.source];
      const receiver = nodes[edge.target];
      if (sender) addDrops(sender.dropped, drops.atSender);
      if (receiver) addDrops(receiver.dropped, drops.atReceiver);
    }
    this.previous = current;
    return { at, nodes, edges, nodeDrops };
  }

  private nodeMetrics(view: NodeView, final: boolean): NodeMetrics {
    const metrics: NodeMetrics = {
      state: view.state,
      framesIn: 0,
      framesOut: 0,
      dropped: {},
      errors: 0,
      latencyMs: { p50: 0, p95: 0, p99: 0 },
      queueDepth: view.queueDepth,
      restarts: view.restarts,
    };
    metrics.framesIn += view.afterReports.framesIn;
    metrics.framesOut += view.afterReports.framesOut;
    addDrops(metrics.dropped, view.afterReports.dropped);
    const cumulative = new LatencyHistogram();
    for (const snapshot of view.snapshots) {
      metrics.framesIn += snapshot.framesIn;
      metrics.framesOut += snapshot.framesOut;
      metrics.errors += snapshot.errors;
      addDrops(metrics.dropped, snapshot.dropped);
      cumulative.add(snapshot.latency);
    }
    metrics.latencyMs = final ? cumulative.summary() : this.windowLatency(view.nodeId, cumulative).summary();
    return metrics;
  }

  /** Returns the samples recorded over the last few intervals, or all of them when there are none. */
  private windowLatency(nodeId: string, cumulative: LatencyHistogram): LatencyHistogram {
    const history = this.latencyHistory.get(nodeId) ?? [];
    history.push(cumulative.toSparse());
    if (history.length > LATENCY_WINDOW_INTERVALS + 1) history.shift();
    this.latencyHistory.set(nodeId, history);
    const oldest = history[0];
    if (!oldest || history.length === 1) return cumulative;
    const window = LatencyHistogram.fromSparse(cumulative.toSparse());
    window.add(oldest, -1);
    return window.count > 0 ? window : cumulative;
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
