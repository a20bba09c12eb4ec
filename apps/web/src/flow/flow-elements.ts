import type { Circuit, CircuitNode, EdgePattern } from '@circuit-studio/model';
import { resolveLink } from '@circuit-studio/model';
import type { Edge, Node } from '@xyflow/react';
import type { AnalysisResult, PathClass } from '../analysis/useAnalysis.js';
import { type DeployChanges, NO_DEPLOY_CHANGES } from '../run/deploy-changes.js';
import { CLASS_COLORS } from './theme.js';

export type { PathClass };

/** The drag-and-drop data type that carries a node type from the palette to the canvas. */
export const NODE_TYPE_MIME = 'application/x-circuit-studio-node-type';

/** Offset from a drop or click point to a new node's top-left corner, so the node lands centred on it. */
export const NEW_NODE_OFFSET = { x: 90, y: 30 };
export type ProblemLevel = 'error' | 'warning';

export type CircuitNodeData = {
  node: CircuitNode;
  pathClass?: PathClass;
  /** Worst problem the analysis or the config check found on this node. */
  problem?: ProblemLevel;
  /** Whether the node was edited or added since the active run was deployed, so it runs otherwise than shown. */
  changed?: boolean;
};
export type CircuitFlowNode = Node<CircuitNodeData, 'circuit'>;

export type CircuitEdgeData = {
  pattern: EdgePattern;
  pathClass?: PathClass;
  /** Frames per second the analysis expects on this edge, when it predicts a finite rate. */
  predictedFps?: number;
  /** Share of offered frames the analysis expects this edge to drop, in percent. */
  predictedDropPercent?: number;
  problem?: ProblemLevel;
  /** Whether the edge was edited or added since the active run was deployed. */
  changed?: boolean;
};
export type CircuitFlowEdge = Edge<CircuitEdgeData, 'circuit'>;

export interface Size {
  width: number;
  height: number;
}

/** Ids of the elements that carry a problem, with the worst level for each. */
export interface ProblemMarks {
  nodes: Map<string, ProblemLevel>;
  edges: Map<string, ProblemLevel>;
}

function worse(current: ProblemLevel | undefined, next: ProblemLevel): ProblemLevel {
  return current === 'error' || next === 'error' ? 'error' : 'warning';
}

/** Collects the worst problem level of each node and edge from findings and invalid config values. */
export function markProblems(analysis: AnalysisResult, invalidNodes: Iterable<string>): ProblemMarks {
  const marks: ProblemMarks = { nodes: new Map(), edges: new Map() };
  for (const id of invalidNodes) {
    marks.nodes.set(id, 'error');
  }
  for (const finding of analysis.findings) {
    if (finding.severity === 'info') continue;
    for (const id of finding.nodes) marks.nodes.set(id, worse(marks.nodes.get(id), finding.severity));
    for (const id of finding.edges) marks.edges.set(id, worse(marks.edges.get(id), finding.severity));
  }
  return marks;
}

/**
 * Builds the React Flow nodes from the circuit document. React Flow keeps a node's measured size on
 * the node object it is given, so the sizes it reported are passed back in. Without them, every
 * rebuilt node would be hidden until measured again.
 */
export function toFlowNodes(
  circuit: Circuit,
  selected: ReadonlySet<string>,
  measured: ReadonlyMap<string, Size>,
  analysis: AnalysisResult,
  marks: ProblemMarks,
  changes: DeployChanges = NO_DEPLOY_CHANGES,
): CircuitFlowNode[] {
  return circuit.nodes.map((node) => {
    const data: CircuitNodeData = { node };
    const pathClass = analysis.nodes[node.id];
    if (pathClass) data.pathClass = pathClass;
    const problem = marks.nodes.get(node.id);
    if (problem) data.problem = problem;
    if (changes.nodes.has(node.id)) data.changed = true;
    const flowNode: CircuitFlowNode = {
      id: node.id,
      type: 'circuit',
      position: node.position,
      data,
      selected: selected.has(node.id),
    };
    const size = measured.get(node.id);
    if (size) flowNode.measured = size;
    return flowNode;
  });
}

/** Builds the React Flow edges from the circuit document, with the pattern each link resolves to. */
export function toFlowEdges(
  circuit: Circuit,
  selected: ReadonlySet<string>,
  analysis: AnalysisResult,
  marks: ProblemMarks,
  changes: DeployChanges = NO_DEPLOY_CHANGES,
): CircuitFlowEdge[] {
  return circuit.edges.map((edge) => {
    const data: CircuitEdgeData = { pattern: resolveLink(circuit, edge).pattern };
    const pathClass = analysis.edges[edge.id];
    if (pathClass) data.pathClass = pathClass;
    const prediction = analysis.predictions.edges[edge.id];
    if (prediction && Number.isFinite(prediction.servedFps)) data.predictedFps = prediction.servedFps;
    if (prediction?.dropPercent !== undefined) data.predictedDropPercent = prediction.dropPercent;
    const problem = marks.edges.get(edge.id);
    if (problem) data.problem = problem;
    if (changes.edges.has(edge.id)) data.changed = true;
    return {
      id: edge.id,
      type: 'circuit',
      source: edge.source,
      target: edge.target,
      data,
      selected: selected.has(edge.id),
      markerEnd: { type: 'arrowclosed', color: CLASS_COLORS[pathClass ?? 'capacity'], width: 18, height: 18 },
    };
  });
}
