import type { Circuit } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';
import {
  addNode,
  connectionProblem,
  connectNodes,
  moveNodes,
  removeElements,
  renameNode,
  setNodeConfigValue,
  setNodeLabel,
  updateEdgeFields,
} from './edits.js';
import { exampleCircuit } from './example.js';

function withBroker(): Circuit {
  const circuit = exampleCircuit();
  return {
    ...circuit,
    nodes: [...circuit.nodes, { id: 'queue', type: 'redis-list-queue', position: { x: 0, y: 0 }, config: {} }],
  };
}

describe('addNode', () => {
  it('numbers ids per type above the highest in use', () => {
    const first = addNode(exampleCircuit(), 'module', { x: 10.4, y: 20.6 });
    if (!first.ok) throw new Error(first.message);
    const second = addNode(first.circuit, 'module', { x: 0, y: 0 });
    if (!second.ok) throw new Error(second.message);

    expect(first.id).toBe('module-2');
    expect(second.id).toBe('module-3');
    expect(first.circuit.nodes.at(-1)).toEqual({
      id: 'module-2',
      type: 'module',
      position: { x: 10, y: 21 },
      config: {},
    });
  });

  it('does not reuse the id of a deleted node', () => {
    const added = addNode(exampleCircuit(), 'module', { x: 0, y: 0 });
    if (!added.ok) throw new Error(added.message);
    const trimmed = removeElements(added.circuit, ['module-1'], []);
    const again = addNode(trimmed, 'module', { x: 0, y: 0 });
    if (!again.ok) throw new Error(again.message);

    expect(again.id).toBe('module-3');
  });

  it('rejects an unknown type', () => {
    const result = addNode(exampleCircuit(), 'teleporter', { x: 0, y: 0 });

    expect(result).toEqual({ ok: false, message: 'unknown node type "teleporter"' });
  });
});

describe('connectNodes', () => {
  it('gives a link between two plain nodes the dealer-router pattern', () => {
    const result = connectNodes(exampleCircuit(), 'synthetic-source-1', 'null-sink-1');
    if (!result.ok) throw new Error(result.message);

    expect(result.id).toBe('e3');
    expect(result.circuit.edges.at(-1)).toEqual({
      id: 'e3',
      source: 'synthetic-source-1',
      target: 'null-sink-1',
      pattern: 'dealer-router',
    });
  });

  it('gives a link into a broker node the broker pattern', () => {
    const result = connectNodes(withBroker(), 'module-1', 'queue');
    if (!result.ok) throw new Error(result.message);

    expect(result.circuit.edges.at(-1)?.pattern).toBe('broker');
  });

  it('gives a link out of a broker node the broker pattern', () => {
    const result = connectNodes(withBroker(), 'queue', 'null-sink-1');
    if (!result.ok) throw new Error(result.message);

    expect(result.circuit.edges.at(-1)?.pattern).toBe('broker');
  });

  it.each([
    ['module-1', 'module-1', 'a node cannot feed itself'],
    ['null-sink-1', 'module-1', 'null-sink-1 is a sink, so it has no output'],
    ['module-1', 'synthetic-source-1', 'synthetic-source-1 is a source, so it has no input'],
    ['synthetic-source-1', 'module-1', 'synthetic-source-1 is already linked to module-1'],
    ['ghost', 'module-1', 'no node "ghost" in this circuit'],
  ])('rejects %s -> %s', (source, target, message) => {
    expect(connectionProblem(exampleCircuit(), source, target)).toBe(message);
    expect(connectNodes(exampleCircuit(), source, target)).toEqual({ ok: false, message });
  });
});

describe('removeElements', () => {
  it('removes the edges attached to a removed node', () => {
    const result = removeElements(exampleCircuit(), ['module-1'], []);

    expect(result.nodes.map((node) => node.id)).toEqual(['synthetic-source-1', 'null-sink-1']);
    expect(result.edges).toEqual([]);
  });

  it('removes only the named edge', () => {
    const result = removeElements(exampleCircuit(), [], ['e2']);

    expect(result.nodes).toHaveLength(3);
    expect(result.edges.map((edge) => edge.id)).toEqual(['e1']);
  });

  it('returns the same circuit when nothing matches', () => {
    const circuit = exampleCircuit();

    expect(removeElements(circuit, ['ghost'], ['e9'])).toBe(circuit);
  });
});

describe('moveNodes', () => {
  it('rounds positions and leaves other nodes untouched', () => {
    const circuit = exampleCircuit();
    const moved = moveNodes(circuit, new Map([['module-1', { x: 12.7, y: -3.2 }]]));

    expect(moved.nodes[1]?.position).toEqual({ x: 13, y: -3 });
    expect(moved.nodes[0]).toBe(circuit.nodes[0]);
  });

  it('returns the same circuit for a move to the same spot', () => {
    const circuit = exampleCircuit();

    expect(moveNodes(circuit, new Map([['module-1', { x: 300.2, y: 79.9 }]]))).toBe(circuit);
  });
});

describe('node edits', () => {
  it('stores out-of-range config values as given', () => {
    const result = setNodeConfigValue(exampleCircuit(), 'module-1', 'processingMs', -5);

    expect(result.nodes[1]?.config.processingMs).toBe(-5);
  });

  it('removes a config key set to undefined', () => {
    const result = setNodeConfigValue(exampleCircuit(), 'module-1', 'jitterMs', undefined);

    expect(result.nodes[1]?.config).toEqual({ processingMs: 10, replicas: 1 });
  });

  it('keeps a label in the node and removes an empty one', () => {
    const labelled = setNodeLabel(exampleCircuit(), 'module-1', 'Detector');
    const cleared = setNodeLabel(labelled, 'module-1', '');

    expect(labelled.nodes[1]?.label).toBe('Detector');
    expect(cleared.nodes[1]).not.toHaveProperty('label');
  });
});

describe('renameNode', () => {
  it('renames the node and every edge end that names it', () => {
    const result = renameNode(exampleCircuit(), 'module-1', 'detector');
    if (!result.ok) throw new Error(result.message);

    expect(result.circuit.nodes[1]?.id).toBe('detector');
    expect(result.circuit.edges[0]?.target).toBe('detector');
    expect(result.circuit.edges[1]?.source).toBe('detector');
  });

  it('rejects an id that is already used', () => {
    const result = renameNode(exampleCircuit(), 'module-1', 'null-sink-1');

    expect(result).toEqual({ ok: false, message: 'node id "null-sink-1" is already used; ids must be unique' });
  });

  it('rejects an id with a space', () => {
    const result = renameNode(exampleCircuit(), 'module-1', 'my module');

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('found "my module"');
  });
});

describe('updateEdgeFields', () => {
  it('sets fields and removes those given as undefined', () => {
    const set = updateEdgeFields(exampleCircuit(), 'e1', { pattern: 'pub-sub', hwm: 4, endpoint: 'ipc:///tmp/a.ipc' });
    const cleared = updateEdgeFields(set, 'e1', { endpoint: undefined, pattern: undefined });

    expect(set.edges[0]).toEqual({
      id: 'e1',
      source: 'synthetic-source-1',
      target: 'module-1',
      pattern: 'pub-sub',
      hwm: 4,
      endpoint: 'ipc:///tmp/a.ipc',
    });
    expect(cleared.edges[0]).toEqual({ id: 'e1', source: 'synthetic-source-1', target: 'module-1', hwm: 4 });
  });

  it('keeps fields this editor does not know', () => {
    const circuit = exampleCircuit();
    const edges = circuit.edges.map((edge) => ({ ...edge, colour: 'red' }));
    const result = updateEdgeFields({ ...circuit, edges }, 'e1', { hwm: 2 });

    expect(result.edges[0]?.colour).toBe('red');
  });
});
