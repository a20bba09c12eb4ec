import type { NodeState } from '@circuit-studio/model';

/** Combines the states of a node's replicas: failed wins, then restarting, starting and running. */
export function combineStates(states: NodeState[]): NodeState {
  for (const state of ['failed', 'restarting', 'starting', 'running', 'stopping'] as const) {
    if (states.includes(state)) return state;
  }
  return states.every((state) => state === 'completed') ? 'completed' : (states[0] ?? 'starting');
}

/** Returns true for the states in which a process has finished its work. */
export function isSettled(state: NodeState): boolean {
  return state === 'completed' || state === 'failed';
}
