import type { Circuit, Position } from '@circuit-studio/model';
import { createStore, type StoreApi } from 'zustand/vanilla';
import * as edits from '../circuit/edits.js';
import { emptyHistory, type History, recordEdit, redoEdit, undoEdit } from './history.js';

/** Ids of the selected nodes and edges; selection is view state and not part of the document. */
export interface Selection {
  nodes: string[];
  edges: string[];
}

export interface CircuitState {
  /** The circuit document: what export writes, deploy sends and localStorage keeps. */
  circuit: Circuit;
  history: History;
  selection: Selection;
  /** The document as it was when the drag in progress began; the whole drag is one undo step. */
  dragStart?: Circuit;
  /**
   * Counts edits to the content of the document, that is every change except moving nodes. Finished
   * run totals are cleared when it changes.
   */
  contentRevision: number;

  addNode(type: string, position: Position): edits.EditResult;
  connect(source: string, target: string): edits.EditResult;
  deleteElements(nodeIds: Iterable<string>, edgeIds: Iterable<string>): void;
  deleteSelection(): void;
  /** Moves nodes while a drag is in progress, without an undo step until {@link CircuitState.endDrag}. */
  dragNodes(moves: ReadonlyMap<string, Position>): void;
  endDrag(): void;
  /** Moves nodes in one step, as the arrow keys do. */
  moveNodes(moves: ReadonlyMap<string, Position>): void;
  setConfigValue(nodeId: string, key: string, value: unknown): void;
  setNodeLabel(nodeId: string, label: string): void;
  renameNode(nodeId: string, nextId: string): edits.EditResult;
  updateEdge(edgeId: string, patch: edits.EdgeFieldPatch): void;
  setName(name: string): void;
  /** Replaces the whole document, as an import does, and clears the selection; one undo step. */
  replaceCircuit(circuit: Circuit): void;
  /** Replaces the document with an edited copy, such as one with a quick fix applied; one undo step. */
  applyEdit(circuit: Circuit): void;
  undo(): void;
  redo(): void;
  setSelection(selection: Selection): void;
}

function pruneSelection(selection: Selection, circuit: Circuit): Selection {
  const nodeIds = new Set(circuit.nodes.map((node) => node.id));
  const edgeIds = new Set(circuit.edges.map((edge) => edge.id));
  const nodes = selection.nodes.filter((id) => nodeIds.has(id));
  const edges = selection.edges.filter((id) => edgeIds.has(id));
  if (nodes.length === selection.nodes.length && edges.length === selection.edges.length) {
    return selection;
  }
  return { nodes, edges };
}

/** Creates a store holding one circuit document with its undo history and selection. */
export function createCircuitStore(initial: Circuit): StoreApi<CircuitState> {
  return createStore<CircuitState>()((set, get) => {
    /** Replaces the document and records the previous one as an undo step. */
    function commit(next: Circuit, options: { key?: string; content?: boolean; selection?: Selection } = {}): void {
      const state = get();
      if (next === state.circuit) return;
      const content = options.content ?? true;
      set({
        circuit: next,
        history: recordEdit(state.history, state.circuit, options.key),
        selection: pruneSelection(options.selection ?? state.selection, next),
        contentRevision: content ? state.contentRevision + 1 : state.contentRevision,
      });
    }

    function travel(step: typeof undoEdit): void {
      const state = get();
      if (state.dragStart) return;
      const result = step(state.history, state.circuit);
      if (!result) return;
      set({
        circuit: result.circuit,
        history: result.history,
        selection: pruneSelection(state.selection, result.circuit),
        contentRevision: state.contentRevision + 1,
      });
    }

    return {
      circuit: initial,
      history: emptyHistory(),
      selection: { nodes: [], edges: [] },
      contentRevision: 0,

      addNode(type, position) {
        const result = edits.addNode(get().circuit, type, position);
        if (result.ok) commit(result.circuit, { selection: { nodes: [result.id], edges: [] } });
        return result;
      },
      connect(source, target) {
        const result = edits.connectNodes(get().circuit, source, target);
        if (result.ok) commit(result.circuit, { selection: { nodes: [], edges: [result.id] } });
        return result;
      },
      deleteElements(nodeIds, edgeIds) {
        commit(edits.removeElements(get().circuit, nodeIds, edgeIds));
      },
      deleteSelection() {
        const { selection } = get();
        get().deleteElements(selection.nodes, selection.edges);
      },
      dragNodes(moves) {
        const state = get();
        const next = edits.moveNodes(state.circuit, moves);
        if (next !== state.circuit) set({ circuit: next, dragStart: state.dragStart ?? state.circuit });
      },
      endDrag() {
        const { dragStart, circuit, history } = get();
        if (!dragStart) return;
        set(
          dragStart === circuit
            ? { dragStart: undefined }
            : { dragStart: undefined, history: recordEdit(history, dragStart) },
        );
      },
      moveNodes(moves) {
        const ids = [...moves.keys()].sort().join(',');
        commit(edits.moveNodes(get().circuit, moves), { key: `move:${ids}`, content: false });
      },
      setConfigValue(nodeId, key, value) {
        commit(edits.setNodeConfigValue(get().circuit, nodeId, key, value), { key: `config:${nodeId}:${key}` });
      },
      setNodeLabel(nodeId, label) {
        commit(edits.setNodeLabel(get().circuit, nodeId, label), { key: `label:${nodeId}` });
      },
      renameNode(nodeId, nextId) {
        const result = edits.renameNode(get().circuit, nodeId, nextId);
        if (result.ok) {
          const { selection } = get();
          const nodes = selection.nodes.map((id) => (id === nodeId ? nextId : id));
          commit(result.circuit, { key: `rename:${nextId}`, selection: { ...selection, nodes } });
        }
        return result;
      },
      updateEdge(edgeId, patch) {
        const fields = Object.keys(patch).sort().join(',');
        commit(edits.updateEdgeFields(get().circuit, edgeId, patch), { key: `edge:${edgeId}:${fields}` });
      },
      setName(name) {
        commit(edits.setCircuitName(get().circuit, name), { key: 'name' });
      },
      replaceCircuit(circuit) {
        commit(circuit, { selection: { nodes: [], edges: [] } });
      },
      applyEdit(circuit) {
        commit(circuit);
      },
      undo() {
        travel(undoEdit);
      },
      redo() {
        travel(redoEdit);
      },
      setSelection(selection) {
        set({ selection: pruneSelection(selection, get().circuit) });
      },
    };
  });
}
