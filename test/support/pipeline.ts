/** One occupied pipeline slot. */
export interface PipeSlot<T> {
  readonly item: T;
  readonly cycleLeft: number;
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
        slots[lane] = { item, cycleLeft: dwell };
        return new Pipeline(this.width, this.stages, slots, this.count + 1);
      }
    }
    throw new Error('pipeline: accept while full');
  }

  /**
   * One pipeline tick: items at the last stage with no dwell left go to the
   * sink (at most `sinkRoom` of them, in lane order), then the others advance
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
    for (let lane = 0; lane < W; lane++) {
      const s = slots[lastBase + lane];
      if (s !== null && s.cycleLeft === 0 && out.length < sinkRoom) {
        out.push(s.item);
        slots[lastBase + lane] = null;
      }
    }
    for (let stage = this.stages - 2; stage >= 0; stage--) {
      for (let lane = 0; lane < W; lane++) {
        const i = stage * W + lane;
        const s = slots[i];
        if (s === null) continue;
        if (s.cycleLeft > 0) slots[i] = { item: s.item, cycleLeft: s.cycleLeft - 1 };
        else if (slots[i + W] === null) {
          slots[i + W] = s;
          slots[i] = null;
        }
      }
    }
    return [new Pipeline(W, this.stages, slots, this.count - out.length), out];
  }

  /** Every item inside, stage 0 first. @example p.items().length === p.count */
  items(): T[] {
    const out: T[] = [];
    for (const s of this.slots) if (s !== null) out.push(s.item);
    return out;
  }
}
