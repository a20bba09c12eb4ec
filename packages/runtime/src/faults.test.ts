import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Circuit, CircuitNode, EdgePattern } from '@circuit-studio/model';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeError } from './errors.js';
import { startRun, stopAllRuns } from './start.js';
import { childWorkers, node, waitForMetrics } from './testing/helpers.js';
import type { RunStatus } from './types.js';

// These tests fork the compiled node process entry (dist/worker/main.js): build first with
// `npx tsc -b packages/runtime`.

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'runtime-faults-'));
});

afterEach(async () => {
  await stopAllRuns();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function chain(pattern: EdgePattern, source: CircuitNode, module: CircuitNode): Circuit {
  return {
    version: 1,
    name: 'fault chain',
    nodes: [source, module, node('sink', 'null-sink')],
    edges: [
      { id: 'e1', source: source.id, target: module.id, pattern },
      { id: 'e2', source: module.id, target: 'sink', pattern },
    ],
  };
}

// Over dealer-router the sender keeps its frames queued while the module restarts, so the kill may
// cost no frame. Over pub-sub, frames published while no module subscribes reach no one.
describe.each([
  { pattern: 'dealer-router', maxReceived: 400 },
  { pattern: 'pub-sub', maxReceived: 399 },
] as const)('killed module over $pattern', ({ pattern, maxReceived }) => {
  it('restarts and counts the frames it lost', async () => {
    const circuit = chain(
      pattern,
      node('src', 'synthetic-source', { fps: 200, frames: 400 }),
      node('mod', 'module', { processingMs: 3 }),
    );
    const run = await startRun(circuit, { dataDir });
    const statuses: RunStatus[] = [];
    run.on('status', (status: RunStatus) => statuses.push(status));

    await waitForMetrics(run, (metrics) => (metrics.nodes.sink?.framesIn ?? 0) >= 50, 10_000);
    run.inject({ node: 'mod', fault: 'kill' });
    const report = await run.finished;

    expect(statuses.find((status) => status.nodeId === 'mod' && status.state === 'restarting')?.message).toContain(
      'SIGKILL',
    );
    expect(run.state).toBe('completed');
    expect(report.accounted).toBe(true);
    expect(report.nodes.mod?.restarts).toBe(1);
    const e1 = report.edges.e1;
    expect(e1?.sent).toBe(400);
    expect(e1?.received).toBeLessThanOrEqual(maxReceived);
    expect(e1?.dropped).toBe(400 - (e1?.received ?? 0));
    expect(report.nodes.mod?.framesIn).toBe(e1?.received);
    expect(report.nodes.mod?.framesOut).toBe(report.edges.e2?.sent);
    expect(report.edges.e2?.received).toBe(report.edges.e2?.sent);
    expect(childWorkers()).toEqual([]);
  });
});

describe('edge cut', () => {
  it('drops frames on a real-time edge while cut', async () => {
    const circuit = chain(
      'pub-sub',
      node('cam', 'synthetic-source', { fps: 50, live: true }),
      node('det', 'module', { processingMs: 1 }),
    );
    const run = await startRun(circuit, { dataDir });
    await waitForMetrics(run, (metrics) => (metrics.edges.e1?.received ?? 0) >= 10, 10_000);

    run.inject({ edge: 'e1', fault: 'cut', durationMs: 600 });
    const cut = await waitForMetrics(run, (metrics) => (metrics.edges.e1?.droppedByReason?.error ?? 0) >= 10, 10_000);
    const resumed = await waitForMetrics(
      run,
      (metrics) => (metrics.edges.e1?.received ?? 0) >= (cut.edges.e1?.received ?? 0) + 10,
      10_000,
    );
    const report = await run.stop();

    expect(resumed.edges.e1?.droppedByReason?.error).toBeLessThan(60);
    expect(report.accounted).toBe(true);
    expect(report.edges.e1?.droppedByReason?.error).toBeGreaterThanOrEqual(10);
    expect(report.nodes.cam?.dropped.error).toBe(report.edges.e1?.droppedByReason?.error);
  });

  it('holds back a capacity edge until cleared, losing nothing', async () => {
    const circuit = chain(
      'dealer-router',
      node('src', 'synthetic-source', { fps: 200, frames: 300 }),
      node('mod', 'module', { processingMs: 0 }),
    );
    const run = await startRun(circuit, { dataDir });
    await waitForMetrics(run, (metrics) => (metrics.edges.e1?.received ?? 0) >= 20, 10_000);

    run.inject({ edge: 'e1', fault: 'cut' });
    const blocked = await waitForMetrics(run, (metrics) => metrics.nodes.src?.fpsOut === 0, 10_000);
    run.clear({ edge: 'e1' });
    const report = await run.finished;

    expect(blocked.edges.e1?.sent).toBeLessThan(300);
    expect(report.accounted).toBe(true);
    expect(report.edges.e1).toMatchObject({ sent: 300, received: 300, dropped: 0 });
  });
});

describe('node faults', () => {
  it('adds latency until cleared', async () => {
    const circuit = chain(
      'dealer-router',
      node('src', 'synthetic-source', { fps: 50 }),
      node('mod', 'module', { processingMs: 1 }),
    );
    const run = await startRun(circuit, { dataDir });
    await waitForMetrics(run, (metrics) => (metrics.nodes.mod?.framesIn ?? 0) >= 10, 10_000);

    run.inject({ node: 'mod', fault: 'latency', value: 80 });
    const slow = await waitForMetrics(run, (metrics) => (metrics.nodes.mod?.latencyMs.p50 ?? 0) >= 80, 10_000);
    run.clear({ node: 'mod' });
    const fast = await waitForMetrics(run, (metrics) => (metrics.nodes.mod?.latencyMs.p95 ?? 100) < 40, 10_000);
    const report = await run.stop();

    expect(slow.nodes.mod?.latencyMs.p50).toBeGreaterThanOrEqual(80);
    expect(fast.nodes.mod?.latencyMs.p95).toBeLessThan(40);
    expect(report.accounted).toBe(true);
  });

  it('fails a fraction of frames', async () => {
    const circuit = chain(
      'dealer-router',
      node('src', 'synthetic-source', { fps: 100 }),
      node('mod', 'module', { processingMs: 0 }),
    );
    const run = await startRun(circuit, { dataDir });
    await waitForMetrics(run, (metrics) => (metrics.nodes.mod?.framesIn ?? 0) >= 5, 10_000);

    run.inject({ node: 'mod', fault: 'fail', value: 1 });
    const failing = await waitForMetrics(run, (metrics) => (metrics.nodes.mod?.errors ?? 0) >= 20, 10_000);
    const report = await run.stop();

    expect(failing.nodes.mod?.dropped.error).toBe(failing.nodes.mod?.errors);
    expect(report.nodes.mod?.framesOut).toBe((report.nodes.mod?.framesIn ?? 0) - (report.nodes.mod?.errors ?? 0));
    expect(report.accounted).toBe(true);
  });

  it('stalls a module, which holds back a capacity source', async () => {
    const circuit = chain(
      'dealer-router',
      node('src', 'synthetic-source', { fps: 100, frames: 150 }),
      node('mod', 'module', { processingMs: 0 }),
    );
    const run = await startRun(circuit, { dataDir });
    await waitForMetrics(run, (metrics) => (metrics.nodes.sink?.framesIn ?? 0) >= 5, 10_000);

    run.inject({ node: 'mod', fault: 'stall', durationMs: 500 });
    const stalled = await waitForMetrics(run, (metrics) => metrics.nodes.sink?.fpsIn === 0, 10_000);
    const report = await run.finished;

    expect(stalled.edges.e1?.inFlight).toBeGreaterThan(0);
    expect(report.edges.e2).toMatchObject({ sent: 150, received: 150, dropped: 0 });
  });

  it('rejects a fault on an unknown target or of the wrong kind', async () => {
    const circuit = chain('dealer-router', node('src', 'synthetic-source', { fps: 10 }), node('mod', 'module'));
    const run = await startRun(circuit, { dataDir });

    const codeOf = (action: () => void) => {
      try {
        action();
      } catch (error) {
        return (error as RuntimeError).code;
      }
      return 'no error';
    };

    expect(codeOf(() => run.inject({ node: 'ghost', fault: 'stall' }))).toBe('RUNTIME_UNKNOWN_NODE');
    expect(codeOf(() => run.inject({ edge: 'ghost', fault: 'cut' }))).toBe('RUNTIME_UNKNOWN_EDGE');
    expect(codeOf(() => run.inject({ edge: 'e1', fault: 'stall' }))).toBe('RUNTIME_BAD_FAULT');
    expect(codeOf(() => run.inject({ node: 'mod', fault: 'latency' }))).toBe('RUNTIME_BAD_FAULT');
    expect(codeOf(() => run.clear({ node: 'ghost' }))).toBe('RUNTIME_UNKNOWN_NODE');
    await run.stop();
    expect(codeOf(() => run.inject({ node: 'mod', fault: 'stall' }))).toBe('RUNTIME_NOT_RUNNING');
    expect(RuntimeError.name).toBe('RuntimeError');
  });
});

describe('replicas', () => {
  it('share the input of a module', async () => {
    const circuit = chain(
      'dealer-router',
      node('src', 'synthetic-source', { fps: 300, frames: 240 }),
      node('mod', 'module', { processingMs: 10, replicas: 3 }),
    );
    const run = await startRun(circuit, { dataDir });
    const workers = childWorkers().length;
    const report = await run.finished;

    expect(workers).toBe(5);
    expect(report.accounted).toBe(true);
    expect(report.edges.e1).toMatchObject({ sent: 240, received: 240, dropped: 0 });
    expect(report.edges.e2).toMatchObject({ sent: 240, received: 240, dropped: 0 });
    expect(report.nodes.sink?.framesIn).toBe(240);
  });
});
