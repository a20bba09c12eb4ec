import { describe, expect, it } from 'vitest';
import { cameraToRtsp, circuit, edge, findingsOf, node } from '../fixtures.js';
import { applyQuickFix } from '../quick-fix.js';

const camera = () => node('cam', 'rtsp-source', { codec: 'jpeg', timeoutMs: 200 });
const pubSub = { pattern: 'pub-sub' } as const;

describe('realtime-latency-budget', () => {
  it('sums the link queues on the worst path', () => {
    const input = circuit(
      [camera(), node('det', 'module', { processingMs: 100 }), node('out', 'rtsp-sink', { timeoutMs: 200 })],
      [edge('e1', 'cam', 'det', pubSub), edge('e2', 'det', 'out', pubSub)],
    );

    const findings = findingsOf(input, 'realtime-latency-budget');

    // e1: 2 x 3 frames x 100 ms = 600 ms; e2: 2 x 3 frames x 5 ms (RTSP sink) = 30 ms; 630 ms > 500 ms.
    // The fix lowers the largest wait by the 130 ms excess: 470 ms / (2 x 100 ms) rounds down to hwm 2.
    expect(findings).toHaveLength(1);
    expect(findings[0]?.nodes).toEqual(['cam', 'det', 'out']);
    expect(findings[0]?.edges).toEqual(['e1', 'e2']);
    expect(findings[0]?.message).toContain('up to 630 ms');
    expect(findings[0]?.message).toContain('budget of 500 ms');
    expect(findings[0]?.message).toContain('edge "e1" (cam -> det) holds up to 6 frames x 100 ms = 600 ms');
    expect(findings[0]?.quickFix).toEqual({ kind: 'set-edge', edge: 'e1', changes: { hwm: 2 } });
  });

  it('counts the frames waiting in a dropping buffer', () => {
    const input = circuit(
      [
        camera(),
        node('buf', 'memory-buffer', { capacity: 100 }),
        node('det', 'module', { processingMs: 10 }),
        node('out', 'rtsp-sink', { timeoutMs: 200 }),
      ],
      [edge('e1', 'cam', 'buf', pubSub), edge('e2', 'buf', 'det', pubSub), edge('e3', 'det', 'out', pubSub)],
    );

    const [finding] = findingsOf(input, 'realtime-latency-budget');

    // e1 feeds the buffer, which takes frames at once: 0 ms. e2: 6 x 10 = 60 ms on the link plus 100 x 10 =
    // 1000 ms in the buffer; e3: 6 x 5 = 30 ms. 1090 ms; shrinking the buffer by 590 ms leaves 410 ms = 41 frames.
    expect(finding?.message).toContain('up to 1090 ms');
    expect(finding?.message).toContain('Memory buffer "buf" holds up to 100 frames x 10 ms = 1000 ms');
    expect(finding?.quickFix).toEqual({ kind: 'set-node-config', node: 'buf', changes: { capacity: 41 } });
  });

  it('adds jitter to the service time', () => {
    const input = circuit(
      [
        camera(),
        node('det', 'module', { processingMs: 50, jitterMs: 30 }),
        node('out', 'rtsp-sink', { timeoutMs: 200 }),
      ],
      [edge('e1', 'cam', 'det', pubSub), edge('e2', 'det', 'out', pubSub)],
    );

    const [finding] = findingsOf(input, 'realtime-latency-budget');

    // e1: 6 x (50 + 30) = 480 ms; e2: 6 x 5 = 30 ms; 510 ms > 500 ms.
    expect(finding?.message).toContain('up to 510 ms');
  });

  it('applies its quick fix to fit the budget', () => {
    const input = circuit(
      [camera(), node('det', 'module', { processingMs: 100 }), node('out', 'rtsp-sink', { timeoutMs: 200 })],
      [edge('e1', 'cam', 'det', pubSub), edge('e2', 'det', 'out', pubSub)],
    );
    const [finding] = findingsOf(input, 'realtime-latency-budget');

    const fixed = applyQuickFix(input, finding?.quickFix ?? { kind: 'set-edge', edge: 'e1', changes: {} });

    expect(findingsOf(fixed, 'realtime-latency-budget')).toEqual([]);
  });

  it('says when its quick fix is not enough', () => {
    const input = circuit(
      [
        camera(),
        node('a', 'module', { processingMs: 100 }),
        node('b', 'module', { processingMs: 100 }),
        node('out', 'rtsp-sink', { timeoutMs: 200 }),
      ],
      [edge('e1', 'cam', 'a', pubSub), edge('e2', 'a', 'b', pubSub), edge('e3', 'b', 'out', pubSub)],
    );

    const [finding] = findingsOf(input, 'realtime-latency-budget');

    // 600 + 600 + 30 = 1230 ms, 730 ms over. hwm 1 on e1 leaves 2 x 100 = 200 ms there: 830 ms, 330 ms over.
    expect(finding?.quickFix).toEqual({ kind: 'set-edge', edge: 'e1', changes: { hwm: 1 } });
    expect(finding?.fix).toBe(
      'Lower hwm of edge "e1" to 1, so that at most 2 frames wait on it. The path then still exceeds the budget by 330 ms, so shorten the other waits too.',
    );
  });

  it('does not fire within the budget', () => {
    const generous = circuit(
      [
        camera(),
        node('det', 'module', { processingMs: 100 }),
        node('out', 'rtsp-sink', { timeoutMs: 200, latencyBudgetMs: 2000 }),
      ],
      [edge('e1', 'cam', 'det', pubSub), edge('e2', 'det', 'out', pubSub)],
    );

    // 2 x 3 x 20 ms + 2 x 3 x 5 ms = 150 ms.
    expect(findingsOf(cameraToRtsp(), 'realtime-latency-budget')).toEqual([]);
    expect(findingsOf(generous, 'realtime-latency-budget')).toEqual([]);
  });
});
