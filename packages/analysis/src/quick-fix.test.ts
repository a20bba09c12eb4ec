import type { Circuit } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { circuit, edge, node } from './fixtures.js';
import { applyQuickFix, QuickFixError } from './quick-fix.js';
import type { Finding, RuleId } from './types.js';

const pubSub = { pattern: 'pub-sub' } as const;

/** Circuits that between them trigger every rule that offers a quick fix. */
const BROKEN: Record<string, Circuit> = {
  'naive camera': circuit(
    [node('cam', 'rtsp-source'), node('det', 'module', { processingMs: 50 }), node('out', 'rtsp-sink')],
    [edge('e1', 'cam', 'det'), edge('e2', 'det', 'out')],
  ),
  'camera into storage': circuit(
    [
      node('cam', 'rtsp-source', { timeoutMs: 200 }),
      node('det', 'module'),
      node('store', 'mongodb-sink'),
      node('metrics', 'graphite-sink', { protocol: 'tcp', timeoutMs: 50 }),
    ],
    [edge('e1', 'cam', 'det', pubSub), edge('e2', 'det', 'store', pubSub), edge('e3', 'det', 'metrics', pubSub)],
  ),
  'camera into Kafka': circuit(
    [
      node('cam', 'rtsp-source', { codec: 'jpeg', timeoutMs: 200 }),
      node('k', 'kafka-queue'),
      node('store', 'mongodb-sink'),
    ],
    [edge('e1', 'cam', 'k'), edge('e2', 'k', 'store')],
  ),
  'camera buffers': circuit(
    [
      node('cam', 'rtsp-source', { codec: 'jpeg', timeoutMs: 200 }),
      node('block', 'memory-buffer', { overflow: 'block' }),
      node('newest', 'memory-buffer', { overflow: 'drop-newest' }),
      node('q', 'redis-list-queue', { timeoutMs: 100 }),
      node('a', 'null-sink'),
      node('b', 'null-sink'),
      node('out', 'rtsp-sink', { timeoutMs: 100 }),
    ],
    [
      edge('e1', 'cam', 'block', pubSub),
      edge('e2', 'block', 'a', pubSub),
      edge('e3', 'cam', 'newest', pubSub),
      edge('e4', 'newest', 'b', pubSub),
      edge('e5', 'cam', 'q'),
      edge('e6', 'q', 'out'),
    ],
  ),
  'lossy capacity path': circuit(
    [node('file', 'file-source'), node('buf', 'memory-buffer'), node('n', 'null-sink')],
    [edge('e1', 'file', 'buf', pubSub), edge('e2', 'buf', 'n')],
  ),
  'fast source': circuit(
    [
      node('src', 'synthetic-source', { fps: 30 }),
      node('fast', 'module', { processingMs: 5 }),
      node('slow', 'module', { processingMs: 50 }),
      node('n', 'null-sink'),
    ],
    [edge('e1', 'src', 'fast'), edge('e2', 'fast', 'slow'), edge('e3', 'slow', 'n')],
  ),
  'late camera': circuit(
    [
      node('cam', 'rtsp-source', { codec: 'jpeg', timeoutMs: 200 }),
      node('det', 'module', { processingMs: 100, replicas: 4 }),
      node('out', 'rtsp-sink', { timeoutMs: 200 }),
    ],
    [edge('e1', 'cam', 'det', { pattern: 'pub-sub', hwm: 20 }), edge('e2', 'det', 'out', pubSub)],
  ),
  'confused sockets': circuit(
    [node('file', 'file-source'), node('q', 'redis-list-queue'), node('m', 'module'), node('n', 'null-sink')],
    [
      edge('e1', 'file', 'q', { pattern: 'pub-sub', endpoint: 'ipc:///tmp/cs/q.ipc' }),
      edge('e2', 'q', 'm'),
      edge('e3', 'm', 'n', {
        pattern: 'pub-sub',
        sourceSocket: 'dealer+connect:ipc:///tmp/cs/n.ipc',
        targetSocket: 'router+bind:ipc:///tmp/cs/n.ipc',
      }),
    ],
  ),
  'broker pattern between modules': circuit(
    [node('file', 'file-source'), node('n', 'null-sink')],
    [edge('e1', 'file', 'n', { pattern: 'broker' })],
  ),
  'endpoints the runtime rejects': circuit(
    [
      node('a', 'synthetic-source'),
      node('b', 'synthetic-source'),
      node('c', 'synthetic-source'),
      node('m', 'module', { replicas: 2 }),
      node('n', 'null-sink'),
    ],
    [
      edge('e1', 'a', 'n', { endpoint: 'tcp://0.0.0.0:5999' }),
      edge('e2', 'b', 'n', {
        sourceSocket: 'dealer+connect:ipc:///var/run/cs/b.ipc',
        targetSocket: 'router+bind:ipc:///var/run/cs/b.ipc',
      }),
      edge('e3', 'c', 'm', { endpoint: 'ipc:///tmp/cs/m.ipc' }),
      edge('e4', 'm', 'n'),
    ],
  ),
  'file paths outside the data folder': circuit(
    [
      node('file', 'file-source'),
      node('abs', 'file-sink', { path: '/tmp/x.jsonl' }),
      node('top', 'file-sink', { path: 'x.jsonl' }),
    ],
    [edge('e1', 'file', 'abs'), edge('e2', 'file', 'top')],
  ),
  'invalid config': circuit(
    [node('src', 'synthetic-source', { fps: 5000 }), node('n', 'null-sink')],
    [edge('e1', 'src', 'n')],
  ),
};

function sameFinding(a: Finding, b: Finding): boolean {
  return a.rule === b.rule && a.nodes.join() === b.nodes.join() && a.edges.join() === b.edges.join();
}

const cases = Object.entries(BROKEN).flatMap(([name, input]) =>
  analyze(input)
    .findings.filter((finding) => finding.quickFix)
    .map((finding) => ({
      name: `${name}: ${finding.rule} on ${[...finding.nodes, ...finding.edges].join(' ')}`,
      input,
      finding,
    })),
);

describe('applyQuickFix removes its finding', () => {
  it('covers every rule that offers a quick fix', () => {
    const covered = new Set(cases.map((entry) => entry.finding.rule));
    const expected: RuleId[] = [
      'realtime-blocking-socket',
      'capacity-lossy-socket',
      'realtime-slow-sink',
      'realtime-missing-timeout',
      'realtime-slow-recovery',
      'realtime-prefer-udp',
      'realtime-unbounded-buffer',
      'capacity-no-persistent-queue',
      'realtime-latency-budget',
      'rate-overload',
      'socket-mismatch',
      'structure',
      'keyframe-video-loss',
      'realtime-eos-drop',
      'capacity-lossy-buffer',
    ];

    expect([...covered].sort()).toEqual([...expected].sort());
  });

  it.each(cases)('$name', ({ input, finding }) => {
    const fixed = applyQuickFix(input, finding.quickFix as NonNullable<Finding['quickFix']>);

    const remaining = analyze(fixed).findings.filter((other) => sameFinding(other, finding));

    expect(remaining).toEqual([]);
  });
});

describe('applyQuickFix', () => {
  it('leaves the input unchanged', () => {
    const input = BROKEN['camera into storage'] as Circuit;
    const before = structuredClone(input);

    for (const finding of analyze(input).findings) {
      if (finding.quickFix) applyQuickFix(input, finding.quickFix);
    }

    expect(input).toEqual(before);
  });

  it('removes edge fields set to null and keeps unknown fields', () => {
    const input = circuit(
      [node('a', 'file-source'), node('b', 'null-sink')],
      [edge('e1', 'a', 'b', { endpoint: 'ipc:///tmp/cs/x.ipc', hwm: 5, label: 'video' })],
    );

    const fixed = applyQuickFix(input, { kind: 'set-edge', edge: 'e1', changes: { endpoint: null, hwm: 9 } });

    expect(fixed.edges[0]).toEqual({ id: 'e1', source: 'a', target: 'b', hwm: 9, label: 'video' });
  });

  it('inserts a broker queue between the two ends', () => {
    const input = circuit(
      [node('det', 'module'), node('store', 'mongodb-sink'), node('redis-list-queue-1', 'redis-list-queue')],
      [
        edge('e2', 'det', 'store', { pattern: 'pub-sub', endpoint: 'ipc:///tmp/cs/s.ipc', hwm: 4, note: 'kept' }),
        edge('e2-1', 'redis-list-queue-1', 'store'),
      ],
    );

    const fixed = applyQuickFix(input, {
      kind: 'insert-node',
      edge: 'e2',
      nodeType: 'redis-list-queue',
      config: { timeoutMs: 200 },
    });

    // The ends sit at x = 0 and x = 200, so the queue goes to x = 100.
    expect(fixed.nodes[3]).toEqual({
      id: 'redis-list-queue-2',
      type: 'redis-list-queue',
      position: { x: 100, y: 0 },
      config: { timeoutMs: 200 },
    });
    expect(fixed.edges).toEqual([
      { id: 'e2', source: 'det', target: 'redis-list-queue-2', pattern: 'broker', note: 'kept' },
      { id: 'e2-2', source: 'redis-list-queue-2', target: 'store', pattern: 'broker', note: 'kept' },
      { id: 'e2-1', source: 'redis-list-queue-1', target: 'store' },
    ]);
  });

  it('moves an inserted node off an occupied spot', () => {
    const input = circuit(
      [node('a', 'file-source'), node('middle', 'module'), node('b', 'null-sink')],
      [edge('e1', 'a', 'b')],
    );

    const fixed = applyQuickFix(input, { kind: 'insert-node', edge: 'e1', nodeType: 'memory-buffer' });

    // a at x = 0 and b at x = 400 put the midpoint on "middle" at x = 200, so the buffer moves one step down.
    const buffer = fixed.nodes.find((item) => item.type === 'memory-buffer');
    expect(buffer?.position).toEqual({ x: 200, y: 80 });
    expect(fixed.edges.map((item) => [item.id, item.source, item.target, item.pattern])).toEqual([
      ['e1', 'a', 'memory-buffer-1', undefined],
      ['e1-1', 'memory-buffer-1', 'b', undefined],
    ]);
  });

  it('replaces a node in place and keeps its edges', () => {
    const input = circuit(
      [node('cam', 'rtsp-source'), node('k', 'kafka-queue', { topic: 'frames' }), node('n', 'null-sink')],
      [edge('e1', 'cam', 'k', { pattern: 'broker' }), edge('e2', 'k', 'n', { pattern: 'broker' })],
    );

    const fixed = applyQuickFix(input, {
      kind: 'replace-node',
      node: 'k',
      nodeType: 'memory-buffer',
      config: { capacity: 5 },
    });

    expect(fixed.nodes[1]).toEqual({
      id: 'k',
      type: 'memory-buffer',
      position: { x: 200, y: 0 },
      config: { capacity: 5 },
    });
    expect(fixed.edges).toEqual([
      { id: 'e1', source: 'cam', target: 'k' },
      { id: 'e2', source: 'k', target: 'n' },
    ]);
  });

  it('raises a coded error for a missing edge, node or type', () => {
    const input = circuit([node('a', 'file-source')], []);

    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof QuickFixError ? error.code : 'other';
      }
      return 'none';
    };

    expect(codeOf(() => applyQuickFix(input, { kind: 'set-edge', edge: 'nope', changes: {} }))).toBe(
      'QUICK_FIX_UNKNOWN_EDGE',
    );
    expect(codeOf(() => applyQuickFix(input, { kind: 'set-node-config', node: 'nope', changes: {} }))).toBe(
      'QUICK_FIX_UNKNOWN_NODE',
    );
    expect(codeOf(() => applyQuickFix(input, { kind: 'replace-node', node: 'a', nodeType: 'warp-drive' }))).toBe(
      'QUICK_FIX_UNKNOWN_TYPE',
    );
  });
});
