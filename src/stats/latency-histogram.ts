import { EMPTY_LATENCY } from './latency-summary';
import type { LatencySummary } from './run-stats';

/** Latencies below this are counted in a dense array (at most 256 KiB); others in a map. */
const DENSE_LIMIT = 65536;

/**
 * Latencies counted by value: the exact {@link summarizeLatencies} of every
 * latency added, in memory bounded by the largest latency (a `Uint32Array`
 * of counts indexed by latency, up to 65535 cycles; rarer values in a
 * map) — not by the number of requests.
 *
 * @example
 * const h = new LatencyHistogram();
 * for (const l of [100, 120, 400]) h.add(l);
 * h.summary().p50 === 120;
 */
export class LatencyHistogram {
  private dense = new Uint32Array(0);
  private readonly sparse = new Map<number, number>();
  /** Number of latencies added. */
  count = 0;

  /** Adds one latency. @example h.add(250) */
  add(latency: number): void {
    this.addCount(latency, 1);
  }

  /** Adds every latency of `other`. @example total.addAll(perAgent) */
  addAll(other: LatencyHistogram): void {
    other.forEachAscending((v, n) => this.addCount(v, n));
  }

  /**
   * Count, mean (rounded to 0.01), nearest-rank p50 and p99, min and max —
   * the same as {@link summarizeLatencies} of the latencies added.
   *
   * @example
   * h.summary().p99;
   */
  summary(): LatencySummary {
    const n = this.count;
    if (n === 0) return EMPTY_LATENCY;
    const rank50 = Math.min(n, Math.max(1, Math.ceil(0.5 * n)));
    const rank99 = Math.min(n, Math.max(1, Math.ceil(0.99 * n)));
    let p50 = 0;
    let p99 = 0;
    let min = 0;
    let max = 0;
    let seen = 0;
    let sum = 0;
    this.forEachAscending((v, c) => {
      if (seen === 0) min = v;
      if (seen < rank50 && seen + c >= rank50) p50 = v;
      if (seen < rank99 && seen + c >= rank99) p99 = v;
      seen += c;
      sum += v * c;
      max = v;
    });
    return { count: n, mean: Math.round((sum / n) * 100) / 100, p50, p99, min, max };
  }

  private addCount(latency: number, n: number): void {
    this.count += n;
    if (Number.isInteger(latency) && latency >= 0 && latency < DENSE_LIMIT) {
      if (latency >= this.dense.length) {
        let size = Math.max(1024, this.dense.length);
        while (size <= latency) size *= 2;
        const grown = new Uint32Array(Math.min(size, DENSE_LIMIT));
        grown.set(this.dense);
        this.dense = grown;
      }
      this.dense[latency] += n;
    } else {
      this.sparse.set(latency, (this.sparse.get(latency) ?? 0) + n);
    }
  }

  /** Calls `fn(value, count)` for every value added, ascending. */
  private forEachAscending(fn: (value: number, count: number) => void): void {
    const odd = [...this.sparse.keys()].sort((a, b) => a - b);
    let k = 0;
    for (let v = 0; v < this.dense.length; v++) {
      const c = this.dense[v];
      if (c === 0) continue;
      while (k < odd.length && odd[k] < v) {
        fn(odd[k], this.sparse.get(odd[k])!);
        k++;
      }
      fn(v, c);
    }
    for (; k < odd.length; k++) fn(odd[k], this.sparse.get(odd[k])!);
  }
}
