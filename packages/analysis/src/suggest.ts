import {
  type CircuitEdge,
  type EdgePattern,
  formatSocketSpec,
  listNodeTypes,
  type NodeTypeSpec,
  parseSocketSpec,
  resolveConfig,
  socketTypesOf,
} from '@circuit-studio/model';
import type { AnalysisContext, NodeInfo } from './context.js';
import type { QuickFix } from './types.js';

/** Hard timeout the quick fixes set on an outside-system operation: a few frames at 25 to 30 fps. */
export const SUGGESTED_TIMEOUT_MS = 200;

/** Seconds of frames a suggested buffer bound covers, so that a burst fits but stale frames do not pile up. */
const SUGGESTED_BUFFER_SECONDS = 0.2;

/** Returns true when the node type has a config field of that name. */
export function hasField(spec: NodeTypeSpec | undefined, key: string): boolean {
  return spec !== undefined && Object.hasOwn(spec.config, key);
}

// The catalog is fixed for the life of the process, so each choice is made once; null means not made yet.
let realtimeQueueChoice: NodeTypeSpec | undefined | null = null;
let persistentQueueChoice: NodeTypeSpec | undefined | null = null;

function defaultTraits(spec: NodeTypeSpec) {
  return spec.traits(resolveConfig({ type: spec.type, config: {} }));
}

/**
 * Returns the catalog's broker queue that fits a real-time path best: real-time capable, quick to
 * recover, lowest expected latency, first in palette order on a tie.
 */
export function realtimeQueueType(): NodeTypeSpec | undefined {
  if (realtimeQueueChoice !== null) return realtimeQueueChoice;
  let best: { spec: NodeTypeSpec; latency: number } | undefined;
  for (const spec of listNodeTypes()) {
    if (spec.role !== 'queue') continue;
    const traits = defaultTraits(spec);
    if (!traits.broker || !traits.realtimeCapable || traits.slowRecovery) continue;
    if (!best || traits.expectedLatencyMs < best.latency) best = { spec, latency: traits.expectedLatencyMs };
  }
  realtimeQueueChoice = best?.spec;
  return realtimeQueueChoice;
}

/** Returns the first persistent queue of the catalog, in palette order. */
export function persistentQueueType(): NodeTypeSpec | undefined {
  if (persistentQueueChoice === null) {
    persistentQueueChoice = listNodeTypes().find((spec) => spec.role === 'queue' && defaultTraits(spec).persistent);
  }
  return persistentQueueChoice;
}

/** Returns the config a queue inserted on a real-time path starts with: a hard timeout where the type has one. */
export function realtimeQueueConfig(spec: NodeTypeSpec): Record<string, unknown> {
  return hasField(spec, 'timeoutMs') ? { timeoutMs: SUGGESTED_TIMEOUT_MS } : {};
}

/** Builds the fix that splits an edge with a queue that decouples a real-time path from what lies behind. */
export function insertRealtimeQueue(edge: string): { fix: QuickFix; label: string } | undefined {
  const spec = realtimeQueueType();
  if (!spec) return undefined;
  return {
    fix: { kind: 'insert-node', edge, nodeType: spec.type, config: realtimeQueueConfig(spec) },
    label: spec.label,
  };
}

/** Returns a buffer bound of about a fifth of a second of frames at the given rate, at least 2. */
export function suggestedBufferCapacity(fps: number): number {
  if (!Number.isFinite(fps) || fps <= 0) return 2;
  return Math.max(2, Math.ceil(fps * SUGGESTED_BUFFER_SECONDS));
}

function rewriteSpec(text: string | undefined, type: string): string | null | undefined {
  if (text === undefined) return undefined;
  const parsed = parseSocketSpec(text);
  if (!parsed.ok) return null;
  return formatSocketSpec({ ...parsed.spec, type: type as typeof parsed.spec.type });
}

/** Returns true when another edge of the circuit names the same endpoint. */
function endpointShared(context: AnalysisContext, edge: CircuitEdge): boolean {
  const endpoint = context.links.get(edge.id)?.endpoint;
  return endpoint !== undefined && (context.endpointUse.get(endpoint) ?? 0) > 1;
}

/**
 * Builds the fix that switches an edge to another ZeroMQ pattern. The side that binds stays the same
 * and socket specs keep their modes and endpoint with the new socket types. An endpoint shared with
 * other edges is dropped, so that the runtime allocates a fresh one instead of two socket types
 * binding one address.
 */
export function switchPattern(context: AnalysisContext, edge: CircuitEdge, pattern: Exclude<EdgePattern, 'broker'>) {
  const link = context.links.get(edge.id);
  const changes: Record<string, unknown> = { pattern };
  if (endpointShared(context, edge)) {
    Object.assign(changes, { endpoint: null, sourceSocket: null, targetSocket: null, bind: null });
    return { kind: 'set-edge', edge: edge.id, changes } satisfies QuickFix;
  }
  const types = socketTypesOf(pattern);
  const sourceSocket = rewriteSpec(edge.sourceSocket, types.sender);
  const targetSocket = rewriteSpec(edge.targetSocket, types.receiver);
  if (sourceSocket !== undefined) changes.sourceSocket = sourceSocket;
  if (targetSocket !== undefined) changes.targetSocket = targetSocket;
  const wired = edge.endpoint !== undefined || edge.sourceSocket !== undefined || edge.targetSocket !== undefined;
  if (link && (wired || edge.bind !== undefined)) changes.bind = link.bind;
  return { kind: 'set-edge', edge: edge.id, changes } satisfies QuickFix;
}

/** Returns the name of the node's hard-timeout field, or undefined when its type has none. */
export function timeoutField(info: NodeInfo): string | undefined {
  return hasField(info.spec, 'timeoutMs') ? 'timeoutMs' : undefined;
}
