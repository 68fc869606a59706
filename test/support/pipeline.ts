/** One occupied pipeline slot. */
export interface PipeSlot<T> {
  readonly item: T;
  readonly cycleLeft: number;
  /** Acceptance number (its name in the slot slice). */
  readonly seq: number;
}

/**
 * The reference's pipeline primitive (components.md §0.7), immutable:
 * `width` lanes × `stages` stages. An item accepted in tick t reaches the
 * sink in tick t+S when the owner ticks the pipeline before accepting.
 *
 * @example
 * let p = Pipeline.create<string>(2, 3).accept('a');
 * let out: string[];
 * [p, out] = p.tick(4); // out is [] until 'a' reaches the last stage
 */
export class Pipeline<T> {
  private constructor(
    readonly width: number,
    readonly stages: number,
    private readonly slots: ReadonlyArray<PipeSlot<T> | null>,
    /** Items inside. */
    readonly count: number,
    /**
     * The reference's slot slice (`queueing.Pipeline.stages`) by acceptance
     * number: accept appends, a leaving item is swap-removed (the last takes its place).
     */
    private readonly order: readonly number[] = [],
    private readonly nextSeq = 0,
  ) {}

  /** An empty pipeline. @example Pipeline.create<number>(4, 20) */
  static create<T>(width: number, stages: number): Pipeline<T> {
    return new Pipeline<T>(width, stages, new Array(width * stages).fill(null), 0);
  }

  /** True when fewer than `width` items sit at stage 0. @example p.canAccept() */
  canAccept(): boolean {
    for (let lane = 0; lane < this.width; lane++) if (this.slots[lane] === null) return true;
    return false;
  }

  /** Puts `item` at stage 0 in the lowest free lane. @example p = p.accept(x, 1) */
  accept(item: T, dwell = 0): Pipeline<T> {
    for (let lane = 0; lane < this.width; lane++) {
      if (this.slots[lane] === null) {
        const slots = this.slots.slice();
        slots[lane] = { item, cycleLeft: dwell, seq: this.nextSeq };
        return new Pipeline(
          this.width,
          this.stages,
          slots,
          this.count + 1,
          [...this.order, this.nextSeq],
          this.nextSeq + 1,
        );
      }
    }
    throw new Error('pipeline: accept while full');
  }

  /**
   * One pipeline tick: items at the last stage with no dwell left go to the
   * sink (at most `sinkRoom` of them), scanning the slot slice from its end
   * and swap-removing each leaver as the reference does, then the others advance
   * from the highest stage down. Returns the new pipeline and the emitted items.
   *
   * @example
   * const [next, done] = p.tick(postBufferRoom);
   */
  tick(sinkRoom: number): [Pipeline<T>, T[]] {
    if (this.count === 0) return [this, []];
    const W = this.width;
    const slots = this.slots.slice();
    const out: T[] = [];
    const lastBase = (this.stages - 1) * W;
    const order = this.order.slice();
    for (let i = order.length - 1; i >= 0; i--) {
      const lane = slots.findIndex((s, at) => at >= lastBase && s !== null && s.seq === order[i]) - lastBase;
      if (lane < 0) continue;
      const s = slots[lastBase + lane]!;
      if (s.cycleLeft === 0 && out.length < sinkRoom) {
        out.push(s.item);
        slots[lastBase + lane] = null;
        order[i] = order[order.length - 1];
        order.pop();
      }
    }
    for (let stage = this.stages - 2; stage >= 0; stage--) {
      for (let lane = 0; lane < W; lane++) {
        const i = stage * W + lane;
        const s = slots[i];
        if (s === null) continue;
        if (s.cycleLeft > 0) slots[i] = { item: s.item, cycleLeft: s.cycleLeft - 1, seq: s.seq };
        else if (slots[i + W] === null) {
          slots[i + W] = s;
          slots[i] = null;
        }
      }
    }
    return [new Pipeline(W, this.stages, slots, this.count - out.length, order, this.nextSeq), out];
  }

  /** Every item inside, stage 0 first. @example p.items().length === p.count */
  items(): T[] {
    const out: T[] = [];
    for (const s of this.slots) if (s !== null) out.push(s.item);
    return out;
  }
}
