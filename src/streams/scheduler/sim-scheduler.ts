import { xorshift128plus, xorshift128plusFromState } from 'pure-rand/generator/xorshift128plus';
import type { SchedulerAction, SchedulerLike } from 'rxjs';
// the Subscription module alone: the 'rxjs' index loads every operator (~60 ms at start-up); same class
import { Subscription } from 'rxjs/internal/Subscription';
import { CalendarBucket } from './calendar-bucket';
import { type OverflowEntry, OverflowHeap } from './overflow-heap';
import type { SimTask } from './sim-task';

export type { SimTask } from './sim-task';

/** A queued entry as plain data, for checkpoints. */
export interface QueuedEntry<Ref> {
  readonly t: number;
  readonly p: number;
  readonly k: number;
  readonly s: number;
  readonly ref: Ref;
}

/** The scheduler's state as plain data (kernel tasks only), for checkpoints. */
export interface SchedulerSnapshot<Ref> {
  readonly frame: number;
  readonly seq: number;
  readonly rng: readonly number[] | null;
  readonly eventsRun: number;
  readonly entries: ReadonlyArray<QueuedEntry<Ref>>;
}

// module-local copies for the hot path (an exported const is read through `exports` in CommonJS)
const TICK = 0;
const LINK = 1;
/** Event phases inside one cycle: component ticks, then link transfers, then plain RxJS work. */
export const PHASE_TICK = TICK;
/** Link (connection) transfers run after every component tick of the cycle. */
export const PHASE_LINK = LINK;

/** Cycles the calendar ring covers (kernel events go to this cycle or the next); later events wait in the overflow heap. */
const RING = 16;
const RING_MASK = RING - 1;
/** Phases per cycle (PHASE_TICK, PHASE_LINK). */
const PHASES = 2;
/**
 * Tie-break keys (in [0, 2^31)) are kept minus this inside the queue, in
 * [-2^30, 2^30): small integers for V8 (no boxed numbers, no double arrays);
 * snapshots hold the keys themselves.
 */
const KEY_BIAS = 0x40000000;

class SimAction<T> extends Subscription implements SchedulerAction<T>, SimTask {
  gen = 0;
  state?: T;
  constructor(
    private readonly sched: SimScheduler,
    private work: ((this: SchedulerAction<T>, state?: T) => void) | null,
  ) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.gen++;
    this.sched.enqueue(this, this.sched.now() + Math.max(0, Math.ceil(delay)), PHASE_TICK);
    return this;
  }

  run(): void {
    if (this.closed || this.work === null) return;
    try {
      this.work.call(this, this.state);
    } catch (e) {
      this.unsubscribe();
      throw e;
    }
  }

  override unsubscribe(): void {
    if (!this.closed) {
      this.gen++;
      this.work = null;
      this.state = undefined;
      super.unsubscribe();
    }
  }
}

/**
 * The simulation's virtual-time engine: an RxJS `SchedulerLike` over a
 * calendar queue — a ring of per-cycle, per-phase FIFO buckets covering the
 * next 16 cycles, plus an overflow heap for later (or past) events. Events
 * run in `(cycle, phase, tie-break, sequence)` order, exactly as a binary
 * heap keyed that way would run them. Time is an integer number of cycles.
 * Stock RxJS operators (`timer`, `delay`, `observeOn`, `subscribeOn`) work
 * with it when it is passed as their scheduler.
 *
 * With `tieBreakSeed`, events due in the same cycle and phase run in a seeded
 * pseudo-random order instead of schedule order: a deterministic stand-in for
 * the reference's parallel engine.
 *
 * @example
 * const s = new SimScheduler();
 * timer(5, s).subscribe(() => console.log(s.now())); // 5
 * s.flush();
 */
export class SimScheduler implements SchedulerLike {
  private readonly buckets: CalendarBucket[] = [];
  private readonly overflow = new OverflowHeap();
  /** Cycle of ring position `base & RING_MASK`; every ring entry has `base <= t < base + RING`. */
  private base = 0;
  /** Phase being processed in cycle `base`. */
  private curPhase = 0;
  /** Entries in the ring not yet run (including cancelled ones). */
  private ringCount = 0;
  private seq = 0;
  private frame = 0;
  private rng: ReturnType<typeof xorshift128plus> | null;
  /** Number of tasks run so far. */
  eventsRun = 0;
  /**
   * The bucket of cycle `base`, phase `curPhase` that the last ring event
   * came from; while `fast` is set, its next entries are the next events
   * (no past overflow event, no entry in an earlier phase, `base` within
   * the flush's limit). Cleared by whatever could break that.
   */
  private cur: CalendarBucket;
  private fast = false;
  /** When set, `flush` returns after the event it is running (the kernel's stop request). */
  halted = false;

  constructor(options: { tieBreakSeed?: number } = {}) {
    this.rng = options.tieBreakSeed === undefined ? null : xorshift128plus(options.tieBreakSeed);
    for (let i = 0; i < RING * PHASES; i++) this.buckets.push(new CalendarBucket());
    this.cur = this.buckets[0];
  }

  /** The current cycle. @example s.now() */
  now(): number {
    return this.frame;
  }

  /** RxJS entry point: run `work` after `delay` cycles. @example s.schedule(() => {}, 3) */
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new SimAction<T>(this, work).schedule(state, delay);
  }

  /** Queues `task` at cycle `time` in `phase`. Older entries of the task with another gen are skipped. */
  enqueue(task: SimTask, time: number, phase: number): void {
    if (phase !== TICK && phase !== LINK) throw new RangeError(`SimScheduler: unknown phase ${phase}`);
    this.insert(time, phase, this.drawKey(), this.seq++, task.gen, task);
  }

  /** {@link enqueue} in {@link PHASE_TICK} (the kernel's hot path). @example s.enqueueTick(task, s.now() + 1) */
  enqueueTick(task: SimTask, time: number): void {
    this.insert(time, TICK, this.drawKey(), this.seq++, task.gen, task);
  }

  /** {@link enqueue} in {@link PHASE_LINK} (the kernel's hot path). @example s.enqueueLink(task, s.now()) */
  enqueueLink(task: SimTask, time: number): void {
    this.insert(time, LINK, this.drawKey(), this.seq++, task.gen, task);
  }

  /**
   * The tie-break key of the next entry, stored minus {@link KEY_BIAS}: 0
   * without a seed, else a draw in [0, 2^31). `uniformInt(rng, 0, 0x7fffffff)`
   * takes one `next()` (its range is a power of two, so it never rejects)
   * and returns `(v + 2^31) % 2^31`, which is `v & 0x7fffffff` for a 32-bit `v`.
   */
  private drawKey(): number {
    const rng = this.rng;
    return rng === null ? -KEY_BIAS : (rng.next() & 0x7fffffff) - KEY_BIAS;
  }

  private insert(t: number, p: number, k: number, s: number, gen: number, task: SimTask): void {
    const base = this.base;
    if (t >= base && t < base + RING) {
      const b = this.buckets[(t & RING_MASK) * PHASES + p];
      b.push(task, gen, k, s, this.rng !== null);
      this.ringCount++;
      if (t === base && p < this.curPhase) {
        this.curPhase = p;
        this.fast = false;
      }
    } else {
      this.overflow.push({ t, p, k, s, gen, task });
      // an event in the past of the ring runs before the current bucket
      if (t < base) this.fast = false;
    }
  }

  /** Cycle of the next queued event, or undefined when the queue is empty. */
  peekTime(): number | undefined {
    const o = this.overflow.peek();
    if (o !== undefined && o.t < this.base) return o.t;
    if (this.ringCount > 0) {
      for (let d = 0; d < RING; d++) {
        const at = ((this.base + d) & RING_MASK) * PHASES;
        for (let p = 0; p < PHASES; p++) if (this.buckets[at + p].remaining > 0) return this.base + d;
      }
    }
    return o?.t;
  }

  /** Number of queued entries (including cancelled ones not yet skipped). */
  get pending(): number {
    return this.ringCount + this.overflow.size;
  }

  /**
   * Runs queued events in order while their cycle is at most `until` (and
   * `halted` is not set). Returns true if events remain queued.
   * @example s.flush(1000)
   */
  flush(until = Number.POSITIVE_INFINITY): boolean {
    this.fast = false;
    while (!this.halted) {
      // Fast path: the next entry of the bucket the last event came from
      // (see `fast`); everything else goes through runNext.
      const b = this.cur;
      if (this.fast && b.pos < b.n) {
        const i = this.rng === null ? b.pos++ : b.order[b.pos++];
        this.ringCount--;
        const task = b.tasks[i];
        if (b.gens[i] !== task.gen) continue;
        const now = this.base;
        this.frame = now;
        this.eventsRun++;
        task.run(now);
      } else if (!this.runNext(until)) break;
    }
    return this.pending > 0;
  }

  /** Runs the next live queued event, skipping cancelled ones. Returns false when the queue is empty. */
  flushOne(): boolean {
    this.fast = false;
    return this.runNext(Number.POSITIVE_INFINITY);
  }

  /**
   * Runs the next live event due at or before `until`; false when there is
   * none. Cancelled entries on the way are dropped.
   */
  private runNext(until: number): boolean {
    const buckets = this.buckets;
    const ov = this.overflow;
    for (;;) {
      if (ov.size > 0) {
        const top = ov.peek()!;
        if (top.t < this.base) {
          // An event scheduled into the past: it is the smallest of all.
          if (top.t > until) return false;
          ov.pop();
          this.fast = false;
          if (top.gen !== top.task.gen) continue;
          this.frame = top.t;
          this.eventsRun++;
          top.task.run(top.t);
          return true;
        }
        if (top.t < this.base + RING) {
          this.migrate();
          continue;
        }
      }
      if (this.ringCount === 0) {
        if (ov.size === 0) return false;
        const t = ov.peek()!.t;
        if (t > until) return false;
        // Nothing in the ring: jump to the overflow's first cycle (migrated above).
        this.clearCycle(this.base);
        this.base = t;
        this.curPhase = 0;
        continue;
      }
      const at = (this.base & RING_MASK) * PHASES;
      let b: CalendarBucket | null = null;
      for (let p = this.curPhase; p < PHASES; p++) {
        const c = buckets[at + p];
        if (c.remaining > 0) {
          b = c;
          this.curPhase = p;
          break;
        }
      }
      if (b === null) {
        const next = this.nextRingCycle();
        if (next > until) return false;
        // Cycle `base` is done: recycle its buckets and move on.
        this.clearCycle(this.base);
        this.base = next;
        this.curPhase = 0;
        continue;
      }
      if (this.base > until) return false;
      // Until something changes that (a new bucket, an earlier phase or a
      // past event), flush takes the next entries straight from this bucket.
      this.cur = b;
      this.fast = true;
      const i = b.take(this.rng !== null);
      this.ringCount--;
      const task = b.tasks[i];
      if (b.gens[i] !== task.gen) continue;
      this.frame = this.base;
      this.eventsRun++;
      task.run(this.base);
      return true;
    }
  }

  private clearCycle(t: number): void {
    const at = (t & RING_MASK) * PHASES;
    for (let p = 0; p < PHASES; p++) this.buckets[at + p].clear();
  }

  /** The first cycle after `base` with an entry in the ring (ringCount > 0). */
  private nextRingCycle(): number {
    for (let d = 1; d < RING; d++) {
      const at = ((this.base + d) & RING_MASK) * PHASES;
      for (let p = 0; p < PHASES; p++) if (this.buckets[at + p].remaining > 0) return this.base + d;
    }
    throw new Error('SimScheduler: ring count out of sync');
  }

  /** Moves overflow entries that now fall inside the ring window into their buckets, in order. */
  private migrate(): void {
    const ov = this.overflow;
    const end = this.base + RING;
    while (ov.size > 0) {
      const e = ov.peek()!;
      if (e.t < this.base || e.t >= end) break;
      ov.pop();
      this.insert(e.t, e.p, e.k, e.s, e.gen, e.task);
    }
  }

  private entries(): OverflowEntry[] {
    const out: OverflowEntry[] = [];
    for (let d = 0; d < RING; d++) {
      const t = this.base + d;
      for (let p = 0; p < PHASES; p++) {
        const b = this.buckets[(t & RING_MASK) * PHASES + p];
        b.forEachRemaining(this.rng !== null, (task, gen, k, s) => {
          out.push({ t, p, k, s, gen, task });
        });
      }
    }
    this.overflow.forEach((e) => {
      out.push(e);
    });
    out.sort((a, b) => a.t - b.t || a.p - b.p || a.k - b.k || a.s - b.s);
    return out;
  }

  /**
   * The queue as plain data. `identify` names each live task; tasks it
   * returns null for (plain RxJS work) are left out of the snapshot.
   */
  snapshot<Ref>(identify: (task: SimTask) => Ref | null): SchedulerSnapshot<Ref> {
    const entries: Array<QueuedEntry<Ref>> = [];
    for (const e of this.entries()) {
      if (e.gen !== e.task.gen) continue;
      const ref = identify(e.task);
      if (ref !== null) entries.push({ t: e.t, p: e.p, k: e.k + KEY_BIAS, s: e.s, ref });
    }
    return {
      frame: this.frame,
      seq: this.seq,
      rng: this.rng?.getState() ?? null,
      eventsRun: this.eventsRun,
      entries,
    };
  }

  /** Replaces the queue and clock with a snapshot's; `resolve` maps refs back to tasks. */
  restore<Ref>(snap: SchedulerSnapshot<Ref>, resolve: (ref: Ref) => SimTask): void {
    this.frame = snap.frame;
    this.seq = snap.seq;
    this.eventsRun = snap.eventsRun;
    this.rng = snap.rng === null ? null : xorshift128plusFromState(snap.rng);
    this.reset(snap.frame);
    const sorted = snap.entries.slice().sort((a, b) => a.t - b.t || a.p - b.p || a.k - b.k || a.s - b.s);
    for (const e of sorted) {
      const task = resolve(e.ref);
      this.insert(e.t, e.p, e.k - KEY_BIAS, e.s, task.gen, task);
    }
  }

  /** Advances the clock to `time` without running anything (used when resuming a checkpoint). */
  setNow(time: number): void {
    this.frame = time;
  }

  private reset(base: number): void {
    for (const b of this.buckets) b.clear();
    this.overflow.clear();
    this.ringCount = 0;
    this.base = base;
    this.curPhase = 0;
    this.fast = false;
  }
}
