import type { Circuit, CircuitEdge, CircuitNode } from '@circuit-studio/model';

/** Ids of the nodes and edges on the canvas whose settings differ from the circuit that was deployed. */
export interface DeployChanges {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}

export const NO_DEPLOY_CHANGES: DeployChanges = { nodes: new Set(), edges: new Set() };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Compares two JSON values. An object key whose value is undefined counts as absent, because an
 * edit that clears a field may leave the key in place.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => sameJson(a[key], b[key]));
}

/** Returns the fields of a node that its process runs with, which are all but its position and label. */
function runningPart(node: CircuitNode): Record<string, unknown> {
  const { position: _position, label: _label, ...rest } = node;
  return rest;
}

/** Returns the ids in `current` that are new, or whose `running` part differs from `deployed`. */
function changedIds<T extends { id: string }>(
  deployed: readonly T[],
  current: readonly T[],
  running: (element: T) => unknown,
): Set<string> {
  const before = new Map(deployed.map((element) => [element.id, element]));
  const changed = new Set<string>();
  for (const element of current) {
    const old = before.get(element.id);
    if (!old || !sameJson(running(old), running(element))) changed.add(element.id);
  }
  return changed;
}

/**
 * Lists the nodes and edges of the canvas that the running processes do not run as shown: those
 * whose type, config or link settings were edited since the deploy, and those added since. Moving a
 * node or changing its label changes nothing that runs, so neither counts.
 */
export function changesSinceDeploy(deployed: Circuit, current: Circuit): DeployChanges {
  if (deployed === current) return NO_DEPLOY_CHANGES;
  return {
    nodes: changedIds(deployed.nodes, current.nodes, runningPart),
    edges: changedIds(deployed.edges, current.edges, (edge: CircuitEdge) => edge),
  };
}
