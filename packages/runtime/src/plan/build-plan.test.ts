import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Circuit, CircuitEdge, CircuitNode } from '@circuit-studio/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeError } from '../errors.js';
import { buildRunPlan, CAPACITY_HWM, REALTIME_HWM } from './build-plan.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'runtime-plan-'));
  await mkdir(join(dataDir, 'samples'));
  await writeFile(join(dataDir, 'samples', 'clip.avi'), 'not really a video');
  await symlink('/etc', join(dataDir, 'outside'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function node(id: string, type: string, config: Record<string, unknown> = {}): CircuitNode {
  return { id, type, position: { x: 0, y: 0 }, config };
}

function circuitOf(nodes: CircuitNode[], edges: CircuitEdge[]): Circuit {
  return { version: 1, name: 'plan test', nodes, edges };
}

const chain = (edge: Partial<CircuitEdge> = {}, source = node('src', 'synthetic-source', { frames: 10 })) =>
  circuitOf(
    [source, node('mod', 'module'), node('sink', 'null-sink')],
    [
      { id: 'e1', source: 'src', target: 'mod', ...edge },
      { id: 'e2', source: 'mod', target: 'sink' },
    ],
  );

async function planError(circuit: Circuit): Promise<RuntimeError> {
  const error = await buildRunPlan(circuit, {
    dataDir,
    runId: 'plan-test',
    reportIntervalMs: 100,
    logLevel: 'warn',
  }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RuntimeError);
  return error as RuntimeError;
}

function plan(circuit: Circuit) {
  return buildRunPlan(circuit, { dataDir, runId: 'plan-test', reportIntervalMs: 100, logLevel: 'warn' });
}

describe('buildRunPlan', () => {
  it('allocates an ipc endpoint per edge in the run folder', async () => {
    const result = await plan(chain());

    const endpoints = result.edges.map((edge) => edge.links.map((link) => link.endpoint));

    expect(endpoints).toEqual([
      [`ipc://${join(tmpdir(), 'circuit-studio', 'plan-test')}/0.ipc`],
      [`ipc://${join(tmpdir(), 'circuit-studio', 'plan-test')}/1.ipc`],
    ]);
    expect(result.edges[0]?.links[0]?.pattern).toBe('dealer-router');
    expect(result.edges[0]?.links[0]?.bind).toBe('target');
  });

  it('bounds real-time links to a few frames', async () => {
    const live = node('src', 'synthetic-source', { live: true });
    const result = await plan(chain({ pattern: 'pub-sub' }, live));

    const link = result.edges[0]?.links[0];

    expect(link?.realtime).toBe(true);
    expect(link?.hwm).toBe(REALTIME_HWM);
    expect(link?.bind).toBe('source');
  });

  it('keeps the edge hwm and the capacity default', async () => {
    const result = await plan(chain({ hwm: 50, timeoutMs: 300 }));

    expect(result.edges[0]?.links[0]).toMatchObject({ hwm: 50, timeoutMs: 300, realtime: false });
    expect(result.edges[1]?.links[0]?.hwm).toBe(CAPACITY_HWM);
  });

  it('gives each replica pair its own link', async () => {
    const circuit = chain();
    (circuit.nodes[1] as CircuitNode).config = { replicas: 3 };

    const result = await plan(circuit);

    expect(result.edges[0]?.links.map((link) => link.receiverReplica)).toEqual([0, 1, 2]);
    expect(result.edges[1]?.links.map((link) => link.senderReplica)).toEqual([0, 1, 2]);
    expect(result.nodes.find((entry) => entry.nodeId === 'mod')?.processes).toHaveLength(3);
  });

  it('resolves a file source inside the data folder', async () => {
    const source = node('src', 'file-source', { path: 'samples/clip.avi' });
    const result = await plan(chain({}, source));

    expect(result.nodes[0]?.processes[0]?.filePath).toBe(join(dataDir, 'samples', 'clip.avi'));
  });

  it('rejects an unsupported node type', async () => {
    const circuit = chain();
    circuit.nodes.push(node('kafka', 'kafka-queue'));

    const error = await planError(circuit);

    expect(error.code).toBe('RUNTIME_UNSUPPORTED_NODE_TYPE');
    expect(error.message).toContain('kafka');
    expect(error.message).toContain('kafka-queue');
  });

  it('rejects an unknown node type', async () => {
    const circuit = chain();
    circuit.nodes.push(node('odd', 'teleporter'));

    const error = await planError(circuit);

    expect(error.code).toBe('RUNTIME_UNSUPPORTED_NODE_TYPE');
  });

  it('rejects invalid config', async () => {
    const error = await planError(chain({}, node('src', 'synthetic-source', { fps: -1 })));

    expect(error.code).toBe('RUNTIME_INVALID_CIRCUIT');
    expect(error.message).toContain('nodes[0].config.fps');
  });

  it.each([
    ['../../etc/passwd', 'RUNTIME_PATH_ESCAPE'],
    ['/etc/passwd', 'RUNTIME_PATH_ESCAPE'],
    ['outside/passwd', 'RUNTIME_PATH_ESCAPE'],
    ['samples/missing.avi', 'RUNTIME_FILE_NOT_FOUND'],
  ])('rejects file source path %s', async (path, code) => {
    const error = await planError(chain({}, node('src', 'file-source', { path })));

    expect(error.code).toBe(code);
    expect(error.message).toContain(path);
  });

  it('rejects a file sink path outside the data folder', async () => {
    const circuit = chain();
    circuit.nodes[2] = node('sink', 'file-sink', { path: '../escape.jsonl' });

    const error = await planError(circuit);

    expect(error.code).toBe('RUNTIME_PATH_ESCAPE');
  });

  it.each(['ipc:///var/run/frames.ipc', 'tcp://0.0.0.0:5555', 'tcp://*:5555', 'tcp://10.1.2.3:5555'])(
    'rejects endpoint %s',
    async (endpoint) => {
      const error = await planError(chain({ endpoint }));

      expect(error.code).toBe('RUNTIME_ENDPOINT_REJECTED');
      expect(error.message).toContain('e1');
    },
  );

  it('rejects an ipc endpoint with ..', async () => {
    const error = await planError(chain({ endpoint: 'ipc:///tmp/../etc/frames.ipc' }));

    expect(error.code).toBe('RUNTIME_INVALID_CIRCUIT');
    expect(error.message).toContain('edges[0].endpoint');
  });

  it('accepts loopback and temp-folder endpoints', async () => {
    const ipc = `ipc://${join(tmpdir(), 'cs-test', 'e1.ipc')}`;

    const result = await plan(chain({ endpoint: ipc }));
    const tcp = await plan(chain({ endpoint: 'tcp://127.0.0.1:45871' }));

    expect(result.edges[0]?.links[0]?.endpoint).toBe(ipc);
    expect(result.circuitIpcFiles).toEqual([join(tmpdir(), 'cs-test', 'e1.ipc')]);
    expect(tcp.edges[0]?.links[0]?.endpoint).toBe('tcp://127.0.0.1:45871');
  });

  it('rejects an endpoint used by two edges', async () => {
    const circuit = chain({ endpoint: 'tcp://127.0.0.1:45872' });
    (circuit.edges[1] as CircuitEdge).endpoint = 'tcp://127.0.0.1:45872';

    const error = await planError(circuit);

    expect(error.code).toBe('RUNTIME_ENDPOINT_CONFLICT');
  });

  it('rejects an endpoint on an edge into replicas', async () => {
    const circuit = chain({ endpoint: 'tcp://127.0.0.1:45873' });
    (circuit.nodes[1] as CircuitNode).config = { replicas: 2 };

    const error = await planError(circuit);

    expect(error.code).toBe('RUNTIME_ENDPOINT_REJECTED');
    expect(error.message).toContain('remove the endpoint');
  });

  it('rejects a cycle', async () => {
    const circuit = circuitOf(
      [node('src', 'synthetic-source'), node('a', 'module'), node('b', 'module')],
      [
        { id: 'e1', source: 'src', target: 'a' },
        { id: 'e2', source: 'a', target: 'b' },
        { id: 'e3', source: 'b', target: 'a' },
      ],
    );

    const error = await planError(circuit);

    expect(error.code).toBe('RUNTIME_BAD_STRUCTURE');
    expect(error.message).toContain('a -> b -> a');
  });

  it('rejects a sink with outputs', async () => {
    const circuit = circuitOf(
      [node('src', 'synthetic-source'), node('sink', 'null-sink'), node('mod', 'module')],
      [
        { id: 'e1', source: 'src', target: 'sink' },
        { id: 'e2', source: 'sink', target: 'mod' },
      ],
    );

    const error = await planError(circuit);

    expect(error.code).toBe('RUNTIME_BAD_STRUCTURE');
  });

  it('rejects a run id that is not a safe folder name', async () => {
    const error = await buildRunPlan(chain(), {
      dataDir,
      runId: '../x',
      reportIntervalMs: 100,
      logLevel: 'warn',
    }).catch((caught: unknown) => caught);

    expect((error as RuntimeError).code).toBe('RUNTIME_BAD_OPTION');
  });

  it('rejects a data folder that does not exist', async () => {
    const error = await buildRunPlan(chain(), {
      dataDir: join(dataDir, 'nope'),
      runId: 'plan-test',
      reportIntervalMs: 100,
      logLevel: 'warn',
    }).catch((caught: unknown) => caught);

    expect((error as RuntimeError).code).toBe('RUNTIME_DATA_DIR_NOT_FOUND');
  });
});
