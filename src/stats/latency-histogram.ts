import { EMPTY_LATENCY } from './latency-summary';
import type { LatencySummary } from './run-stats';

/** Latencies counted per value in chunks of this many consecutive values. */
const CHUNK = 1024;
/** Integer latencies below this are counted in chunks (at most 16,384 of them); others in a map. */
const CHUNKED_LIMIT = 1 << 24;

/**
 * Latencies counted by value: the exact {@link summarizeLatencies} of every
 * latency added, in memory bounded by the spread of the latencies — not by
 * the number of requests. Integer latencies below 2^24 cycles are counted in
 * chunks of 1,024 consecutive values, a chunk allocated when a latency first
 * falls in it; a chunk keeps the low 8 bits of each count (1 KiB), the
 * multiples of 256 are kept in a map by value (only values seen 256 times or
 * more). Other latencies go to a map. At 64 agents, whose latencies spread
 * over 0–100k cycles, a histogram takes ~100 KiB (a dense array of 32-bit
 * counts up to 65,535 and a map above took 256 KiB and ~1 MB).
 *
 * @example
 * const h = new LatencyHistogram();
 * for (const l of [100, 120, 400]) h.add(l);
 * h.summary().p50 === 120;
 */
export class LatencyHistogram {
  /** Chunk `c` counts latencies `[c * CHUNK, (c + 1) * CHUNK)`, low 8 bits; undefined until one is added. */
  private readonly chunks: Array<Uint8Array | undefined> = [];
  /** The counts' multiples of 256, by latency, for chunked latencies counted 256 times or more. */
  private readonly carries = new Map<number, number>();
  /** Counts of latencies that are not chunked (negative, fractional, or 2^24 and over). */
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
    if (Number.isInteger(latency) && latency >= 0 && latency < CHUNKED_LIMIT) {
      const c = Math.floor(latency / CHUNK);
      while (this.chunks.length <= c) this.chunks.push(undefined);
      let chunk = this.chunks[c];
      if (chunk === undefined) {
        chunk = new Uint8Array(CHUNK);
        this.chunks[c] = chunk;
      }
      const i = latency - c * CHUNK;
      const low = chunk[i] + n;
      if (low < 256) {
        chunk[i] = low;
        return;
      }
      chunk[i] = low % 256;
      this.carries.set(latency, (this.carries.get(latency) ?? 0) + Math.floor(low / 256));
    } else {
      this.sparse.set(latency, (this.sparse.get(latency) ?? 0) + n);
    }
  }

  /** Calls `fn(value, count)` for every value added, ascending. */
  private forEachAscending(fn: (value: number, count: number) => void): void {
    const odd = [...this.sparse.keys()].sort((a, b) => a - b);
    const carried = [...this.carries.keys()].sort((a, b) => a - b);
    let k = 0;
    let h = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      if (chunk === undefined) continue;
      for (let i = 0; i < CHUNK; i++) {
        const v = c * CHUNK + i;
        let n = chunk[i];
        if (h < carried.length && carried[h] === v) n += 256 * this.carries.get(carried[h++])!;
        if (n === 0) continue;
        while (k < odd.length && odd[k] < v) {
          fn(odd[k], this.sparse.get(odd[k])!);
          k++;
        }
        fn(v, n);
      }
    }
    for (; k < odd.length; k++) fn(odd[k], this.sparse.get(odd[k])!);
  }
}
