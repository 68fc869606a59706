import type { LatencyBucket, LatencySummary } from './run-stats';

/** The summary of no latencies. @example EMPTY_LATENCY.count === 0 */
export const EMPTY_LATENCY: LatencySummary = { count: 0, mean: 0, p50: 0, p99: 0, min: 0, max: 0 };

/**
 * Nearest-rank percentile `q` (0 < q ≤ 1) of ascending `sorted`; 0 when empty.
 *
 * @example
 * percentile([1, 2, 3, 4], 0.5) === 2;
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

/**
 * Count, mean (rounded to 0.01), nearest-rank p50 and p99, min and max of
 * `values` (which it does not modify).
 *
 * @example
 * summarizeLatencies([100, 120, 400]).p50 === 120;
 */
export function summarizeLatencies(values: ArrayLike<number>): LatencySummary {
  const n = values.length;
  if (n === 0) return EMPTY_LATENCY;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return {
    count: n,
    mean: Math.round((sum / n) * 100) / 100,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    min: sorted[0],
    max: sorted[n - 1],
  };
}

/**
 * Splits `[0, until)` into `buckets` equal spans and gives the count, mean
 * and maximum of the latencies completed in each (`at[i]` is the completion
 * cycle of `latency[i]`). Empty buckets have count 0.
 *
 * @example
 * latencyBuckets([10, 90], [100, 300], 100, 2); // [{start:0,end:50,count:1,mean:100,max:100}, …]
 */
export function latencyBuckets(
  at: ArrayLike<number>,
  latency: ArrayLike<number>,
  until: number,
  buckets: number,
): LatencyBucket[] {
  const width = Math.max(1, Math.ceil(Math.max(1, until) / buckets));
  const n = Math.max(1, Math.ceil(Math.max(1, until) / width));
  const count = new Array<number>(n).fill(0);
  const sum = new Array<number>(n).fill(0);
  const max = new Array<number>(n).fill(0);
  for (let i = 0; i < at.length; i++) {
    const b = Math.min(n - 1, Math.floor(at[i] / width));
    count[b]++;
    sum[b] += latency[i];
    if (latency[i] > max[b]) max[b] = latency[i];
  }
  return count.map((c, b) => ({
    start: b * width,
    end: Math.min((b + 1) * width, Math.max(1, until)),
    count: c,
    mean: c === 0 ? 0 : Math.round((sum[b] / c) * 10) / 10,
    max: max[b],
  }));
}
