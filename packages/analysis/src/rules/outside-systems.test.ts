import { describe, expect, it } from 'vitest';
import { circuit, edge, findingsOf, node } from '../fixtures.js';

const camera = () => node('cam', 'rtsp-source', { codec: 'jpeg', timeoutMs: 200 });
const pubSub = { pattern: 'pub-sub' } as const;

describe('realtime-slow-sink', () => {
  it('fires on MongoDB fed from a camera path', () => {
    const input = circuit(
      [camera(), node('det', 'module'), node('store', 'mongodb-sink', { timeoutMs: 100 })],
      [edge('e1', 'cam', 'det', pubSub), edge('e2', 'det', 'store', pubSub)],
    );

    const findings = findingsOf(input, 'realtime-slow-sink');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.nodes).toEqual(['det', 'store']);
    expect(findings[0]?.edges).toEqual(['e2']);
    expect(findings[0]?.message).toContain('MongoDB sink "store" is not a real-time system');
    expect(findings[0]?.message).toContain('RTSP source "cam"');
    expect(findings[0]?.fix).toContain('Redis list queue');
    expect(findings[0]?.quickFix).toEqual({
      kind: 'insert-node',
      edge: 'e2',
      nodeType: 'redis-list-queue',
      config: { timeoutMs: 200 },
    });
  });

  it('fires on a webhook too', () => {
    const input = circuit(
      [camera(), node('hook', 'http-sink', { timeoutMs: 100 })],
      [edge('e1', 'cam', 'hook', pubSub)],
    );

    expect(findingsOf(input, 'realtime-slow-sink')).toHaveLength(1);
  });

  it('does not fire behind a queue or for a real-time system', () => {
    const queued = circuit(
      [camera(), node('q', 'redis-list-queue', { timeoutMs: 200 }), node('store', 'mongodb-sink')],
      [edge('e1', 'cam', 'q'), edge('e2', 'q', 'store')],
    );
    const redis = circuit([camera(), node('r', 'redis-sink', { timeoutMs: 50 })], [edge('e1', 'cam', 'r', pubSub)]);

    expect(findingsOf(queued, 'realtime-slow-sink')).toEqual([]);
    expect(findingsOf(redis, 'realtime-slow-sink')).toEqual([]);
  });
});

describe('realtime-missing-timeout', () => {
  it('fires on a camera without a timeout', () => {
    const input = circuit(
      [node('cam', 'rtsp-source', { codec: 'jpeg' }), node('n', 'null-sink')],
      [edge('e1', 'cam', 'n', pubSub)],
    );

    const findings = findingsOf(input, 'realtime-missing-timeout');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.nodes).toEqual(['cam']);
    expect(findings[0]?.message).toContain('without a hard timeout');
    expect(findings[0]?.quickFix).toEqual({ kind: 'set-node-config', node: 'cam', changes: { timeoutMs: 200 } });
  });

  it('fires on the queue at the boundary', () => {
    const input = circuit(
      [camera(), node('q', 'redis-list-queue'), node('store', 'mongodb-sink')],
      [edge('e1', 'cam', 'q'), edge('e2', 'q', 'store')],
    );

    const findings = findingsOf(input, 'realtime-missing-timeout');

    expect(findings.map((finding) => finding.nodes)).toEqual([['q']]);
  });

  it('does not fire with a timeout or on a capacity path', () => {
    const withTimeout = circuit([camera(), node('n', 'null-sink')], [edge('e1', 'cam', 'n', pubSub)]);
    const capacity = circuit(
      [node('file', 'file-source'), node('store', 'mongodb-sink')],
      [edge('e1', 'file', 'store')],
    );

    expect(findingsOf(withTimeout, 'realtime-missing-timeout')).toEqual([]);
    expect(findingsOf(capacity, 'realtime-missing-timeout')).toEqual([]);
  });
});

describe('realtime-slow-recovery', () => {
  it('fires on Kafka on a camera path and offers a fast queue', () => {
    const input = circuit(
      [camera(), node('k', 'kafka-queue', { timeoutMs: 100, capacity: 50 }), node('store', 'mongodb-sink')],
      [edge('e1', 'cam', 'k'), edge('e2', 'k', 'store')],
    );

    const findings = findingsOf(input, 'realtime-slow-recovery');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.nodes).toEqual(['k']);
    expect(findings[0]?.message).toContain('Kafka queue "k" takes long to come back after a failure');
    expect(findings[0]?.quickFix).toEqual({
      kind: 'replace-node',
      node: 'k',
      nodeType: 'redis-list-queue',
      config: { timeoutMs: 100, capacity: 50 },
    });
  });

  it('fires on MongoDB fed from a camera path', () => {
    const input = circuit(
      [camera(), node('store', 'mongodb-sink', { timeoutMs: 100 })],
      [edge('e1', 'cam', 'store', pubSub)],
    );

    const [finding] = findingsOf(input, 'realtime-slow-recovery');

    expect(finding?.quickFix).toEqual({
      kind: 'insert-node',
      edge: 'e1',
      nodeType: 'redis-list-queue',
      config: { timeoutMs: 200 },
    });
  });

  it('does not fire on a capacity path', () => {
    const input = circuit(
      [node('file', 'file-source'), node('k', 'kafka-queue'), node('store', 'mongodb-sink')],
      [edge('e1', 'file', 'k'), edge('e2', 'k', 'store')],
    );

    expect(findingsOf(input, 'realtime-slow-recovery')).toEqual([]);
  });
});

describe('realtime-prefer-udp', () => {
  it('fires on Graphite over TCP on a camera path', () => {
    const input = circuit(
      [camera(), node('g', 'graphite-sink', { protocol: 'tcp', timeoutMs: 50 })],
      [edge('e1', 'cam', 'g', pubSub)],
    );

    const findings = findingsOf(input, 'realtime-prefer-udp');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('over TCP');
    expect(findings[0]?.quickFix).toEqual({ kind: 'set-node-config', node: 'g', changes: { protocol: 'udp' } });
  });

  it('does not fire over UDP or on a capacity path', () => {
    const udp = circuit([camera(), node('g', 'graphite-sink', { timeoutMs: 50 })], [edge('e1', 'cam', 'g', pubSub)]);
    const capacity = circuit(
      [node('file', 'file-source'), node('g', 'graphite-sink', { protocol: 'tcp' })],
      [edge('e1', 'file', 'g')],
    );

    expect(findingsOf(udp, 'realtime-prefer-udp')).toEqual([]);
    expect(findingsOf(capacity, 'realtime-prefer-udp')).toEqual([]);
  });
});
