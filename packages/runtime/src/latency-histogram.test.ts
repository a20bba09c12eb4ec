import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.js';

describe('LatencyHistogram', () => {
  it('returns percentiles within the bucket error', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) histogram.record(ms);

    const summary = histogram.summary();

    expect(summary.p50).toBeGreaterThan(50 * 0.95);
    expect(summary.p50).toBeLessThan(50 * 1.05);
    expect(summary.p99).toBeGreaterThan(99 * 0.95);
    expect(summary.p99).toBeLessThan(99 * 1.05);
  });

  it('returns zeros when empty', () => {
    expect(new LatencyHistogram().summary()).toEqual({ p50: 0, p95: 0, p99: 0 });
  });

  it('merges and subtracts sparse forms', () => {
    const early = new LatencyHistogram();
    early.record(1);
    const later = LatencyHistogram.fromSparse(early.toSparse());
    later.record(200);

    later.add(early.toSparse(), -1);

    expect(later.count).toBe(1);
    expect(later.percentile(0.5)).toBeGreaterThan(190);
  });
});
