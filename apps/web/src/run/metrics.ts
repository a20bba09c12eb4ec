import type { EdgeMetrics, NodeMetrics, NodeState } from '@circuit-studio/model';

/** Live state of one node of the current run, as the canvas shows it. */
export interface NodeLive {
  state?: NodeState;
  metrics?: NodeMetrics;
  /** Frames per second in and out over the last metrics interval. */
  fpsIn?: number;
  fpsOut?: number;
  /** Message of the last status update for this node, such as the reason it failed. */
  message?: string;
}

/** Live state of one edge of the current run, as the canvas shows it. */
export interface EdgeLive {
  metrics: EdgeMetrics;
  /** Frames per second received over the last metrics interval. */
  fps?: number;
}

export interface LiveTotals {
  nodes: Record<string, NodeLive>;
  edges: Record<string, EdgeLive>;
  /** `at` of the last metrics message merged, in milliseconds since the epoch. */
  at?: number;
}

/** Per-node and per-edge totals of one metrics message or run report. */
export interface MetricsUpdate {
  at: number;
  nodes: Record<string, NodeMetrics>;
  edges: Record<string, EdgeMetrics>;
}

/**
 * Returns the rate of a counter between two samples, or undefined when there is no earlier sample
 * or the counter went backwards (a restarted node starts again from zero).
 */
export function rateBetween(previous: number | undefined, current: number, seconds: number): number | undefined {
  if (previous === undefined || seconds <= 0 || current < previous) return undefined;
  return (current - previous) / seconds;
}

/**
 * Merges one metrics message into the live totals. Entries the message carries replace the old
 * ones, and entries it leaves out are kept. The server's own rates win; when it sends none, the rate
 * is computed from the change of the totals since the previous message.
 */
export function mergeMetrics(totals: LiveTotals, update: MetricsUpdate): LiveTotals {
  const seconds = totals.at === undefined ? 0 : (update.at - totals.at) / 1000;

  const nodes = { ...totals.nodes };
  for (const [id, metrics] of Object.entries(update.nodes)) {
    const live = nodes[id];
    const previous = live?.metrics;
    const fpsIn = metrics.fpsIn ?? rateBetween(previous?.framesIn, metrics.framesIn, seconds);
    const fpsOut = metrics.fpsOut ?? rateBetween(previous?.framesOut, metrics.framesOut, seconds);
    const node: NodeLive = { state: metrics.state, metrics, fpsIn, fpsOut };
    // A status message explains the state it came with, such as the back-off of a restart.
    if (live?.message !== undefined && live.state === metrics.state) node.message = live.message;
    nodes[id] = node;
  }

  const edges = { ...totals.edges };
  for (const [id, metrics] of Object.entries(update.edges)) {
    const fps = metrics.fps ?? rateBetween(edges[id]?.metrics.received, metrics.received, seconds);
    edges[id] = { metrics, fps };
  }

  return { nodes, edges, at: update.at };
}

/**
 * Sets the state of one node from a status message, keeping its counters. The message replaces the
 * previous one, and a status without a message clears it.
 */
export function setNodeState(totals: LiveTotals, nodeId: string, state: NodeState, message?: string): LiveTotals {
  const { message: _previous, ...rest } = totals.nodes[nodeId] ?? {};
  const node: NodeLive = { ...rest, state };
  if (message !== undefined) node.message = message;
  return { ...totals, nodes: { ...totals.nodes, [nodeId]: node } };
}

/**
 * Returns the totals of a run that has ended: the counters stay, but the rates go, because nothing
 * flows any more. Node messages go too, except the reason a node failed.
 */
export function settleTotals(totals: LiveTotals): LiveTotals {
  const nodes: Record<string, NodeLive> = {};
  for (const [id, live] of Object.entries(totals.nodes)) {
    const node: NodeLive = {};
    if (live.state !== undefined) node.state = live.state;
    if (live.metrics !== undefined) {
      const { fpsIn: _in, fpsOut: _out, ...metrics } = live.metrics;
      node.metrics = metrics;
    }
    if (live.message !== undefined && live.state === 'failed') node.message = live.message;
    nodes[id] = node;
  }
  const edges: Record<string, EdgeLive> = {};
  for (const [id, live] of Object.entries(totals.edges)) {
    const { fps: _rate, ...metrics } = live.metrics;
    edges[id] = { metrics };
  }
  return totals.at === undefined ? { nodes, edges } : { nodes, edges, at: totals.at };
}

/** Sums the drops of a node over every reason. */
export function totalDropped(metrics: NodeMetrics): number {
  return Object.values(metrics.dropped).reduce((sum, count) => sum + (count ?? 0), 0);
}
