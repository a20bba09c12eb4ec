import { randomUUID } from 'node:crypto';

import type { Circuit, RunReport, RunState, ServerMessage } from '@circuit-studio/model';
import {
  type FaultRequest,
  isRuntimeError,
  type Run,
  type RunMetrics,
  type RunStatus,
  RuntimeError,
  type RuntimeErrorCode,
  startRun,
} from '@circuit-studio/runtime';
import type { Logger } from 'pino';

import { CircuitRejectedError, locateRuntimeProblem } from './circuit-checks.js';
import { ServerError } from './errors.js';
import type { RunTotals } from './prometheus.js';

/** Receives every message about a run: metrics, status changes, and the final report. */
export type RunListener = (message: ServerMessage) => void;

export interface RunSummary {
  runId: string;
  /** The circuit's name. */
  name: string;
  state: RunState;
  startedAt: string;
  endedAt?: string;
}

export interface RunDetails extends RunSummary {
  /** The latest metrics while the run is active. */
  metrics?: RunMetrics;
  /** The final report once the run has ended. */
  report?: RunReport;
}

export interface RunRegistryOptions {
  dataDir: string;
  logger: Logger;
  /** Maximum number of runs active at once. A deploy beyond this is rejected. */
  maxActiveRuns?: number;
  /** Interval between metrics messages, in ms. */
  metricsIntervalMs?: number;
  /** Maximum number of ended runs kept for `GET /api/runs/:id`. Older ones are forgotten. */
  maxEndedRuns?: number;
}

export const DEFAULT_MAX_ACTIVE_RUNS = 8;
/** 5 messages a second, so clients get at least 4 a second even when timers run late. */
export const DEFAULT_METRICS_INTERVAL_MS = 200;
const DEFAULT_MAX_ENDED_RUNS = 50;

interface RunEntry {
  run: Run;
  startedAt: Date;
  endedAt?: Date;
  report?: RunReport;
  listeners: Set<RunListener>;
  log: Logger;
}

/** The runs this server started: deploys them within the active-run limit and fans out their events. */
export class RunRegistry {
  private readonly entries = new Map<string, RunEntry>();
  private readonly maxActiveRuns: number;
  private readonly metricsIntervalMs: number;
  private readonly maxEndedRuns: number;
  /** Deploys between the limit check and the end of `startRun`, which count against the limit. */
  private starting = 0;
  /** Set once `stopAll` has begun, after which no run may start. */
  private closing = false;

  constructor(private readonly options: RunRegistryOptions) {
    this.maxActiveRuns = options.maxActiveRuns ?? DEFAULT_MAX_ACTIVE_RUNS;
    this.metricsIntervalMs = options.metricsIntervalMs ?? DEFAULT_METRICS_INTERVAL_MS;
    this.maxEndedRuns = options.maxEndedRuns ?? DEFAULT_MAX_ENDED_RUNS;
  }

  /**
   * Starts a run of a circuit that passed the deploy checks and returns its id. Throws
   * CircuitRejectedError when the runtime rejects the circuit, and ServerError for other failures.
   */
  async deploy(circuit: Circuit): Promise<string> {
    if (this.closing) {
      throw new ServerError('SERVER_CLOSING', 'the server is shutting down; deploy again once it has restarted');
    }
    const active = this.activeCount() + this.starting;
    if (active >= this.maxActiveRuns) {
      throw new ServerError(
        'RUN_LIMIT_REACHED',
        `${active} runs are active and the limit is ${this.maxActiveRuns}; stop a run, then deploy again`,
      );
    }

    const runId = randomUUID();
    const log = this.options.logger.child({ runId });
    this.starting += 1;
    let run: Run;
    try {
      // The runtime adds the runId to its own child logger.
      run = await startRun(circuit, {
        dataDir: this.options.dataDir,
        runId,
        metricsIntervalMs: this.metricsIntervalMs,
        logger: this.options.logger,
      });
    } catch (error) {
      if (isRuntimeError(error) && START_ERROR_SOURCES[error.code] === 'circuit') {
        const errors = locateRuntimeProblem(circuit, error.details, error.message);
        // The circuit is the client's to fix and the server is fine, so the log has the reason without a stack trace.
        log.info({ code: error.code, errors, circuit: circuit.name }, 'runtime rejected the circuit');
        throw new CircuitRejectedError(errors, error);
      }
      log.error({ err: error, circuit: circuit.name }, 'run failed to start');
      const reason = error instanceof Error ? error.message : String(error);
      throw new ServerError('RUN_START_FAILED', `the run could not start: ${reason}`, { cause: error });
    } finally {
      this.starting -= 1;
    }

    if (this.closing) {
      // stopAll ran while this run was starting, so it missed it.
      await run.stop();
      throw new ServerError('SERVER_CLOSING', 'the server shut down while the run was starting');
    }

    const entry: RunEntry = { run, startedAt: new Date(), listeners: new Set(), log };
    this.entries.set(runId, entry);
    this.attach(entry);
    this.forgetOldRuns();
    log.info({ circuit: circuit.name, nodes: circuit.nodes.length, edges: circuit.edges.length }, 'run started');
    return runId;
  }

  /**
   * Adds a listener to a run and sends it the latest metrics and the run state at once. For a run that has ended, the
   * listener gets the final status and report instead of staying attached. Returns the function that
   * removes the listener.
   */
  subscribe(runId: string, listener: RunListener): () => void {
    const entry = this.require(runId);
    listener(metricsMessage(runId, entry.run.latestMetrics()));
    if (entry.report) {
      listener({ type: 'status', runId, state: entry.run.state });
      listener({ type: 'report', runId, report: entry.report });
      return () => undefined;
    }
    // The run may have reached 'running' before this listener existed, so a new subscriber hears it here.
    listener({ type: 'status', runId, state: entry.run.state });
    entry.listeners.add(listener);
    return () => {
      entry.listeners.delete(listener);
    };
  }

  /** Stops a run and returns its final report. For a run that already ended, returns its report at once. */
  async stop(runId: string): Promise<RunReport> {
    const entry = this.require(runId);
    if (entry.report) return entry.report;
    entry.log.info('run stop requested');
    return entry.run.stop();
  }

  inject(runId: string, fault: FaultRequest): void {
    const entry = this.requireActive(runId, 'inject');
    this.command(entry, 'inject', () => entry.run.inject(fault));
    entry.log.info({ fault }, 'fault injected');
  }

  clear(runId: string, target: { node?: string; edge?: string }): void {
    const entry = this.requireActive(runId, 'clear');
    this.command(entry, 'clear', () => entry.run.clear(target));
    entry.log.info({ target }, 'faults cleared');
  }

  /** Stops every active run and rejects later deploys. The server calls this when it closes. */
  async stopAll(): Promise<void> {
    this.closing = true;
    const active = [...this.entries.values()].filter((entry) => !entry.report);
    const results = await Promise.allSettled(active.map((entry) => entry.run.stop()));
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        active[index]?.log.error({ err: result.reason }, 'run failed to stop');
      }
    });
  }

  activeCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) {
      if (!entry.report) count += 1;
    }
    return count;
  }

  /** Returns every known run, newest first. */
  list(): RunSummary[] {
    return [...this.entries.entries()]
      .map(([runId, entry]) => summarize(runId, entry))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  details(runId: string): RunDetails {
    const entry = this.require(runId);
    const summary = summarize(runId, entry);
    if (entry.report) {
      return { ...summary, report: entry.report };
    }
    return { ...summary, metrics: entry.run.latestMetrics() };
  }

  /** Returns the newest totals of every known run: the final report of an ended run, else its latest metrics. */
  totals(): RunTotals[] {
    return [...this.entries].map(([runId, entry]) => ({ runId, totals: entry.report ?? entry.run.latestMetrics() }));
  }

  private require(runId: string): RunEntry {
    const entry = this.entries.get(runId);
    if (!entry) {
      throw new ServerError('RUN_NOT_FOUND', `no run with id "${runId}"; GET /api/runs lists the known runs`);
    }
    return entry;
  }

  private requireActive(runId: string, action: string): RunEntry {
    const entry = this.require(runId);
    if (entry.report) {
      throw new ServerError(
        'RUN_COMMAND_FAILED',
        `run "${runId}" has already ended (${entry.run.state}); ${action} needs an active run`,
      );
    }
    return entry;
  }

  /** Calls a run method, turning a runtime rejection (unknown node, wrong fault) into a client error. */
  private command(entry: RunEntry, action: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      if (error instanceof RuntimeError) {
        throw new ServerError('RUN_COMMAND_FAILED', `${action} failed: ${error.message}`, { cause: error });
      }
      entry.log.error({ err: error, action }, 'run command failed');
      throw error;
    }
  }

  private attach(entry: RunEntry): void {
    const { run, log } = entry;
    const runId = run.runId;
    run.on('metrics', (snapshot: RunMetrics) => this.broadcast(entry, metricsMessage(runId, snapshot)));
    // The run-level state last sent, so the final state is sent once, before the report.
    let lastRunState: string | undefined;
    run.on('status', (status: RunStatus) => {
      if (status.nodeId === undefined) lastRunState = status.state;
      this.broadcast(entry, { type: 'status', runId, ...status });
    });
    run.once('end', (report: RunReport) => {
      entry.report = report;
      entry.endedAt = new Date();
      log.info({ state: run.state, durationMs: report.durationMs, accounted: report.accounted }, 'run ended');
      if (lastRunState !== run.state) {
        this.broadcast(entry, { type: 'status', runId, state: run.state });
      }
      this.broadcast(entry, { type: 'report', runId, report });
      entry.listeners.clear();
    });
    // An 'error' event with no listener would throw and take the whole server down.
    run.on('error', (error: unknown) => log.error({ err: error }, 'run reported an error'));
  }

  private broadcast(entry: RunEntry, message: ServerMessage): void {
    for (const listener of entry.listeners) {
      try {
        listener(message);
      } catch (error) {
        entry.log.error({ err: error, type: message.type }, 'run listener failed; removing it');
        entry.listeners.delete(listener);
      }
    }
  }

  private forgetOldRuns(): void {
    const ended = [...this.entries.entries()]
      .filter(([, entry]) => entry.endedAt !== undefined)
      .sort(([, a], [, b]) => (a.endedAt?.getTime() ?? 0) - (b.endedAt?.getTime() ?? 0));
    for (const [runId] of ended.slice(0, Math.max(0, ended.length - this.maxEndedRuns))) {
      this.entries.delete(runId);
    }
  }
}

/**
 * Source of each runtime error raised at start, which decides who must act: `circuit` when the
 * client sent a circuit that cannot run, `machine` when the machine, the build or the server's own
 * options failed. Codes that only commands on a running run raise count as `machine`, because at
 * start they would mean a fault in the server.
 */
const START_ERROR_SOURCES: Readonly<Record<RuntimeErrorCode, 'circuit' | 'machine'>> = {
  RUNTIME_INVALID_CIRCUIT: 'circuit',
  RUNTIME_UNSUPPORTED_NODE_TYPE: 'circuit',
  RUNTIME_BAD_STRUCTURE: 'circuit',
  RUNTIME_PATH_ESCAPE: 'circuit',
  RUNTIME_FILE_NOT_FOUND: 'circuit',
  RUNTIME_ENDPOINT_REJECTED: 'circuit',
  RUNTIME_ENDPOINT_CONFLICT: 'circuit',
  RUNTIME_BAD_OPTION: 'machine',
  RUNTIME_DATA_DIR_NOT_FOUND: 'machine',
  RUNTIME_WORKER_NOT_BUILT: 'machine',
  RUNTIME_START_FAILED: 'machine',
  RUNTIME_START_TIMEOUT: 'machine',
  RUNTIME_DUPLICATE_RUN_ID: 'machine',
  RUNTIME_UNKNOWN_NODE: 'machine',
  RUNTIME_UNKNOWN_EDGE: 'machine',
  RUNTIME_BAD_FAULT: 'machine',
  RUNTIME_NOT_RUNNING: 'machine',
};

function metricsMessage(runId: string, snapshot: RunMetrics): ServerMessage {
  return { type: 'metrics', runId, at: snapshot.at, nodes: snapshot.nodes, edges: snapshot.edges };
}

function summarize(runId: string, entry: RunEntry): RunSummary {
  return {
    runId,
    name: entry.run.circuit.name,
    state: entry.run.state,
    startedAt: entry.startedAt.toISOString(),
    ...(entry.endedAt ? { endedAt: entry.endedAt.toISOString() } : {}),
  };
}
