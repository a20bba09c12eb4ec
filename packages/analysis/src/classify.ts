import { type Circuit, type CircuitNode, nodeTraits, resolveConfig } from '@circuit-studio/model';
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

/**
 * Returns true for a node that decouples what lies behind it from a live path: a broker queue, or a
 * memory buffer that drops on overflow. A stall behind it costs drops or backlog there, never a
 * stalled live source.
 */
export function isDecoupler(node: CircuitNode): boolean {
  const traits = nodeTraits(node);
  if (traits?.role !== 'queue') return false;
  if (traits.broker) return true;
  return resolveConfig(node).overflow !== 'block';
}

function walk(
  graph: CircuitGraph,
  starts: CircuitNode[],
  direction: 'forward' | 'backward',
  nodes: Set<string>,
  edges: Set<string>,
): void {
  const stack = starts.map((node) => node.id);
  const seen = new Set(stack);
  while (stack.length > 0) {
    const id = stack.pop() as string;
    nodes.add(id);
    const node = graph.nodes.get(id);
    if (node && isDecoupler(node) && !starts.includes(node)) continue;
    const next = direction === 'forward' ? graph.outgoing.get(id) : graph.incoming.get(id);
    for (const edge of next ?? []) {
      edges.add(edge.id);
      const other = direction === 'forward' ? edge.target : edge.source;
      if (!seen.has(other)) {
        seen.add(other);
        stack.push(other);
      }
    }
  }
}

/**
 * Marks every node and edge real-time or capacity. A node or edge is real-time when it lies on a
 * path from a live source or to a live sink; the walk stops at a decoupling queue or buffer, which
 * is itself on the real-time path but shields what lies beyond it.
 */
export function classifyGraph(graph: CircuitGraph): Classification {
  const realtimeNodes = new Set<string>();
  const realtimeEdges = new Set<string>();
  const all = [...graph.nodes.values()];
  walk(graph, all.filter(isLiveSource), 'forward', realtimeNodes, realtimeEdges);
  walk(graph, all.filter(isLiveSink), 'backward', realtimeNodes, realtimeEdges);

  const nodes: Record<string, PathClass> = {};
  for (const id of graph.nodes.keys() as Iterable<string>) {
    nodes[id] = realtimeNodes.has(id) ? 'realtime' : 'capacity';
  }
  const edges: Record<string, PathClass> = {};
  for (const id of graph.edges.keys()) {
    edges[id] = realtimeEdges.has(id) ? 'realtime' : 'capacity';
  }
  const classes = new Set([...Object.values(nodes), ...Object.values(edges)]);
  const circuitClass: CircuitClass = classes.size === 2 ? 'mixed' : classes.has('realtime') ? 'realtime' : 'capacity';
  return { circuitClass, nodes, edges };
}

/** Classifies a circuit; see {@link classifyGraph}. */
export function classifyCircuit(circuit: Circuit): Classification {
  return classifyGraph(buildGraph(circuit));
}
