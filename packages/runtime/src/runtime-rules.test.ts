import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Circuit, CircuitNode, EdgePattern } from '@circuit-studio/model';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRun, stopAllRuns } from './start.js';
import type { Run } from './supervisor/run.js';
import { node, waitForMetrics } from './testing/helpers.js';
import type { RunMetrics } from './types.js';

// These tests fork the compiled node process entry (dist/worker/main.js): build first with
// `npx tsc -b packages/runtime`.

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'runtime-rules-'));
});

afterEach(async () => {
  await stopAllRuns();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function chain(pattern: EdgePattern, source: CircuitNode, sink: CircuitNode, hwm?: number): Circuit {
  return {
    version: 1,
    name: `rules over ${pattern}`,
    nodes: [source, node('mod', 'module', { processingMs: 1 }), sink],
    edges: [
      { id: 'e1', source: source.id, target: 'mod', pattern, ...(hwm === undefined ? {} : { hwm }) },
      { id: 'e2', source: 'mod', target: sink.id, pattern, ...(hwm === undefined ? {} : { hwm }) },
    ],
  };
}

/** Collects the metrics events of the next `ms` milliseconds. */
async function metricsDuring(run: Run, ms: number): Promise<RunMetrics[]> {
  const collected: RunMetrics[] = [];
  const first = await waitForMetrics(run, () => true, 5_000);
  collected.push(first);
  while (collected.length < 50) {
    const next = await waitForMetrics(run, () => true, 5_000);
    collected.push(next);
    if (next.at - first.at >= ms) break;
  }
  return collected;
}

describe('capacity path', () => {
  it('waits out a 5 s sink stall and delivers all 300 frames', async () => {
    // hwm 10 lets at most 10 frames wait on each link, so the stall reaches the source within ~0.2 s.
    const circuit = chain(
      'dealer-router',
      node('src', 'synthetic-source', { fps: 100, frames: 300 }),
      node('sink', 'file-sink', { path: 'out/stall.jsonl' }),
      10,
    );
    const run = await startRun(circuit, { dataDir });
    await waitForMetrics(run, (metrics) => (metrics.nodes.sink?.framesIn ?? 0) >= 20, 10_000);

    run.inject({ node: 'sink', fault: 'stall', durationMs: 5000 });
    const blocked = await waitForMetrics(run, (metrics) => metrics.nodes.src?.fpsOut === 0, 4_000);
    const during = await metricsDuring(run, 1_000);
    const report = await run.finished;
    const lines = (await readFile(join(dataDir, 'out', 'stall.jsonl'), 'utf8')).trim().split('\n');
    const frameNumbers = new Set(lines.map((line) => (JSON.parse(line) as { frameNumber: number }).frameNumber));

    expect(blocked.nodes.src?.framesOut).toBeLessThan(300);
    for (const metrics of during) {
      expect(metrics.nodes.src?.framesOut).toBe(blocked.nodes.src?.framesOut);
      expect(metrics.nodes.src?.fpsOut).toBe(0);
    }
    expect(report.accounted).toBe(true);
    expect(report.edges.e1).toMatchObject({ sent: 300, received: 300, dropped: 0, inFlight: 0 });
    expect(report.edges.e2).toMatchObject({ sent: 300, received: 300, dropped: 0, inFlight: 0 });
    expect(report.nodes.sink?.framesIn).toBe(300);
    expect(frameNumbers.size).toBe(300);
  }, 30_000);

  it('keeps the frames in flight to a stalled receiver within the hwm', async () => {
    const circuit = chain(
      'dealer-router',
      node('src', 'synthetic-source', { fps: 1000 }),
      node('sink', 'null-sink'),
      20,
    );
    const run = await startRun(circuit, { dataDir });
    await waitForMetrics(run, (metrics) => (metrics.nodes.mod?.framesIn ?? 0) >= 50, 10_000);

    run.inject({ node: 'mod', fault: 'stall' });
    const blocked = await waitForMetrics(run, (metrics) => metrics.nodes.src?.fpsOut === 0, 5_000);
    const during = await metricsDuring(run, 800);
    run.clear({ node: 'mod' });
    const report = await run.stop();

    expect(blocked.edges.e1?.inFlight).toBeGreaterThan(0);
    for (const metrics of during) {
      expect(metrics.edges.e1?.inFlight).toBeLessThanOrEqual(20);
      expect(metrics.nodes.src?.framesOut).toBe(blocked.nodes.src?.framesOut);
    }
    expect(report.accounted).toBe(true);
  }, 30_000);
});

describe('real-time path', () => {
  it('keeps a live source at its pace while the sink stalls', async () => {
    const fps = 50;
    const circuit = chain('pub-sub', node('cam', 'synthetic-source', { fps, live: true }), node('sink', 'null-sink'));
    const run = await startRun(circuit, { dataDir });
    await waitForMetrics(run, (metrics) => (metrics.nodes.sink?.framesIn ?? 0) >= 10, 10_000);

    run.inject({ node: 'sink', fault: 'stall', durationMs: 3000 });
    const stalled = await waitForMetrics(run, (metrics) => metrics.nodes.sink?.fpsIn === 0, 2_000);
    const during = await metricsDuring(run, 1_000);
    const last = during.at(-1) as RunMetrics;
    const report = await run.stop();

    const seconds = (last.at - stalled.at) / 1000;
    const emitted = (last.nodes.cam?.framesOut ?? 0) - (stalled.nodes.cam?.framesOut ?? 0);
    // The source emits on a wall-clock schedule; the bounds allow for timer slack on a loaded machine.
    expect(emitted).toBeGreaterThanOrEqual(Math.floor(fps * seconds * 0.7));
    expect(emitted).toBeLessThanOrEqual(Math.ceil(fps * seconds * 1.3) + 2);
    expect(last.nodes.sink?.framesIn).toBe(stalled.nodes.sink?.framesIn);
    expect(last.edges.e2?.dropped).toBeGreaterThan(stalled.edges.e2?.dropped ?? 0);
    expect(report.accounted).toBe(true);
    expect(report.edges.e2?.droppedByReason?.hwm).toBeGreaterThan(0);
    expect(report.nodes.sink?.dropped.hwm).toBe(report.edges.e2?.droppedByReason?.hwm);
  }, 30_000);
});
