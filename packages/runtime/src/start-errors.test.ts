import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Circuit, CircuitNode, RunReport } from '@circuit-studio/model';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeError } from './errors.js';
import { runSocketDir } from './plan/endpoints.js';
import { startRun, stopAllRuns } from './start.js';
import { childWorkers, isAlive, node, SAMPLE_VIDEO } from './testing/helpers.js';
import type { RunStatus } from './types.js';

// These tests fork the compiled node process entry (dist/worker/main.js): build first with
// `npx tsc -b packages/runtime`.

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'runtime-errors-'));
  await mkdir(join(dataDir, 'samples'));
  await writeFile(join(dataDir, 'samples', 'notes.avi'), 'these are notes, not a video\n');
  const video = await readFile(SAMPLE_VIDEO);
  await writeFile(join(dataDir, 'samples', 'cut.avi'), video.subarray(0, Math.floor(video.length / 3)));
  await copyFile(SAMPLE_VIDEO, join(dataDir, 'samples', 'vtest.avi'));
});

afterEach(async () => {
  await stopAllRuns();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function fileChain(source: CircuitNode, extra: Partial<Circuit> = {}): Circuit {
  return {
    version: 1,
    name: 'file chain',
    nodes: [source, node('sink', 'null-sink')],
    edges: [{ id: 'e1', source: source.id, target: 'sink', pattern: 'dealer-router' }],
    ...extra,
  };
}

async function startError(circuit: Circuit, runId: string): Promise<RuntimeError> {
  const error = await startRun(circuit, { dataDir, runId }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RuntimeError);
  return error as RuntimeError;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('startRun rejections', () => {
  it('rejects a path that escapes the data folder', async () => {
    const error = await startError(fileChain(node('file', 'file-source', { path: '../../etc/passwd' })), 'escape');

    expect(error.code).toBe('RUNTIME_PATH_ESCAPE');
    expect(error.message).toContain('../../etc/passwd');
    expect(error.message).toContain('node file');
    expect(childWorkers()).toEqual([]);
    expect(await exists(runSocketDir('escape'))).toBe(false);
  });

  it('rejects a missing file', async () => {
    const error = await startError(fileChain(node('file', 'file-source', { path: 'samples/gone.avi' })), 'missing');

    expect(error.code).toBe('RUNTIME_FILE_NOT_FOUND');
    expect(error.message).toContain('samples/gone.avi');
    expect(childWorkers()).toEqual([]);
    expect(await exists(runSocketDir('missing'))).toBe(false);
  });

  it('rejects an unsupported node type', async () => {
    const circuit = fileChain(node('src', 'synthetic-source', { frames: 5 }));
    circuit.nodes.push(node('store', 'mongodb-sink'));
    circuit.edges.push({ id: 'e2', source: 'src', target: 'store' });

    const error = await startError(circuit, 'unsupported');

    expect(error.code).toBe('RUNTIME_UNSUPPORTED_NODE_TYPE');
    expect(error.message).toContain('node store');
    expect(error.message).toContain('mongodb-sink');
    expect(childWorkers()).toEqual([]);
  });

  it.each([
    { problem: 'a NUL', runId: 'rtsp-nul', url: 'rtsp://admin:secret@127.0.0.1:8554/cam\u0000era' },
    { problem: 'a port above 65535', runId: 'rtsp-port', url: 'rtsp://admin:secret@127.0.0.1:99999/camera' },
  ])('rejects an RTSP URL with $problem', async ({ runId, url }) => {
    const circuit = fileChain(node('cam', 'rtsp-source', { url }));

    const error = await startError(circuit, runId);

    expect(error.code).toBe('RUNTIME_INVALID_CIRCUIT');
    expect(error.message).toContain('nodes[0].config.url');
    expect(error.message).not.toContain('secret');
    expect(childWorkers()).toEqual([]);
  });

  describe('with a port taken by another program', () => {
    let server: Server;
    let port: number;

    beforeAll(async () => {
      // Connections are dropped at once: the test only needs the port to be taken.
      server = createServer((connection) => connection.destroy());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('fails the start and ends every process', async () => {
      const circuit = fileChain(node('src', 'synthetic-source', { frames: 5 }));
      (circuit.edges[0] as Circuit['edges'][number]).endpoint = `tcp://127.0.0.1:${port}`;

      const error = await startError(circuit, 'port-taken');

      expect(error.code).toBe('RUNTIME_START_FAILED');
      expect(error.message).toContain('node sink');
      expect(error.message).toContain(`127.0.0.1:${port}`);
      expect(childWorkers()).toEqual([]);
      expect(await exists(runSocketDir('port-taken'))).toBe(false);
    });
  });
});

describe('stopAllRuns', () => {
  it('stops a run that is still starting', async () => {
    const starting = startRun(fileChain(node('src', 'synthetic-source', { fps: 10 })), {
      dataDir,
      runId: 'early-stop',
    });
    const outcome = starting.then(
      () => 'started',
      (error: unknown) => (error as RuntimeError).code,
    );

    // Yield until the plan is built and the processes are forked, so the stop finds the run.
    for (let attempt = 0; attempt < 500 && childWorkers().length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await stopAllRuns();

    expect(await outcome).toBe('RUNTIME_START_FAILED');
    expect(childWorkers()).toEqual([]);
    expect(await exists(runSocketDir('early-stop'))).toBe(false);
  });
});

describe('stopAllRuns with running runs', () => {
  it('ends every process of every run', async () => {
    const endless = fileChain(node('src', 'synthetic-source', { fps: 50 }));
    const runs = await Promise.all([
      startRun(endless, { dataDir, runId: 'stop-all-a' }),
      startRun(endless, { dataDir, runId: 'stop-all-b' }),
    ]);
    const pids = runs.flatMap((run) => run.workerPids().map((worker) => worker.pid));

    await stopAllRuns();

    expect(pids).toHaveLength(4);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(runs.map((run) => run.state)).toEqual(['stopped', 'stopped']);
    expect(await exists(runSocketDir('stop-all-a'))).toBe(false);
    expect(await exists(runSocketDir('stop-all-b'))).toBe(false);
  });
});

describe('file source failures', () => {
  async function runToEnd(path: string): Promise<{ statuses: RunStatus[]; state: string; report: RunReport }> {
    const started = await startRun(fileChain(node('file', 'file-source', { path })), { dataDir });
    const statuses: RunStatus[] = [];
    started.on('status', (status: RunStatus) => statuses.push(status));
    const report = await started.finished;
    return { statuses, state: started.state, report };
  }

  it('fails the node on a file that is not a video', async () => {
    const { statuses, state, report } = await runToEnd('samples/notes.avi');

    const failure = statuses.find((status) => status.nodeId === 'file' && status.state === 'failed');
    expect(failure?.message).toContain('samples/notes.avi');
    expect(state).toBe('failed');
    expect(report.nodes.file?.state).toBe('failed');
    expect(report.nodes.sink?.state).toBe('completed');
    expect(report.accounted).toBe(true);
    expect(childWorkers()).toEqual([]);
  });

  it('fails the node on a truncated video after its frames', async () => {
    const { statuses, state, report } = await runToEnd('samples/cut.avi');

    const failure = statuses.find((status) => status.nodeId === 'file' && status.state === 'failed');
    expect(failure?.message).toMatch(/samples\/cut\.avi is truncated: decoded \d+ of the 795 frames/);
    expect(state).toBe('failed');
    expect(report.edges.e1?.received).toBeGreaterThan(0);
    expect(report.edges.e1?.received).toBeLessThan(795);
    expect(report.accounted).toBe(true);
    expect(childWorkers()).toEqual([]);
  });

  it('logs why the node failed', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const started = await startRun(fileChain(node('file', 'file-source', { path: 'samples/cut.avi' })), {
      dataDir,
      logger,
    });
    await started.finished;

    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const failure = records.find((record) => record.nodeId === 'file' && record.msg === 'node failed');
    expect(started.state).toBe('failed');
    expect(failure?.level).toBe(50);
    expect(failure?.reason).toMatch(/samples\/cut\.avi is truncated: decoded \d+ of the 795 frames/);
  });
});
