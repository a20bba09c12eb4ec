import { describe, expect, it } from 'vitest';
import { circuit, edge, node } from './fixtures.js';
import { buildGraph, findCycles, orderGraph } from './graph.js';

describe('buildGraph', () => {
  it('leaves out edges to missing nodes', () => {
    const graph = buildGraph(
      circuit([node('a', 'module'), node('b', 'module')], [edge('e1', 'a', 'b'), edge('e2', 'a', 'ghost')]),
    );

    expect([...graph.edges.keys()]).toEqual(['e1']);
    expect(graph.outgoing.get('a')?.map((item) => item.id)).toEqual(['e1']);
    expect(graph.incoming.get('b')?.map((item) => item.id)).toEqual(['e1']);
  });
});

describe('orderGraph', () => {
  it('puts every node after its predecessors', () => {
    const graph = buildGraph(
      circuit(
        [node('sink', 'null-sink'), node('b', 'module'), node('a', 'module'), node('src', 'synthetic-source')],
        [edge('e1', 'src', 'a'), edge('e2', 'a', 'b'), edge('e3', 'b', 'sink'), edge('e4', 'src', 'b')],
      ),
    );

    const { order, backEdges } = orderGraph(graph);

    expect(backEdges.size).toBe(0);
    for (const item of graph.edges.values()) {
      expect(order.indexOf(item.source)).toBeLessThan(order.indexOf(item.target));
    }
  });

  it('marks the edge that closes a cycle', () => {
    const graph = buildGraph(
      circuit([node('a', 'module'), node('b', 'module')], [edge('e1', 'a', 'b'), edge('e2', 'b', 'a')]),
    );

    const { order, backEdges } = orderGraph(graph);

    expect(order).toEqual(['a', 'b']);
    expect([...backEdges]).toEqual(['e2']);
  });
});

describe('findCycles', () => {
  it('returns each loop once and self loops', () => {
    const graph = buildGraph(
      circuit(
        [node('a', 'module'), node('b', 'module'), node('c', 'module'), node('d', 'module'), node('e', 'module')],
        [edge('e1', 'a', 'b'), edge('e2', 'b', 'c'), edge('e3', 'c', 'a'), edge('e4', 'c', 'd'), edge('e5', 'e', 'e')],
      ),
    );

    const cycles = findCycles(graph).map((members) => [...members].sort());

    expect(cycles).toHaveLength(2);
    expect(cycles).toContainEqual(['a', 'b', 'c']);
    expect(cycles).toContainEqual(['e']);
  });

  it('finds none in a chain', () => {
    const graph = buildGraph(circuit([node('a', 'module'), node('b', 'module')], [edge('e1', 'a', 'b')]));

    expect(findCycles(graph)).toEqual([]);
  });
});
