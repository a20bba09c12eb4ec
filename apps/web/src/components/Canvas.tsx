import type { Position as CanvasPosition } from '@circuit-studio/model';
import {
  Background,
  BackgroundVariant,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  type OnDelete,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, type MouseEvent, useCallback, useMemo, useRef, useState } from 'react';
import type { AnalysisResult } from '../analysis/useAnalysis.js';
import { connectionProblem } from '../circuit/edits.js';
import {
  type CircuitFlowEdge,
  type CircuitFlowNode,
  markProblems,
  NEW_NODE_OFFSET,
  NODE_TYPE_MIME,
  type Size,
  toFlowEdges,
  toFlowNodes,
} from '../flow/flow-elements.js';
import { CLASS_COLORS } from '../flow/theme.js';
import { useDeployChanges } from '../hooks/useDeployChanges.js';
import { circuitStore, runStore, useCircuit } from '../store/app-state.js';
import type { Selection } from '../store/circuit-store.js';
import { CircuitEdgeView } from './CircuitEdgeView.js';
import { CircuitNodeView } from './CircuitNodeView.js';
import { Legend } from './Legend.js';

const NODE_TYPES = { circuit: CircuitNodeView };
const EDGE_TYPES = { circuit: CircuitEdgeView };
const DELETE_KEYS = ['Delete', 'Backspace'];

function applySelection(current: string[], changes: { id: string; selected: boolean }[]): string[] {
  const selected = new Set(current);
  for (const change of changes) {
    if (change.selected) selected.add(change.id);
    else selected.delete(change.id);
  }
  return [...selected];
}

/**
 * Returns true when a click adds to or takes from the selection instead of replacing it. React Flow's
 * default multi-selection key is Meta on macOS and Control elsewhere.
 */
function extendsSelection(event: MouseEvent): boolean {
  return event.ctrlKey || event.metaKey;
}

/**
 * Makes a plain click select only the clicked element. React Flow leaves a selection alone when the
 * clicked element is already part of it, so a selection made elsewhere, such as by clicking a finding,
 * would otherwise stay.
 */
function selectOnly(event: MouseEvent, selection: Selection): void {
  if (extendsSelection(event)) return;
  circuitStore.getState().setSelection(selection);
}

function isValidConnection(connection: Connection | Edge): boolean {
  return connectionProblem(circuitStore.getState().circuit, connection.source, connection.target) === undefined;
}

interface CanvasProps {
  analysis: AnalysisResult;
  /** Nodes whose config has invalid values. */
  invalidNodes: ReadonlySet<string>;
}

/**
 * Shows the circuit on the React Flow canvas. Nodes and edges are rebuilt from the circuit document
 * on each change, and every user action on the canvas becomes an edit of that document.
 */
export function Canvas({ analysis, invalidNodes }: CanvasProps) {
  const circuit = useCircuit((state) => state.circuit);
  const selection = useCircuit((state) => state.selection);
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(new Map());
  const dragging = useRef(false);
  const { screenToFlowPosition } = useReactFlow();
  const { changes: deployChanges } = useDeployChanges();

  const marks = useMemo(() => markProblems(analysis, invalidNodes), [analysis, invalidNodes]);
  const nodes = useMemo(
    () => toFlowNodes(circuit, new Set(selection.nodes), measured, analysis, marks, deployChanges),
    [circuit, selection.nodes, measured, analysis, marks, deployChanges],
  );
  const edges = useMemo(
    () => toFlowEdges(circuit, new Set(selection.edges), analysis, marks, deployChanges),
    [circuit, selection.edges, analysis, marks, deployChanges],
  );

  const onNodesChange = useCallback((changes: NodeChange<CircuitFlowNode>[]) => {
    const store = circuitStore.getState();
    const moves = new Map<string, CanvasPosition>();
    const sizes = new Map<string, Size>();
    const selectionChanges: { id: string; selected: boolean }[] = [];
    let draggingNow = dragging.current;
    for (const change of changes) {
      if (change.type === 'position' && change.position) {
        moves.set(change.id, change.position);
        draggingNow ||= change.dragging === true;
      } else if (change.type === 'dimensions' && change.dimensions) {
        sizes.set(change.id, change.dimensions);
      } else if (change.type === 'select') {
        selectionChanges.push(change);
      }
      // Removals arrive together with edge removals through onDelete, as one undo step.
    }
    if (moves.size > 0) {
      if (draggingNow) store.dragNodes(moves);
      else store.moveNodes(moves);
    }
    if (selectionChanges.length > 0) {
      store.setSelection({ ...store.selection, nodes: applySelection(store.selection.nodes, selectionChanges) });
    }
    if (sizes.size > 0) {
      setMeasured((previous) => {
        const changed = [...sizes].filter(([id, size]) => {
          const old = previous.get(id);
          return old?.width !== size.width || old?.height !== size.height;
        });
        return changed.length === 0 ? previous : new Map([...previous, ...changed]);
      });
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<CircuitFlowEdge>[]) => {
    const store = circuitStore.getState();
    const selectionChanges = changes.filter((change) => change.type === 'select');
    if (selectionChanges.length > 0) {
      store.setSelection({ ...store.selection, edges: applySelection(store.selection.edges, selectionChanges) });
    }
  }, []);

  const onDelete: OnDelete<CircuitFlowNode, CircuitFlowEdge> = useCallback(({ nodes: removed, edges: cut }) => {
    circuitStore.getState().deleteElements(
      removed.map((node) => node.id),
      cut.map((edge) => edge.id),
    );
  }, []);

  const onNodeClick = useCallback((event: MouseEvent, node: CircuitFlowNode) => {
    selectOnly(event, { nodes: [node.id], edges: [] });
  }, []);
  const onEdgeClick = useCallback((event: MouseEvent, edge: CircuitFlowEdge) => {
    selectOnly(event, { nodes: [], edges: [edge.id] });
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    const result = circuitStore.getState().connect(connection.source, connection.target);
    if (!result.ok)
      runStore.getState().log('warning', `cannot link ${connection.source} to ${connection.target}: ${result.message}`);
  }, []);

  const startDrag = useCallback(() => {
    dragging.current = true;
  }, []);
  const endDrag = useCallback(() => {
    dragging.current = false;
    circuitStore.getState().endDrag();
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_TYPE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_TYPE_MIME);
      if (!type) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      circuitStore.getState().addNode(type, { x: point.x - NEW_NODE_OFFSET.x, y: point.y - NEW_NODE_OFFSET.y });
    },
    [screenToFlowPosition],
  );

  return (
    <div className="cs-canvas" data-testid="canvas">
      <ReactFlow<CircuitFlowNode, CircuitFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onNodeClick={onNodeClick}
        onEdgeClick={onEdgeClick}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeDragStart={startDrag}
        onNodeDragStop={endDrag}
        onSelectionDragStart={startDrag}
        onSelectionDragStop={endDrag}
        deleteKeyCode={DELETE_KEYS}
        colorMode="dark"
        fitView
        fitViewOptions={{ padding: 0.3, maxZoom: 1.2 }}
        minZoom={0.2}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        <Controls showInteractive={false} />
        <MiniMap
          style={{ width: 160, height: 110 }}
          pannable
          zoomable
          nodeColor={(node) => CLASS_COLORS[(node as CircuitFlowNode).data.pathClass ?? 'capacity']}
          maskColor="rgba(10, 12, 16, 0.7)"
        />
        <Legend circuitClass={analysis.circuitClass} />
      </ReactFlow>
    </div>
  );
}
