import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Circuit } from '@circuit-studio/model';
import { afterEach, describe, expect, it } from 'vitest';

import { buildServer, ServerConfigError } from './server.js';
import { buildTestServer, makeTempDir, silentLogger, syntheticCircuit } from './test-support.js';

type TestServer = Awaited<ReturnType<typeof buildTestServer>>;

let server: TestServer | undefined;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(options: Parameters<typeof buildTestServer>[0] = {}): Promise<TestServer> {
  server = await buildTestServer(options);
  return server;
}

function withMissingNode(): Circuit {
  const circuit = syntheticCircuit(10);
  circuit.edges.push({ id: 'e3', source: 'sink', target: 'nowhere' });
  return circuit;
}

describe('health and metrics', () => {
  it('healthz reports ok', async () => {
    const { app } = await start();

    const response = await app.inject({ method: 'GET', url: '/healthz' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', activeRuns: 0 });
  });

  it('metrics use the Prometheus text format', async () => {
    const { app } = await start();

    const response = await app.inject({ method: 'GET', url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(response.body).toContain('# TYPE circuit_studio_runs_active gauge\ncircuit_studio_runs_active 0\n');
    expect(response.body).toContain('# TYPE circuit_studio_node_frames_in_total counter');
  });
});

describe('GET /api/node-types', () => {
  it('lists the catalog as JSON', async () => {
    const { app } = await start();

    const response = await app.inject({ method: 'GET', url: '/api/node-types' });
    const types = response.json() as {
      type: string;
      config: Record<string, { default?: unknown; pattern?: unknown }>;
    }[];

    expect(response.statusCode).toBe(200);
    expect(types).toHaveLength(18);
    const synthetic = types.find((entry) => entry.type === 'synthetic-source');
    expect(synthetic?.config.fps?.default).toBe(30);
    const rtsp = types.find((entry) => entry.type === 'rtsp-source');
    expect(rtsp?.config.url?.pattern).toBe('^rtsp:\\/\\/\\S+$');
  });
});

describe('POST /api/lint', () => {
  it('returns classes and findings', async () => {
    const { app } = await start();

    const response = await app.inject({ method: 'POST', url: '/api/lint', payload: syntheticCircuit(10) });
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(body.circuitClass).toBe('capacity');
    expect(body.classes.nodes).toEqual({ source: 'capacity', detector: 'capacity', sink: 'capacity' });
    expect(body.classes.edges).toEqual({ e1: 'capacity', e2: 'capacity' });
    expect(Array.isArray(body.findings)).toBe(true);
  });

  it('rejects an edge to a missing node', async () => {
    const { app } = await start();

    const response = await app.inject({ method: 'POST', url: '/api/lint', payload: withMissingNode() });

    expect(response.statusCode).toBe(400);
    const { errors } = response.json() as { errors: { path: string; message: string }[] };
    expect(errors.map((error) => error.path)).toEqual(['edges[2].target']);
    expect(errors[0]?.message).toContain('"nowhere"');
  });

  it('rejects a body that is not an object', async () => {
    const { app } = await start();

    const response = await app.inject({ method: 'POST', url: '/api/lint', payload: [1, 2] });

    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('REQUEST_INVALID');
  });

  it('rejects a body over the size limit', async () => {
    const { app } = await start();
    const payload = JSON.stringify({ ...syntheticCircuit(1), padding: 'x'.repeat(3 * 1024 * 1024) });

    const response = await app.inject({
      method: 'POST',
      url: '/api/lint',
      payload,
      headers: { 'content-type': 'application/json' },
    });

    expect(response.statusCode).toBe(413);
    expect(response.json().message).toMatch(/larger than the 2\.1 MiB limit/);
  });
});

describe('/api/circuits', () => {
  it('stores, lists, reads and deletes a circuit', async () => {
    const { app, dataDir } = await start();
    const circuit = { ...syntheticCircuit(10, 'Stored'), comment: 'kept on round trip' };

    const put = await app.inject({ method: 'PUT', url: '/api/circuits/demo_1', payload: circuit });
    const list = await app.inject({ method: 'GET', url: '/api/circuits' });
    const read = await app.inject({ method: 'GET', url: '/api/circuits/demo_1' });

    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ name: 'demo_1' });
    expect(list.json()).toEqual([expect.objectContaining({ name: 'demo_1', title: 'Stored' })]);
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toContain('application/json');
    expect(read.json()).toEqual(circuit);
    const onDisk = JSON.parse(await readFile(path.join(dataDir, 'circuits', 'demo_1.json'), 'utf8'));
    expect(onDisk).toEqual(circuit);

    const removed = await app.inject({ method: 'DELETE', url: '/api/circuits/demo_1' });
    const missing = await app.inject({ method: 'GET', url: '/api/circuits/demo_1' });

    expect(removed.statusCode).toBe(204);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CIRCUIT_NOT_FOUND');
  });

  it('stores the document without filling defaults', async () => {
    const { app } = await start();
    const circuit = { version: 1, name: 'Bare', nodes: [{ id: 'a', type: 'null-sink' }], edges: [] };

    await app.inject({ method: 'PUT', url: '/api/circuits/bare', payload: circuit });
    const read = await app.inject({ method: 'GET', url: '/api/circuits/bare' });

    expect(read.json()).toEqual(circuit);
  });

  it.each([
    ['a path', '..%2Fx'],
    ['a dot', 'x.json'],
    ['a space', 'my%20circuit'],
    ['an overlong name', 'a'.repeat(65)],
  ])('rejects a name with %s', async (_case, name) => {
    const { app, dataDir } = await start();

    const response = await app.inject({ method: 'PUT', url: `/api/circuits/${name}`, payload: syntheticCircuit(1) });

    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('CIRCUIT_NAME_INVALID');
    expect(existsSync(path.join(dataDir, 'x.json'))).toBe(false);
  });

  it('rejects a document with a wrong shape', async () => {
    const { app } = await start();

    const response = await app.inject({
      method: 'PUT',
      url: '/api/circuits/broken',
      payload: { ...syntheticCircuit(1), version: 2 },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('version');
  });

  it('does not follow a symbolic link out of the folder', async () => {
    const { app, dataDir } = await start();
    const outside = await makeTempDir('cs-outside');
    cleanups.push(outside.remove);
    await writeFile(path.join(outside.dir, 'secret.json'), '{"secret":true}');
    await symlink(path.join(outside.dir, 'secret.json'), path.join(dataDir, 'circuits', 'leak.json'));

    const read = await app.inject({ method: 'GET', url: '/api/circuits/leak' });
    const list = await app.inject({ method: 'GET', url: '/api/circuits' });

    expect(read.statusCode).toBe(404);
    expect(list.json()).toEqual([]);
  });
});

describe('/api/runs without a run', () => {
  it('lists no runs', async () => {
    const { app } = await start();

    const response = await app.inject({ method: 'GET', url: '/api/runs' });

    expect(response.json()).toEqual([]);
  });

  it('rejects a deploy with shape errors', async () => {
    const { app } = await start();

    const response = await app.inject({ method: 'POST', url: '/api/runs', payload: { circuit: withMissingNode() } });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('edges[2].target');
  });

  it('rejects a deploy with config errors even when forced', async () => {
    const { app } = await start();
    const base = syntheticCircuit(10);
    const circuit = {
      ...base,
      nodes: base.nodes.map((node) => (node.id === 'source' ? { ...node, config: { fps: -1 } } : node)),
    };

    const response = await app.inject({ method: 'POST', url: '/api/runs', payload: { circuit, force: true } });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('nodes[0].config.fps');
  });

  it('rejects a body without a circuit', async () => {
    const { app } = await start();

    const response = await app.inject({ method: 'POST', url: '/api/runs', payload: { force: true } });

    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('missing "circuit"');
  });

  it('answers 404 for an unknown run', async () => {
    const { app } = await start();

    const read = await app.inject({ method: 'GET', url: '/api/runs/nope' });
    const stop = await app.inject({ method: 'DELETE', url: '/api/runs/nope' });

    expect(read.statusCode).toBe(404);
    expect(read.json().code).toBe('RUN_NOT_FOUND');
    expect(stop.statusCode).toBe(404);
  });
});

describe('/api/runs with a run', () => {
  it('deploys, reports and stops a run', async () => {
    const { app } = await start();

    const deployed = await app.inject({ method: 'POST', url: '/api/runs', payload: { circuit: syntheticCircuit(0) } });
    const runId = deployed.json().runId as string;
    const list = await app.inject({ method: 'GET', url: '/api/runs' });
    const details = await app.inject({ method: 'GET', url: `/api/runs/${runId}` });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    const stopped = await app.inject({ method: 'DELETE', url: `/api/runs/${runId}` });

    expect(deployed.statusCode).toBe(201);
    expect(list.json()).toEqual([expect.objectContaining({ runId, name: 'Synthetic test', state: 'running' })]);
    expect(details.json()).toMatchObject({ runId, state: 'running' });
    expect(Object.keys(details.json().metrics.nodes).sort()).toEqual(['detector', 'sink', 'source']);
    expect(metrics.body).toContain('circuit_studio_runs_active 1\n');
    expect(metrics.body).toContain(`circuit_studio_edge_frames_sent_total{run="${runId}",edge="e1"}`);
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toMatchObject({ runId, state: 'stopped', report: { accounted: true } });
    expect(stopped.json().endedAt).toEqual(expect.any(String));
  });

  it('rejects error findings unless forced', async () => {
    const { app } = await start();
    const base = syntheticCircuit(0);
    const circuit = {
      ...base,
      edges: base.edges.map((edge) => (edge.id === 'e2' ? { ...edge, pattern: 'pub-sub' } : edge)),
    };

    const rejected = await app.inject({ method: 'POST', url: '/api/runs', payload: { circuit } });
    const forced = await app.inject({ method: 'POST', url: '/api/runs', payload: { circuit, force: true } });

    expect(rejected.statusCode).toBe(422);
    expect(rejected.json().findings.map((finding: { rule: string }) => finding.rule)).toEqual([
      'capacity-lossy-socket',
    ]);
    expect(forced.statusCode).toBe(201);
  });
});

describe('access control', () => {
  it('requires a token to listen beyond loopback', async () => {
    const data = await makeTempDir('cs-server-data');
    cleanups.push(data.remove);

    await expect(buildServer({ dataDir: data.dir, host: '0.0.0.0', logger: silentLogger })).rejects.toThrow(
      ServerConfigError,
    );
  });

  it('checks the token on /api but not on /healthz', async () => {
    const { app } = await start({ host: '0.0.0.0', token: 'secret-token' });

    const missing = await app.inject({ method: 'GET', url: '/api/node-types' });
    const wrong = await app.inject({
      method: 'GET',
      url: '/api/node-types',
      headers: { authorization: 'Bearer wrong' },
    });
    const right = await app.inject({
      method: 'GET',
      url: '/api/node-types',
      headers: { authorization: 'Bearer secret-token' },
    });
    const health = await app.inject({ method: 'GET', url: '/healthz' });

    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(wrong.statusCode).toBe(401);
    expect(right.statusCode).toBe(200);
    expect(health.statusCode).toBe(200);
  });

  it('rejects a foreign host or origin without a token', async () => {
    const { app } = await start();

    const foreignHost = await app.inject({ method: 'GET', url: '/api/runs', headers: { host: 'evil.example' } });
    const foreignOrigin = await app.inject({
      method: 'GET',
      url: '/api/runs',
      headers: { origin: 'http://evil.example' },
    });
    const devServer = await app.inject({
      method: 'GET',
      url: '/api/runs',
      headers: { host: '127.0.0.1:7300', origin: 'http://localhost:5173' },
    });

    expect(foreignHost.statusCode).toBe(403);
    expect(foreignOrigin.statusCode).toBe(403);
    expect(devServer.statusCode).toBe(200);
  });
});

describe('web app', () => {
  it('explains how to build when the build is missing', async () => {
    const { app } = await start();

    const response = await app.inject({ method: 'GET', url: '/' });

    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('npm run build');
  });

  it('serves the build with index.html for page routes', async () => {
    const web = await makeTempDir('cs-web');
    cleanups.push(web.remove);
    await mkdir(path.join(web.dir, 'assets'));
    await writeFile(path.join(web.dir, 'index.html'), '<!doctype html><title>Studio</title>');
    await writeFile(path.join(web.dir, 'assets', 'app.js'), 'console.log(1);');
    const { app } = await start({ webDir: web.dir });

    const root = await app.inject({ method: 'GET', url: '/' });
    const asset = await app.inject({ method: 'GET', url: '/assets/app.js' });
    const page = await app.inject({ method: 'GET', url: '/runs/abc', headers: { accept: 'text/html' } });
    const api = await app.inject({ method: 'GET', url: '/api/nothing', headers: { accept: 'text/html' } });

    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('<title>Studio</title>');
    expect(asset.body).toBe('console.log(1);');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Studio</title>');
    expect(api.statusCode).toBe(404);
  });
});
