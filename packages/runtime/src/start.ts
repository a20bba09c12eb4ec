import { randomUUID } from 'node:crypto';
import type { Circuit } from '@circuit-studio/model';
import { type Logger, pino } from 'pino';
import { RuntimeError } from './errors.js';
import { buildRunPlan } from './plan/build-plan.js';
import { Run } from './supervisor/run.js';
import { workerEntryPath } from './supervisor/worker-path.js';
import type { StartOptions } from './types.js';

const DEFAULT_METRICS_INTERVAL_MS = 200;
const DEFAULT_DRAIN_TIMEOUT_MS = 5000;
/** A metrics interval above 250 ms would send fewer than 4 metrics messages per second. */
const METRICS_INTERVAL_RANGE = { min: 20, max: 250 };

const activeRuns = new Map<string, Run>();

let fallbackLogger: Logger | undefined;

function defaultLogger(): Logger {
  // stderr, so that a command printing a JSON report on stdout is not mixed with log lines.
  fallbackLogger ??= pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  return fallbackLogger;
}

function checkInterval(value: number, name: string, range: { min: number; max: number }): void {
  if (!Number.isFinite(value) || value < range.min || value > range.max) {
    throw new RuntimeError('RUNTIME_BAD_OPTION', `${name} must be ${range.min} to ${range.max} ms, found ${value}`, {
      [name]: value,
    });
  }
}

/**
 * Starts a circuit: checks it, starts one process per node (per replica for modules), links them
 * with ZeroMQ sockets and resolves once every process is linked and started. Rejects with a
 * RuntimeError, before anything is started, when the circuit cannot run.
 */
export async function startRun(circuit: Circuit, options: StartOptions): Promise<Run> {
  const runId = options.runId ?? randomUUID();
  const metricsIntervalMs = options.metricsIntervalMs ?? DEFAULT_METRICS_INTERVAL_MS;
  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  checkInterval(metricsIntervalMs, 'metricsIntervalMs', METRICS_INTERVAL_RANGE);
  checkInterval(drainTimeoutMs, 'drainTimeoutMs', { min: 0, max: 600_000 });
  if (activeRuns.has(runId)) {
    throw new RuntimeError('RUNTIME_DUPLICATE_RUN_ID', `run ${runId} is already running; pick another runId`, {
      runId,
    });
  }
  const logger = (options.logger ?? defaultLogger()).child({ runId });
  const plan = await buildRunPlan(circuit, {
    dataDir: options.dataDir,
    runId,
    // Node processes report twice per metrics interval, so each metrics event carries fresh counts.
    reportIntervalMs: Math.max(10, Math.floor(metricsIntervalMs / 2)),
    logLevel: logger.level,
  });
  const workerEntry = workerEntryPath();
  if (activeRuns.has(runId)) {
    throw new RuntimeError('RUNTIME_DUPLICATE_RUN_ID', `run ${runId} is already running; pick another runId`, {
      runId,
    });
  }

  const run = new Run(circuit, plan, { logger, metricsIntervalMs, drainTimeoutMs, workerEntry });
  activeRuns.set(runId, run);
  void run.finished.finally(() => activeRuns.delete(runId));
  logger.info({ nodes: plan.nodes.length, edges: plan.edges.length }, 'starting run');
  await run.launch();
  return run;
}

/** Stops every active run, each with its bounded drain; for SIGINT and SIGTERM handlers. */
export async function stopAllRuns(): Promise<void> {
  await Promise.all([...activeRuns.values()].map((run) => run.stop()));
}
