import type { SimTask } from './sim-task';

/**
 * An event outside the scheduler's calendar window (far future, or in the
 * past of the window), kept in the {@link OverflowHeap}.
 *
 * @example
 * const e: OverflowEntry = { t: 5000, p: 0, k: 0, s: 12, gen: 0, task };
 */
export interface OverflowEntry {
  readonly t: number;
  readonly p: number;
  readonly k: number;
  readonly s: number;
  readonly gen: number;
  readonly task: SimTask;
}

function less(a: OverflowEntry, b: OverflowEntry): boolean {
  if (a.t !== b.t) return a.t < b.t;
  if (a.p !== b.p) return a.p < b.p;
  if (a.k !== b.k) return a.k < b.k;
  return a.s < b.s;
}

/**
 * A binary min-heap of events ordered by `(cycle, phase, tie-break, sequence)`.
 *
 * @example
 * const h = new OverflowHeap();
 * h.push({ t: 9, p: 0, k: 0, s: 1, gen: 0, task });
 * h.peek()?.t === 9;
 */
export class OverflowHeap {
  private heap: OverflowEntry[] = [];

  /** Number of entries. */
  get size(): number {
    return this.heap.length;
  }

  /** The smallest entry, or undefined. @example h.peek() */
  peek(): OverflowEntry | undefined {
    return this.heap[0];
  }

  /** Adds an entry. @example h.push(e) */
  push(e: OverflowEntry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(e, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }

  /** Removes and returns the smallest entry. @example const e = h.pop() */
  pop(): OverflowEntry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && less(h[r], h[l]) ? r : l;
        if (!less(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }

  /** Calls `fn` for every entry, in no particular order. @example h.forEach((e) => {}) */
  forEach(fn: (e: OverflowEntry) => void): void {
    for (const e of this.heap) fn(e);
  }

  /** Removes every entry. @example h.clear() */
  clear(): void {
    this.heap = [];
  }
}
