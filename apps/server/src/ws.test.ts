import type { Circuit } from '@circuit-studio/model';
import { afterEach, describe, expect, it } from 'vitest';

import { buildTestServer, listenForWebSocket, syntheticCircuit, TestClient } from './test-support.js';

type TestServer = Awaited<ReturnType<typeof buildTestServer>>;

let server: TestServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
});

async function startServer(options: Parameters<typeof buildTestServer>[0] = {}): Promise<string> {
  server = await buildTestServer(options);
  return listenForWebSocket(server.app);
}

async function connect(url: string): Promise<TestClient> {
  const client = await TestClient.connect(url);
  clients.push(client);
  return client;
}

async function deploy(client: TestClient, circuit: Circuit): Promise<string> {
  client.send({ type: 'deploy', circuit });
  const deployed = await client.next('deployed');
  return deployed.runId;
}

/** Counts the metrics messages of a run that arrive within a window of `windowMs`. */
async function countMetrics(client: TestClient, runId: string, windowMs: number): Promise<number> {
  const from = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const to = performance.now();
  return client.received.filter(
    (message, index) =>
      message.type === 'metrics' &&
      message.runId === runId &&
      (client.receivedAt[index] ?? 0) >= from &&
      (client.receivedAt[index] ?? 0) <= to,
  ).length;
}

describe('WebSocket deploy', () => {
  it('streams metrics and the final report', async () => {
    const client = await connect(await startServer());

    const runId = await deploy(client, syntheticCircuit(100));
    await client.next('metrics', (message) => message.runId === runId);
    const perSecond = await countMetrics(client, runId, 1000);
    const report = await client.next('report', (message) => message.runId === runId, 30_000);

    expect(perSecond).toBeGreaterThanOrEqual(4);
    expect(report.report.accounted).toBe(true);
    expect(report.report.nodes.source?.framesOut).toBe(100);
    expect(report.report.nodes.sink?.framesIn).toBe(100);
    const reportIndex = client.received.indexOf(report);
    expect(client.received[reportIndex - 1]).toEqual({ type: 'status', runId, state: 'completed' });
    const runStates = client.received.filter((message) => message.type === 'status' && message.nodeId === undefined);
    expect(runStates.filter((message) => message.type === 'status' && message.state === 'completed')).toHaveLength(1);
  });

  it('lets another socket subscribe and stop a run', async () => {
    const url = await startServer();
    const owner = await connect(url);
    const watcher = await connect(url);

    const runId = await deploy(owner, syntheticCircuit(0));
    watcher.send({ type: 'subscribe', runId });
    const first = await watcher.next('metrics', (message) => message.runId === runId);
    watcher.send({ type: 'stop', runId });
    const report = await watcher.next('report', (message) => message.runId === runId);
    const ownerReport = await owner.next('report', (message) => message.runId === runId);

    expect(Object.keys(first.nodes).sort()).toEqual(['detector', 'sink', 'source']);
    expect(report.report.accounted).toBe(true);
    expect(ownerReport.report).toEqual(report.report);
    expect(server?.app.server.listening).toBe(true);
  });

  it('rejects error findings unless forced', async () => {
    const client = await connect(await startServer());
    const circuit = syntheticCircuit(0);
    const live: Circuit = {
      ...circuit,
      nodes: circuit.nodes.map((node) => (node.id === 'source' ? { ...node, config: { fps: 25, live: true } } : node)),
    };

    client.send({ type: 'deploy', circuit: live });
    const rejected = await client.next('rejected');
    client.send({ type: 'deploy', circuit: live, force: true });
    const deployed = await client.next('deployed');

    expect(rejected.errors).toBeUndefined();
    expect(rejected.findings?.map((finding) => finding.rule)).toContain('realtime-blocking-socket');
    expect(rejected.findings?.every((finding) => finding.severity === 'error')).toBe(true);
    expect(deployed.runId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('injects and clears a fault', async () => {
    const client = await connect(await startServer());
    const runId = await deploy(client, syntheticCircuit(0));

    client.send({ type: 'inject', runId, node: 'detector', fault: 'latency', value: 40 });
    const slowed = await client.next('metrics', (message) => (message.nodes.detector?.latencyMs.p50 ?? 0) >= 40);
    client.send({ type: 'clear', runId, node: 'detector' });
    client.send({ type: 'inject', runId, node: 'ghost', fault: 'stall' });
    const error = await client.next('error');

    expect(slowed.runId).toBe(runId);
    expect(error.message).toContain('inject failed');
    expect(error.message).toContain('"ghost"');
    expect(client.received.filter((message) => message.type === 'error')).toHaveLength(1);
  });

  it('caps the number of active runs', async () => {
    const client = await connect(await startServer({ maxActiveRuns: 1 }));

    await deploy(client, syntheticCircuit(0));
    client.send({ type: 'deploy', circuit: syntheticCircuit(0) });
    const error = await client.next('error');

    expect(error.message).toContain('the limit is 1');
  });
});

describe('WebSocket bad input', () => {
  it.each([
    ['text that is not JSON', 'hello', 'not valid JSON'],
    ['an unknown type', { type: 'launch' }, 'unknown message type "launch"'],
    ['an unknown run', { type: 'stop', runId: 'missing-run' }, 'no run with id "missing-run"'],
    ['a fault without a target', { type: 'inject', runId: 'r', fault: 'stall' }, 'needs "node" or "edge"'],
  ])('answers %s with an error and stays open', async (_case, message, expected) => {
    const client = await connect(await startServer());

    client.send(message);
    const error = await client.next('error');
    client.send({ type: 'subscribe', runId: 'still-listening' });
    const second = await client.next('error');

    expect(error.message).toContain(expected);
    expect(second.message).toContain('still-listening');
  });

  it.each([
    ['a newer version', { ...syntheticCircuit(1), version: 2 }, 'version', 'newer'],
    [
      'an edge to a missing node',
      { ...syntheticCircuit(1), edges: [{ id: 'e1', source: 'source', target: 'ghost' }] },
      'edges[0].target',
      '"ghost"',
    ],
    [
      'an unknown node type',
      {
        ...syntheticCircuit(1),
        nodes: syntheticCircuit(1).nodes.map((node) => (node.id === 'sink' ? { ...node, type: 'teleporter' } : node)),
      },
      'nodes[2].type',
      'teleporter',
    ],
  ])('rejects a circuit with %s', async (_case, circuit, path, text) => {
    const client = await connect(await startServer());

    client.send({ type: 'deploy', circuit });
    const rejected = await client.next('rejected');

    expect(rejected.findings).toBeUndefined();
    expect(rejected.errors?.[0]?.path).toBe(path);
    expect(rejected.errors?.[0]?.message).toContain(text);
  });

  it('survives a 50 MB message and leaves running runs alone', async () => {
    const url = await startServer();
    const owner = await connect(url);
    const runId = await deploy(owner, syntheticCircuit(0));
    await owner.next('metrics', (message) => message.runId === runId);

    const flooder = await connect(url);
    flooder.send(`{"type":"deploy","circuit":"${'x'.repeat(50 * 1024 * 1024)}"}`);
    const error = await flooder.next('error');
    const closeCode = await flooder.closed();
    const metricsAfter = await countMetrics(owner, runId, 1000);
    const second = await connect(url);
    const secondRunId = await deploy(second, syntheticCircuit(20));
    const secondReport = await second.next('report', (message) => message.runId === secondRunId, 30_000);

    expect(error.message).toContain('larger than the 2.1 MiB limit');
    expect(closeCode).toBe(1009);
    expect(flooder.closeReason).toContain('2.1 MiB');
    expect(metricsAfter).toBeGreaterThanOrEqual(4);
    expect(secondReport.report.accounted).toBe(true);
    expect(owner.received.some((message) => message.type === 'report' && message.runId === runId)).toBe(false);
  });
});
