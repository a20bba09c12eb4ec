import { type ActiveRun, attachableRuns, chooseActiveRun, type RunSummary } from '../run/active-run.js';
import { forgetRun, readRememberedRun, rememberRun } from '../run/remembered-run.js';
import { circuitStore, runStore } from '../store/app-state.js';
import { isRunActive, isRunEnded } from '../store/run-store.js';
import { fetchRunNodeIds, fetchRuns, stopRun } from './runs-api.js';

/**
 * Maximum active runs whose circuit is fetched in one check. The server allows 8 active runs by
 * default, so this covers every one unless its limit was raised.
 */
const MAX_CANDIDATES = 16;

/** Sends `subscribe` for a run; returns false when the connection is not open. */
export type Subscribe = (runId: string) => boolean;

/** Counts checks, so that the result of an older one that finishes late is dropped. */
let generation = 0;

/** Logs a failed check once until a check succeeds again, so a server that stays down is not logged each time. */
let failing = false;

function reportFailure(error: unknown): void {
  if (failing) return;
  failing = true;
  const reason = error instanceof Error ? error.message : String(error);
  runStore.getState().log('warning', `could not look for active runs on the server: ${reason}`);
}

/** Fetches the node ids of each run that may be attached to, skipping runs that ended in between. */
async function withNodeIds(runs: RunSummary[]): Promise<ActiveRun[]> {
  const candidates: ActiveRun[] = [];
  for (const run of runs.slice(0, MAX_CANDIDATES)) {
    const nodeIds = await fetchRunNodeIds(run.runId);
    if (nodeIds) candidates.push({ run, nodeIds });
  }
  return candidates;
}

/**
 * Looks for runs that are active on the server, as after a reload, in a second tab, or after the
 * connection comes back. A run of the circuit on the canvas becomes the page's current run, and its
 * metrics are subscribed to. Runs of other circuits are listed for the notice that offers to stop
 * them. When the page's own run is still active, only its presence on the server is checked.
 */
export async function discoverActiveRuns(subscribe: Subscribe): Promise<void> {
  generation += 1;
  const check = generation;
  try {
    const runs = await fetchRuns();
    if (check !== generation) return;

    const own = runStore.getState();
    if (own.runId !== undefined && isRunActive(own.phase)) {
      if (runs.some((run) => run.runId === own.runId)) {
        runStore.getState().setOtherRuns([]);
        failing = false;
        return;
      }
      runStore.getState().loseRun('the server does not list it any more; it may have restarted');
    }

    const candidates = await withNodeIds(attachableRuns(runs, readRememberedRun(window.localStorage)));
    if (check !== generation) return;

    const canvasNodeIds = circuitStore.getState().circuit.nodes.map((node) => node.id);
    const choice = chooseActiveRun(candidates, canvasNodeIds);
    failing = false;
    if (choice.kind === 'attach') {
      if (runStore.getState().attachRun(choice.run, circuitStore.getState().circuit)) subscribe(choice.run.runId);
      return;
    }
    runStore.getState().setOtherRuns(choice.kind === 'other' ? choice.runs : []);
  } catch (error) {
    reportFailure(error);
  }
}

/** Stops a run of another circuit, then looks again for active runs. */
export async function stopOtherRun(runId: string, subscribe: Subscribe): Promise<void> {
  runStore.getState().log('info', `stop sent for run ${runId} of another circuit`);
  try {
    await stopRun(runId);
    runStore.getState().log('info', `run ${runId} of another circuit stopped`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    runStore.getState().log('error', `could not stop run ${runId}: ${reason}`);
  }
  await discoverActiveRuns(subscribe);
}

/**
 * Keeps the id of the page's current run in localStorage while it is active, so that a reload or
 * another tab finds it first. Returns the function that stops tracking.
 */
export function trackRememberedRun(storage: Storage): () => void {
  return runStore.subscribe((state, previous) => {
    if (state.runId === undefined) return;
    if (state.runId !== previous.runId && isRunActive(state.phase)) {
      const problem = rememberRun(storage, state.runId);
      if (problem) runStore.getState().log('warning', `could not remember run ${state.runId}: ${problem}`);
    } else if (isRunEnded(state.phase) && !isRunEnded(previous.phase)) {
      forgetRun(storage, state.runId);
    }
  });
}
