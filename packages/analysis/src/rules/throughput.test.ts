import { describe, expect, it } from 'vitest';
import { circuit, edge, findingsOf, node } from '../fixtures.js';

const pubSub = { pattern: 'pub-sub' } as const;

describe('rate-overload', () => {
  it('predicts the drop rate on a real-time path', () => {
    const input = circuit(
      [
        node('cam', 'synthetic-source', { live: true, fps: 30 }),
        node('m', 'module', { processingMs: 50 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'cam', 'm', pubSub), edge('e2', 'm', 'n', pubSub)],
    );

    const findings = findingsOf(input, 'rate-overload');

    // 1000 / 50 ms = 20 fps against 30 offered: 10 fps, a third, dropped. 30 x 50 / 1000 = 1.5, so 2 replicas.
    expect(findings).toHaveLength(1);
    expect(findings[0]?.nodes).toEqual(['m']);
    expect(findings[0]?.edges).toEqual(['e1']);
    expect(findings[0]?.message).toBe(
      'Module "m" is offered 30 fps but handles at most 20 fps (1 replica x 1000 / 50 ms per frame), so about 33.3% of its input, 10 fps, will be dropped.',
    );
    expect(findings[0]?.quickFix).toEqual({ kind: 'set-node-config', node: 'm', changes: { replicas: 2 } });
  });

  it('predicts the backlog on a capacity path', () => {
    const input = circuit(
      [
        node('src', 'synthetic-source', { fps: 30 }),
        node('q', 'rabbitmq-queue', { capacity: 600 }),
        node('m', 'module', { processingMs: 50 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'src', 'q'), edge('e2', 'q', 'm'), edge('e3', 'm', 'n')],
    );

    const [finding] = findingsOf(input, 'rate-overload');

    // 30 - 20 = 10 frames/s into a queue of 600: full after 600 / 10 = 60 s.
    expect(finding?.message).toBe(
      'Module "m" is offered 30 fps but handles at most 20 fps (1 replica x 1000 / 50 ms per frame), so a backlog of 10 frames/s builds up in front of it: RabbitMQ queue "q" (600 frames) fills in 60 s, after which the queue can take no more.',
    );
  });

  it('names the link queues when no queue node is in front', () => {
    const input = circuit(
      [node('src', 'synthetic-source', { fps: 30 }), node('store', 'http-sink'), node('n', 'null-sink')],
      [edge('e1', 'src', 'store', { hwm: 50 })],
    );

    const [finding] = findingsOf(input, 'rate-overload');

    // HTTP sink: 1000 / 50 ms = 20 fps; 10 frames/s into 2 x 50 = 100 frames of link queues: 10 s.
    expect(finding?.message).toContain('the queues of edge "e1" (src -> store) (100 frames) fill in 10 s');
    expect(finding?.message).toContain('after which Synthetic source "src" is held back to the rate the stage takes');
    expect(finding?.fix).toContain('Make HTTP sink "store" faster');
    expect(finding?.quickFix).toBeUndefined();
  });

  it('counts a dropping buffer and its link', () => {
    const input = circuit(
      [
        node('src', 'synthetic-source', { fps: 30 }),
        node('buf', 'memory-buffer', { capacity: 50 }),
        node('m', 'module', { processingMs: 50 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'src', 'buf'), edge('e2', 'buf', 'm', { hwm: 10 }), edge('e3', 'm', 'n')],
    );

    const [finding] = findingsOf(input, 'rate-overload');

    // 10 frames/s into 50 buffered frames plus 2 x 10 on the link: 70 / 10 = 7 s.
    expect(finding?.message).toContain(
      'Memory buffer "buf" and the queues of edge "e2" (buf -> m) (70 frames) fill in 7 s, after which Memory buffer "buf" drops frames',
    );
  });

  it('says the wait spreads past a stage', () => {
    const input = circuit(
      [
        node('src', 'synthetic-source', { fps: 30 }),
        node('m', 'module', { processingMs: 5 }),
        node('store', 'http-sink'),
      ],
      [edge('e1', 'src', 'm'), edge('e2', 'm', 'store', { hwm: 50 })],
    );

    const [finding] = findingsOf(input, 'rate-overload');

    expect(finding?.nodes).toEqual(['store']);
    expect(finding?.message).toContain('after which Module "m" has to wait and the wait spreads upstream');
  });

  it('does not fire when capacity suffices or the source is elastic', () => {
    const enough = circuit(
      [
        node('cam', 'synthetic-source', { live: true, fps: 30 }),
        node('m', 'module', { processingMs: 20 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'cam', 'm', pubSub), edge('e2', 'm', 'n', pubSub)],
    );
    const elastic = circuit(
      [
        node('a', 'file-source'),
        node('b', 'file-source'),
        node('m', 'module', { processingMs: 50 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'a', 'm'), edge('e2', 'b', 'm'), edge('e3', 'm', 'n')],
    );

    expect(findingsOf(enough, 'rate-overload')).toEqual([]);
    expect(findingsOf(elastic, 'rate-overload')).toEqual([]);
  });
});

describe('capacity-no-persistent-queue', () => {
  it('fires when a source outruns its slowest stage', () => {
    const input = circuit(
      [
        node('src', 'synthetic-source', { fps: 30 }),
        node('fast', 'module', { processingMs: 5 }),
        node('slow', 'module', { processingMs: 50 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'src', 'fast'), edge('e2', 'fast', 'slow'), edge('e3', 'slow', 'n')],
    );

    const findings = findingsOf(input, 'capacity-no-persistent-queue');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('info');
    expect(findings[0]?.nodes).toEqual(['src', 'slow']);
    expect(findings[0]?.edges).toEqual(['e2']);
    expect(findings[0]?.message).toContain('produces 30 fps, but Module "slow" handles at most 20 fps');
    expect(findings[0]?.quickFix).toEqual({ kind: 'insert-node', edge: 'e2', nodeType: 'kafka-queue' });
  });

  it('does not fire with a persistent queue, an elastic or a live source', () => {
    const queued = circuit(
      [
        node('src', 'synthetic-source', { fps: 30 }),
        node('k', 'kafka-queue'),
        node('slow', 'module', { processingMs: 50 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'src', 'k'), edge('e2', 'k', 'slow'), edge('e3', 'slow', 'n')],
    );
    const elastic = circuit(
      [node('file', 'file-source'), node('slow', 'module', { processingMs: 50 }), node('n', 'null-sink')],
      [edge('e1', 'file', 'slow'), edge('e2', 'slow', 'n')],
    );
    const live = circuit(
      [
        node('cam', 'synthetic-source', { fps: 30, live: true }),
        node('slow', 'module', { processingMs: 50 }),
        node('n', 'null-sink'),
      ],
      [edge('e1', 'cam', 'slow', pubSub), edge('e2', 'slow', 'n', pubSub)],
    );

    expect(findingsOf(queued, 'capacity-no-persistent-queue')).toEqual([]);
    expect(findingsOf(elastic, 'capacity-no-persistent-queue')).toEqual([]);
    expect(findingsOf(live, 'capacity-no-persistent-queue')).toEqual([]);
  });
});
