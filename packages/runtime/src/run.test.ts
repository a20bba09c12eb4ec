import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Circuit, CircuitNode, EdgePattern } from '@circuit-studio/model';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSocketDir } from './plan/endpoints.js';
import { startRun, stopAllRuns } from './start.js';
import { childWorkers, ffmpegProcesses, isAlive, node, SAMPLE_VIDEO, waitForMetrics } from './testing/helpers.js';

// These tests fork the compiled node process entry (dist/worker/main.js): build first with
// `npx tsc -b packages/runtime`.

const execFileAsync = promisify(execFile);
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'runtime-run-'));
  await mkdir(join(dataDir, 'samples'));
  await copyFile(SAMPLE_VIDEO, join(dataDir, 'samples', 'vtest.avi'));
});

afterEach(async () => {
  await stopAllRuns();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function chain(pattern: EdgePattern, source: CircuitNode, module: CircuitNode, sink: CircuitNode): Circuit {
  return {
    version: 1,
    name: `chain over ${pattern}`,
    nodes: [source, module, sink],
    edges: [
      { id: 'e1', source: source.id, target: module.id, pattern },
      { id: 'e2', source: module.id, target: sink.id, pattern },
    ],
  };
}

describe.each(['pub-sub', 'dealer-router', 'req-rep'] as const)('capacity chain over %s', (pattern) => {
  it('delivers all 200 frames', async () => {
    const circuit = chain(
      pattern,
      node('src', 'synthetic-source', { fps: 500, frames: 200, payloadBytes: 2048 }),
      node('mod', 'module', { processingMs: 1 }),
      node('sink', 'null-sink'),
    );

    const run = await startRun(circuit, { dataDir });
    const report = await run.finished;

    expect(run.state).toBe('completed');
    expect(report.accounted).toBe(true);
    for (const edgeId of ['e1', 'e2']) {
      expect(report.edges[edgeId]).toMatchObject({ sent: 200, received: 200, dropped: 0, inFlight: 0 });
    }
    expect(report.nodes.src).toMatchObject({ state: 'completed', framesOut: 200 });
    expect(report.nodes.mod).toMatchObject({ framesIn: 200, framesOut: 200, dropped: {}, errors: 0 });
    expect(report.nodes.sink).toMatchObject({ state: 'completed', framesIn: 200 });
    expect(report.nodes.sink?.latencyMs.p50).toBeGreaterThan(0);
    expect(childWorkers()).toEqual([]);
  });
});

describe('file source', () => {
  it('sends every frame of a real video to a file sink', async () => {
    const probe = await execFileAsync('ffprobe', [
      ...['-v', 'error', '-count_frames', '-select_streams', 'v:0'],
      ...['-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', join(dataDir, 'samples', 'vtest.avi')],
    ]);
    const expected = Number(probe.stdout.trim());
    const circuit = chain(
      'dealer-router',
      node('file', 'file-source', { path: 'samples/vtest.avi' }),
      node('mod', 'module', { processingMs: 0 }),
      node('out', 'file-sink', { path: 'out/frames.jsonl', writeFrames: true }),
    );

    const run = await startRun(circuit, { dataDir });
    const report = await run.finished;
    const lines = (await readFile(join(dataDir, 'out', 'frames.jsonl'), 'utf8')).trim().split('\n');
    const frames = await readdir(join(dataDir, 'out', 'frames.jsonl.frames'));

    expect(expected).toBe(795);
    expect(report.accounted).toBe(true);
    expect(report.edges.e1).toMatchObject({ sent: expected, received: expected, dropped: 0, inFlight: 0 });
    expect(report.edges.e2).toMatchObject({ sent: expected, received: expected, dropped: 0, inFlight: 0 });
    expect(report.nodes.out?.framesIn).toBe(expected);
    expect(lines).toHaveLength(expected);
    const last = JSON.parse(lines.at(-1) as string) as {
      sourceId: string;
      frameNumber: number;
      bytes: number;
      file: string;
    };
    expect(last.sourceId).toBe('file');
    expect(last.frameNumber).toBe(expected - 1);
    expect(last.file).toBe('frames.jsonl.frames/file-00000794.jpg');
    expect(frames).toHaveLength(expected);
    const image = await readFile(join(dataDir, 'out', last.file));
    expect(image.length).toBe(last.bytes);
    expect([image[0], image[1], image.at(-2), image.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
  });
});

describe('live source', () => {
  it('drops about a third at 30 fps into a 50 ms module', async () => {
    const circuit = chain(
      'pub-sub',
      node('cam', 'synthetic-source', { fps: 30, live: true }),
      node('det', 'module', { processingMs: 50 }),
      node('sink', 'null-sink'),
    );

    const run = await startRun(circuit, { dataDir });
    // About 4 s at 30 fps.
    await waitForMetrics(run, (metrics) => (metrics.edges.e1?.sent ?? 0) >= 120, 10_000);
    const report = await run.stop();
    const e1 = report.edges.e1;

    expect(run.state).toBe('stopped');
    expect(report.accounted).toBe(true);
    expect(e1?.inFlight).toBe(0);
    expect(e1?.sent).toBe((e1?.received ?? 0) + (e1?.dropped ?? 0));
    // The module takes 50 ms a frame, so it keeps at most 20 of the 30 frames a second: 1/3 dropped.
    // Timer slack lengthens each frame's time (more drops), and the frames processed while the
    // queue of 3 fills at the start and drains at the stop count as kept (fewer drops): 20% to 45%.
    const dropRate = (e1?.dropped ?? 0) / (e1?.sent ?? 1);
    expect(dropRate).toBeGreaterThan(0.2);
    expect(dropRate).toBeLessThan(0.45);
    expect(e1?.droppedByReason?.hwm).toBe(e1?.dropped);
    expect(report.nodes.det?.dropped.hwm).toBe(e1?.dropped);
    expect(report.edges.e2?.dropped).toBe(0);
  });
});

describe('memory buffer', () => {
  function buffered(source: CircuitNode, buffer: CircuitNode, first: EdgePattern): Circuit {
    return {
      version: 1,
      name: 'buffered chain',
      nodes: [source, buffer, node('mod', 'module', { processingMs: 20 }), node('sink', 'null-sink')],
      edges: [
        { id: 'e1', source: source.id, target: buffer.id, pattern: first },
        { id: 'e2', source: buffer.id, target: 'mod', pattern: 'dealer-router' },
        { id: 'e3', source: 'mod', target: 'sink', pattern: 'dealer-router' },
      ],
    };
  }

  it('drops the oldest frames when a live source outruns the module', async () => {
    const circuit = buffered(
      node('cam', 'synthetic-source', { fps: 100, live: true }),
      node('buf', 'memory-buffer', { capacity: 10, overflow: 'drop-oldest' }),
      'pub-sub',
    );

    const run = await startRun(circuit, { dataDir });
    const full = await waitForMetrics(run, (metrics) => (metrics.nodes.buf?.dropped.overflow ?? 0) >= 30, 10_000);
    const report = await run.stop();

    expect(full.nodes.buf?.queueDepth).toBeGreaterThan(0);
    expect(report.accounted).toBe(true);
    expect(report.edges.e1?.dropped).toBe(0);
    expect(report.edges.e2?.dropped).toBe(0);
    const buf = report.nodes.buf;
    expect(buf?.framesIn).toBe(report.edges.e1?.received);
    expect(buf?.framesOut).toBe((buf?.framesIn ?? 0) - (buf?.dropped.overflow ?? 0) - (buf?.dropped.timeout ?? 0));
  });

  it('loses nothing when it blocks', async () => {
    const circuit = buffered(
      node('src', 'synthetic-source', { fps: 500, frames: 120 }),
      node('buf', 'memory-buffer', { capacity: 5, overflow: 'block' }),
      'dealer-router',
    );

    const run = await startRun(circuit, { dataDir });
    const report = await run.finished;

    expect(report.accounted).toBe(true);
    expect(report.nodes.buf).toMatchObject({ framesIn: 120, framesOut: 120, dropped: {} });
    expect(report.nodes.sink?.framesIn).toBe(120);
  });
});

describe('stop', () => {
  it('leaves no processes and no ipc files', async () => {
    const circuit = chain(
      'dealer-router',
      node('src', 'synthetic-source', { fps: 200 }),
      node('mod', 'module', { processingMs: 20 }),
      node('sink', 'null-sink'),
    );
    const ipcDir = await mkdtemp(join(tmpdir(), 'runtime-ipc-'));
    const ipcFile = join(ipcDir, 'e1.ipc');
    (circuit.edges[0] as Circuit['edges'][number]).endpoint = `ipc://${ipcFile}`;

    const run = await startRun(circuit, { dataDir, runId: 'stop-mid-run', drainTimeoutMs: 300 });
    const during = await waitForMetrics(run, (metrics) => (metrics.nodes.sink?.framesIn ?? 0) >= 10, 10_000);
    // A stalled module keeps frames in flight, so the drain can only end by its timeout.
    run.inject({ node: 'mod', fault: 'stall' });
    const pids = run.workerPids().map((worker) => worker.pid);
    const ipcFileDuring = await stat(ipcFile).then((info) => info.isSocket());
    const stopping = performance.now();
    const report = await run.stop();
    const stopMs = performance.now() - stopping;

    expect(during.edges.e1?.inFlight).toBeGreaterThan(0);
    expect(pids).toHaveLength(3);
    expect(ipcFileDuring).toBe(true);
    // The drain ends after drainTimeoutMs (300 ms); then each process has 3 s to report and exit.
    expect(stopMs).toBeLessThan(300 + 3000);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(childWorkers()).toEqual([]);
    await expect(readFile(runSocketDir('stop-mid-run'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(ipcFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(report.accounted).toBe(true);
    for (const edge of Object.values(report.edges)) {
      expect(edge.inFlight).toBe(0);
      expect(edge.sent).toBe(edge.received + edge.dropped);
    }
    expect(report.edges.e1?.droppedByReason?.timeout).toBeGreaterThan(0);
    expect(Object.values(report.nodes).map((entry) => entry.state)).toEqual(['stopped', 'stopped', 'stopped']);
    await rm(ipcDir, { recursive: true, force: true });
  });

  it('ends ffmpeg when a file source stops early', async () => {
    const circuit = chain(
      'dealer-router',
      node('file', 'file-source', { path: 'samples/vtest.avi', fps: 25 }),
      node('mod', 'module', { processingMs: 0 }),
      node('sink', 'null-sink'),
    );

    const run = await startRun(circuit, { dataDir });
    await waitForMetrics(run, (metrics) => (metrics.nodes.sink?.framesIn ?? 0) >= 5, 10_000);
    const decoders = ffmpegProcesses(dataDir).length;
    const report = await run.stop();

    expect(decoders).toBe(1);
    expect(ffmpegProcesses(dataDir)).toEqual([]);
    expect(childWorkers()).toEqual([]);
    expect(report.accounted).toBe(true);
    expect(report.edges.e1?.sent).toBeLessThan(795);
  });
});
