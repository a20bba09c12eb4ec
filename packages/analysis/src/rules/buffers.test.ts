import { describe, expect, it } from 'vitest';
import { circuit, edge, findingsOf, node } from '../fixtures.js';

const camera = () => node('cam', 'rtsp-source', { codec: 'jpeg', timeoutMs: 200 });
const pubSub = { pattern: 'pub-sub' } as const;

describe('realtime-unbounded-buffer', () => {
  it('fires as an error on a blocking buffer behind a camera', () => {
    const input = circuit(
      [camera(), node('buf', 'memory-buffer', { overflow: 'block' }), node('n', 'null-sink')],
      [edge('e1', 'cam', 'buf', pubSub), edge('e2', 'buf', 'n', pubSub)],
    );

    const findings = findingsOf(input, 'realtime-unbounded-buffer');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.nodes).toEqual(['buf']);
    expect(findings[0]?.message).toContain('stalls');
    expect(findings[0]?.quickFix).toEqual({
      kind: 'set-node-config',
      node: 'buf',
      changes: { overflow: 'drop-oldest' },
    });
  });

  it('fires as a warning on a blocking buffer before a live sink', () => {
    const input = circuit(
      [
        node('file', 'file-source'),
        node('buf', 'memory-buffer', { overflow: 'block' }),
        node('out', 'rtsp-sink', { timeoutMs: 100 }),
      ],
      [edge('e1', 'file', 'buf'), edge('e2', 'buf', 'out', pubSub)],
    );

    const [finding] = findingsOf(input, 'realtime-unbounded-buffer');

    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain('falls behind wall-clock time');
    expect(finding?.message).toContain('the real-time path to RTSP sink "out"');
  });

  it('fires on an unbounded queue that feeds a live sink', () => {
    const input = circuit(
      [camera(), node('q', 'redis-list-queue', { timeoutMs: 100 }), node('out', 'rtsp-sink', { timeoutMs: 100 })],
      [edge('e1', 'cam', 'q'), edge('e2', 'q', 'out')],
    );

    const [finding] = findingsOf(input, 'realtime-unbounded-buffer');

    // 200 ms of frames at the camera's 25 fps is 5 frames.
    expect(finding?.message).toContain('has no bound');
    expect(finding?.quickFix).toEqual({ kind: 'set-node-config', node: 'q', changes: { capacity: 5 } });
  });

  it('does not fire on a dropping buffer or a storage queue', () => {
    const dropping = circuit(
      [camera(), node('buf', 'memory-buffer'), node('n', 'null-sink')],
      [edge('e1', 'cam', 'buf', pubSub), edge('e2', 'buf', 'n', pubSub)],
    );
    const storage = circuit(
      [camera(), node('q', 'redis-list-queue', { timeoutMs: 100 }), node('store', 'mongodb-sink')],
      [edge('e1', 'cam', 'q'), edge('e2', 'q', 'store')],
    );

    expect(findingsOf(dropping, 'realtime-unbounded-buffer')).toEqual([]);
    expect(findingsOf(storage, 'realtime-unbounded-buffer')).toEqual([]);
  });
});

describe('realtime-eos-drop', () => {
  it('fires on a buffer that drops the newest frame', () => {
    const input = circuit(
      [camera(), node('buf', 'memory-buffer', { overflow: 'drop-newest' }), node('n', 'null-sink')],
      [edge('e1', 'cam', 'buf', pubSub), edge('e2', 'buf', 'n', pubSub)],
    );

    const findings = findingsOf(input, 'realtime-eos-drop');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('end-of-stream');
    expect(findings[0]?.message).toContain('Null sink "n"');
    expect(findings[0]?.quickFix).toEqual({
      kind: 'set-node-config',
      node: 'buf',
      changes: { overflow: 'drop-oldest' },
    });
  });

  it('does not fire on drop-oldest or on a capacity path', () => {
    const oldest = circuit(
      [camera(), node('buf', 'memory-buffer', { overflow: 'drop-oldest' }), node('n', 'null-sink')],
      [edge('e1', 'cam', 'buf', pubSub), edge('e2', 'buf', 'n', pubSub)],
    );
    const capacity = circuit(
      [node('file', 'file-source'), node('buf', 'memory-buffer', { overflow: 'drop-newest' }), node('n', 'null-sink')],
      [edge('e1', 'file', 'buf'), edge('e2', 'buf', 'n')],
    );

    expect(findingsOf(oldest, 'realtime-eos-drop')).toEqual([]);
    expect(findingsOf(capacity, 'realtime-eos-drop')).toEqual([]);
  });
});

describe('capacity-lossy-buffer', () => {
  it('fires on a dropping buffer on a capacity path', () => {
    const input = circuit(
      [node('file', 'file-source'), node('buf', 'memory-buffer', { capacity: 50 }), node('n', 'null-sink')],
      [edge('e1', 'file', 'buf'), edge('e2', 'buf', 'n')],
    );

    const findings = findingsOf(input, 'capacity-lossy-buffer');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.message).toContain('falls behind by 50 frames');
    expect(findings[0]?.fix).toContain('File source "file" wait');
    expect(findings[0]?.quickFix).toEqual({ kind: 'set-node-config', node: 'buf', changes: { overflow: 'block' } });
  });

  it('does not fire on a blocking buffer or on a real-time path', () => {
    const blocking = circuit(
      [node('file', 'file-source'), node('buf', 'memory-buffer', { overflow: 'block' }), node('n', 'null-sink')],
      [edge('e1', 'file', 'buf'), edge('e2', 'buf', 'n')],
    );
    const realtime = circuit(
      [camera(), node('buf', 'memory-buffer'), node('n', 'null-sink')],
      [edge('e1', 'cam', 'buf', pubSub), edge('e2', 'buf', 'n', pubSub)],
    );

    expect(findingsOf(blocking, 'capacity-lossy-buffer')).toEqual([]);
    expect(findingsOf(realtime, 'capacity-lossy-buffer')).toEqual([]);
  });
});
