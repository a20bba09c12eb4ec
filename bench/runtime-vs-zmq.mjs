/**
 * Measures the runtime against plain zeromq.js in one run: throughput and added latency of a
 * 3-hop capacity chain, and the staleness of a live path whose module is slower than its source.
 * Run from the repository root after building the runtime:
 *   npx tsc -b packages/runtime && node bench/runtime-vs-zmq.mjs [--repeats 3] [--only PHASE] [--quick]
 * PHASE is throughput, latency or staleness. --quick shortens every run to check that the script
 * works; its figures are not fit to report. Progress goes to stderr, the Markdown tables to stdout.
 */
import { parseArgs } from 'node:util';
import { runRawChain } from './raw-chain.mjs';
import { capacityChain, livePath, SINK_ID } from './runtime-circuits.mjs';
import { checkLossless, liveFigures, runCircuit, sinkThroughput, stopAllRuns } from './runtime-measure.mjs';
import {
  describeMachine,
  formatBytes,
  formatNumber,
  formatSpread,
  loadAverage,
  markdownTable,
  spread,
} from './runtime-report.mjs';

const HOPS = 3;
/** The processes of the two chains, side by side: runtime node id and raw chain role. */
const PROCESS_PAIRS = [
  ['source', 'producer'],
  ['module-1', 'relay-1'],
  ['module-2', 'relay-2'],
  [SINK_ID, 'consumer'],
];
const PHASES = ['throughput', 'latency', 'staleness'];

const { values: options } = parseArgs({
  options: {
    repeats: { type: 'string', default: '3' },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const repeats = Number(options.repeats);
if (!Number.isInteger(repeats) || repeats < 1 || repeats > 20) {
  console.error(`--repeats must be a whole number from 1 to 20, found ${options.repeats}`);
  process.exit(2);
}
if (options.only !== undefined && !PHASES.includes(options.only)) {
  console.error(`--only must be one of ${PHASES.join(', ')}, found ${options.only}`);
  process.exit(2);
}
/** Divides run lengths in --quick mode. */
const scale = options.quick ? 10 : 1;

/**
 * Throughput runs. The raw chain moves `rawCount` messages, about 5 s on 2 cores. The runtime's
 * source may send as many frames but is stopped after `runtimeSeconds`, because its rate is read
 * from the metrics events while frames flow. In --quick mode only the raw count and the runtime's
 * time limit shrink, so that the runtime still sends for more than the 1 s its rate needs. Goals
 * are fractions of the raw throughput.
 */
const THROUGHPUT = [
  { payloadBytes: 64, rawCount: 300_000, runtimeSeconds: 10, goal: 0.8 },
  { payloadBytes: 262_144, rawCount: 10_000, runtimeSeconds: 10, goal: 0.9 },
];
/** Paced runs, at rates far below what either side can carry. Goal: added p99 per hop, in ms. */
const LATENCY = [
  { payloadBytes: 64, rateHz: 200, seconds: 10 },
  { payloadBytes: 262_144, rateHz: 100, seconds: 10 },
];
const LATENCY_GOAL_MS = 1;
const PERCENTILES = ['p50', 'p95', 'p99'];
/** The live path: a 30 fps live source into a 50 ms module, with the runtime's hwm and with ZeroMQ's default. */
const LIVE = { fps: 30, seconds: 10, processingMs: 50, payloadBytes: 1024 };
const LIVE_VARIANTS = [
  { label: 'runtime default (3)', hwm: undefined },
  { label: 'ZeroMQ default (1000)', hwm: 1000 },
];
/** Staleness bound of the live path: twice the module's processing time plus one frame interval. */
const LIVE_BUDGET_MS = 2 * (LIVE.processingMs + 1000 / LIVE.fps);

function progress(message) {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function measureThroughput({ payloadBytes, rawCount, runtimeSeconds }) {
  const circuit = capacityChain({ payloadBytes, frames: rawCount, fps: 0 });
  const result = await runCircuit(circuit, { deadlineMs: Math.max(3000, (runtimeSeconds * 1000) / scale) });
  checkLossless(result);
  const runtime = sinkThroughput(result.samples, result.report.nodes[SINK_ID].framesIn);
  const raw = await runRawChain({ hops: HOPS, size: payloadBytes, count: Math.ceil(rawCount / scale) });
  const runtimeCpu = sumCpu(PROCESS_PAIRS.map(([node]) => runtime.cpuPerFrame[node]));
  const rawCpu = sumCpu(PROCESS_PAIRS.map(([, role]) => raw.cpuPerMessage[role]));
  progress(
    `throughput ${formatBytes(payloadBytes)}: runtime ${formatNumber(runtime.rate)}/s, raw ${formatNumber(raw.throughput)}/s; ` +
      `CPU per frame: runtime ${formatNumber(runtimeCpu)} µs, raw ${formatNumber(rawCpu)} µs`,
  );
  return {
    runtime: runtime.rate,
    raw: raw.throughput,
    ratio: runtime.rate / raw.throughput,
    runtimeCpu,
    rawCpu,
    cpuRatio: runtimeCpu / rawCpu,
    runtimeCpuByProcess: runtime.cpuPerFrame,
    rawCpuByProcess: raw.cpuPerMessage,
  };
}

/** Adds up CPU times per frame. The sum is NaN when a process had no reading. */
function sumCpu(values) {
  return values.reduce((total, value) => total + (value ?? Number.NaN), 0);
}

async function measureLatency({ payloadBytes, rateHz, seconds }) {
  const frames = Math.ceil((rateHz * seconds) / scale);
  const circuit = capacityChain({ payloadBytes, frames, fps: rateHz });
  const result = await runCircuit(circuit, { deadlineMs: (2 * seconds * 1000) / scale + 5000 });
  checkLossless(result);
  const runtime = result.report.nodes[SINK_ID].latencyMs;
  const raw = await runRawChain({ hops: HOPS, size: payloadBytes, count: frames, rateHz });
  progress(
    `latency ${formatBytes(payloadBytes)} at ${rateHz}/s: runtime p99 ${runtime.p99} ms, raw p99 ${raw.p99.toFixed(2)} ms`,
  );
  const figures = {};
  for (const key of PERCENTILES) {
    figures[key] = { runtime: runtime[key], raw: raw[key], addedPerHop: (runtime[key] - raw[key]) / HOPS };
  }
  figures.rawSteadyP99 = raw.steadyP99;
  return figures;
}

async function measureLive({ hwm }) {
  const frames = Math.ceil((LIVE.fps * LIVE.seconds) / scale);
  const circuit = livePath({ ...LIVE, frames, hwm });
  const result = await runCircuit(circuit, { deadlineMs: 60_000 });
  const figures = liveFigures(result);
  progress(`live path hwm ${hwm ?? 'default'}: p99 ${figures.p99} ms, loss ${figures.lossPercent.toFixed(1)}%`);
  return figures;
}

async function repeat(label, measure) {
  const runs = [];
  for (let index = 0; index < repeats; index++) {
    progress(`${label}: repetition ${index + 1} of ${repeats} (load ${loadAverage()})`);
    runs.push(await measure());
  }
  return runs;
}

function verdict(met) {
  return met ? 'yes' : '**no**';
}

function pick(runs, key) {
  return runs.map((run) => run[key]);
}

function throughputTable(results) {
  const rows = results.map(({ settings, runs }) => {
    const ratio = spread(pick(runs, 'ratio')).median;
    return [
      formatBytes(settings.payloadBytes),
      formatSpread(pick(runs, 'runtime')),
      formatSpread(pick(runs, 'raw')),
      `${formatSpread(
        pick(runs, 'ratio').map((value) => value * 100),
        1,
      )} %`,
      `>= ${settings.goal * 100} %`,
      verdict(ratio >= settings.goal),
    ];
  });
  return markdownTable(['payload', 'runtime frames/s', 'raw zeromq.js msg/s', 'runtime / raw', 'goal', 'met'], rows);
}

/** CPU time per frame of each process, runtime node next to the raw chain process in the same place. */
function cpuTable(results) {
  const rows = results.flatMap(({ settings, runs }) => {
    const payload = formatBytes(settings.payloadBytes);
    const perProcess = PROCESS_PAIRS.map(([node, role]) => [
      payload,
      `${node} / ${role}`,
      formatSpread(
        runs.map((run) => run.runtimeCpuByProcess[node]),
        1,
      ),
      formatSpread(
        runs.map((run) => run.rawCpuByProcess[role]),
        1,
      ),
    ]);
    const totals = [
      payload,
      '**sum of the 4 processes**',
      formatSpread(pick(runs, 'runtimeCpu'), 1),
      formatSpread(pick(runs, 'rawCpu'), 1),
    ];
    const supervisor = [
      payload,
      'supervisor and benchmark / -',
      formatSpread(
        runs.map((run) => run.runtimeCpuByProcess.supervisor),
        1,
      ),
      '-',
    ];
    return [...perProcess, totals, supervisor];
  });
  return markdownTable(
    ['payload', 'process (runtime / raw)', 'runtime CPU µs per frame', 'raw CPU µs per message'],
    rows,
  );
}

function latencyTable(results) {
  const rows = results.flatMap(({ settings, runs }) =>
    PERCENTILES.map((key) => {
      const figures = runs.map((run) => run[key]);
      const added = pick(figures, 'addedPerHop');
      return [
        `${formatBytes(settings.payloadBytes)} at ${settings.rateHz}/s`,
        key,
        formatSpread(pick(figures, 'runtime'), 2),
        formatSpread(pick(figures, 'raw'), 2),
        formatSpread(added, 2),
        key === 'p99' ? verdict(spread(added).median <= LATENCY_GOAL_MS) : '',
      ];
    }),
  );
  return markdownTable(
    ['payload and rate', 'percentile', 'runtime ms', 'raw ms', 'added per hop ms', `p99 goal <= ${LATENCY_GOAL_MS} ms`],
    rows,
  );
}

/** Lists the raw chain's p99 without its warm-up messages, which the runtime's figures cannot leave out. */
function warmUpNote(results) {
  const figures = results.map(
    ({ settings, runs }) => `${formatBytes(settings.payloadBytes)}: ${formatSpread(pick(runs, 'rawSteadyP99'), 2)} ms`,
  );
  return `raw p99 without the first 1% of messages: ${figures.join('; ')}`;
}

function liveTable(results) {
  const rows = results.map(({ settings, runs }) => {
    const reasons = [...new Set(runs.flatMap((run) => Object.keys(run.dropsByReason)))].sort();
    const drops = reasons
      .map(
        (reason) =>
          `${reason} ${formatSpread(
            runs.map((run) => run.dropsByReason[reason] ?? 0),
            0,
          )}`,
      )
      .join(', ');
    return [
      settings.label,
      formatSpread(pick(runs, 'p50'), 0),
      formatSpread(pick(runs, 'p99'), 0),
      formatSpread(pick(runs, 'worstWindowP99'), 0),
      `${formatSpread(pick(runs, 'delivered'), 0)} of ${formatSpread(pick(runs, 'captured'), 0)}`,
      formatSpread(pick(runs, 'lossPercent'), 1),
      drops || 'none',
      verdict(spread(pick(runs, 'p99')).median <= LIVE_BUDGET_MS),
    ];
  });
  return markdownTable(
    [
      'hwm on both edges',
      'sink p50 ms',
      'sink p99 ms',
      'worst 1 s window p99 ms',
      'frames delivered of captured',
      'loss %',
      'drops by reason',
      `p99 <= ${LIVE_BUDGET_MS.toFixed(1)} ms`,
    ],
    rows,
  );
}

/** Runs `measure` for every settings entry, `repeats` times each, and pairs the runs with their settings. */
async function measureAll(label, settingsList, measure) {
  const results = [];
  for (const settings of settingsList) {
    results.push({ settings, runs: await repeat(label(settings), () => measure(settings)) });
  }
  return results;
}

async function throughputPhase() {
  const results = await measureAll(
    (settings) => `throughput ${formatBytes(settings.payloadBytes)}`,
    THROUGHPUT,
    measureThroughput,
  );
  return [
    'Throughput, 3 hops, 4 processes, unpaced source (median, min to max):',
    '',
    throughputTable(results),
    '',
    'CPU time per frame over the same spans (user plus system, all threads of each process; median, min to max):',
    '',
    cpuTable(results),
  ];
}

async function latencyPhase() {
  const results = await measureAll(
    (settings) => `latency ${formatBytes(settings.payloadBytes)}`,
    LATENCY,
    measureLatency,
  );
  return [
    'End-to-end latency at the sink, 3 hops, paced source (median, min to max):',
    '',
    latencyTable(results),
    '',
    warmUpNote(results),
  ];
}

async function stalenessPhase() {
  const results = await measureAll((settings) => `live path, hwm ${settings.label}`, LIVE_VARIANTS, measureLive);
  return [
    `Live path: ${LIVE.fps} fps live source -> ${LIVE.processingMs} ms module -> null sink over pub-sub, ` +
      `${LIVE.seconds} s (median, min to max):`,
    '',
    liveTable(results),
  ];
}

const PHASE_RUNNERS = { throughput: throughputPhase, latency: latencyPhase, staleness: stalenessPhase };

async function main() {
  const phases = options.only ? [options.only] : PHASES;
  const argv = process.argv.slice(2);
  const output = [
    `command: node bench/runtime-vs-zmq.mjs${argv.length > 0 ? ` ${argv.join(' ')}` : ''}`,
    ...describeMachine(),
    `load average at start (1, 5, 15 min): ${loadAverage()}`,
    `repetitions: ${repeats}${options.quick ? ' (quick mode: runs shortened, figures not fit to report)' : ''}`,
    '',
  ];
  for (const phase of phases) {
    output.push(...(await PHASE_RUNNERS[phase]()), '');
  }
  output.push(`load average at end (1, 5, 15 min): ${loadAverage()}`);
  console.log(output.join('\n'));
}

let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  progress('interrupted: stopping the running circuit');
  void stopAllRuns().finally(() => process.exit(130));
});

main().catch(async (error) => {
  console.error(error);
  await stopAllRuns();
  process.exit(1);
});
