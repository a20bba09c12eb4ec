import type { Circuit, FindingMessage, NodeState, RunState, ServerMessage } from '@circuit-studio/model';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunSummary } from '../run/active-run.js';
import {
  expireFaults,
  type FaultState,
  NO_FAULTS,
  recordClear,
  recordInject,
  recordNotSent,
  recordServerError,
} from '../run/fault-state.js';
import { describeRequest, type FaultRequest, type FaultTarget, targetLabel } from '../run/faults.js';
import { type LiveTotals, mergeMetrics, setNodeState, settleTotals } from '../run/metrics.js';
import type { UnrunnableNode } from '../run/runnable.js';

/** Phase of the current run: `idle` before any deploy, and `deploying` until the server replies to it. */
export type RunPhase = 'idle' | 'deploying' | RunState;

const RUN_STATES: readonly string[] = ['starting', 'running', 'stopping', 'stopped', 'completed', 'failed'];
/** Run states after which no process runs, so no fault is in force. */
const ENDED_RUN_STATES: readonly string[] = ['stopped', 'completed', 'failed'];
const NODE_STATES: readonly string[] = [
  'starting',
  'running',
  'restarting',
  'stopping',
  'stopped',
  'completed',
  'failed',
];

/** Returns true while a run is being deployed or is running, so its totals are still changing. */
export function isRunActive(phase: RunPhase): boolean {
  return phase === 'deploying' || phase === 'starting' || phase === 'running' || phase === 'stopping';
}

/** Returns true once the run has ended, so its totals are final. */
export function isRunEnded(phase: RunPhase): boolean {
  return ENDED_RUN_STATES.includes(phase);
}

export interface RunEvent {
  /** Sequence number, unique within the page. */
  id: number;
  /** Milliseconds since the epoch, taken when the event arrived. */
  at: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

/** The server's reply to a deploy it did not start: schema errors, analysis findings or both. */
export interface Rejection {
  errors: { path: string; message: string }[];
  findings: FindingMessage[];
}

export interface RunSnapshot {
  runId?: string;
  phase: RunPhase;
  totals: LiveTotals;
  rejection?: Rejection;
  /** Why the last deploy failed without a rejection: a server error, or no reply. */
  deployFailure?: string;
  /** Nodes of types the runtime cannot start, found when a deploy was requested; nothing was sent. */
  unrunnable?: UnrunnableNode[];
  /** Active runs on the server whose circuit is not the one on the canvas, newest first. */
  otherRuns: RunSummary[];
  /** Newest last, at most {@link EVENT_LIMIT}. */
  events: RunEvent[];
  faults: FaultState;
  /**
   * The circuit the current run was deployed with, so the canvas can mark what was edited since. For
   * a run the page attached to, it is the circuit on the canvas at that moment.
   */
  deployedCircuit?: Circuit;
}

/** Maximum entries kept in the event log; older ones are dropped first. */
export const EVENT_LIMIT = 200;

const NO_TOTALS: LiveTotals = { nodes: {}, edges: {} };

export function initialRun(): RunSnapshot {
  return { phase: 'idle', totals: NO_TOTALS, events: [], faults: NO_FAULTS, otherRuns: [] };
}

/** Appends an event to the log, dropping the oldest beyond the limit. */
export function appendEvent(run: RunSnapshot, level: RunEvent['level'], text: string, at: number): RunSnapshot {
  const id = (run.events.at(-1)?.id ?? 0) + 1;
  return { ...run, events: [...run.events, { id, at, level, text }].slice(-EVENT_LIMIT) };
}

function applyStatus(run: RunSnapshot, message: Extract<ServerMessage, { type: 'status' }>, now: number): RunSnapshot {
  const subject = message.nodeId ?? 'run';
  const text = `${subject}: ${message.state}${message.message ? `, ${message.message}` : ''}`;
  let level: RunEvent['level'] = 'info';
  if (message.state === 'failed') level = 'error';
  if (message.state === 'restarting') level = 'warning';
  const logged = appendEvent(run, level, text, now);

  if (message.nodeId !== undefined) {
    if (!NODE_STATES.includes(message.state)) return logged;
    return { ...logged, totals: setNodeState(run.totals, message.nodeId, message.state as NodeState, message.message) };
  }
  if (!RUN_STATES.includes(message.state)) return logged;
  const phase = message.state as RunState;
  if (!isRunEnded(phase)) return { ...logged, phase };
  return { ...logged, phase, faults: NO_FAULTS, totals: settleTotals(run.totals) };
}

/**
 * Applies one server message to the run. Metrics, status and reports of another run are ignored, so
 * a late message of a stopped run cannot overwrite the totals of the next one.
 */
export function applyServerMessage(run: RunSnapshot, message: ServerMessage, now: number): RunSnapshot {
  switch (message.type) {
    case 'deployed':
      return appendEvent(
        {
          ...initialRun(),
          runId: message.runId,
          phase: 'starting',
          events: run.events,
          otherRuns: run.otherRuns,
          ...(run.deployedCircuit ? { deployedCircuit: run.deployedCircuit } : {}),
        },
        'info',
        `run ${message.runId} deployed`,
        now,
      );
    case 'rejected': {
      const rejection: Rejection = { errors: message.errors ?? [], findings: message.findings ?? [] };
      const count = rejection.errors.length + rejection.findings.length;
      const phase = run.phase === 'deploying' ? 'idle' : run.phase;
      return appendEvent({ ...run, phase, rejection }, 'error', `deploy rejected with ${count} problem(s)`, now);
    }
    case 'metrics': {
      if (message.runId !== run.runId) return run;
      const totals = mergeMetrics(run.totals, message);
      return { ...run, totals: isRunEnded(run.phase) ? settleTotals(totals) : totals };
    }
    case 'status':
      if (message.runId !== run.runId) return run;
      return applyStatus(run, message, now);
    case 'report': {
      if (message.runId !== run.runId) return run;
      const totals = settleTotals(mergeMetrics(run.totals, { at: now, ...message.report }));
      const summary = message.report.accounted ? 'every frame accounted for' : 'some frames not accounted for';
      return appendEvent({ ...run, totals, faults: NO_FAULTS }, 'info', `run report: ${summary}`, now);
    }
    case 'error': {
      const logged = appendEvent(run, 'error', `server error: ${message.message}`, now);
      if (run.phase === 'deploying') return { ...logged, phase: 'idle', deployFailure: message.message };
      const faults = recordServerError(run.faults, message.message, now);
      return faults ? { ...logged, faults } : logged;
    }
    default: {
      const unknown: never = message;
      return appendEvent(run, 'warning', `ignored a server message of unknown type: ${JSON.stringify(unknown)}`, now);
    }
  }
}

export interface RunStore extends RunSnapshot {
  receive(message: ServerMessage): void;
  /** Marks a deploy of `circuit` as sent: the old totals and the last rejection or failure are cleared. */
  deploySent(force: boolean, circuit: Circuit): void;
  /** Records a deploy that was not sent because the runtime cannot start some of the nodes. */
  deployBlocked(nodes: UnrunnableNode[]): void;
  /**
   * Makes a run that is active on the server the current run, as after a reload, with empty totals
   * until its metrics arrive. `canvas` is the circuit on the canvas, which the run is taken to run.
   * Returns false, changing nothing, while this page's own run is active.
   */
  attachRun(run: RunSummary, canvas: Circuit): boolean;
  /** Ends the current run locally when the server no longer lists it, for example after a restart. */
  loseRun(reason: string): void;
  setOtherRuns(runs: RunSummary[]): void;
  stopSent(): void;
  /** Gives up waiting for the reply to a deploy, for example when the connection drops. */
  abandonDeploy(reason: string): void;
  /** Hides the rejection or failure of the last deploy. */
  dismissDeployProblem(): void;
  /** Clears the totals of a finished run, and keeps those of an active run. */
  clearFinishedTotals(): void;
  log(level: RunEvent['level'], text: string): void;
  /** Records an inject sent to the server, whose fault counts as in force from now on. */
  faultSent(request: FaultRequest): void;
  /** Records a clear sent to the server, which ends every fault on the target. */
  faultsClearSent(target: FaultTarget): void;
  /** Records a fault command that was not sent, such as when the connection is down. */
  faultNotSent(target: FaultTarget, reason: string): void;
  /** Drops the faults whose duration has passed. */
  expireFaults(): void;
}

/** Creates the store of the current run: its phase, live totals, last rejection and event log. */
export function createRunStore(now: () => number = Date.now): StoreApi<RunStore> {
  return createStore<RunStore>()((set, get) => ({
    ...initialRun(),
    receive(message) {
      set(applyServerMessage(get(), message, now()));
    },
    deploySent(force, circuit) {
      const run = appendEvent(get(), 'info', force ? 'deploy sent with force' : 'deploy sent', now());
      set({
        ...run,
        runId: undefined,
        phase: 'deploying',
        totals: NO_TOTALS,
        rejection: undefined,
        deployFailure: undefined,
        unrunnable: undefined,
        faults: NO_FAULTS,
        deployedCircuit: circuit,
      });
    },
    deployBlocked(nodes) {
      const ids = nodes.map((node) => node.nodeId).join(', ');
      set({
        ...appendEvent(get(), 'error', `deploy not sent: the runtime cannot start ${ids}`, now()),
        rejection: undefined,
        deployFailure: undefined,
        unrunnable: nodes,
      });
    },
    attachRun(run, canvas) {
      const current = get();
      if (isRunActive(current.phase)) return false;
      const text = `attached to run ${run.runId} of "${run.name}" (${run.state})`;
      set({
        ...appendEvent(current, 'info', text, now()),
        runId: run.runId,
        phase: run.state,
        totals: NO_TOTALS,
        faults: NO_FAULTS,
        otherRuns: current.otherRuns.filter((other) => other.runId !== run.runId),
        // NOTE: the server does not return a run's circuit, so edits made before a reload are not marked.
        deployedCircuit: canvas,
      });
      return true;
    },
    loseRun(reason) {
      const { runId, phase } = get();
      if (runId === undefined || !isRunActive(phase)) return;
      set({
        ...appendEvent(get(), 'warning', `run ${runId} is gone: ${reason}`, now()),
        runId: undefined,
        phase: 'idle',
        totals: settleTotals(get().totals),
        faults: NO_FAULTS,
      });
    },
    setOtherRuns(runs) {
      set({ otherRuns: runs });
    },
    stopSent() {
      const { runId } = get();
      set({ ...appendEvent(get(), 'info', `stop sent for run ${runId}`, now()), phase: 'stopping' });
    },
    abandonDeploy(reason) {
      if (get().phase !== 'deploying') return;
      set({
        ...appendEvent(get(), 'error', `deploy abandoned: ${reason}`, now()),
        phase: 'idle',
        deployFailure: reason,
      });
    },
    dismissDeployProblem() {
      set({ rejection: undefined, deployFailure: undefined, unrunnable: undefined });
    },
    clearFinishedTotals() {
      const { phase, totals } = get();
      if (isRunActive(phase) || totals === NO_TOTALS) return;
      set({ totals: NO_TOTALS });
    },
    log(level, text) {
      set(appendEvent(get(), level, text, now()));
    },
    faultSent(request) {
      const at = now();
      const run = appendEvent(
        get(),
        'info',
        `fault sent to ${targetLabel(request.target)}: ${describeRequest(request)}`,
        at,
      );
      set({ ...run, faults: recordInject(run.faults, request, at) });
    },
    faultsClearSent(target) {
      const at = now();
      const run = appendEvent(get(), 'info', `clear sent for the faults on ${targetLabel(target)}`, at);
      set({ ...run, faults: recordClear(run.faults, target, at) });
    },
    faultNotSent(target, reason) {
      const run = appendEvent(get(), 'error', `fault command for ${targetLabel(target)} not sent: ${reason}`, now());
      set({ ...run, faults: recordNotSent(run.faults, target, reason) });
    },
    expireFaults() {
      const faults = expireFaults(get().faults, now());
      if (faults !== get().faults) set({ faults });
    },
  }));
}
