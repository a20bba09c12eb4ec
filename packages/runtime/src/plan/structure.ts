import type { Circuit } from '@circuit-studio/model';
import { nodeTraits } from '@circuit-studio/model';
import { RuntimeError } from '../errors.js';

/**
 * Rejects circuits whose shape cannot run: an edge from a node to itself, a source with inputs, a
 * sink with outputs, or a cycle, around which end-of-stream would never arrive.
 */
export function checkStructure(circuit: Circuit): void {
  const outgoing = new Map<string, string[]>(circuit.nodes.map((node) => [node.id, []]));
  for (const edge of circuit.edges) {
    if (edge.source === edge.target) {
      throw structureError(`edge ${edge.id} connects node ${edge.source} to itself; remove it`, { edgeId: edge.id });
    }
    outgoing.get(edge.source)?.push(edge.target);
  }
  for (const node of circuit.nodes) {
    const role = nodeTraits(node)?.role;
    const hasInputs = circuit.edges.some((edge) => edge.target === node.id);
    const hasOutputs = (outgoing.get(node.id)?.length ?? 0) > 0;
    if (role === 'source' && hasInputs) {
      throw structureError(`source ${node.id} has incoming edges; a source cannot receive frames`, { nodeId: node.id });
    }
    if (role === 'sink' && hasOutputs) {
      throw structureError(`sink ${node.id} has outgoing edges; a sink cannot send frames`, { nodeId: node.id });
    }
  }
  const cycle = findCycle(outgoing);
  if (cycle) {
    throw structureError(`nodes ${cycle.join(' -> ')} form a cycle; remove one of its edges`, { nodes: cycle });
  }
}

function structureError(message: string, details: Record<string, unknown>): RuntimeError {
  return new RuntimeError('RUNTIME_BAD_STRUCTURE', message, details);
}

/** Returns the nodes of one cycle, first node repeated at the end, or undefined when there is none. */
function findCycle(outgoing: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of outgoing.keys()) {
    if (state.has(start)) continue;
    // Iterative depth-first search, so a long chain of nodes cannot overflow the stack.
    const path: string[] = [];
    const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    state.set(start, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const targets = outgoing.get(top.id) ?? [];
      if (top.next >= targets.length) {
        state.set(top.id, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      const target = targets[top.next] as string;
      top.next += 1;
      if (state.get(target) === 'open') {
        return [...path.slice(path.indexOf(target)), target];
      }
      if (!state.has(target)) {
        state.set(target, 'open');
        path.push(target);
        stack.push({ id: target, next: 0 });
      }
    }
  }
  return undefined;
}
