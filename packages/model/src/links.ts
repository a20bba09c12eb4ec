import type { BindSide, Circuit, CircuitEdge, EdgePattern } from './circuit.js';
import { nodeTraits } from './node-types.js';
import { bindSideOf, parseSocketSpec, patternOfPair } from './socket-spec.js';

/** Pattern, bind side and endpoint of an edge after socket specs and defaults are applied. */
export interface ResolvedLink {
  pattern: EdgePattern;
  bind: BindSide;
  /** Undefined when the runtime allocates one. */
  endpoint?: string;
}

/** The pattern a new edge between two non-broker nodes gets: back pressure and no loss. */
export const DEFAULT_PATTERN: Exclude<EdgePattern, 'broker'> = 'dealer-router';

/**
 * Returns the side that binds when an edge sets none. For pub-sub it is the publisher, so that
 * subscribers may come and go. For the other patterns it is the receiver, so that several senders
 * can connect to one input.
 */
export function defaultBindSide(pattern: EdgePattern): BindSide {
  return pattern === 'pub-sub' ? 'source' : 'target';
}

/** Returns true when either end of the edge is a broker node, so the link uses the broker's client. */
export function isBrokerEdge(circuit: Circuit, edge: CircuitEdge): boolean {
  for (const id of [edge.source, edge.target]) {
    const node = circuit.nodes.find((candidate) => candidate.id === id);
    if (node && nodeTraits(node)?.broker) return true;
  }
  return false;
}

/**
 * Resolves how an edge links its two nodes. Socket specs take precedence over `pattern`, `endpoint`
 * and `bind` when they parse and pair. The analysis reports a pair that does not fit, and this
 * function then falls back to the edge's own fields.
 */
export function resolveLink(circuit: Circuit, edge: CircuitEdge): ResolvedLink {
  if (isBrokerEdge(circuit, edge)) {
    return { pattern: 'broker', bind: 'target' };
  }
  const sender = edge.sourceSocket ? parseSocketSpec(edge.sourceSocket) : undefined;
  const receiver = edge.targetSocket ? parseSocketSpec(edge.targetSocket) : undefined;
  if (sender?.ok && receiver?.ok) {
    const pattern = patternOfPair(sender.spec.type, receiver.spec.type);
    if (pattern && sender.spec.mode !== receiver.spec.mode && sender.spec.endpoint === receiver.spec.endpoint) {
      return { pattern, bind: bindSideOf(sender.spec.mode), endpoint: sender.spec.endpoint };
    }
  }
  const fallback = edge.pattern && edge.pattern !== 'broker' ? edge.pattern : DEFAULT_PATTERN;
  const patterns = ['pub-sub', 'dealer-router', 'req-rep'] as const;
  if (sender?.ok && !receiver?.ok) {
    const pattern = patterns.find((candidate) => candidate.startsWith(`${sender.spec.type}-`)) ?? fallback;
    return { pattern, bind: sender.spec.mode === 'bind' ? 'source' : 'target', endpoint: sender.spec.endpoint };
  }
  if (receiver?.ok && !sender?.ok) {
    const pattern = patterns.find((candidate) => candidate.endsWith(`-${receiver.spec.type}`)) ?? fallback;
    return { pattern, bind: receiver.spec.mode === 'bind' ? 'target' : 'source', endpoint: receiver.spec.endpoint };
  }
  return {
    pattern: fallback,
    bind: edge.bind ?? defaultBindSide(fallback),
    ...(edge.endpoint !== undefined ? { endpoint: edge.endpoint } : {}),
  };
}

/**
 * Default high-water mark of a real-time link, in frames. A few frames absorb scheduling jitter,
 * and more would only let frames age in the queue.
 */
export const REALTIME_HWM = 3;

/** Default high-water mark of a capacity link: ZeroMQ's own default for ZMQ_SNDHWM and ZMQ_RCVHWM. */
export const CAPACITY_HWM = 1000;

/**
 * Returns the high-water mark the runtime gives a link that sets no `hwm`. A link out of a memory
 * buffer stays shallow even on a capacity path, so that the backlog waits in the buffer, under its
 * own capacity and overflow rule, rather than hidden in the link.
 */
export function defaultLinkHwm(realtime: boolean, sourceType: string): number {
  if (realtime || sourceType === 'memory-buffer') return REALTIME_HWM;
  return CAPACITY_HWM;
}
