/** One item in a {@link TimedPipeline} lane with its exit tick. */
export interface TimedSlot<T> {
  readonly item: T;
  /** Pipeline tick (clock value) at whose start the item reaches the last stage. */
  readonly exit: number;
  /** Acceptance number, the item's name in {@link TimedPipeline}'s slot order. */
  readonly seq: number;
}

const NONE: readonly never[] = [];

/** `lane` plus `slot` at its end, as an array of exactly that length. */
function appendSlot<S>(lane: readonly S[], slot: S): readonly S[] {
  switch (lane.length) {
    case 0:
      return [slot];
    case 1:
      return [lane[0], slot];
    case 2:
      return [lane[0], lane[1], slot];
    default: {
      const l = lane.slice();
      l.push(slot);
      return l;
    }
  }
}
/** No lane is held back (shared by every pipeline that never was). */
const NO_HOLDS: readonly number[] = [];
/** The empty slot order. */
const NO_ORDER: readonly number[] = [];

/**
 * The reference's pipeline primitive (components.md §0.7), immutable and
 * driven by its own tick clock instead of moving every item on every tick:
 * each item records the tick at whose start it sits at the last stage
 * (`exit`), so a tick only touches items that leave, and ticks in which
 * nothing can leave can be skipped in one step ({@link skip}).
 *
 * Behaviour is exactly that of a `width` × `stages` slot array ticked once
 * per call: an item sits `dwell` extra ticks at stage 0, then moves one
 * stage per tick within its lane; in a tick, last-stage items leave (at most
 * `sinkRoom`, in the reference's order: see {@link tick}), then the others
 * advance from the highest stage down, so a blocked item holds back the ones behind it in its lane. An item
 * accepted between ticks (clock `c`) is at stage 0 at the start of tick
 * `c + 1` and, unobstructed, leaves in tick `c + stages + dwell`.
 *
 * @example
 * let p = TimedPipeline.create<string>(2, 3).accept('a');
 * let out: string[];
 * [p, out] = p.tick(4); // [] — 'a' leaves in the third tick
 */
export class TimedPipeline<T> {
  private constructor(
    readonly width: number,
    readonly stages: number,
    /** Items per lane, head (next to leave) first. */
    private readonly lanes: ReadonlyArray<ReadonlyArray<TimedSlot<T>>>,
    /** Items inside. */
    readonly count: number,
    /** Ticks run so far (frozen while empty: only differences matter). */
    readonly clock: number,
    /**
     * Per lane, the first tick at which its head may leave (a blocked sink
     * held it back), or `NO_HOLDS`. An item's effective exit is
     * `max(exit, previous item's effective exit + 1)`, starting from
     * `max(head exit, hold)`: holding back a lane touches one number, not
     * every item behind its head.
     */
    private readonly holds: readonly number[] = NO_HOLDS,
    /**
     * The reference's slot slice (`queueing.Pipeline.stages`) as acceptance
     * numbers: an accept appends; a leaving item's place is taken by the
     * last one (swap-remove). It decides which last-stage items leave first.
     */
    private readonly order: readonly number[] = NO_ORDER,
    /** Acceptance number of the next accepted item. */
    private readonly nextSeq = 0,
  ) {}

  /** An empty pipeline. @example TimedPipeline.create<number>(4, 20) */
  static create<T>(width: number, stages: number): TimedPipeline<T> {
    const lanes: Array<ReadonlyArray<TimedSlot<T>>> = [];
    for (let i = 0; i < width; i++) lanes.push(NONE);
    return new TimedPipeline<T>(width, stages, lanes, 0, 0, NO_HOLDS);
  }

  /** True when stage 0 of some lane is free before the next tick. @example p.canAccept() */
  canAccept(): boolean {
    return this.freeLane() >= 0;
  }

  private hold(lane: number): number {
    const h = this.holds;
    return lane < h.length ? h[lane] : 0;
  }

  /** Effective exit of lane `lane`'s head (the lane must not be empty). */
  private headExit(lane: number): number {
    const e = this.lanes[lane][0].exit;
    const h = this.hold(lane);
    return Math.max(h, e);
  }

  /** Effective exit of lane `lane`'s last item (the lane must not be empty). */
  private tailExit(lane: number): number {
    const l = this.lanes[lane];
    const h = this.hold(lane);
    // Stored exits increase along a lane, so without a hold on the head they are the effective ones.
    if (h <= l[0].exit) return l[l.length - 1].exit;
    let eff = h;
    for (let j = 1; j < l.length; j++) eff = Math.max(l[j].exit, eff + 1);
    return eff;
  }

  private freeLane(): number {
    // At the start of tick m = clock + 1, stage 0 of a lane is taken iff its
    // tail leaves at m + stages - 1 = clock + stages or later.
    const limit = this.clock + this.stages;
    for (let lane = 0; lane < this.width; lane++) {
      if (this.lanes[lane].length === 0 || this.tailExit(lane) < limit) return lane;
    }
    return -1;
  }

  /** Puts `item` at stage 0 of the lowest free lane, dwelling `dwell` extra ticks. @example p = p.accept(x, 1) */
  accept(item: T, dwell = 0): TimedPipeline<T> {
    const lane = this.freeLane();
    if (lane < 0) throw new Error('pipeline: accept while full');
    // A one-stage pipeline never counts a dwell down (its only stage is the last).
    const exit = this.stages === 1 && dwell > 0 ? Number.POSITIVE_INFINITY : this.clock + this.stages + dwell;
    const lanes = this.lanes.slice();
    const seq = this.nextSeq;
    lanes[lane] = appendSlot(this.lanes[lane], { item, exit, seq });
    const order = appendSlot(this.order, seq);
    return new TimedPipeline(
      this.width,
      this.stages,
      lanes,
      this.count + 1,
      this.clock,
      this.holds,
      order,
      seq + 1,
    );
  }

  /**
   * The lanes whose heads can leave in tick `n`, in the order the reference
   * offers them to the sink: it scans its slot slice from the end (the most
   * recently placed item first), so same-tick leavers go newest first, and
   * a sink with room for fewer takes those. Empty when none can leave.
   */
  private leavers(n: number): number[] {
    let ready: number[] | null = null;
    for (let lane = 0; lane < this.width; lane++) {
      if (this.lanes[lane].length === 0 || this.headExit(lane) > n) continue;
      if (ready === null) ready = [lane];
      else ready.push(lane);
    }
    if (ready === null || ready.length === 1) return ready ?? [];
    // Newest place in the slot order first: an insertion sort of the few
    // ready lanes by their head's place (every item's number is in the order once).
    const order = this.order;
    const at: number[] = [];
    for (let j = 0; j < ready.length; j++) {
      const lane = ready[j];
      const p = order.lastIndexOf(this.lanes[lane][0].seq);
      let i = j;
      for (; i > 0 && at[i - 1] < p; i--) {
        at[i] = at[i - 1];
        ready[i] = ready[i - 1];
      }
      at[i] = p;
      ready[i] = lane;
    }
    return ready;
  }

  /**
   * One pipeline tick: items at the last stage go to the sink (at most
   * `sinkRoom` of them, newest in the slot order first: {@link leavers});
   * one that cannot leave stays and holds back its lane. Returns the new pipeline and the emitted items (a
   * shared empty array when none leave).
   *
   * @example
   * const [next, done] = p.tick(postBufferRoom);
   */
  tick(sinkRoom: number): [TimedPipeline<T>, readonly T[]] {
    if (this.count === 0) return [this, NONE];
    const n = this.clock + 1;
    let out: T[] | null = null;
    let lanes: Array<ReadonlyArray<TimedSlot<T>>> | null = null;
    let holds: number[] | null = null;
    const leaving = this.leavers(n);
    if (leaving.length === 0) return [this.at(n), NONE];
    let order: number[] | null = null;
    for (const lane of leaving) {
      const l = this.lanes[lane];
      const e = l[0].exit;
      const h = this.hold(lane);
      if ((out === null ? 0 : out.length) < sinkRoom) {
        // swap-remove from the slot order, as the reference's slice
        order ??= this.order.slice();
        const at = order.lastIndexOf(l[0].seq);
        order[at] = order[order.length - 1];
        order.pop();
        if (out === null) out = [l[0].item];
        else out.push(l[0].item);
        lanes ??= this.lanes.slice();
        lanes[lane] = l.length === 1 ? NONE : l.slice(1);
        // A held head leaves now (n), so the next may leave from n + 1 on;
        // otherwise the next item's own exit is already later than n.
        if (h > e) {
          holds ??= this.copyHolds();
          holds[lane] = n + 1;
        }
      } else {
        holds ??= this.copyHolds();
        holds[lane] = n + 1;
      }
    }
    const count = out === null ? this.count : this.count - out.length;
    return [
      new TimedPipeline(
        this.width,
        this.stages,
        lanes ?? this.lanes,
        count,
        n,
        holds ?? this.holds,
        order ?? this.order,
        this.nextSeq,
      ),
      out ?? NONE,
    ];
  }

  /** This pipeline with its clock at `n` (a tick in which nothing leaves). */
  private at(n: number): TimedPipeline<T> {
    return new TimedPipeline(
      this.width,
      this.stages,
      this.lanes,
      this.count,
      n,
      this.holds,
      this.order,
      this.nextSeq,
    );
  }

  private copyHolds(): number[] {
    if (this.holds.length === this.width) return this.holds.slice();
    if (this.width === 2) return [0, 0];
    const h: number[] = [];
    for (let i = 0; i < this.width; i++) h.push(0);
    return h;
  }

  /**
   * `k` ticks in one step (the owner slept through them) with a sink that
   * had room for `sinkRoom` items in each: with room, no item may have
   * reached the last stage meanwhile (throws otherwise); without room, the
   * items that reach it stay there and hold back their lanes.
   *
   * @example
   * p = p.skip(io.skipped, cap - post.length);
   */
  skip(k: number, sinkRoom: number): TimedPipeline<T> {
    if (k === 0 || this.count === 0) return this;
    const last = this.clock + k;
    let holds = this.holds;
    if (this.nextExit() <= last) {
      if (sinkRoom > 0) throw new Error('pipeline: skipped past an exit');
      const held = this.copyHolds();
      for (let lane = 0; lane < this.width; lane++) {
        if (this.lanes[lane].length > 0 && this.headExit(lane) <= last) held[lane] = last + 1;
      }
      holds = held;
    }
    return new TimedPipeline(
      this.width,
      this.stages,
      this.lanes,
      this.count,
      last,
      holds,
      this.order,
      this.nextSeq,
    );
  }

  /** True when every slot is taken (nothing can be accepted until an item leaves). @example p.isFull() */
  isFull(): boolean {
    return this.count === this.width * this.stages;
  }

  /**
   * Ticks from now until the first tick in which an item can leave
   * (1 = the next tick), or Infinity when empty.
   *
   * @example
   * io.wakeAt(now + p.ticksToExit());
   */
  ticksToExit(): number {
    return this.nextExit() - this.clock;
  }

  /**
   * The item a sink with room takes first at the next exit
   * ({@link ticksToExit}): of the heads leaving then, the first in the
   * reference's order ({@link leavers}). Undefined when empty. Builds nothing,
   * unlike ticking a copy up to the exit.
   *
   * @example
   * const first = p.peekNextExit(); // what p.skip(t - 1, room).tick(room)[1][0] would be, t = p.ticksToExit()
   */
  peekNextExit(): T | undefined {
    const m = this.nextExit();
    if (m === Number.POSITIVE_INFINITY) return undefined;
    return this.lanes[this.leavers(m)[0]][0].item;
  }

  /**
   * What `tick(sinkRoom)[0].canAccept()` would answer, without building the
   * ticked pipeline: true when, after one tick with a sink that has room for
   * `sinkRoom` items, stage 0 of some lane is free.
   *
   * @example
   * const insertsNextTick = p.canAcceptAfterTick(width - buffered);
   */
  canAcceptAfterTick(sinkRoom: number): boolean {
    if (this.count === 0) return true;
    const n = this.clock + 1;
    // After the tick (clock n), stage 0 of a lane is taken iff its tail leaves at n + stages or later.
    const limit = n + this.stages;
    const leaving = this.leavers(n);
    for (let lane = 0; lane < this.width; lane++) {
      const l = this.lanes[lane];
      if (l.length === 0) return true;
      const e = l[0].exit;
      const h = this.hold(lane);
      let from = 0;
      let hold = h;
      const rank = leaving.indexOf(lane);
      if (rank >= 0) {
        if (rank < sinkRoom) {
          // The head leaves (as in tick): a held one holds the next item back to n + 1.
          if (l.length === 1) return true;
          from = 1;
          if (h > e) hold = n + 1;
        } else hold = n + 1;
      }
      let eff = Math.max(l[from].exit, hold);
      for (let j = from + 1; j < l.length; j++) eff = Math.max(l[j].exit, eff + 1);
      if (eff < limit) return true;
    }
    return false;
  }

  private nextExit(): number {
    let m = Number.POSITIVE_INFINITY;
    for (let lane = 0; lane < this.width; lane++) {
      if (this.lanes[lane].length === 0) continue;
      const e = this.headExit(lane);
      if (e < m) m = e;
    }
    return m;
  }

  /** Every item inside, stage 0 first (then by lane). @example p.items().length === p.count */
  items(): T[] {
    const next = this.clock + 1;
    const all: Array<{ stage: number; lane: number; item: T }> = [];
    this.lanes.forEach((l, lane) => {
      let eff = Number.NEGATIVE_INFINITY;
      l.forEach((s, j) => {
        eff = j === 0 ? Math.max(s.exit, this.hold(lane)) : Math.max(s.exit, eff + 1);
        all.push({ stage: Math.max(0, this.stages - 1 - (eff - next)), lane, item: s.item });
      });
    });
    all.sort((a, b) => a.stage - b.stage || a.lane - b.lane);
    return all.map((x) => x.item);
  }
}
