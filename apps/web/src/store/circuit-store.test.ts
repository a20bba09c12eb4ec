import { describe, expect, it } from 'vitest';
import { exampleCircuit } from '../circuit/example.js';
import { createCircuitStore } from './circuit-store.js';
import { HISTORY_LIMIT } from './history.js';

function nodeIds(store: ReturnType<typeof createCircuitStore>): string[] {
  return store.getState().circuit.nodes.map((node) => node.id);
}

describe('circuit store', () => {
  it('adds a node, selects it and undoes the add', () => {
    const store = createCircuitStore(exampleCircuit());

    const result = store.getState().addNode('module', { x: 0, y: 0 });
    expect(result.ok).toBe(true);
    expect(nodeIds(store)).toContain('module-2');
    expect(store.getState().selection).toEqual({ nodes: ['module-2'], edges: [] });

    store.getState().undo();
    expect(nodeIds(store)).not.toContain('module-2');
    expect(store.getState().selection).toEqual({ nodes: [], edges: [] });

    store.getState().redo();
    expect(nodeIds(store)).toContain('module-2');
  });

  it('connects two nodes and undoes the link', () => {
    const store = createCircuitStore(exampleCircuit());

    store.getState().connect('synthetic-source-1', 'null-sink-1');
    expect(store.getState().circuit.edges.map((edge) => edge.id)).toEqual(['e1', 'e2', 'e3']);

    store.getState().undo();
    expect(store.getState().circuit.edges.map((edge) => edge.id)).toEqual(['e1', 'e2']);
  });

  it('records nothing for a rejected link', () => {
    const store = createCircuitStore(exampleCircuit());

    const result = store.getState().connect('null-sink-1', 'module-1');

    expect(result.ok).toBe(false);
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('deletes the selection with its edges in one undo step', () => {
    const store = createCircuitStore(exampleCircuit());
    store.getState().setSelection({ nodes: ['module-1'], edges: [] });

    store.getState().deleteSelection();
    expect(nodeIds(store)).toEqual(['synthetic-source-1', 'null-sink-1']);
    expect(store.getState().circuit.edges).toEqual([]);
    expect(store.getState().selection).toEqual({ nodes: [], edges: [] });

    store.getState().undo();
    expect(store.getState().circuit).toEqual(exampleCircuit());
  });

  it('joins keystrokes in one field into one undo step', () => {
    const store = createCircuitStore(exampleCircuit());

    for (const value of [1, 12, 125]) store.getState().setConfigValue('module-1', 'processingMs', value);
    store.getState().setConfigValue('module-1', 'jitterMs', 4);
    expect(store.getState().history.past).toHaveLength(2);

    store.getState().undo();
    expect(store.getState().circuit.nodes[1]?.config).toEqual({ processingMs: 125, jitterMs: 2, replicas: 1 });
    store.getState().undo();
    expect(store.getState().circuit.nodes[1]?.config).toEqual({ processingMs: 10, jitterMs: 2, replicas: 1 });
  });

  it('records a whole drag as one undo step when it ends', () => {
    const store = createCircuitStore(exampleCircuit());

    for (const x of [310, 320, 330]) store.getState().dragNodes(new Map([['module-1', { x, y: 80 }]]));
    expect(store.getState().history.past).toHaveLength(0);
    store.getState().endDrag();
    expect(store.getState().history.past).toHaveLength(1);

    store.getState().undo();
    expect(store.getState().circuit.nodes[1]?.position).toEqual({ x: 300, y: 80 });
  });

  it('records nothing for a drag that ends where it began', () => {
    const store = createCircuitStore(exampleCircuit());

    store.getState().endDrag();

    expect(store.getState().history.past).toHaveLength(0);
  });

  it('does not count moves as content edits', () => {
    const store = createCircuitStore(exampleCircuit());

    store.getState().moveNodes(new Map([['module-1', { x: 0, y: 0 }]]));
    expect(store.getState().contentRevision).toBe(0);
    store.getState().setNodeLabel('module-1', 'Detector');
    expect(store.getState().contentRevision).toBe(1);
  });

  it('renames a node and keeps it selected', () => {
    const store = createCircuitStore(exampleCircuit());
    store.getState().setSelection({ nodes: ['module-1'], edges: [] });

    const result = store.getState().renameNode('module-1', 'detector');

    expect(result.ok).toBe(true);
    expect(store.getState().selection.nodes).toEqual(['detector']);
    expect(store.getState().circuit.edges.map((edge) => `${edge.source}>${edge.target}`)).toEqual([
      'synthetic-source-1>detector',
      'detector>null-sink-1',
    ]);
  });

  it('replaces the document on import and undoes the import', () => {
    const store = createCircuitStore(exampleCircuit());
    const imported = { version: 1, name: 'Imported', nodes: [], edges: [], extra: true };

    store.getState().replaceCircuit(imported);
    expect(store.getState().circuit).toBe(imported);

    store.getState().undo();
    expect(store.getState().circuit).toEqual(exampleCircuit());
  });

  it('drops redo steps after a new edit', () => {
    const store = createCircuitStore(exampleCircuit());
    store.getState().setName('First');
    store.getState().undo();

    store.getState().setNodeLabel('module-1', 'x');

    expect(store.getState().history.future).toHaveLength(0);
  });

  it('keeps at most the history limit of undo steps', () => {
    const store = createCircuitStore(exampleCircuit());

    for (let index = 0; index < HISTORY_LIMIT + 5; index += 1) {
      store.getState().setNodeLabel(index % 2 === 0 ? 'module-1' : 'null-sink-1', `label ${index}`);
    }

    expect(store.getState().history.past).toHaveLength(HISTORY_LIMIT);
  });
});
