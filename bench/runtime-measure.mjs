// Runs one circuit on the runtime and reads the figures the benchmark compares.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { cpuPerFrameUs, ownCpuMs, processCpuMs } from './process-cpu.mjs';
import { SINK_ID, SOURCE_ID } from './runtime-circuits.mjs';

const { startRun, stopAllRuns } = await import('../packages/runtime/dist/index.js').catch((error) => {
  if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  throw new Error('packages/runtime/dist is missing: build it with "npx tsc -b packages/runtime"', {
    cause: error,
  });
});

export { stopAllRuns };

/** Metrics period in ms, the runtime's default. The throughput figure is read from these events. */
const METRICS_INTERVAL_MS = 200;
/** Time allowed beyond the deadline for the drain and the end of every process, in ms. */
const STOP_GRACE_MS = 15_000;

// Warnings that node processes write to stderr would flood the output, so only errors show.
const logger = pino({ level: process.env.LOG_LEVEL ?? 'error' }, pino.destination(2));

/**
 * Reads the CPU time used so far by every node process of `run`, keyed by node id (with `#replica`
 * for replicas after the first), and by this process under `supervisor`. This process runs the
 * supervisor and the benchmark's own bookkeeping.
 */
function readCpu(run) {
  const cpu = { supervisor: ownCpuMs() };
  for (const { nodeId, replica, pid } of run.workerPids()) {
    cpu[replica === 0 ? nodeId : `${nodeId}#${replica}`] = processCpuMs(pid);
  }
  return cpu;
}

/**
 * Starts `circuit`, records the sink's frame count and the CPU time of every process at every
 * metrics event, and waits for the run to end by itself. At `deadlineMs` after the start the run is
 * stopped, which drains it for up to 5 s. Rejects when the run has not ended `STOP_GRACE_MS` after
 * the deadline.
 */
export async function runCircuit(circuit, { deadlineMs }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-bench-runtime-'));
  try {
    const run = await startRun(circuit, { dataDir, metricsIntervalMs: METRICS_INTERVAL_MS, logger });
    const samples = [];
    let worstWindowP99 = 0;
    run.on('metrics', (metrics) => {
      const sink = metrics.nodes[SINK_ID];
      samples.push({ at: metrics.at, framesIn: sink.framesIn, cpu: readCpu(run) });
      worstWindowP99 = Math.max(worstWindowP99, sink.latencyMs.p99);
    });

    const deadline = setTimeout(() => void run.stop(), deadlineMs);
    let giveUp;
    const hung = new Promise((_, reject) => {
      giveUp = setTimeout(
        () => reject(new Error(`run of "${circuit.name}" did not end within ${deadlineMs + STOP_GRACE_MS} ms`)),
        deadlineMs + STOP_GRACE_MS,
      );
    });
    try {
      const report = await Promise.race([run.finished, hung]);
      return { report, samples, worstWindowP99 };
    } finally {
      clearTimeout(deadline);
      clearTimeout(giveUp);
      await run.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Returns the sink's frames per second between the first metrics event that saw a frame and the
 * last one before the sink reached its final count, so that start-up and drain are left out. Each
 * end of that span is off by at most one report period of the node process (100 ms). Over the same
 * span, `cpuPerFrame` gives each process's CPU time per frame delivered at the sink, in µs.
 */
export function sinkThroughput(samples, finalCount) {
  const flowing = samples.filter((sample) => sample.framesIn > 0 && sample.framesIn < finalCount);
  const first = flowing[0];
  const last = flowing[flowing.length - 1];
  if (!first || !last || last.at - first.at < 1000) {
    throw new Error(`the sink received frames for less than 1 s of metrics events (${flowing.length} events)`);
  }
  const frames = last.framesIn - first.framesIn;
  return {
    rate: frames / ((last.at - first.at) / 1000),
    cpuPerFrame: cpuPerFrameUs(first.cpu, last.cpu, frames),
  };
}

/** Checks that a throughput or latency run lost nothing and accounted for every frame. */
export function checkLossless(result) {
  const { report } = result;
  const lost = Object.entries(report.edges).filter(([, edge]) => edge.dropped > 0);
  if (!report.accounted || lost.length > 0) {
    const detail = lost.map(([id, edge]) => `${id}: ${edge.dropped} dropped`).join(', ');
    throw new Error(`capacity run lost frames or was not accounted (accounted ${report.accounted}; ${detail})`);
  }
}

/** Returns the figures of a live-path run: end-to-end latency at the sink and where frames were lost. */
export function liveFigures(result) {
  const { report } = result;
  const source = report.nodes[SOURCE_ID];
  const sink = report.nodes[SINK_ID];
  const late = source.dropped.late ?? 0;
  // Frames the source was due to capture: those it sent and those it skipped because it was late.
  const captured = source.framesOut + late;
  const dropsByReason = {};
  for (const edge of Object.values(report.edges)) {
    for (const [reason, count] of Object.entries(edge.droppedByReason ?? {})) {
      dropsByReason[reason] = (dropsByReason[reason] ?? 0) + count;
    }
  }
  if (late > 0) dropsByReason.late = late;
  return {
    p50: sink.latencyMs.p50,
    p99: sink.latencyMs.p99,
    worstWindowP99: result.worstWindowP99,
    captured,
    delivered: sink.framesIn,
    lossPercent: captured === 0 ? 0 : (100 * (captured - sink.framesIn)) / captured,
    dropsByReason,
    accounted: report.accounted,
  };
}
