import type { RunState } from '@circuit-studio/model';

/** One run as `GET /api/runs` lists it. */
export interface RunSummary {
  runId: string;
  /** The name of the run's circuit. */
  name: string;
  state: RunState;
  /** ISO 8601 time the run started. */
  startedAt: string;
}

/** A run that is still going, with the ids of the nodes of its circuit. */
export interface ActiveRun {
  run: RunSummary;
  nodeIds: readonly string[];
}

/**
 * Outcome of looking for active runs when a page loads or reconnects: a run of the circuit on the
 * canvas to show, runs of other circuits only, or nothing.
 */
export type ActiveRunChoice =
  | { kind: 'attach'; run: RunSummary }
  | { kind: 'other'; runs: RunSummary[] }
  | { kind: 'none' };

const RUN_STATES: readonly string[] = ['starting', 'running', 'stopping', 'stopped', 'completed', 'failed'];

/** Run states in which a page attaches to a run: its processes run and it can still be stopped. */
const ATTACHABLE_STATES: readonly RunState[] = ['starting', 'running'];

export function isAttachable(state: RunState): boolean {
  return ATTACHABLE_STATES.includes(state);
}

/** Returns true when both lists contain the same ids, in any order. */
export function sameNodeIds(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
}

/**
 * Returns the runs a page may attach to, in the order to try them: the run this browser deployed
 * last first, then the newest.
 */
export function attachableRuns(runs: readonly RunSummary[], remembered: string | undefined): RunSummary[] {
  const active = runs.filter((run) => isAttachable(run.state));
  const newestFirst = [...active].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const own = newestFirst.filter((run) => run.runId === remembered);
  return [...own, ...newestFirst.filter((run) => run.runId !== remembered)];
}

/**
 * Picks the active run to show on a canvas. A run qualifies only when its circuit has exactly the
 * canvas's node ids, because its metrics are keyed by node id. The first qualifying run wins, so
 * `candidates` should come in the order of {@link attachableRuns}.
 */
export function chooseActiveRun(candidates: readonly ActiveRun[], canvasNodeIds: readonly string[]): ActiveRunChoice {
  if (candidates.length === 0) return { kind: 'none' };
  const match = candidates.find((candidate) => sameNodeIds(candidate.nodeIds, canvasNodeIds));
  if (match) return { kind: 'attach', run: match.run };
  return { kind: 'other', runs: candidates.map((candidate) => candidate.run) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the body of `GET /api/runs`. Entries that are not run summaries are skipped, so that a field
 * added by a newer server does not break the page.
 */
export function parseRunList(body: unknown): RunSummary[] {
  if (!Array.isArray(body)) {
    throw new TypeError(`expected a JSON array of runs, found ${JSON.stringify(body)?.slice(0, 80)}`);
  }
  return body.flatMap((entry): RunSummary[] => {
    if (!isRecord(entry)) return [];
    const { runId, name, state, startedAt } = entry;
    if (typeof runId !== 'string' || typeof name !== 'string' || typeof startedAt !== 'string') return [];
    if (typeof state !== 'string' || !RUN_STATES.includes(state)) return [];
    return [{ runId, name, state: state as RunState, startedAt }];
  });
}

/**
 * Reads the node ids of a run's circuit from the body of `GET /api/runs/:id`: the keys of its latest
 * metrics, or of its report once it has ended. The runtime reports every node of the circuit there.
 */
export function parseRunNodeIds(body: unknown): string[] {
  if (!isRecord(body)) {
    throw new TypeError(`expected a JSON object describing a run, found ${JSON.stringify(body)?.slice(0, 80)}`);
  }
  const totals = isRecord(body.metrics) ? body.metrics : isRecord(body.report) ? body.report : undefined;
  if (!totals || !isRecord(totals.nodes)) {
    throw new TypeError('the run has neither metrics nor a report with per-node totals');
  }
  return Object.keys(totals.nodes);
}
