import { type CircuitEdge, defaultLinkHwm } from '@circuit-studio/model';
import { type AnalysisContext, isRealtimeEdge, type NodeInfo } from './context.js';

/** The parts of a node that its measures depend on. */
type Measured = Pick<NodeInfo, 'traits' | 'config'>;

function numberOf(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Returns the processes sharing the node's input: `replicas` where the type has it, else 1. */
export function replicasOf(info: Measured): number {
  return Math.max(1, numberOf(info.config.replicas, 1));
}

/**
 * Returns the mean time in ms a stage needs per frame, shared across its replicas. Stages and sinks
 * handle one frame per operation, while sources and queues pipeline their work and never set the pace.
 */
function serviceMs(info: Measured): number {
  const role = info.traits?.role;
  if (role !== 'processing' && role !== 'sink') return 0;
  return (info.traits?.expectedLatencyMs ?? 0) / replicasOf(info);
}

/** Returns the worst-case time in ms per frame: the mean plus `jitterMs` where the type has it. */
function worstServiceMs(info: Measured): number {
  const mean = serviceMs(info);
  if (mean === 0) return 0;
  return mean + Math.max(0, numberOf(info.config.jitterMs, 0)) / replicasOf(info);
}

/** Returns the frames per second a node can process: `replicas * 1000 / processing time`, or infinity. */
function capacityFps(info: Measured): number {
  const service = serviceMs(info);
  return service > 0 ? 1000 / service : Number.POSITIVE_INFINITY;
}

/** A source's configured rate. `elastic` marks a source read as fast as the circuit takes frames (`fps: 0`). */
export interface SourceRate {
  fps: number;
  elastic: boolean;
  /** Bytes per frame, where the source type states it. */
  payloadBytes?: number;
}

export function sourceRate(info: Measured): SourceRate {
  const fps = Math.max(0, numberOf(info.config.fps, 0));
  const payload = info.config.payloadBytes;
  const rate: SourceRate = { fps, elastic: fps === 0 && info.traits?.live !== true };
  if (typeof payload === 'number' && Number.isFinite(payload)) rate.payloadBytes = payload;
  return rate;
}

/**
 * Returns the maximum number of frames a queue node keeps: its `capacity`, infinity for 0
 * (unbounded), and 0 for a node that is not a queue.
 */
function queueCapacity(info: Measured): number {
  if (info.traits?.role !== 'queue') return 0;
  const capacity = numberOf(info.config.capacity, 0);
  return capacity > 0 ? capacity : Number.POSITIVE_INFINITY;
}

/** Per-node figures the rate and latency passes read for every edge, computed once per node. */
export interface NodeMeasures {
  /** Mean time in ms per frame, shared across replicas, or 0 for a node that never sets the pace. */
  serviceMs: number;
  /** Mean plus jitter, in ms per frame. */
  worstServiceMs: number;
  /** Frames per second the node can process, or infinity when it never limits. */
  capacityFps: number;
  /** Maximum frames a queue node keeps: infinity when unbounded, 0 for a node that is not a queue. */
  queueCapacity: number;
}

/** Computes the measures of one node from its traits and its config with defaults applied. */
export function measureNode(info: Measured): NodeMeasures {
  return {
    serviceMs: serviceMs(info),
    worstServiceMs: worstServiceMs(info),
    capacityFps: capacityFps(info),
    queueCapacity: queueCapacity(info),
  };
}

/** Returns the high-water mark of a ZeroMQ link, or undefined for a broker link, which has none. */
export function linkHwm(context: AnalysisContext, edge: CircuitEdge): number | undefined {
  if (context.links.get(edge.id)?.pattern === 'broker') return undefined;
  if (typeof edge.hwm === 'number') return edge.hwm;
  const sourceType = context.graph.nodes.get(edge.source)?.type ?? '';
  return defaultLinkHwm(isRealtimeEdge(context, edge.id), sourceType);
}

/**
 * Returns the frames that can wait on a link: the send and the receive queue, each up to the
 * high-water mark. A broker link keeps no frames of its own, because they wait in the queue node.
 */
export function linkBound(context: AnalysisContext, edge: CircuitEdge): number {
  const hwm = linkHwm(context, edge);
  return hwm === undefined ? 0 : 2 * hwm;
}
