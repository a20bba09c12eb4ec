import type { Circuit, CircuitEdge, CircuitNode } from '@circuit-studio/model';

/** Adjacency of a circuit, built once per analysis so that every rule walks the same lists. */
export interface CircuitGraph {
  circuit: Circuit;
  nodes: Map<string, CircuitNode>;
  edges: Map<string, CircuitEdge>;
  outgoing: Map<string, CircuitEdge[]>;
  incoming: Map<string, CircuitEdge[]>;
}

/** Builds the adjacency lists of a circuit. Edges that name a missing node are left out. */
export function buildGraph(circuit: Circuit): CircuitGraph {
  const nodes = new Map(circuit.nodes.map((node) => [node.id, node]));
  const edges = new Map<string, CircuitEdge>();
  const outgoing = new Map<string, CircuitEdge[]>();
  const incoming = new Map<string, CircuitEdge[]>();
  for (const node of circuit.nodes) {
    outgoing.set(node.id, []);
    incoming.set(node.id, []);
  }
  for (const edge of circuit.edges) {
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) continue;
    edges.set(edge.id, edge);
    outgoing.get(edge.source)?.push(edge);
    incoming.get(edge.target)?.push(edge);
  }
  return { circuit, nodes, edges, outgoing, incoming };
}
