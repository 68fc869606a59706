/** `S` with its top-level fields writable (what {@link Draft.edit} hands out). @example const m: Mutable<{ readonly a: number }> = { a: 1 }; */
export type Mutable<S> = { -readonly [K in keyof S]: S[K] };

/** The keys of `S` whose values are arrays. @example type K = ArrayKey<{ a: number[]; b: number }>; // 'a' */
export type ArrayKey<S> = { [K in keyof S]-?: S[K] extends readonly unknown[] ? K : never }[keyof S];

/** The element type of the array field `K` of `S`. @example type E = ElementOf<{ a: readonly string[] }, 'a'>; // string */
export type ElementOf<S, K extends keyof S> = S[K] extends readonly (infer E)[] ? E : never;

/**
 * The one copy-on-write working copy of the component steps (L1, L2, TLB):
 * a step reads the state through {@link s} and writes through {@link edit}
 * (the record's top level, copied on first write) and through its
 * subclass's named accessors, each of which copies one field the first
 * time in this draft and hands out the copy after that: an array field
 * ({@link adopt} a slice), the statistics record (a hand-unrolled copy), or
 * an element of the one tracked array ({@link cloneItem}, {@link itemOwned},
 * {@link markItem}: the transactions of a cache). Accessors name their
 * field: a keyed access shared by every state shape is megamorphic, and on
 * the hot fields that was measurable (docs/performance.md, "Fourth A/B").
 * {@link replace} swaps a whole array field (cold paths). {@link finish}
 * returns the input state itself when nothing changed. The input state is
 * never written — it may be deep-frozen (`Simulation({ freezeStates })`).
 *
 * A draft lives for one step: nothing outside refers to it, and it keeps
 * no module-level scratch, so steps may nest or interleave freely.
 *
 * @example
 * class Work extends Draft<{ n: number; xs: readonly number[] }> {
 *   xs(): number[] {
 *     if (!this.owns(this.s.xs)) this.edit.xs = this.adopt(this.s.xs.slice());
 *     return this.s.xs as number[];
 *   }
 * }
 * const d = new Work({ n: 0, xs: [1] });
 * d.edit.n++;
 * d.xs().push(2);
 * const next = d.finish(); // { n: 1, xs: [1, 2] }; the input is unchanged
 */
export class Draft<S extends object> {
  /** The state this draft started from (never written). */
  readonly base: S;
  /** The current state: {@link base} until the first edit, then the working record. */
  s: S;
  /**
   * Arrays and records this draft copied or was given ({@link adopt}; writable in place):
   * the first four in fields (a step rarely owns more, and a field costs no
   * allocation), any further ones in {@link more}.
   */
  private o0: object | null = null;
  private o1: object | null = null;
  private o2: object | null = null;
  private o3: object | null = null;
  private more: object[] | null = null;
  /** Elements of the tracked array cloned, or stored as owned, in this draft: slots below 31, one bit each. */
  private itemsLow = 0;
  /** The same for slots from 31 on. */
  private itemsHigh: boolean[] | null = null;

  /** A draft of `base`. @example const d = new Draft(state); */
  constructor(base: S) {
    this.base = base;
    this.s = base;
  }

  /** The working record, writable (a shallow copy of the base, made on first use). @example d.edit.nextId++ */
  get edit(): Mutable<S> {
    if (this.s === this.base) this.s = this.copy(this.base);
    return this.s as Mutable<S>;
  }

  /**
   * The shallow copy {@link edit} makes: a spread. A subclass may hand-unroll
   * it (and {@link same}) where an interleaved A/B shows it pays.
   *
   * @example
   * protected override copy(s: State): Mutable<State> { return { a: s.a, b: s.b }; }
   */
  protected copy(s: S): Mutable<S> {
    return { ...s };
  }

  /**
   * True when `a` and `b` hold the same values in every field but `except`:
   * a loop over the fields (a subclass may hand-unroll it).
   *
   * @example
   * protected override same(a: State, b: State): boolean { return a.x === b.x; }
   */
  protected same(a: S, b: S, except?: keyof S): boolean {
    for (const k in a) if (k !== except && a[k] !== b[k]) return false;
    return true;
  }

  /** True when `x` was copied or given to this draft (so it may be written in place). @example d.owns(d.s.xs) */
  owns(x: object): boolean {
    if (x === this.o0 || x === this.o1 || x === this.o2 || x === this.o3) return true;
    const more = this.more;
    if (more === null) return false;
    for (let i = 0; i < more.length; i++) if (more[i] === x) return true;
    return false;
  }

  /**
   * Makes `x` this draft's own (so {@link owns} is true of it, and it may
   * be written in place) and returns it: what a subclass's accessor does
   * with the copy it makes of a field.
   *
   * @example
   * mshr(): Entry[] {
   *   if (!this.owns(this.s.mshr)) this.edit.mshr = this.adopt(this.s.mshr.slice());
   *   return this.s.mshr as Entry[];
   * }
   */
  protected adopt<T extends object>(x: T): T {
    if (this.o0 === null) this.o0 = x;
    else if (this.o1 === null) this.o1 = x;
    else if (this.o2 === null) this.o2 = x;
    else if (this.o3 === null) this.o3 = x;
    else if (this.more === null) this.more = [x];
    else this.more.push(x);
    return x;
  }

  /** Replaces array field `key` by `fresh`, which becomes this draft's own. @example d.replace('mshr', []) */
  replace<K extends ArrayKey<S>>(key: K, fresh: Array<ElementOf<S, K>>): Array<ElementOf<S, K>> {
    (this.edit as Record<K, unknown>)[key] = this.adopt(fresh);
    this.itemsLow = 0;
    this.itemsHigh = null;
    return fresh;
  }

  /**
   * For a subclass's accessor of an element of the tracked array: clones
   * element `i` of `arr` (that field's array, already this draft's own)
   * into place and marks it owned. An owned element implies an owned
   * array, so the accessor may test {@link itemOwned} first and read the
   * element straight from {@link s}.
   *
   * @example
   * tx(i: number): Txn { return this.itemOwned(i) ? this.s.txns[i] : this.cloneItem(this.txns(), i, cloneTxn); } // txns(): a named accessor
   */
  protected cloneItem<E>(arr: E[], i: number, clone: (x: E) => E): E {
    const c = clone(arr[i]);
    arr[i] = c;
    this.markItem(i, true);
    return c;
  }

  /** True when element `i` of the tracked array was cloned, or stored as owned ({@link markItem}), in this draft. @example if (this.itemOwned(3)) … */
  protected itemOwned(i: number): boolean {
    if (i < 31) return (this.itemsLow & (1 << i)) !== 0;
    return this.itemsHigh !== null && this.itemsHigh[i] === true;
  }

  /**
   * Marks element `i` of the tracked array owned or not. Call it only once
   * that array is this draft's own (store through the accessor first), so
   * that an owned element keeps implying an owned array.
   *
   * @example
   * this.txns()[i] = fresh;
   * this.markItem(i, true);
   */
  protected markItem(i: number, own: boolean): void {
    if (i < 31) this.itemsLow = own ? this.itemsLow | (1 << i) : this.itemsLow & ~(1 << i);
    else {
      this.itemsHigh ??= [];
      this.itemsHigh[i] = own;
    }
  }

  /**
   * True when every field of the current state is the base's, but for
   * `except` (compared by the caller).
   *
   * @example
   * if (d.unchanged('bankPipeline')) sleep();
   */
  unchanged(except?: keyof S): boolean {
    return this.s === this.base || this.same(this.s, this.base, except);
  }

  /** The next state: the base itself when nothing changed, else the working record. @example return io.result(d.finish()) */
  finish(): S {
    return this.unchanged() ? this.base : this.s;
  }
}
