import type { SimTask } from './sim-task';

/**
 * The events of one cycle and phase in the scheduler's calendar ring,
 * stored as parallel arrays (no object per event) that are reused from
 * cycle to cycle. Without a tie-break seed they run in insertion order
 * (which is sequence order); with one, `order` keeps the entry indices
 * sorted by `(tie-break key, sequence)` as they are added (binary
 * insertion, so no sort and no closure per cycle).
 *
 * @example
 * const b = new CalendarBucket();
 * b.push(task, task.gen, 0, 1, false);
 * const i = b.take(false); // 0
 */
export class CalendarBucket {
  readonly tasks: SimTask[] = [];
  readonly gens: number[] = [];
  readonly ks: number[] = [];
  readonly seqs: number[] = [];
  /** Entries taken so far. */
  pos = 0;
  /** Entries stored (the arrays are reused and may be longer). Read by the scheduler's hot loop; change it only through `push`/`clear`. */
  n = 0;
  /** Shuffled mode: the first `n` entries are entry indices in run order (read by the scheduler's hot loop). */
  readonly order: number[] = [];

  /** Entries not yet taken. */
  get remaining(): number {
    return this.n - this.pos;
  }

  /** Adds an entry. @example b.push(task, task.gen, k, seq, shuffled) */
  push(task: SimTask, gen: number, k: number, s: number, shuffled: boolean): void {
    const i = this.n++;
    if (i < this.tasks.length) {
      this.tasks[i] = task;
      this.gens[i] = gen;
      this.ks[i] = k;
      this.seqs[i] = s;
    } else {
      this.tasks.push(task);
      this.gens.push(gen);
      this.ks.push(k);
      this.seqs.push(s);
    }
    if (shuffled) this.insertOrdered(i, k, s);
  }

  /** Shuffled mode: puts entry `i` into `order` among the entries not yet taken. */
  private insertOrdered(i: number, k: number, s: number): void {
    const order = this.order;
    const ks = this.ks;
    const seqs = this.seqs;
    let lo = this.pos;
    let hi = i;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const j = order[mid];
      if (ks[j] < k || (ks[j] === k && seqs[j] < s)) lo = mid + 1;
      else hi = mid;
    }
    if (i >= order.length) order.push(i);
    for (let q = i; q > lo; q--) order[q] = order[q - 1];
    order[lo] = i;
  }

  /** Index of the next entry to run (call only when {@link remaining} > 0). @example const i = b.take(false) */
  take(shuffled: boolean): number {
    return shuffled ? this.order[this.pos++] : this.pos++;
  }

  /** Calls `fn` for every entry not yet taken, in run order. @example b.forEachRemaining((task, gen, k, s) => {}) */
  forEachRemaining(shuffled: boolean, fn: (task: SimTask, gen: number, k: number, s: number) => void): void {
    for (let q = this.pos; q < this.n; q++) {
      const i = shuffled ? this.order[q] : q;
      fn(this.tasks[i], this.gens[i], this.ks[i], this.seqs[i]);
    }
  }

  /** Empties the bucket for reuse. @example b.clear() */
  clear(): void {
    this.n = 0;
    this.pos = 0;
  }
}
