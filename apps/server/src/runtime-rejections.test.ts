import { existsSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';

import type { Circuit } from '@circuit-studio/model';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';

import { buildTestServer, listenForWebSocket, makeTempDir, syntheticCircuit, TestClient } from './test-support.js';

// Circuits that pass the deploy checks (or are forced past them) but that the runtime rejects
// before it starts a process. Clients get the same `errors` shape as for an invalid document.

type TestServer = Awaited<ReturnType<typeof buildTestServer>>;

let server: TestServer | undefined;
const clients: TestClient[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(options: Parameters<typeof buildTestServer>[0] = {}): Promise<TestServer> {
  server = await buildTestServer(options);
  return server;
}

async function connect(app: TestServer['app']): Promise<TestClient> {
  const client = await TestClient.connect(await listenForWebSocket(app));
  clients.push(client);
  return client;
}

/** Returns the synthetic test circuit with its sink (nodes[2]) replaced. */
function withSink(type: string, config: Record<string, unknown> = {}): Circuit {
  const circuit = syntheticCircuit(0);
  return {
    ...circuit,
    nodes: circuit.nodes.map((node) => (node.id === 'sink' ? { ...node, type, config } : node)),
  };
}

const ESCAPING_SINK = withSink('file-sink', { path: '../../escaped.jsonl' });
const REDIS_SINK = withSink('redis-sink');

interface DeployResponse {
  errors?: { path: string; message: string }[];
  findings?: { rule: string; nodes: string[] }[];
}

describe('POST /api/runs with a circuit the runtime rejects', () => {
  it('answers 400 for a sink path out of the data folder', async () => {
    const { app, dataDir } = await start();

    const linted = await app.inject({ method: 'POST', url: '/api/runs', payload: { circuit: ESCAPING_SINK } });
    const forced = await app.inject({
      method: 'POST',
      url: '/api/runs',
      payload: { circuit: ESCAPING_SINK, force: true },
    });
    const runs = await app.inject({ method: 'GET', url: '/api/runs' });

    expect(linted.statusCode).toBe(422);
    const findings = (linted.json() as DeployResponse).findings ?? [];
    expect(findings.map((finding) => [finding.rule, finding.nodes])).toEqual([['structure', ['sink']]]);
    expect(forced.statusCode).toBe(400);
    const { errors } = forced.json() as DeployResponse;
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.path).toBe('nodes[2].config.path');
    expect(errors?.[0]?.message).toContain('"../../escaped.jsonl" is outside the out/ folder');
    expect(runs.json()).toEqual([]);
    expect(existsSync(path.join(dataDir, '..', '..', 'escaped.jsonl'))).toBe(false);
  });

  it('answers 400 for a symbolic link out of the data folder', async () => {
    const { app, dataDir } = await start();
    const outside = await makeTempDir('cs-outside');
    cleanups.push(outside.remove);
    await mkdir(path.join(dataDir, 'out'), { recursive: true });
    await symlink(outside.dir, path.join(dataDir, 'out', 'elsewhere'));
    // The path reads as a file under out/, so only the runtime, which resolves the link, can see where it leads.
    const circuit = withSink('file-sink', { path: 'out/elsewhere/leak.jsonl' });

    const response = await app.inject({ method: 'POST', url: '/api/runs', payload: { circuit } });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      errors: [{ path: 'nodes[2].config.path', message: expect.stringContaining('"out/elsewhere/leak.jsonl"') }],
    });
    expect(existsSync(path.join(outside.dir, 'leak.jsonl'))).toBe(false);
  });

  it('answers 400 for a node type the runtime cannot run', async () => {
    const { app } = await start();

    const response = await app.inject({ method: 'POST', url: '/api/runs', payload: { circuit: REDIS_SINK } });

    expect(response.statusCode).toBe(400);
    const { errors } = response.json() as DeployResponse;
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.path).toBe('nodes[2].type');
    expect(errors?.[0]?.message).toContain('"redis-sink", which this runtime cannot run');
  });

  it('logs the rejection at info without a stack trace', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const { app } = await start({ logger });
    const before = lines.length;

    await app.inject({ method: 'POST', url: '/api/runs', payload: { circuit: REDIS_SINK } });

    const entries = lines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    const rejection = entries.find((entry) => entry.msg === 'runtime rejected the circuit');
    expect(rejection?.level).toBe(30);
    expect(rejection?.code).toBe('RUNTIME_UNSUPPORTED_NODE_TYPE');
    expect(rejection?.errors).toEqual([{ path: 'nodes[2].type', message: expect.stringContaining('redis-sink') }]);
    expect(rejection?.err).toBeUndefined();
    expect(entries.filter((entry) => Number(entry.level) >= 50)).toEqual([]);
  });
});

describe('WebSocket deploy of a circuit the runtime rejects', () => {
  it('sends rejected for a sink path out of the data folder', async () => {
    const client = await connect((await start()).app);

    client.send({ type: 'deploy', circuit: ESCAPING_SINK, force: true });
    const rejected = await client.next('rejected');

    expect(rejected.findings).toBeUndefined();
    expect(rejected.errors).toHaveLength(1);
    expect(rejected.errors?.[0]?.path).toBe('nodes[2].config.path');
    expect(rejected.errors?.[0]?.message).toContain('is outside the out/ folder');
  });

  it('sends rejected for a node type the runtime cannot run', async () => {
    const client = await connect((await start()).app);

    client.send({ type: 'deploy', circuit: REDIS_SINK });
    const rejected = await client.next('rejected');
    client.send({ type: 'subscribe', runId: 'still-listening' });
    const next = await client.next('error');

    expect(rejected.errors).toEqual([{ path: 'nodes[2].type', message: expect.stringContaining('"redis-sink"') }]);
    expect(next.message).toContain('still-listening');
    expect(client.received.map((message) => message.type)).toEqual(['rejected', 'error']);
  });
});
