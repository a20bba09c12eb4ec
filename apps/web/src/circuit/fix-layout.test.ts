import { applyQuickFix } from '@circuit-studio/analysis';
import type { Circuit, Position } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';
import { exampleCircuit } from './example.js';
import { makeRoomForNewNodes, NODE_SIZE } from './fix-layout.js';

function positionOf(circuit: Circuit, id: string): Position {
  const position = circuit.nodes.find((node) => node.id === id)?.position;
  if (!position) throw new Error(`node ${id} has no position`);
  return position;
}

/** Returns the pairs of nodes whose boxes of NODE_SIZE overlap. */
function overlappingPairs(circuit: Circuit): string[] {
  const pairs: string[] = [];
  circuit.nodes.forEach((a, index) => {
    for (const b of circuit.nodes.slice(index + 1)) {
      const dx = Math.abs(positionOf(circuit, a.id).x - positionOf(circuit, b.id).x);
      const dy = Math.abs(positionOf(circuit, a.id).y - positionOf(circuit, b.id).y);
      if (dx < NODE_SIZE.width && dy < NODE_SIZE.height) pairs.push(`${a.id}/${b.id}`);
    }
  });
  return pairs;
}

/** Builds the example circuit with an unlinked sink below the others, downstream of no link. */
function longerCircuit(): Circuit {
  const circuit = exampleCircuit();
  circuit.nodes.push({ id: 'side', type: 'null-sink', position: { x: 600, y: 400 }, config: {} });
  return circuit;
}

describe('makeRoomForNewNodes', () => {
  it('moves an inserted queue off its neighbours', () => {
    const before = exampleCircuit();
    const inserted = applyQuickFix(before, { kind: 'insert-node', edge: 'e2', nodeType: 'memory-buffer' });
    expect(overlappingPairs(inserted)).not.toEqual([]);

    const laidOut = makeRoomForNewNodes(before, inserted);

    expect(overlappingPairs(laidOut)).toEqual([]);
    expect(positionOf(laidOut, 'null-sink-1')).toEqual({ x: 600 + NODE_SIZE.width + 40, y: 80 });
    expect(positionOf(laidOut, 'memory-buffer-1').y).toBe(80);
    expect(positionOf(laidOut, 'module-1')).toEqual({ x: 300, y: 80 });
    expect(positionOf(laidOut, 'synthetic-source-1')).toEqual({ x: 0, y: 80 });
  });

  it('shifts every node downstream of the inserted one', () => {
    const before = exampleCircuit();
    const inserted = applyQuickFix(before, { kind: 'insert-node', edge: 'e1', nodeType: 'memory-buffer' });

    const laidOut = makeRoomForNewNodes(before, inserted);

    const shift = NODE_SIZE.width + 40;
    expect(positionOf(laidOut, 'module-1').x).toBe(300 + shift);
    expect(positionOf(laidOut, 'null-sink-1').x).toBe(600 + shift);
    expect(overlappingPairs(laidOut)).toEqual([]);
  });

  it('leaves nodes that are not downstream in place', () => {
    const before = longerCircuit();
    const inserted = applyQuickFix(before, { kind: 'insert-node', edge: 'e2', nodeType: 'memory-buffer' });

    const laidOut = makeRoomForNewNodes(before, inserted);

    expect(positionOf(laidOut, 'side')).toEqual({ x: 600, y: 400 });
  });

  it('changes nothing when the inserted node has room', () => {
    const before = exampleCircuit();
    before.nodes = before.nodes.map((node) =>
      node.id === 'null-sink-1' ? { ...node, position: { x: 1000, y: 80 } } : node,
    );
    const inserted = applyQuickFix(before, { kind: 'insert-node', edge: 'e2', nodeType: 'memory-buffer' });

    expect(makeRoomForNewNodes(before, inserted)).toBe(inserted);
  });

  it('changes nothing for an edit that adds no node', () => {
    const before = exampleCircuit();
    const edited = applyQuickFix(before, { kind: 'set-edge', edge: 'e1', changes: { pattern: 'pub-sub' } });

    expect(makeRoomForNewNodes(before, edited)).toBe(edited);
  });
});
