import type { Circuit } from '@circuit-studio/model';

function highestSuffix(ids: Iterable<string>, prefix: string): number {
  let highest = 0;
  for (const id of ids) {
    if (!id.startsWith(prefix)) continue;
    const suffix = id.slice(prefix.length);
    if (/^\d+$/.test(suffix)) {
      highest = Math.max(highest, Number(suffix));
    }
  }
  return highest;
}

/**
 * Returns a readable id for a new node of `type`, such as `module-3`. The number is one above the
 * highest in use, so an id freed by a delete is not handed to a different node, whose live metrics
 * would otherwise mix with the old node's.
 */
export function nextNodeId(circuit: Circuit, type: string): string {
  const prefix = `${type}-`;
  return `${prefix}${
    highestSuffix(
      circuit.nodes.map((node) => node.id),
      prefix,
    ) + 1
  }`;
}

/** Returns an id for a new edge, `e1`, `e2` and so on. */
export function nextEdgeId(circuit: Circuit): string {
  return `e${
    highestSuffix(
      circuit.edges.map((edge) => edge.id),
      'e',
    ) + 1
  }`;
}
