import type { CircuitEdge } from '@circuit-studio/model';
import { type AnalysisContext, isRealtimeEdge, type NodeInfo } from './context.js';
import { linkBound, sourceRate } from './measures.js';
import type { EdgePrediction, NodePrediction, Predictions } from './types.js';

/**
 * Frames per second on one edge, split by kind: `fixed` frames come from sources with a set rate,
 * `elastic` ones from sources that slow down to whatever the stages behind them take.
 */
interface Flow {
  fixed: number;
  elastic: number;
  /** Largest payload size among the sources feeding the edge, where known. */
  payloadBytes?: number;
}

const NO_FLOW: Flow = { fixed: 0, elastic: 0 };

/** Multiplies a rate by a share, where a zero share of an unbounded rate is zero rather than NaN. */
function scale(rate: number, share: number): number {
  return share === 0 ? 0 : rate * share;
}

/**
 * Returns, per node, the pace an elastic source feeding it settles at: the smallest capacity of the
 * node and of every stage behind it, because back pressure slows the source to the slowest of them.
 */
function elasticPace(context: AnalysisContext): Map<string, number> {
  const { graph, order, info } = context;
  const pace = new Map<string, number>();
  for (let index = order.order.length - 1; index >= 0; index -= 1) {
    const id = order.order[index] as string;
    let value = (info.get(id) as NodeInfo).measures.capacityFps;
    for (const edge of graph.outgoing.get(id) ?? []) {
      if (order.backEdges.has(edge.id)) continue;
      value = Math.min(value, pace.get(edge.target) ?? Number.POSITIVE_INFINITY);
    }
    pace.set(id, value);
  }
  return pace;
}

function predictEdge(
  context: AnalysisContext,
  edge: CircuitEdge,
  offeredFps: number,
  servedFps: number,
  payloadBytes: number | undefined,
): EdgePrediction {
  const prediction: EdgePrediction = { offeredFps, servedFps };
  if (payloadBytes !== undefined) prediction.offeredBytesPerSec = offeredFps * payloadBytes;
  const lost = offeredFps === servedFps ? 0 : offeredFps - servedFps;
  if (isRealtimeEdge(context, edge.id)) {
    prediction.dropPercent = lost > 0 ? (lost / offeredFps) * 100 : 0;
    return prediction;
  }
  prediction.backlogGrowthPerSec = lost;
  if (lost > 0) {
    const upstream = context.info.get(edge.source) as NodeInfo;
    const bound = linkBound(context, edge) + upstream.measures.queueCapacity;
    if (Number.isFinite(bound)) prediction.secondsToFull = bound / lost;
  }
  return prediction;
}

/**
 * Predicts the steady-state rates of every node and edge. Nodes are visited in graph order; each
 * stage serves fixed-rate frames first, up to its capacity, and shares what is left among elastic
 * frames. A stage offered more fixed-rate frames than it can process drops the excess on a real-time
 * path and builds a backlog on a capacity path, in proportion to what each input offers. Every
 * output edge carries a copy of every frame. Edges that close a cycle carry the source's output but
 * add nothing to the target's input.
 */
export function predictRates(context: AnalysisContext): Predictions {
  const { graph, order, info } = context;
  const pace = elasticPace(context);
  const flows = new Map<string, Flow>();
  const edges: Record<string, EdgePrediction> = {};
  const nodes: Record<string, NodePrediction> = {};

  for (const id of order.order) {
    const nodeInfo = info.get(id) as NodeInfo;
    const incoming = graph.incoming.get(id) ?? [];
    let fixedIn = 0;
    let elasticIn = 0;
    let payloadBytes: number | undefined;
    for (const edge of incoming) {
      if (order.backEdges.has(edge.id)) continue;
      const flow = flows.get(edge.id) ?? NO_FLOW;
      fixedIn += flow.fixed;
      elasticIn += flow.elastic;
      if (flow.payloadBytes !== undefined) payloadBytes = Math.max(payloadBytes ?? 0, flow.payloadBytes);
    }
    const capacity = nodeInfo.measures.capacityFps;
    const fixedServed = Math.min(fixedIn, capacity);
    const fixedShare = fixedIn > capacity ? capacity / fixedIn : 1;
    const room = capacity - fixedServed;
    const elasticServed = Math.min(elasticIn, room);
    const elasticShare = elasticIn > room ? room / elasticIn : 1;
    for (const edge of incoming) {
      if (order.backEdges.has(edge.id)) continue;
      const flow = flows.get(edge.id) ?? NO_FLOW;
      const elastic = scale(flow.elastic, elasticShare);
      const served = scale(flow.fixed, fixedShare) + elastic;
      edges[edge.id] = predictEdge(context, edge, flow.fixed + elastic, served, flow.payloadBytes);
    }

    let out: Flow = { fixed: fixedServed, elastic: elasticServed };
    if (payloadBytes !== undefined) out.payloadBytes = payloadBytes;
    if (nodeInfo.traits?.role === 'source') {
      const rate = sourceRate(nodeInfo);
      out = rate.elastic ? { fixed: 0, elastic: pace.get(id) ?? 0 } : { fixed: rate.fps, elastic: 0 };
      if (rate.payloadBytes !== undefined) out.payloadBytes = rate.payloadBytes;
    }
    nodes[id] = { inFps: fixedIn + elasticServed, capacityFps: capacity, outFps: out.fixed + out.elastic };
    for (const edge of graph.outgoing.get(id) ?? []) {
      flows.set(edge.id, out);
    }
  }

  for (const edgeId of order.backEdges) {
    const edge = graph.edges.get(edgeId) as CircuitEdge;
    const flow = flows.get(edgeId) ?? NO_FLOW;
    const total = flow.fixed + flow.elastic;
    edges[edgeId] = predictEdge(context, edge, total, total, flow.payloadBytes);
  }
  return { edges, nodes };
}
