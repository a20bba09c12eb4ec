import type { Circuit, CircuitEdge, CircuitNode } from '@circuit-studio/model';
import { buildRunPlan, isRuntimeError } from '@circuit-studio/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { locateRuntimeProblem } from './circuit-checks.js';
import { makeTempDir } from './test-support.js';

let data: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  data = await makeTempDir('cs-locate');
});

afterAll(async () => {
  await data.remove();
});

function node(id: string, type: string, config: Record<string, unknown> = {}): CircuitNode {
  return { id, type, position: { x: 0, y: 0 }, config };
}

function chain(nodes: CircuitNode[], edges: CircuitEdge[]): Circuit {
  return { version: 1, name: 'locate', nodes, edges };
}

const source = node('src', 'synthetic-source', { frames: 1 });
const sink = node('sink', 'null-sink');

/** Builds a run plan, which checks the circuit as a deploy does, and returns the runtime error it raises. */
async function rejectionOf(circuit: Circuit) {
  try {
    await buildRunPlan(circuit, { dataDir: data.dir, runId: 'locate', reportIntervalMs: 100, logLevel: 'silent' });
  } catch (error) {
    if (isRuntimeError(error)) return error;
    throw error;
  }
  throw new Error(`expected the runtime to reject circuit ${JSON.stringify(circuit)}`);
}

describe('locateRuntimeProblem', () => {
  it.each([
    [
      'a sink path out of the data folder',
      chain(
        [source, node('out', 'file-sink', { path: '../../x.jsonl' })],
        [{ id: 'e1', source: 'src', target: 'out' }],
      ),
      'RUNTIME_PATH_ESCAPE',
      'nodes[1].config.path',
      'is outside the out/ folder of the data folder',
    ],
    [
      'a missing default input file',
      chain([node('file', 'file-source'), sink], [{ id: 'e1', source: 'file', target: 'sink' }]),
      'RUNTIME_FILE_NOT_FOUND',
      'nodes[0].config.path',
      '"samples/vtest.avi" does not exist',
    ],
    [
      'a node type the runtime cannot run',
      chain([source, node('store', 'redis-sink')], [{ id: 'e1', source: 'src', target: 'store' }]),
      'RUNTIME_UNSUPPORTED_NODE_TYPE',
      'nodes[1].type',
      '"redis-sink"',
    ],
    [
      'a non-loopback endpoint',
      chain([source, sink], [{ id: 'e1', source: 'src', target: 'sink', endpoint: 'tcp://0.0.0.0:5999' }]),
      'RUNTIME_ENDPOINT_REJECTED',
      'edges[0].endpoint',
      'loopback',
    ],
    [
      'an ipc endpoint in a socket spec',
      chain(
        [source, sink],
        [
          {
            id: 'e1',
            source: 'src',
            target: 'sink',
            sourceSocket: 'dealer+connect:ipc:///var/run/x.ipc',
            targetSocket: 'router+bind:ipc:///var/run/x.ipc',
          },
        ],
      ),
      'RUNTIME_ENDPOINT_REJECTED',
      'edges[0].sourceSocket',
      'ipc endpoints must be files under',
    ],
    [
      'two edges on one endpoint',
      chain(
        [source, node('other', 'synthetic-source', { frames: 1 }), sink],
        [
          { id: 'e1', source: 'src', target: 'sink', endpoint: 'ipc:///tmp/cs-locate-x.ipc' },
          { id: 'e2', source: 'other', target: 'sink', endpoint: 'ipc:///tmp/cs-locate-x.ipc' },
        ],
      ),
      'RUNTIME_ENDPOINT_CONFLICT',
      'edges[1].endpoint',
      'edges e1 and e2 both use endpoint',
    ],
    [
      'a sink with outputs',
      chain(
        [source, sink, node('last', 'null-sink')],
        [
          { id: 'e1', source: 'src', target: 'sink' },
          { id: 'e2', source: 'sink', target: 'last' },
        ],
      ),
      'RUNTIME_BAD_STRUCTURE',
      'nodes[1]',
      'sink sink has outgoing edges',
    ],
    [
      'an edge from a node to itself',
      chain(
        [source, node('m', 'module'), sink],
        [
          { id: 'e1', source: 'src', target: 'm' },
          { id: 'e2', source: 'm', target: 'm' },
          { id: 'e3', source: 'm', target: 'sink' },
        ],
      ),
      'RUNTIME_BAD_STRUCTURE',
      'edges[1]',
      'connects node m to itself',
    ],
    [
      'invalid config',
      chain([node('src', 'synthetic-source', { fps: -1 }), sink], [{ id: 'e1', source: 'src', target: 'sink' }]),
      'RUNTIME_INVALID_CIRCUIT',
      'nodes[0].config.fps',
      '-1',
    ],
  ])('locates %s', async (_case, circuit, code, path, text) => {
    const error = await rejectionOf(circuit);

    const located = locateRuntimeProblem(circuit, error.details, error.message);

    expect(error.code).toBe(code);
    expect(located).toHaveLength(1);
    expect(located[0]?.path).toBe(path);
    expect(located[0]?.message).toContain(text);
  });

  it('locates each cycle by its first node', () => {
    const circuit = chain([source, node('a', 'module'), node('b', 'module'), sink], []);

    const located = locateRuntimeProblem(circuit, { nodes: ['b', 'a', 'b'] }, 'nodes b -> a -> b form a cycle');

    expect(located).toEqual([{ path: 'nodes[2]', message: 'nodes b -> a -> b form a cycle' }]);
  });

  it('returns an empty path when the details name nothing in the circuit', () => {
    const circuit = chain([source, sink], []);

    expect(locateRuntimeProblem(circuit, { nodeId: 'ghost' }, 'gone')).toEqual([{ path: '', message: 'gone' }]);
    expect(locateRuntimeProblem(circuit, {}, 'no details')).toEqual([{ path: '', message: 'no details' }]);
  });
});
