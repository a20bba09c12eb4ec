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
  const nodes = new Map<string, CircuitNode>();
  const edges = new Map<string, CircuitEdge>();
  const outgoing = new Map<string, CircuitEdge[]>();
  const incoming = new Map<string, CircuitEdge[]>();
  for (const node of circuit.nodes) {
    nodes.set(node.id, node);
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

/** Node order for passes that push values along edges, with the edges left out to break cycles. */
export interface GraphOrder {
  /** Every node, each after all the nodes that reach it through edges not in `backEdges`. */
  order: string[];
  /** Edges that close a cycle; passes in `order` skip them. Empty for an acyclic circuit. */
  backEdges: Set<string>;
}

/** Orders the nodes by depth-first search, in reverse post-order, and collects the back edges. */
export function orderGraph(graph: CircuitGraph): GraphOrder {
  const state = new Map<string, 'open' | 'done'>();
  const postOrder: string[] = [];
  const backEdges = new Set<string>();
  for (const root of graph.nodes.keys()) {
    if (state.has(root)) continue;
    state.set(root, 'open');
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const edges = graph.outgoing.get(top.id) ?? [];
      const edge = edges[top.next];
      if (!edge) {
        state.set(top.id, 'done');
        postOrder.push(top.id);
        stack.pop();
        continue;
      }
      top.next += 1;
      const seen = state.get(edge.target);
      if (seen === 'open') {
        backEdges.add(edge.id);
      } else if (seen === undefined) {
        state.set(edge.target, 'open');
        stack.push({ id: edge.target, next: 0 });
      }
    }
  }
  return { order: postOrder.reverse(), backEdges };
}

/**
 * Returns the cycles of a circuit as groups of node ids: each strongly connected component of more
 * than one node, and each node with an edge to itself. Uses Tarjan's algorithm without recursion.
 */
export function findCycles(graph: CircuitGraph): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const componentStack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  for (const root of graph.nodes.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter);
    counter += 1;
    componentStack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const edge = (graph.outgoing.get(frame.id) ?? [])[frame.next];
      if (edge) {
        frame.next += 1;
        const target = edge.target;
        if (!index.has(target)) {
          index.set(target, counter);
          lowLink.set(target, counter);
          counter += 1;
          componentStack.push(target);
          onStack.add(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.id, Math.min(lowLink.get(frame.id) as number, index.get(target) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) {
        lowLink.set(parent.id, Math.min(lowLink.get(parent.id) as number, lowLink.get(frame.id) as number));
      }
      if (lowLink.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = componentStack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      const selfLoop = (graph.outgoing.get(frame.id) ?? []).some((candidate) => candidate.target === frame.id);
      if (component.length > 1 || selfLoop) {
        cycles.push(component.reverse());
      }
    }
  }
  return cycles;
}
