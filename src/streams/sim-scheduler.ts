import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xorshift128plus, xorshift128plusFromState } from 'pure-rand/generator/xorshift128plus';
import { type SchedulerAction, type SchedulerLike, Subscription } from 'rxjs';

/** Something the scheduler can run. `gen` lets a task cancel old queue entries. */
export interface SimTask {
  readonly gen: number;
  run(now: number): void;
}

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

/** Event phases inside one cycle: component ticks, then link transfers, then plain RxJS work. */
export const PHASE_TICK = 0;
/** Link (connection) transfers run after every component tick of the cycle. */
export const PHASE_LINK = 1;

interface Entry {
  t: number;
  p: number;
  k: number;
  s: number;
  gen: number;
  task: SimTask;
}

function less(a: Entry, b: Entry): boolean {
  if (a.t !== b.t) return a.t < b.t;
  if (a.p !== b.p) return a.p < b.p;
  if (a.k !== b.k) return a.k < b.k;
  return a.s < b.s;
}

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
 * The simulation's virtual-time engine: an RxJS `SchedulerLike` over a binary
 * heap keyed `(cycle, phase, tie-break, sequence)`. Time is an integer number
 * of cycles. Stock RxJS operators (`timer`, `delay`, `observeOn`,
 * `subscribeOn`) work with it when it is passed as their scheduler.
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
  private heap: Entry[] = [];
  private seq = 0;
  private frame = 0;
  private rng: ReturnType<typeof xorshift128plus> | null;
  /** Number of tasks run so far. */
  eventsRun = 0;

  constructor(options: { tieBreakSeed?: number } = {}) {
    this.rng = options.tieBreakSeed === undefined ? null : xorshift128plus(options.tieBreakSeed);
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
    const k = this.rng === null ? 0 : uniformInt(this.rng, 0, 0x7fffffff);
    this.insert({ t: time, p: phase, k, s: this.seq++, gen: task.gen, task });
  }

  private insert(e: Entry): void {
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

  /** Cycle of the next queued event, or undefined when the queue is empty. */
  peekTime(): number | undefined {
    return this.heap.length > 0 ? this.heap[0].t : undefined;
  }

  /** Number of queued entries (including cancelled ones not yet skipped). */
  get pending(): number {
    return this.heap.length;
  }

  /**
   * Runs queued events in order while their cycle is at most `until`.
   * Returns true if events remain queued. @example s.flush(1000)
   */
  flush(until = Number.POSITIVE_INFINITY): boolean {
    const h = this.heap;
    while (h.length > 0 && h[0].t <= until) {
      const e = this.pop();
      if (e.gen !== e.task.gen) continue;
      this.frame = e.t;
      this.eventsRun++;
      e.task.run(e.t);
    }
    return h.length > 0;
  }

  /** Runs the next live queued event, skipping cancelled ones. Returns false when the queue is empty. */
  flushOne(): boolean {
    const h = this.heap;
    while (h.length > 0) {
      const e = this.pop();
      if (e.gen !== e.task.gen) continue;
      this.frame = e.t;
      this.eventsRun++;
      e.task.run(e.t);
      return true;
    }
    return false;
  }

  /**
   * The queue as plain data. `identify` names each live task; tasks it
   * returns null for (plain RxJS work) are left out of the snapshot.
   */
  snapshot<Ref>(identify: (task: SimTask) => Ref | null): SchedulerSnapshot<Ref> {
    const entries: Array<QueuedEntry<Ref>> = [];
    for (const e of this.heap) {
      if (e.gen !== e.task.gen) continue;
      const ref = identify(e.task);
      if (ref !== null) entries.push({ t: e.t, p: e.p, k: e.k, s: e.s, ref });
    }
    entries.sort((a, b) => a.t - b.t || a.p - b.p || a.k - b.k || a.s - b.s);
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
    this.heap = [];
    for (const e of snap.entries)
      this.insert({ t: e.t, p: e.p, k: e.k, s: e.s, gen: 0, task: resolve(e.ref) });
    for (const e of this.heap) e.gen = e.task.gen;
  }

  /** Advances the clock to `time` without running anything (used when resuming a checkpoint). */
  setNow(time: number): void {
    this.frame = time;
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
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
}
