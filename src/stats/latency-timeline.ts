import type { LatencyBucket } from './run-stats';

/** Most granules kept; past it, neighbouring granules merge (the granule doubles). */
const MAX_GRANULES = 4096;

/**
 * Count, sum and maximum of the latencies completed in each granule of
 * simulated time, for {@link AgentStats.latencyOverTime}. A granule is one
 * cycle until the run passes 4096 cycles; then neighbouring granules merge
 * (the granule doubles) whenever needed to keep at most 4096 — so memory is
 * bounded however many requests complete. The buckets it reports are exact
 * for their bounds: the bucket width is rounded up to a whole number of
 * granules (the width of {@link latencyBuckets} while the granule is one
 * cycle, at most ~2 % wider after).
 *
 * @example
 * const t = new LatencyTimeline();
 * t.add(10, 100);
 * t.add(90, 300);
 * t.buckets(100, 2); // [{start:0,end:50,count:1,mean:100,max:100}, {start:50,end:100,…}]
 */
export class LatencyTimeline {
  private granule = 1;
  private count: number[] = [];
  private sum: number[] = [];
  private max: number[] = [];

  /** Cycles per granule now. @example t.granuleCycles === 1 */
  get granuleCycles(): number {
    return this.granule;
  }

  /** Records a latency completed at `cycle` (non-negative). @example t.add(4000, 180) */
  add(cycle: number, latency: number): void {
    while (Math.floor(cycle / this.granule) >= MAX_GRANULES) this.coarsen();
    const g = Math.floor(cycle / this.granule);
    while (this.count.length <= g) {
      this.count.push(0);
      this.sum.push(0);
      this.max.push(0);
    }
    this.count[g]++;
    this.sum[g] += latency;
    if (latency > this.max[g]) this.max[g] = latency;
  }

  /**
   * Splits `[0, until)` into at most `buckets` equal spans (each a whole
   * number of granules) with the count, mean (rounded to 0.1) and maximum of
   * the latencies completed in each; a completion at or past the last
   * bucket counts in the last one. Empty buckets have count 0.
   *
   * @example
   * t.buckets(result.cycles, 40);
   */
  buckets(until: number, buckets: number): LatencyBucket[] {
    const span = Math.max(1, until);
    const width = Math.ceil(Math.max(1, Math.ceil(span / buckets)) / this.granule) * this.granule;
    const n = Math.max(1, Math.ceil(span / width));
    const count = new Array<number>(n).fill(0);
    const sum = new Array<number>(n).fill(0);
    const max = new Array<number>(n).fill(0);
    for (let g = 0; g < this.count.length; g++) {
      if (this.count[g] === 0) continue;
      const b = Math.min(n - 1, Math.floor((g * this.granule) / width));
      count[b] += this.count[g];
      sum[b] += this.sum[g];
      if (this.max[g] > max[b]) max[b] = this.max[g];
    }
    return count.map((c, b) => ({
      start: b * width,
      end: Math.min((b + 1) * width, span),
      count: c,
      mean: c === 0 ? 0 : Math.round((sum[b] / c) * 10) / 10,
      max: max[b],
    }));
  }

  /** Doubles the granule, merging granules pairwise. */
  private coarsen(): void {
    const half = Math.ceil(this.count.length / 2);
    const count: number[] = new Array<number>(half).fill(0);
    const sum: number[] = new Array<number>(half).fill(0);
    const max: number[] = new Array<number>(half).fill(0);
    for (let g = 0; g < this.count.length; g++) {
      const h = g >> 1;
      count[h] += this.count[g];
      sum[h] += this.sum[g];
      if (this.max[g] > max[h]) max[h] = this.max[g];
    }
    this.count = count;
    this.sum = sum;
    this.max = max;
    this.granule *= 2;
  }
}
