import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Circuit } from '@circuit-studio/model';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRun, stopAllRuns } from './start.js';
import { childWorkers, node } from './testing/helpers.js';

// These tests fork the compiled node process entry (dist/worker/main.js): build first with
// `npx tsc -b packages/runtime`.

const FRAMES = 200;

/** Socket types of the sending and the receiving end, as written in a socket spec. */
const SOCKET_TYPES = {
  'pub-sub': ['pub', 'sub'],
  'dealer-router': ['dealer', 'router'],
  'req-rep': ['req', 'rep'],
} as const;

type Pattern = keyof typeof SOCKET_TYPES;
type BindSide = 'source' | 'target';
type Transport = 'ipc' | 'tcp';

let dataDir: string;
let socketDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'runtime-bind-data-'));
  // A short folder name, because an ipc path may be at most 107 bytes long.
  socketDir = await mkdtemp(join(tmpdir(), 'cs-bind-'));
});

afterEach(async () => {
  await stopAllRuns();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(socketDir, { recursive: true, force: true });
});

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function endpointFor(transport: Transport, name: string): Promise<string> {
  return transport === 'ipc' ? `ipc://${join(socketDir, `${name}.ipc`)}` : `tcp://127.0.0.1:${await freePort()}`;
}

/** Returns a finite source linked to a null sink by an edge written as a pair of socket specs. */
function specCircuit(pattern: Pattern, bind: BindSide, endpoint: string): Circuit {
  const [senderType, receiverType] = SOCKET_TYPES[pattern];
  const senderMode = bind === 'source' ? 'bind' : 'connect';
  const receiverMode = bind === 'target' ? 'bind' : 'connect';
  return {
    version: 1,
    name: `${pattern}, ${bind} binds`,
    nodes: [
      node('src', 'synthetic-source', { fps: 500, frames: FRAMES, payloadBytes: 1024 }),
      node('sink', 'null-sink'),
    ],
    edges: [
      {
        id: 'e1',
        source: 'src',
        target: 'sink',
        sourceSocket: `${senderType}+${senderMode}:${endpoint}`,
        targetSocket: `${receiverType}+${receiverMode}:${endpoint}`,
      },
    ],
  };
}

// A bound SUB socket must send its subscription before the run starts, because a connecting XPUB
// sender waits for it. Each pattern runs here with each side binding, over both transports.
const cases = (['ipc', 'tcp'] as const).flatMap((transport) =>
  (['pub-sub', 'dealer-router', 'req-rep'] as const).flatMap((pattern) =>
    (['source', 'target'] as const).map((bind) => ({ transport, pattern, bind })),
  ),
);

for (const { transport, pattern, bind } of cases) {
  describe(`${pattern} over ${transport} with the ${bind} binding`, () => {
    it(`starts and delivers all ${FRAMES} frames`, async () => {
      const endpoint = await endpointFor(transport, `${pattern}-${bind}`);
      const circuit = specCircuit(pattern, bind, endpoint);

      const run = await startRun(circuit, { dataDir, runId: `bind-${transport}-${pattern}-${bind}` });
      const report = await run.finished;

      expect(run.state).toBe('completed');
      expect(report.accounted).toBe(true);
      expect(report.edges.e1).toMatchObject({ sent: FRAMES, received: FRAMES, dropped: 0, inFlight: 0 });
      expect(report.nodes.src).toMatchObject({ state: 'completed', framesOut: FRAMES });
      expect(report.nodes.sink).toMatchObject({ state: 'completed', framesIn: FRAMES });
      expect(childWorkers()).toEqual([]);
    });
  });
}
