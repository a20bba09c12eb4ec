import {
  type Circuit,
  type CircuitNode,
  type NodeConfig,
  type NodeTraits,
  nodeTraits,
  resolveConfig,
} from '@circuit-studio/model';
import { buildGraph, type CircuitGraph } from './graph.js';

export type PathClass = 'capacity' | 'realtime';
export type CircuitClass = 'capacity' | 'realtime' | 'mixed';

export interface Classification {
  circuitClass: CircuitClass;
  nodes: Record<string, PathClass>;
  edges: Record<string, PathClass>;
}

/** Returns true for a node that starts a real-time path: a source that cannot wait. */
export function isLiveSource(node: CircuitNode): boolean {
  const traits = nodeTraits(node);
  return traits?.role === 'source' && traits.live;
}

/** Returns true for a node that ends a real-time path: a sink that publishes at wall-clock pace. */
export function isLiveSink(node: CircuitNode): boolean {
  const traits = nodeTraits(node);
  return traits?.role === 'sink' && traits.live;
}

/** Returns true for a decoupler, judged from its traits and its config with defaults applied; see {@link isDecoupler}. */
export function decouples(traits: NodeTraits | undefined, config: NodeConfig): boolean {
  if (traits?.role !== 'queue') return false;
  return traits.broker || config.overflow !== 'block';
}

/**
 * Returns true for a node that decouples what lies behind it from a live path: a broker queue, or a
 * memory buffer that drops on overflow. A stall behind it costs drops or backlog there, never a
 * stalled live source.
 */
export function isDecoupler(node: CircuitNode): boolean {
  const config = resolveConfig(node);
  const traits = nodeTraits({ type: node.type, config });
  return decouples(traits, config);
}

/** The nodes that start, end and cut real-time paths, found once per circuit. */
export interface NodeKinds {
  liveSources: string[];
  liveSinks: string[];
  decouplers: Set<string>;
}

/** Reads each node's traits once and sorts out the live sources, live sinks and decouplers. */
export function findNodeKinds(graph: CircuitGraph): NodeKinds {
  const kinds: NodeKinds = { liveSources: [], liveSinks: [], decouplers: new Set() };
  for (const node of graph.nodes.values()) {
    const config = resolveConfig(node);
    const traits = nodeTraits({ type: node.type, config });
    if (traits?.live && traits.role === 'source') kinds.liveSources.push(node.id);
    if (traits?.live && traits.role === 'sink') kinds.liveSinks.push(node.id);
    if (decouples(traits, config)) kinds.decouplers.add(node.id);
  }
  return kinds;
}

/** Node and edge ids reached by a walk over a circuit. */
export interface Reach {
  nodes: Set<string>;
  edges: Set<string>;
}

function walk(
  graph: CircuitGraph,
  starts: string[],
  decouplers: Set<string>,
  direction: 'forward' | 'backward',
  reach: Reach,
): void {
  const stack = [...starts];
  const seen = new Set(stack);
  while (stack.length > 0) {
    const id = stack.pop() as string;
    reach.nodes.add(id);
    // Starts are live sources and sinks, never decouplers, so a decoupler here always ends the walk.
    if (decouplers.has(id)) continue;
    const next = direction === 'forward' ? graph.outgoing.get(id) : graph.incoming.get(id);
    for (const edge of next ?? []) {
      reach.edges.add(edge.id);
      const other = direction === 'forward' ? edge.target : edge.source;
      if (!seen.has(other)) {
        seen.add(other);
        stack.push(other);
      }
    }
  }
}

/**
 * Returns the nodes and edges downstream of a live source up to the first decoupler: the part of a
 * circuit where a stalled stage stalls the live source itself, because nothing between them drops.
 */
export function findStallZone(graph: CircuitGraph, kinds: NodeKinds = findNodeKinds(graph)): Reach {
  const reach: Reach = { nodes: new Set(), edges: new Set() };
  walk(graph, kinds.liveSources, kinds.decouplers, 'forward', reach);
  return reach;
}

/**
 * Marks every node and edge real-time or capacity. A node or edge is real-time when it lies on a
 * path from a live source or to a live sink. The walk stops at a decoupling queue or buffer, which
 * is itself on the real-time path but shields what lies beyond it. A caller that has `kinds` and
 * `stallZone` already may pass them in.
 */
export function classifyGraph(
  graph: CircuitGraph,
  kinds: NodeKinds = findNodeKinds(graph),
  stallZone: Reach = findStallZone(graph, kinds),
): Classification {
  const feedsSink: Reach = { nodes: new Set(), edges: new Set() };
  walk(graph, kinds.liveSinks, kinds.decouplers, 'backward', feedsSink);

  let realtimeCount = 0;
  const nodes: Record<string, PathClass> = {};
  for (const id of graph.nodes.keys()) {
    const realtime = stallZone.nodes.has(id) || feedsSink.nodes.has(id);
    if (realtime) realtimeCount += 1;
    nodes[id] = realtime ? 'realtime' : 'capacity';
  }
  const edges: Record<string, PathClass> = {};
  for (const id of graph.edges.keys()) {
    const realtime = stallZone.edges.has(id) || feedsSink.edges.has(id);
    if (realtime) realtimeCount += 1;
    edges[id] = realtime ? 'realtime' : 'capacity';
  }
  const hasRealtime = realtimeCount > 0;
  const hasCapacity = realtimeCount < graph.nodes.size + graph.edges.size;
  let circuitClass: CircuitClass = 'capacity';
  if (hasRealtime) circuitClass = hasCapacity ? 'mixed' : 'realtime';
  return { circuitClass, nodes, edges };
}

/** Classifies a circuit; see {@link classifyGraph}. */
export function classifyCircuit(circuit: Circuit): Classification {
  return classifyGraph(buildGraph(circuit));
}
