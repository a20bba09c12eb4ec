import type { LatencySummary } from '@circuit-studio/model';

/**
 * Log-scale latency buckets. Bucket `i` contains values from `FLOOR_MS * GROWTH^i` up to the next
 * bucket, so a percentile read from the buckets is within about 5% of the true value. Values below
 * `FLOOR_MS` share bucket 0 and values above the top bucket share the last one.
 */
const FLOOR_MS = 0.05;
const GROWTH = 1.1;
const BUCKETS = 200;

/** Non-empty buckets as `[index, count]` pairs, the form sent between processes. */
export type SparseHistogram = Array<[number, number]>;

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;

  record(ms: number): void {
    const value = Number.isFinite(ms) && ms > FLOOR_MS ? ms : FLOOR_MS;
    const index = Math.min(BUCKETS - 1, Math.floor(Math.log(value / FLOOR_MS) / Math.log(GROWTH)));
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.total += 1;
  }

  add(sparse: SparseHistogram, sign: 1 | -1 = 1): void {
    for (const [index, count] of sparse) {
      if (index < 0 || index >= BUCKETS) continue;
      this.counts[index] = Math.max(0, (this.counts[index] ?? 0) + sign * count);
      this.total = Math.max(0, this.total + sign * count);
    }
  }

  get count(): number {
    return this.total;
  }

  toSparse(): SparseHistogram {
    const sparse: SparseHistogram = [];
    this.counts.forEach((count, index) => {
      if (count > 0) sparse.push([index, count]);
    });
    return sparse;
  }

  /** Returns the value below which `fraction` of the samples fall, as the geometric middle of its bucket. */
  percentile(fraction: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(fraction * this.total));
    let seen = 0;
    for (let index = 0; index < BUCKETS; index++) {
      seen += this.counts[index] ?? 0;
      if (seen >= rank) {
        const middle = index === 0 ? FLOOR_MS : FLOOR_MS * GROWTH ** (index + 0.5);
        return Math.round(middle * 100) / 100;
      }
    }
    return Math.round(FLOOR_MS * GROWTH ** BUCKETS * 100) / 100;
  }

  summary(): LatencySummary {
    return { p50: this.percentile(0.5), p95: this.percentile(0.95), p99: this.percentile(0.99) };
  }

  static fromSparse(...histograms: SparseHistogram[]): LatencyHistogram {
    const merged = new LatencyHistogram();
    for (const sparse of histograms) merged.add(sparse);
    return merged;
  }
}
