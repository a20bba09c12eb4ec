import type { EdgeMetrics, NodeMetrics } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';
import { type LiveTotals, mergeMetrics, rateBetween, setNodeState, settleTotals, totalDropped } from './metrics.js';

function node(framesIn: number, framesOut: number, extra: Partial<NodeMetrics> = {}): NodeMetrics {
  return {
    state: 'running',
    framesIn,
    framesOut,
    dropped: {},
    errors: 0,
    latencyMs: { p50: 1, p95: 2, p99: 3 },
    ...extra,
  };
}

function edge(received: number, extra: Partial<EdgeMetrics> = {}): EdgeMetrics {
  return { sent: received, received, dropped: 0, inFlight: 0, ...extra };
}

const EMPTY: LiveTotals = { nodes: {}, edges: {} };

describe('mergeMetrics', () => {
  it('computes rates from the change since the previous message', () => {
    const first = mergeMetrics(EMPTY, { at: 10_000, nodes: { a: node(100, 90) }, edges: { e1: edge(90) } });
    const second = mergeMetrics(first, { at: 10_250, nodes: { a: node(110, 98) }, edges: { e1: edge(98) } });

    expect(first.edges.e1?.fps).toBeUndefined();
    expect(second.nodes.a?.fpsIn).toBe(40);
    expect(second.nodes.a?.fpsOut).toBe(32);
    expect(second.edges.e1?.fps).toBe(32);
  });

  it('prefers the rates the server sends', () => {
    const first = mergeMetrics(EMPTY, { at: 0, nodes: {}, edges: { e1: edge(0) } });
    const second = mergeMetrics(first, {
      at: 1000,
      nodes: { a: node(5, 5, { fpsIn: 29.5 }) },
      edges: { e1: edge(30, { fps: 25 }) },
    });

    expect(second.edges.e1?.fps).toBe(25);
    expect(second.nodes.a?.fpsIn).toBe(29.5);
  });

  it('keeps entries the message leaves out', () => {
    const first = mergeMetrics(EMPTY, { at: 0, nodes: { a: node(1, 1) }, edges: { e1: edge(1) } });
    const second = mergeMetrics(first, { at: 250, nodes: { b: node(2, 2) }, edges: {} });

    expect(Object.keys(second.nodes).sort()).toEqual(['a', 'b']);
    expect(second.edges.e1?.metrics.received).toBe(1);
  });

  it('takes the node state from the metrics', () => {
    const starting = setNodeState(EMPTY, 'a', 'starting');

    const merged = mergeMetrics(starting, { at: 0, nodes: { a: node(0, 0, { state: 'running' }) }, edges: {} });

    expect(merged.nodes.a?.state).toBe('running');
  });
});

describe('node messages', () => {
  const RESTART = 'node process ended unexpectedly (signal SIGKILL); restart 1 in 250 ms';

  it('are replaced by the next status, with or without a message', () => {
    const restarting = setNodeState(EMPTY, 'a', 'restarting', RESTART);

    const running = setNodeState(restarting, 'a', 'running');

    expect(restarting.nodes.a?.message).toBe(RESTART);
    expect(running.nodes.a).toEqual({ state: 'running' });
  });

  it('go when the metrics report another state', () => {
    const restarting = setNodeState(EMPTY, 'a', 'restarting', RESTART);

    const same = mergeMetrics(restarting, { at: 0, nodes: { a: node(0, 0, { state: 'restarting' }) }, edges: {} });
    const moved = mergeMetrics(same, { at: 250, nodes: { a: node(0, 0, { state: 'running' }) }, edges: {} });

    expect(same.nodes.a?.message).toBe(RESTART);
    expect(moved.nodes.a?.message).toBeUndefined();
  });
});

describe('settleTotals', () => {
  it('keeps the counters and drops the rates', () => {
    const first = mergeMetrics(EMPTY, { at: 0, nodes: { a: node(10, 10) }, edges: { e1: edge(10) } });
    const second = mergeMetrics(first, {
      at: 1000,
      nodes: { a: node(40, 40, { fpsIn: 30, fpsOut: 30 }) },
      edges: { e1: edge(40, { fps: 30 }) },
    });

    const settled = settleTotals(second);

    expect(settled.nodes.a).toEqual({ state: 'running', metrics: node(40, 40) });
    expect(settled.edges.e1).toEqual({ metrics: edge(40) });
    expect(settled.at).toBe(1000);
  });

  it('keeps only the reason a node failed', () => {
    const totals = setNodeState(
      setNodeState(EMPTY, 'restarted', 'restarting', 'restart 2 in 500 ms'),
      'broken',
      'failed',
      'node process ended unexpectedly after 5 restarts',
    );

    const settled = settleTotals(setNodeState(totals, 'restarted', 'stopped', 'restart 2 in 500 ms'));

    expect(settled.nodes.restarted).toEqual({ state: 'stopped' });
    expect(settled.nodes.broken?.message).toBe('node process ended unexpectedly after 5 restarts');
  });
});

describe('rateBetween', () => {
  it('is undefined without an earlier sample or interval', () => {
    expect(rateBetween(undefined, 10, 1)).toBeUndefined();
    expect(rateBetween(5, 10, 0)).toBeUndefined();
  });

  it('is undefined when a restarted counter goes back', () => {
    expect(rateBetween(500, 3, 0.25)).toBeUndefined();
  });
});

describe('totalDropped', () => {
  it('sums every reason', () => {
    expect(totalDropped(node(0, 0, { dropped: { hwm: 3, late: 2, gap: 1 } }))).toBe(6);
  });
});
