import {
  type Circuit,
  type CircuitEdge,
  type CircuitNode,
  getNodeType,
  nodeTraits,
  type Position,
} from '@circuit-studio/model';
import type { QuickFix } from './types.js';

export type QuickFixErrorCode = 'QUICK_FIX_UNKNOWN_NODE' | 'QUICK_FIX_UNKNOWN_EDGE' | 'QUICK_FIX_UNKNOWN_TYPE';

/** Raised when a quick fix names a node, edge or node type that the circuit or the catalog lacks. */
export class QuickFixError extends Error {
  readonly code: QuickFixErrorCode;

  constructor(code: QuickFixErrorCode, message: string) {
    super(message);
    this.name = 'QuickFixError';
    this.code = code;
  }
}

/** Fields of a ZeroMQ link that mean nothing on a broker link or on a freshly split edge. */
const WIRING_FIELDS = ['endpoint', 'sourceSocket', 'targetSocket', 'bind'] as const;

/** Minimum distance in px between an inserted node and any other, so that it does not hide one. */
const CLEARANCE = 40;
/** Vertical step in px when looking for a free spot, and the maximum number of steps. */
const NUDGE_STEP = 80;
const NUDGE_TRIES = 50;

/** Copies a record with `changes` applied, where a `null` value removes the key. */
function applyChanges<T extends Record<string, unknown>>(target: T, changes: Record<string, unknown>): T {
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete result[key];
    else result[key] = value;
  }
  return result as T;
}

function findNode(circuit: Circuit, id: string): CircuitNode {
  const node = circuit.nodes.find((candidate) => candidate.id === id);
  if (!node)
    throw new QuickFixError(
      'QUICK_FIX_UNKNOWN_NODE',
      `node "${id}" not found in this circuit; analyse the circuit again for a current quick fix`,
    );
  return node;
}

function findEdge(circuit: Circuit, id: string): CircuitEdge {
  const edge = circuit.edges.find((candidate) => candidate.id === id);
  if (!edge)
    throw new QuickFixError(
      'QUICK_FIX_UNKNOWN_EDGE',
      `edge "${id}" not found in this circuit; analyse the circuit again for a current quick fix`,
    );
  return edge;
}

function requireType(type: string): void {
  if (!getNodeType(type)) {
    throw new QuickFixError('QUICK_FIX_UNKNOWN_TYPE', `unknown node type "${type}"; expected a type from the catalog`);
  }
}

function isBroker(node: Pick<CircuitNode, 'type' | 'config'> | undefined): boolean {
  return node !== undefined && nodeTraits(node)?.broker === true;
}

/** Returns `base-N` with the smallest N from 1 that is not in `usedIds`. */
function uniqueId(base: string, usedIds: Set<string>): string {
  // Among usedIds.size + 1 candidates at least one is free.
  for (let index = 1; index <= usedIds.size + 1; index += 1) {
    const id = `${base}-${index}`;
    if (!usedIds.has(id)) return id;
  }
  throw new Error(`no free id for ${base} among ${usedIds.size + 1} candidates`);
}

/**
 * Returns the midpoint of two positions, moved down in steps until no node is within the clearance.
 * A missing position, as in a document still being edited, counts as the origin.
 */
function freePosition(a: Position | undefined, b: Position | undefined, nodes: CircuitNode[]): Position {
  const from = a ?? { x: 0, y: 0 };
  const to = b ?? from;
  const position = { x: Math.round((from.x + to.x) / 2), y: Math.round((from.y + to.y) / 2) };
  for (let tries = 0; tries < NUDGE_TRIES; tries += 1) {
    const crowded = nodes.some(
      (node) =>
        node.position !== undefined &&
        Math.abs(node.position.x - position.x) < CLEARANCE &&
        Math.abs(node.position.y - position.y) < CLEARANCE,
    );
    if (!crowded) break;
    position.y += NUDGE_STEP;
  }
  return position;
}

/**
 * Sets the pattern of an edge from the kinds of its ends: `broker` when either end is a broker,
 * with the ZeroMQ wiring removed, and no `broker` pattern when neither is.
 */
function fitPattern(edge: CircuitEdge, brokerEnd: boolean): CircuitEdge {
  if (brokerEnd) {
    const changes: Record<string, unknown> = { pattern: 'broker', hwm: null };
    for (const key of WIRING_FIELDS) changes[key] = null;
    return applyChanges(edge, changes);
  }
  return edge.pattern === 'broker' ? applyChanges(edge, { pattern: null }) : edge;
}

function insertNode(circuit: Circuit, fix: Extract<QuickFix, { kind: 'insert-node' }>): Circuit {
  requireType(fix.nodeType);
  const edge = findEdge(circuit, fix.edge);
  const source = findNode(circuit, edge.source);
  const target = findNode(circuit, edge.target);
  const id = uniqueId(fix.nodeType, new Set(circuit.nodes.map((node) => node.id)));
  const node: CircuitNode = {
    id,
    type: fix.nodeType,
    position: freePosition(source.position, target.position, circuit.nodes),
    config: { ...fix.config },
  };
  const inserted = isBroker(node);
  const unwired = applyChanges(edge, Object.fromEntries(WIRING_FIELDS.map((key) => [key, null])));
  const first = fitPattern({ ...unwired, target: id }, inserted || isBroker(source));
  const second = fitPattern(
    { ...unwired, id: uniqueId(edge.id, new Set(circuit.edges.map((item) => item.id))), source: id },
    inserted || isBroker(target),
  );
  const edges = circuit.edges.flatMap((item) => (item.id === edge.id ? [first, second] : [item]));
  return { ...circuit, nodes: [...circuit.nodes, node], edges };
}

function replaceNode(circuit: Circuit, fix: Extract<QuickFix, { kind: 'replace-node' }>): Circuit {
  requireType(fix.nodeType);
  const old = findNode(circuit, fix.node);
  const node: CircuitNode = { ...old, type: fix.nodeType, config: { ...fix.config } };
  const nodes = circuit.nodes.map((item) => (item.id === old.id ? node : item));
  const byId = new Map(nodes.map((item) => [item.id, item]));
  const edges = circuit.edges.map((edge) => {
    if (edge.source !== old.id && edge.target !== old.id) return edge;
    return fitPattern(edge, isBroker(byId.get(edge.source)) || isBroker(byId.get(edge.target)));
  });
  return { ...circuit, nodes, edges };
}

/**
 * Applies a quick fix and returns a new circuit. The input and everything in it stay unchanged, so
 * the caller can undo by keeping the old circuit. New nodes and edges get ids that no other node or
 * edge uses. An inserted node sits between the two ends of the edge it splits.
 * @throws QuickFixError when the fix names a node, edge or node type that does not exist.
 */
export function applyQuickFix(circuit: Circuit, fix: QuickFix): Circuit {
  switch (fix.kind) {
    case 'set-edge': {
      findEdge(circuit, fix.edge);
      const edges = circuit.edges.map((edge) => (edge.id === fix.edge ? applyChanges(edge, fix.changes) : edge));
      return { ...circuit, edges };
    }
    case 'set-node-config': {
      findNode(circuit, fix.node);
      const nodes = circuit.nodes.map((node) =>
        node.id === fix.node ? { ...node, config: applyChanges(node.config, fix.changes) } : node,
      );
      return { ...circuit, nodes };
    }
    case 'insert-node':
      return insertNode(circuit, fix);
    case 'replace-node':
      return replaceNode(circuit, fix);
    default: {
      const unknown: never = fix;
      throw new Error(`unknown quick fix kind ${JSON.stringify((unknown as { kind: unknown }).kind)}`);
    }
  }
}
