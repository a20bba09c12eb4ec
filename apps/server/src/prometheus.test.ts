import { describe, expect, it } from 'vitest';

import { formatPrometheus } from './prometheus.js';

describe('formatPrometheus', () => {
  it('writes node and edge counters with labels', () => {
    const text = formatPrometheus(1, [
      {
        runId: 'r1',
        totals: {
          nodes: {
            cam: {
              state: 'running',
              framesIn: 0,
              framesOut: 40,
              dropped: { hwm: 3, gap: 1 },
              errors: 0,
              latencyMs: { p50: 1, p95: 2, p99: 3 },
            },
          },
          edges: { e1: { sent: 40, received: 35, dropped: 4, inFlight: 1 } },
        },
      },
    ]);

    expect(text).toContain('circuit_studio_runs_active 1\n');
    expect(text).toContain('circuit_studio_node_frames_out_total{run="r1",node="cam"} 40\n');
    expect(text).toContain('circuit_studio_node_frames_dropped_total{run="r1",node="cam",reason="hwm"} 3\n');
    expect(text).toContain('circuit_studio_node_frames_dropped_total{run="r1",node="cam",reason="gap"} 1\n');
    expect(text).toContain('circuit_studio_edge_frames_sent_total{run="r1",edge="e1"} 40\n');
    expect(text).toContain('circuit_studio_edge_frames_received_total{run="r1",edge="e1"} 35\n');
    expect(text).toContain('circuit_studio_edge_frames_dropped_total{run="r1",edge="e1"} 4\n');
    expect(text).toContain('circuit_studio_edge_frames_in_flight{run="r1",edge="e1"} 1\n');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('escapes quotes and backslashes in labels', () => {
    const text = formatPrometheus(0, [
      { runId: 'a"b\\c', totals: { nodes: {}, edges: { x: { sent: 1, received: 1, dropped: 0, inFlight: 0 } } } },
    ]);

    expect(text).toContain('circuit_studio_edge_frames_sent_total{run="a\\"b\\\\c",edge="x"} 1\n');
  });

  it('writes HELP and TYPE for every family even without runs', () => {
    const text = formatPrometheus(0, []);

    expect(text.match(/^# TYPE /gm)).toHaveLength(9);
    expect(text.match(/^# HELP /gm)).toHaveLength(9);
  });
});
