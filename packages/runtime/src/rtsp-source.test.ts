import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Circuit } from '@circuit-studio/model';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRun, stopAllRuns } from './start.js';
import type { Run } from './supervisor/run.js';
import { childWorkers, node, waitForMetrics, waitForStatus } from './testing/helpers.js';
import { freePort, type RtspCamera, startRtspCamera } from './testing/rtsp-camera.js';
import type { RunMetrics, RunStatus } from './types.js';

// These tests fork the compiled node process entry (dist/worker/main.js): build first with
// `npx tsc -b packages/runtime`. The camera is GStreamer's RTSP server run by scripts/rtsp-camera.py.

const FPS = 25;
let dataDir: string;
const cameras: RtspCamera[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'runtime-rtsp-'));
});

afterEach(async () => {
  await stopAllRuns();
  const started = cameras.splice(0);
  await Promise.all(started.map((camera) => camera.kill()));
  expect(await stillRunning(started.map((camera) => camera.pid))).toEqual([]);
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function camera(port?: number): Promise<RtspCamera> {
  const started = await startRtspCamera(port ?? (await freePort()), FPS);
  cameras.push(started);
  return started;
}

function cameraChain(url: string, processingMs: number, timeoutMs: number, transport = 'tcp'): Circuit {
  return {
    version: 1,
    name: 'camera chain',
    nodes: [
      node('cam', 'rtsp-source', { url, fps: FPS, timeoutMs, transport }),
      node('det', 'module', { processingMs }),
      node('sink', 'null-sink'),
    ],
    edges: [
      { id: 'e1', source: 'cam', target: 'det', pattern: 'pub-sub' },
      { id: 'e2', source: 'det', target: 'sink', pattern: 'pub-sub' },
    ],
  };
}

/** Returns the ids of the processes whose parent is `parentPid` and whose command is ffmpeg. */
function ffmpegChildren(parentPid: number): number[] {
  const output = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, command]) => Number(ppid) === parentPid && command === 'ffmpeg')
    .map(([pid]) => Number(pid));
}

/** Returns a process's argument vector, or an empty list once it is gone. */
function argumentsOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  } catch {
    return [];
  }
}

/** Returns true while the process exists and is not a zombie waiting for its parent. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Waits up to 3 s for the processes to end, and returns those still running. */
async function stillRunning(pids: number[]): Promise<number[]> {
  for (let attempt = 0; attempt < 60 && pids.some(running); attempt++) await sleep(50);
  return pids.filter(running);
}

function sourcePid(run: Run): number {
  const pid = run.workerPids().find((entry) => entry.nodeId === 'cam')?.pid;
  if (pid === undefined) throw new Error('the rtsp-source node has no running process');
  return pid;
}

/** Waits until `ms` have passed by the clock of the metrics events, and returns the last one. */
function metricsAfter(run: Run, since: RunMetrics, ms: number): Promise<RunMetrics> {
  return waitForMetrics(run, (metrics) => metrics.at - since.at >= ms, ms + 10_000);
}

/** Waits for the first frame out of the source. The test camera takes about a second to start. */
function firstFrame(run: Run): Promise<RunMetrics> {
  return waitForMetrics(run, (metrics) => (metrics.edges.e1?.sent ?? 0) > 0, 20_000);
}

function sourceStatus(run: Run, state: RunStatus['state'], timeoutMs: number): Promise<RunStatus> {
  return waitForStatus(run, (status) => status.nodeId === 'cam' && status.state === state, timeoutMs);
}

/** Frames per second sent on edge e1 between two metrics events. */
function sendRate(start: RunMetrics, end: RunMetrics): number {
  return ((end.edges.e1?.sent ?? 0) - (start.edges.e1?.sent ?? 0)) / ((end.at - start.at) / 1000);
}

describe('rtsp source', () => {
  it.each(['tcp', 'udp'] as const)('emits frames at the camera pace over %s', async (transport) => {
    const live = await camera();
    const run = await startRun(cameraChain(live.url, 5, 2000, transport), { dataDir });

    const start = await firstFrame(run);
    const ffmpeg = ffmpegChildren(sourcePid(run));
    const ffmpegArgs = argumentsOf(ffmpeg[0] ?? 0);
    const end = await metricsAfter(run, start, 4000);
    const report = await run.stop();

    expect(ffmpeg).toHaveLength(1);
    expect(ffmpegArgs[ffmpegArgs.indexOf('-i') + 1]).toBe(live.url);
    expect(ffmpegArgs[ffmpegArgs.indexOf('-rtsp_transport') + 1]).toBe(transport);
    expect(ffmpegArgs[ffmpegArgs.indexOf('-timeout') + 1]).toBe('2000000');
    // The camera sends 25 frames a second by GStreamer's clock.
    const rate = sendRate(start, end);
    expect(rate).toBeGreaterThan(FPS * 0.75);
    expect(rate).toBeLessThan(FPS * 1.25);
    expect(report.accounted).toBe(true);
    expect(report.edges.e1?.inFlight).toBe(0);
    expect(report.edges.e2?.received).toBeGreaterThan(FPS * 3);
    expect(report.nodes.sink?.framesIn).toBe(report.edges.e2?.received);
    expect(report.nodes.cam?.errors).toBe(0);
    // End to end, from the image leaving ffmpeg to the sink, through a 5 ms module.
    expect(report.nodes.sink?.latencyMs.p50).toBeGreaterThan(0);
    expect(report.nodes.sink?.latencyMs.p95).toBeLessThan(250);
    expect(await stillRunning(ffmpeg)).toEqual([]);
    expect(childWorkers()).toEqual([]);
  });

  it('keeps the camera pace before a slow module', async () => {
    const live = await camera();
    const run = await startRun(cameraChain(live.url, 100, 2000), { dataDir });

    const start = await firstFrame(run);
    const end = await metricsAfter(run, start, 4000);
    const report = await run.stop();
    const e1 = report.edges.e1;

    expect(sendRate(start, end)).toBeGreaterThan(FPS * 0.75);
    expect(report.accounted).toBe(true);
    expect(e1?.inFlight).toBe(0);
    expect(e1?.sent).toBe((e1?.received ?? 0) + (e1?.dropped ?? 0));
    // The module takes 100 ms a frame, so it keeps about 10 of the 25 frames a second.
    const dropRate = (e1?.dropped ?? 0) / (e1?.sent ?? 1);
    expect(dropRate).toBeGreaterThan(0.4);
    expect(dropRate).toBeLessThan(0.8);
    expect(e1?.droppedByReason?.hwm).toBe(e1?.dropped);
    // A burst of frames from ffmpeg can fill the sending socket too, so both ends count hwm drops.
    expect((report.nodes.cam?.dropped.hwm ?? 0) + (report.nodes.det?.dropped.hwm ?? 0)).toBe(e1?.dropped);
  });

  it('reports a lost camera and resumes when it returns', async () => {
    const port = await freePort();
    const first = await camera(port);
    const run = await startRun(cameraChain(first.url, 5, 1000), { dataDir });
    const statuses: RunStatus[] = [];
    run.on('status', (status: RunStatus) => statuses.push(status));
    await firstFrame(run);

    const lost = sourceStatus(run, 'restarting', 10_000);
    await first.kill();
    const loss = await lost;
    const sentBefore = run.latestMetrics().edges.e1?.sent ?? 0;
    const resumed = sourceStatus(run, 'running', 20_000);
    await camera(port);
    const resume = await resumed;
    await waitForMetrics(run, (metrics) => (metrics.edges.e1?.sent ?? 0) >= sentBefore + FPS, 10_000);
    const report = await run.stop();

    expect(loss.message).toContain(`lost the stream of ${first.url}: `);
    expect(loss.message).toMatch(/; reconnecting in \d+ ms$/);
    expect(resume.message).toContain(`receiving frames from ${first.url} again`);
    expect(report.nodes.cam?.errors).toBeGreaterThanOrEqual(1);
    expect(report.accounted).toBe(true);
    expect(report.edges.e1?.inFlight).toBe(0);
    expect(statuses.filter((status) => status.nodeId === 'cam' && status.state === 'failed')).toEqual([]);
  });

  it('reports a camera that stops sending within the timeout', async () => {
    const live = await camera();
    const timeoutMs = 1000;
    const run = await startRun(cameraChain(live.url, 5, timeoutMs), { dataDir });
    await firstFrame(run);

    const stalled = sourceStatus(run, 'restarting', 10_000);
    // A stopped server keeps its connections open but sends nothing, like a hung camera.
    process.kill(live.pid, 'SIGSTOP');
    const stoppedAt = performance.now();
    const stall = await stalled;
    const detectedMs = performance.now() - stoppedAt;
    const resumed = sourceStatus(run, 'running', 20_000);
    process.kill(live.pid, 'SIGCONT');
    const resume = await resumed;
    const report = await run.stop();

    expect(stall.message).toContain(`lost the stream of ${live.url}: no frame within ${timeoutMs} ms`);
    expect(detectedMs).toBeGreaterThan(timeoutMs - 200);
    expect(detectedMs).toBeLessThan(timeoutMs + 2000);
    expect(resume.message).toContain(`receiving frames from ${live.url} again`);
    expect(report.accounted).toBe(true);
  });

  it.each([
    { end: 'the kill fault', kill: (run: Run) => run.inject({ node: 'cam', fault: 'kill' }) },
    { end: 'SIGKILL', kill: (run: Run) => process.kill(sourcePid(run), 'SIGKILL') },
  ])('ends ffmpeg when $end ends the node process', async ({ kill }) => {
    const live = await camera();
    const run = await startRun(cameraChain(live.url, 5, 2000), { dataDir });
    await firstFrame(run);
    const oldWorker = sourcePid(run);
    const oldFfmpeg = ffmpegChildren(oldWorker);

    kill(run);
    await sourceStatus(run, 'restarting', 10_000);
    const sentBefore = run.latestMetrics().edges.e1?.sent ?? 0;
    await waitForMetrics(run, (metrics) => (metrics.edges.e1?.sent ?? 0) >= sentBefore + FPS, 20_000);
    const newFfmpeg = ffmpegChildren(sourcePid(run));
    const report = await run.stop();

    expect(oldFfmpeg).toHaveLength(1);
    expect(await stillRunning([oldWorker, ...oldFfmpeg])).toEqual([]);
    expect(newFfmpeg).toHaveLength(1);
    expect(await stillRunning(newFfmpeg)).toEqual([]);
    expect(report.nodes.cam?.restarts).toBe(1);
    expect(report.accounted).toBe(true);
    expect(childWorkers()).toEqual([]);
  });

  describe('camera that cannot be read', () => {
    let silent: Server | undefined;
    const connections: Socket[] = [];

    afterEach(async () => {
      for (const socket of connections.splice(0)) socket.destroy();
      await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
      silent = undefined;
    });

    /** Listens on a free port and accepts connections but never sends a byte, like a hung camera. */
    async function silentServer(): Promise<number> {
      const port = await freePort();
      const server = createServer((socket) => void connections.push(socket));
      silent = server;
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      return port;
    }

    it('fails the node when ffmpeg cannot run', async () => {
      const ffmpegPath = process.env.FFMPEG_PATH;
      process.env.FFMPEG_PATH = join(dataDir, 'no-ffmpeg');
      let run: Run;
      try {
        run = await startRun(cameraChain(`rtsp://127.0.0.1:${await freePort()}/camera`, 5, 1500), { dataDir });
      } finally {
        if (ffmpegPath === undefined) delete process.env.FFMPEG_PATH;
        else process.env.FFMPEG_PATH = ffmpegPath;
      }
      const statuses: RunStatus[] = [];
      run.on('status', (status: RunStatus) => statuses.push(status));

      const failure = await sourceStatus(run, 'failed', 10_000);
      const report = await run.finished;

      expect(failure.message).toContain('could not run ffmpeg to read rtsp://127.0.0.1:');
      expect(failure.message).toContain(join(dataDir, 'no-ffmpeg'));
      expect(statuses.filter((status) => status.nodeId === 'cam' && status.state === 'restarting')).toEqual([]);
      expect(run.state).toBe('failed');
      expect(report.nodes.cam?.state).toBe('failed');
      expect(report.accounted).toBe(true);
    });

    it('hides the camera password in messages', async () => {
      const port = await freePort();
      const run = await startRun(cameraChain(`rtsp://admin:secret@127.0.0.1:${port}/camera`, 5, 1500), { dataDir });

      const status = await sourceStatus(run, 'restarting', 10_000);
      await run.stop();

      expect(status.message).toContain(`cannot read rtsp://admin:***@127.0.0.1:${port}/camera: `);
      expect(status.message).not.toContain('secret');
    });

    it.each([
      { camera: 'a closed port', port: () => freePort(), reason: /: Connection refused after \d+ ms;/ },
      { camera: 'a server that never answers', port: silentServer, reason: /: .+ after \d+ ms;/ },
    ])('reports $camera within the timeout', async ({ port, reason }) => {
      const timeoutMs = 1500;
      const url = `rtsp://127.0.0.1:${await port()}/camera`;
      const run = await startRun(cameraChain(url, 5, timeoutMs), { dataDir });
      const started = performance.now();

      const status = await sourceStatus(run, 'restarting', timeoutMs + 5000);
      const elapsedMs = performance.now() - started;
      const worker = sourcePid(run);
      const report = await run.stop();

      expect(status.message).toContain(`cannot read ${url}`);
      expect(status.message).toMatch(reason);
      expect(elapsedMs).toBeLessThan(timeoutMs + 2000);
      expect(report.accounted).toBe(true);
      expect(report.edges.e1?.sent).toBe(0);
      expect(report.nodes.cam?.errors).toBeGreaterThanOrEqual(1);
      expect(ffmpegChildren(worker)).toEqual([]);
    });
  });
});
