import {
  type BindSide,
  type Circuit,
  type CircuitEdge,
  type CircuitNode,
  DEFAULT_PATTERN,
  type EdgePattern,
  getNodeType,
  isBrokerEdge,
  type Position,
  parseCircuit,
} from '@circuit-studio/model';
import { nextEdgeId, nextNodeId } from './ids.js';

// Pure edits of a circuit document. Each returns a new circuit and leaves its input untouched, so
// the previous document can sit in the undo history as it is. Fields this editor does not know are
// carried over on every node and edge.

/** The edge fields the inspector edits. A key given as undefined removes that field from the edge. */
export interface EdgeFieldPatch {
  pattern?: EdgePattern | undefined;
  bind?: BindSide | undefined;
  endpoint?: string | undefined;
  hwm?: number | undefined;
  timeoutMs?: number | undefined;
  sourceSocket?: string | undefined;
  targetSocket?: string | undefined;
}

export type EditResult = { ok: true; circuit: Circuit; id: string } | { ok: false; message: string };

function withoutKey<T extends Record<string, unknown>>(record: T, key: string): T {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/** Adds a node of `type` at `position` with an empty config, so every value starts at its default. */
export function addNode(circuit: Circuit, type: string, position: Position): EditResult {
  if (!getNodeType(type)) {
    return { ok: false, message: `unknown node type "${type}"` };
  }
  const id = nextNodeId(circuit, type);
  const node: CircuitNode = {
    id,
    type,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    config: {},
  };
  return { ok: true, circuit: { ...circuit, nodes: [...circuit.nodes, node] }, id };
}

/**
 * Returns why a new edge from `source` to `target` cannot be added, or undefined when it can. Frames
 * flow out of sources and into sinks only, and a new edge may not repeat an existing source and target.
 */
export function connectionProblem(circuit: Circuit, source: string, target: string): string | undefined {
  const from = circuit.nodes.find((node) => node.id === source);
  const to = circuit.nodes.find((node) => node.id === target);
  if (!from || !to) {
    return `no node "${from ? target : source}" in this circuit`;
  }
  if (source === target) {
    return 'a node cannot feed itself';
  }
  if (getNodeType(from.type)?.role === 'sink') {
    return `${source} is a sink, so it has no output`;
  }
  if (getNodeType(to.type)?.role === 'source') {
    return `${target} is a source, so it has no input`;
  }
  if (circuit.edges.some((edge) => edge.source === source && edge.target === target)) {
    return `${source} is already linked to ${target}`;
  }
  return undefined;
}

/**
 * Links two nodes. The edge gets pattern `broker` when either end is a broker node, whose client
 * carries the link, and otherwise the default ZeroMQ pattern, dealer-router (back pressure, no loss).
 */
export function connectNodes(circuit: Circuit, source: string, target: string): EditResult {
  const problem = connectionProblem(circuit, source, target);
  if (problem) {
    return { ok: false, message: problem };
  }
  const id = nextEdgeId(circuit);
  const draft: CircuitEdge = { id, source, target };
  const pattern: EdgePattern = isBrokerEdge(circuit, draft) ? 'broker' : DEFAULT_PATTERN;
  return { ok: true, circuit: { ...circuit, edges: [...circuit.edges, { ...draft, pattern }] }, id };
}

/** Removes nodes and edges, and every edge attached to a removed node. */
export function removeElements(circuit: Circuit, nodeIds: Iterable<string>, edgeIds: Iterable<string>): Circuit {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  const keptEdges = circuit.edges.filter(
    (edge) => !edges.has(edge.id) && !nodes.has(edge.source) && !nodes.has(edge.target),
  );
  const keptNodes = circuit.nodes.filter((node) => !nodes.has(node.id));
  if (keptNodes.length === circuit.nodes.length && keptEdges.length === circuit.edges.length) {
    return circuit;
  }
  return { ...circuit, nodes: keptNodes, edges: keptEdges };
}

/** Moves nodes to new positions, rounded to whole canvas units. */
export function moveNodes(circuit: Circuit, moves: ReadonlyMap<string, Position>): Circuit {
  let changed = false;
  const nodes = circuit.nodes.map((node) => {
    const position = moves.get(node.id);
    if (!position) return node;
    const rounded = { x: Math.round(position.x), y: Math.round(position.y) };
    if (rounded.x === node.position.x && rounded.y === node.position.y) return node;
    changed = true;
    return { ...node, position: rounded };
  });
  return changed ? { ...circuit, nodes } : circuit;
}

function updateNode(circuit: Circuit, id: string, update: (node: CircuitNode) => CircuitNode): Circuit {
  const nodes = circuit.nodes.map((node) => (node.id === id ? update(node) : node));
  return { ...circuit, nodes };
}

/**
 * Sets one config value of a node; undefined removes the key so that the catalog default applies.
 * Out-of-range values are stored as given, so the inspector can show the error while the user fixes it.
 */
export function setNodeConfigValue(circuit: Circuit, id: string, key: string, value: unknown): Circuit {
  return updateNode(circuit, id, (node) => ({
    ...node,
    config: value === undefined ? withoutKey(node.config, key) : { ...node.config, [key]: value },
  }));
}

/** Sets the display label of a node, kept in the node's `label` field; an empty label removes it. */
export function setNodeLabel(circuit: Circuit, id: string, label: string): Circuit {
  return updateNode(circuit, id, (node) => (label === '' ? withoutKey(node, 'label') : { ...node, label }));
}

/**
 * Renames a node and every edge end that names it. The new id must be unused and pass the id checks
 * of an imported file (allowed characters and length), with the message `parseCircuit` gives.
 */
export function renameNode(circuit: Circuit, id: string, nextId: string): EditResult {
  const index = circuit.nodes.findIndex((node) => node.id === id);
  if (index < 0) {
    return { ok: false, message: `no node "${id}" in this circuit` };
  }
  if (nextId === id) {
    return { ok: true, circuit, id };
  }
  // parseCircuit reports a duplicate at its later occurrence, which may be the other node.
  if (circuit.nodes.some((node) => node.id === nextId)) {
    return { ok: false, message: `node id "${nextId}" is already used; ids must be unique` };
  }
  const renamed: Circuit = {
    ...updateNode(circuit, id, (node) => ({ ...node, id: nextId })),
    edges: circuit.edges.map((edge) => ({
      ...edge,
      source: edge.source === id ? nextId : edge.source,
      target: edge.target === id ? nextId : edge.target,
    })),
  };
  const parsed = parseCircuit(renamed);
  const idError = parsed.ok ? undefined : parsed.errors.find((error) => error.path === `nodes[${index}].id`);
  if (idError) {
    return { ok: false, message: idError.message };
  }
  return { ok: true, circuit: renamed, id: nextId };
}

/** Applies inspector edits to one edge; keys set to undefined are removed from the edge. */
export function updateEdgeFields(circuit: Circuit, id: string, patch: EdgeFieldPatch): Circuit {
  const edges = circuit.edges.map((edge) => {
    if (edge.id !== id) return edge;
    let next: CircuitEdge = { ...edge };
    for (const [key, value] of Object.entries(patch)) {
      next = value === undefined ? withoutKey(next, key) : { ...next, [key]: value };
    }
    return next;
  });
  return { ...circuit, edges };
}

/** Renames the circuit. */
export function setCircuitName(circuit: Circuit, name: string): Circuit {
  return name === circuit.name ? circuit : { ...circuit, name };
}
