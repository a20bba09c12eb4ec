import { describe, expect, it } from 'vitest';
import { circuit, edge, findingsOf, node } from '../fixtures.js';
import { applyQuickFix } from '../quick-fix.js';

const camera = () => node('cam', 'rtsp-source', { codec: 'jpeg', timeoutMs: 200 });

describe('realtime-blocking-socket', () => {
  it('fires on dealer-router from a camera', () => {
    const input = circuit(
      [camera(), node('det', 'module'), node('n', 'null-sink')],
      [edge('e1', 'cam', 'det', { pattern: 'dealer-router' }), edge('e2', 'det', 'n', { pattern: 'pub-sub' })],
    );

    const findings = findingsOf(input, 'realtime-blocking-socket');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.nodes).toEqual(['cam', 'det']);
    expect(findings[0]?.edges).toEqual(['e1']);
    expect(findings[0]?.message).toContain('RTSP source "cam"');
    expect(findings[0]?.message).toContain('stalls');
    expect(findings[0]?.quickFix).toEqual({ kind: 'set-edge', edge: 'e1', changes: { pattern: 'pub-sub' } });
  });

  it('fires on req-rep and names the reply wait', () => {
    const input = circuit([camera(), node('n', 'null-sink')], [edge('e1', 'cam', 'n', { pattern: 'req-rep' })]);

    const findings = findingsOf(input, 'realtime-blocking-socket');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('waits for a reply');
  });

  it('takes the default pattern of an edge as blocking', () => {
    const input = circuit([camera(), node('n', 'null-sink')], [edge('e1', 'cam', 'n')]);

    expect(findingsOf(input, 'realtime-blocking-socket')).toHaveLength(1);
  });

  it('does not fire on pub-sub', () => {
    const input = circuit([camera(), node('n', 'null-sink')], [edge('e1', 'cam', 'n', { pattern: 'pub-sub' })]);

    expect(findingsOf(input, 'realtime-blocking-socket')).toEqual([]);
  });

  it('does not fire behind a dropping buffer', () => {
    const input = circuit(
      [camera(), node('buf', 'memory-buffer', { capacity: 5 }), node('det', 'module'), node('n', 'null-sink')],
      [
        edge('e1', 'cam', 'buf', { pattern: 'pub-sub' }),
        edge('e2', 'buf', 'det', { pattern: 'dealer-router' }),
        edge('e3', 'det', 'n', { pattern: 'dealer-router' }),
      ],
    );

    expect(findingsOf(input, 'realtime-blocking-socket')).toEqual([]);
  });

  it('does not fire on a capacity path', () => {
    const input = circuit(
      [node('file', 'file-source'), node('n', 'null-sink')],
      [edge('e1', 'file', 'n', { pattern: 'dealer-router' })],
    );

    expect(findingsOf(input, 'realtime-blocking-socket')).toEqual([]);
  });

  it('keeps socket specs and the bind side in its quick fix', () => {
    const input = circuit(
      [camera(), node('n', 'null-sink')],
      [
        edge('e1', 'cam', 'n', {
          sourceSocket: 'dealer+connect:ipc:///tmp/cs/a.ipc',
          targetSocket: 'router+bind:ipc:///tmp/cs/a.ipc',
        }),
      ],
    );

    const [finding] = findingsOf(input, 'realtime-blocking-socket');

    expect(finding?.quickFix).toEqual({
      kind: 'set-edge',
      edge: 'e1',
      changes: {
        pattern: 'pub-sub',
        sourceSocket: 'pub+connect:ipc:///tmp/cs/a.ipc',
        targetSocket: 'sub+bind:ipc:///tmp/cs/a.ipc',
        bind: 'target',
      },
    });
  });

  it('moves an edge off a shared endpoint in its quick fix', () => {
    const input = circuit(
      [
        camera(),
        node('cam2', 'rtsp-source', { codec: 'jpeg', timeoutMs: 200 }),
        node('det', 'module'),
        node('n', 'null-sink'),
      ],
      [
        edge('e1', 'cam', 'det', { endpoint: 'ipc:///tmp/cs/det.ipc' }),
        edge('e2', 'cam2', 'det', { endpoint: 'ipc:///tmp/cs/det.ipc' }),
        edge('e3', 'det', 'n', { pattern: 'pub-sub' }),
      ],
    );
    const [first] = findingsOf(input, 'realtime-blocking-socket');

    const fixed = applyQuickFix(input, first?.quickFix ?? { kind: 'set-edge', edge: 'e1', changes: {} });

    expect(fixed.edges[0]).toEqual({ id: 'e1', source: 'cam', target: 'det', pattern: 'pub-sub' });
    expect(findingsOf(fixed, 'socket-mismatch')).toEqual([]);
  });
});

describe('capacity-lossy-socket', () => {
  it('fires on pub-sub on a capacity path', () => {
    const input = circuit(
      [node('file', 'file-source'), node('n', 'null-sink')],
      [edge('e1', 'file', 'n', { pattern: 'pub-sub' })],
    );

    const findings = findingsOf(input, 'capacity-lossy-socket');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.edges).toEqual(['e1']);
    expect(findings[0]?.message).toContain('falls 1000 frames behind (the high-water mark)');
    expect(findings[0]?.message).not.toContain('start-up');
    expect(findings[0]?.quickFix).toEqual({ kind: 'set-edge', edge: 'e1', changes: { pattern: 'dealer-router' } });
  });

  it('names the start-up loss when the subscriber binds', () => {
    const input = circuit(
      [node('file', 'file-source'), node('n', 'null-sink')],
      [
        edge('e1', 'file', 'n', {
          sourceSocket: 'pub+connect:ipc:///tmp/cs/in.ipc',
          targetSocket: 'sub+bind:ipc:///tmp/cs/in.ipc',
        }),
      ],
    );

    const [finding] = findingsOf(input, 'capacity-lossy-socket');

    expect(finding?.message).toContain('the subscriber binds and the publisher connects');
    expect(finding?.quickFix).toEqual({
      kind: 'set-edge',
      edge: 'e1',
      changes: {
        pattern: 'dealer-router',
        sourceSocket: 'dealer+connect:ipc:///tmp/cs/in.ipc',
        targetSocket: 'router+bind:ipc:///tmp/cs/in.ipc',
        bind: 'target',
      },
    });
  });

  it('does not fire on a real-time path or on dealer-router', () => {
    const realtime = circuit([camera(), node('n', 'null-sink')], [edge('e1', 'cam', 'n', { pattern: 'pub-sub' })]);
    const capacity = circuit(
      [node('file', 'file-source'), node('n', 'null-sink')],
      [edge('e1', 'file', 'n', { pattern: 'dealer-router' })],
    );

    expect(findingsOf(realtime, 'capacity-lossy-socket')).toEqual([]);
    expect(findingsOf(capacity, 'capacity-lossy-socket')).toEqual([]);
  });
});

describe('keyframe-video-loss', () => {
  it('fires on h264 over pub-sub and names the first lossy link', () => {
    const input = circuit(
      [node('cam', 'rtsp-source', { timeoutMs: 200 }), node('det', 'module'), node('n', 'null-sink')],
      [edge('e1', 'cam', 'det', { pattern: 'pub-sub' }), edge('e2', 'det', 'n', { pattern: 'pub-sub' })],
    );

    const findings = findingsOf(input, 'keyframe-video-loss');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.nodes).toEqual(['cam']);
    expect(findings[0]?.edges).toEqual(['e1']);
    expect(findings[0]?.message).toContain('h264');
    expect(findings[0]?.message).toContain('next keyframe');
    expect(findings[0]?.quickFix).toEqual({ kind: 'set-node-config', node: 'cam', changes: { codec: 'jpeg' } });
  });

  it('fires on h264 through a dropping buffer', () => {
    const input = circuit(
      [node('src', 'synthetic-source', { codec: 'h264' }), node('buf', 'memory-buffer'), node('n', 'null-sink')],
      [edge('e1', 'src', 'buf'), edge('e2', 'buf', 'n')],
    );

    const [finding] = findingsOf(input, 'keyframe-video-loss');

    expect(finding?.nodes).toEqual(['src', 'buf']);
    expect(finding?.edges).toEqual([]);
  });

  it('does not fire on whole frames or links that do not drop', () => {
    const jpeg = circuit(
      [node('cam', 'rtsp-source', { codec: 'jpeg' }), node('n', 'null-sink')],
      [edge('e1', 'cam', 'n', { pattern: 'pub-sub' })],
    );
    const blocking = circuit(
      [node('src', 'synthetic-source', { codec: 'h264' }), node('n', 'null-sink')],
      [edge('e1', 'src', 'n', { pattern: 'dealer-router' })],
    );

    expect(findingsOf(jpeg, 'keyframe-video-loss')).toEqual([]);
    expect(findingsOf(blocking, 'keyframe-video-loss')).toEqual([]);
  });
});
