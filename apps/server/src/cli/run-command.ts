import { parseArgs } from 'node:util';

import { type Circuit, getNodeType, type RunReport, validateCircuitConfig } from '@circuit-studio/model';
import { type Run, RuntimeError, startRun } from '@circuit-studio/runtime';
import { type Logger, pino } from 'pino';
import { lintDocument } from '../circuit-checks.js';
import { ensureDataDir, resolveDataDir } from '../paths.js';
import { type CliIo, EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UsageError } from './io.js';
import { readCircuitFile } from './read-circuit-file.js';
import { formatProgress, formatReportTable } from './report-table.js';

export const RUN_HELP = `Usage: circuit-studio run FILE [--duration SECONDS] [--report text|json] [--data-dir DIR] [--force]

Runs a circuit headless with real processes and ZeroMQ sockets, then prints the
per-node and per-edge totals.

Options:
  --duration SECONDS  Stop the run after this many seconds. Without it, the run lasts
                      until every source has ended, or until Ctrl-C
  --report text|json  Totals as tables for people (default), or the run report as one
                      JSON object on standard output
  --data-dir DIR      Folder that file paths in the circuit are relative to and must stay
                      inside (default: DATA_DIR, else <repository>/data)
  --force             Run even when the analysis finds errors
  -h, --help          Show this help

Progress goes to standard error. Exit status: 0 when the run completed or was stopped,
1 when it failed or the analysis found errors, 2 when the file is invalid.
`;

/** Maximum --duration: one week, in seconds. */
const MAX_DURATION_SECONDS = 7 * 24 * 3600;
const PROGRESS_INTERVAL_MS = 1000;

function parseDuration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_DURATION_SECONDS) {
    throw new UsageError(
      `--duration must be a number of seconds above 0 and at most ${MAX_DURATION_SECONDS}, found ${JSON.stringify(value)}`,
    );
  }
  return seconds;
}

function parseRunArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      duration: { type: 'string' },
      report: { type: 'string', default: 'text' },
      'data-dir': { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true as const };
  if (values.report !== 'text' && values.report !== 'json') {
    throw new UsageError(`--report must be text or json, found ${JSON.stringify(values.report)}`);
  }
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    throw new UsageError('run takes exactly one FILE, the circuit JSON to run');
  }
  return {
    help: false as const,
    file,
    durationSeconds: parseDuration(values.duration),
    json: values.report === 'json',
    dataDir: resolveDataDir(values['data-dir']),
    force: values.force,
  };
}

/** Prints errors for people on standard error and, with --report json, as `{ "errors": [...] }` on standard output. */
function printErrors(title: string, errors: { path: string; message: string }[], json: boolean, io: CliIo): void {
  io.err(`${title}:\n`);
  for (const error of errors) io.err(`  ${error.path || '(document)'}: ${error.message}\n`);
  if (json) {
    const shaped = errors.map((error) => ({ path: error.path, message: error.message }));
    io.out(`${JSON.stringify({ errors: shaped }, null, 2)}\n`);
  }
}

/** Returns the circuit when it may run, or the exit status after printing why it may not. */
function checkRunnable(document: unknown, force: boolean, json: boolean, io: CliIo): Circuit | number {
  const outcome = lintDocument(document);
  if (!outcome.ok) {
    printErrors('invalid circuit', outcome.errors, json, io);
    return EXIT_INVALID;
  }
  const configErrors = validateCircuitConfig(outcome.circuit);
  if (configErrors.length > 0) {
    printErrors('invalid node config', configErrors, json, io);
    return EXIT_INVALID;
  }
  const blocking = outcome.result.findings.filter((finding) => finding.severity === 'error');
  for (const finding of blocking) {
    io.err(`${force ? 'warning' : 'error'}: [${finding.rule}] ${finding.message}\n`);
  }
  if (blocking.length > 0 && !force) {
    io.err(`the analysis found ${blocking.length} errors; fix them, or pass --force to run anyway\n`);
    if (json) io.out(`${JSON.stringify({ findings: blocking }, null, 2)}\n`);
    return EXIT_FAILURE;
  }
  return outcome.circuit;
}

function nodeRoles(circuit: Circuit): { sources: Set<string>; sinks: Set<string> } {
  const sources = new Set<string>();
  const sinks = new Set<string>();
  for (const node of circuit.nodes) {
    const role = getNodeType(node.type)?.role;
    if (role === 'source') sources.add(node.id);
    if (role === 'sink') sinks.add(node.id);
  }
  return { sources, sinks };
}

/**
 * Waits for a run to end: on its own when every source ended, after the duration, or on SIGINT or
 * SIGTERM, including one that arrived while the run was starting. Prints a progress line to
 * standard error every second.
 */
async function superviseRun(
  run: Run,
  options: { durationSeconds: number | undefined; interrupted: NodeJS.Signals | undefined },
  io: CliIo,
  log: Logger,
) {
  const { durationSeconds } = options;
  const startedAt = Date.now();
  const stop = (reason: string) => {
    io.err(`stopping (${reason})\n`);
    run.stop().catch((error: unknown) => log.error({ err: error }, 'run failed to stop'));
  };
  const onSignal = (signal: NodeJS.Signals) => stop(signal);
  if (options.interrupted) stop(options.interrupted);
  const deadline =
    durationSeconds !== undefined ? setTimeout(() => stop('duration reached'), durationSeconds * 1000) : undefined;
  const roles = nodeRoles(run.circuit);
  const progress = setInterval(() => {
    io.err(formatProgress(Date.now() - startedAt, run.latestMetrics(), roles));
  }, PROGRESS_INTERVAL_MS);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run.finished;
  } finally {
    clearTimeout(deadline);
    clearInterval(progress);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Runs `circuit-studio run` and returns the exit status. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const options = parseRunArgs(args);
  if (options.help) {
    io.out(RUN_HELP);
    return EXIT_OK;
  }

  const read = await readCircuitFile(options.file);
  if (!read.ok) {
    printErrors('invalid circuit file', read.errors, options.json, io);
    return EXIT_INVALID;
  }
  const circuit = checkRunnable(read.document, options.force, options.json, io);
  if (typeof circuit === 'number') return circuit;

  await ensureDataDir(options.dataDir);
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  io.err(`running "${circuit.name}" (${circuit.nodes.length} nodes, ${circuit.edges.length} edges)\n`);
  // A signal during start-up must not kill the command while node processes are starting.
  let interrupted: NodeJS.Signals | undefined;
  const onEarlySignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
  };
  process.on('SIGINT', onEarlySignal);
  process.on('SIGTERM', onEarlySignal);
  let run: Run;
  try {
    run = await startRun(circuit, { dataDir: options.dataDir, logger: log });
  } catch (error) {
    if (!(error instanceof RuntimeError)) throw error;
    io.err(`the run could not start: ${error.message}\n`);
    return EXIT_FAILURE;
  } finally {
    process.off('SIGINT', onEarlySignal);
    process.off('SIGTERM', onEarlySignal);
  }
  const report: RunReport = await superviseRun(run, { ...options, interrupted }, io, log);

  io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReportTable(report, run.state));
  if (run.state === 'failed') {
    io.err('the run failed; the log above has the cause\n');
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
