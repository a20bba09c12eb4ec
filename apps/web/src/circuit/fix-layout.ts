import type { Circuit, CircuitNode, Position } from '@circuit-studio/model';

export interface NodeSize {
  width: number;
  height: number;
}

/**
 * Size of a node on the canvas in px: the CSS width of `.cs-node`, and the height of a node with its
 * live counters row, which is the tallest it usually gets.
 */
export const NODE_SIZE: NodeSize = { width: 180, height: 80 };

/** Space in px left between an inserted node and its neighbours. */
const GAP = 40;
/** Maximum steps down when the row of an inserted node is taken by another node. */
const MAX_ROW_STEPS = 20;

function overlaps(a: Position, b: Position, size: NodeSize): boolean {
  return Math.abs(a.x - b.x) < size.width && Math.abs(a.y - b.y) < size.height;
}

function overlapsAny(position: Position, others: readonly CircuitNode[], size: NodeSize): boolean {
  return others.some((other) => other.position !== undefined && overlaps(position, other.position, size));
}

/** Returns the ids of the nodes reachable from `start` along edges, without `start` itself. */
function downstreamOf(circuit: Circuit, start: string): Set<string> {
  const reached = new Set<string>();
  const queue = [start];
  // The loop also visits the ids appended while it runs. The check on `reached` appends each node once at most.
  for (const id of queue) {
    for (const edge of circuit.edges) {
      if (edge.source !== id || edge.target === start || reached.has(edge.target)) continue;
      reached.add(edge.target);
      queue.push(edge.target);
    }
  }
  return reached;
}

/**
 * Moves one inserted node and what lies downstream of it so that it overlaps no other node, for a
 * node that has one input and one output, running left to right. Returns the circuit unchanged for
 * any other shape.
 */
function makeRoomFor(circuit: Circuit, nodeId: string, size: NodeSize): Circuit {
  const byId = new Map(circuit.nodes.map((node) => [node.id, node]));
  const inserted = byId.get(nodeId);
  const inputs = circuit.edges.filter((edge) => edge.target === nodeId);
  const outputs = circuit.edges.filter((edge) => edge.source === nodeId);
  const source = byId.get(inputs[0]?.source ?? '')?.position;
  const target = byId.get(outputs[0]?.target ?? '')?.position;
  if (!inserted?.position || inputs.length !== 1 || outputs.length !== 1 || !source || !target) return circuit;
  if (target.x < source.x) return circuit;

  const others = circuit.nodes.filter((node) => node.id !== nodeId);
  if (!overlapsAny(inserted.position, others, size)) return circuit;

  // Shifting the downstream nodes by one node width and a gap, then taking the midpoint, leaves at
  // least a node width and half a gap on either side when the two ends did not overlap before.
  const shift = size.width + GAP;
  const downstream = downstreamOf(circuit, nodeId);
  // In a cycle the source is downstream too, and no shift to the right makes room.
  if (downstream.has(inputs[0]?.source ?? '')) return circuit;
  const nodes = circuit.nodes.map((node) =>
    downstream.has(node.id) && node.position
      ? { ...node, position: { x: node.position.x + shift, y: node.position.y } }
      : node,
  );
  const position = {
    x: Math.round((source.x + target.x + shift) / 2),
    y: Math.round((source.y + target.y) / 2),
  };
  const placed = nodes.filter((node) => node.id !== nodeId);
  for (let step = 0; step < MAX_ROW_STEPS && overlapsAny(position, placed, size); step += 1) {
    position.y += size.height + GAP;
  }
  return { ...circuit, nodes: nodes.map((node) => (node.id === nodeId ? { ...node, position } : node)) };
}

/**
 * Makes room for the nodes that a quick fix added to `before`. A new node placed on top of another
 * node moves to the middle of its link, and the nodes downstream of it shift right by one node width
 * and a gap, so that the result reads left to right. The caller records the whole edit as one undo
 * step.
 */
export function makeRoomForNewNodes(before: Circuit, after: Circuit, size: NodeSize = NODE_SIZE): Circuit {
  const existing = new Set(before.nodes.map((node) => node.id));
  let circuit = after;
  for (const node of after.nodes) {
    if (!existing.has(node.id)) circuit = makeRoomFor(circuit, node.id, size);
  }
  return circuit;
}
