import { WordMap } from './word-map';

/** Oracle mode: `strict` (a read equals the last value written) or `lenient` (the reference's list check). */
export type OracleMode = 'strict' | 'lenient';

/** A read that failed the check. */
export interface ValueMismatch {
  readonly agent: number;
  readonly address: number;
  /** The value the strict rule expects (the last write), or null if the address was never written. */
  readonly expected: number | null;
  readonly actual: number;
  /** Values the lenient rule would still accept. */
  readonly accepted: readonly number[];
  readonly mode: OracleMode;
  readonly cycle: number;
}

/**
 * The value oracle (spec oracle.md §3). Values are recorded at send time.
 * Lenient mode reproduces the reference exactly: a read matches the first
 * equal element of the address's history and trims the history to start
 * there; it fails only when the value is absent. Strict mode (the default)
 * requires the last written value — sound here because requests to one
 * address never overlap. In lenient mode it also counts the reads it
 * accepted with a value other than the last one written (`staleAccepted`);
 * strict mode accepts no such read, so there the count stays 0.
 *
 * Memory: strict mode keeps one value per written address, in a compact
 * table (`WordMap`: about 10 bytes an address, no object per address);
 * lenient mode keeps the values written since the last observed one, as an
 * array only for addresses with more than one such value.
 *
 * @example
 * const o = new ValueOracle('strict');
 * o.recordWrite(0, 64, 7);
 * o.checkRead(0, 64, 7, 100); // null: no mismatch
 */
export class ValueOracle {
  /** The last value written at each address (the whole history when it has one element). */
  private readonly last = new WordMap();
  /** Lenient mode: the history of each address whose history has more than one element. */
  private readonly longer = new Map<number, number[]>();
  /** Reads checked. */
  readsChecked = 0;
  /** Reads the lenient rule accepted with a value that was not the last one written. */
  staleAccepted = 0;

  constructor(readonly mode: OracleMode = 'strict') {}

  /** Records a write of `value` at `address` when it is sent. */
  recordWrite(_agent: number, address: number, value: number): void {
    if (this.mode === 'lenient') {
      const h = this.longer.get(address);
      if (h !== undefined) h.push(value);
      else {
        const prev = this.last.get(address);
        if (prev !== undefined) this.longer.set(address, [prev, value]);
      }
    } else if (this.longer.size > 0) this.longer.delete(address);
    this.last.set(address, value);
  }

  /** Checks a read's value; returns the mismatch, or null when it passes. */
  checkRead(agent: number, address: number, actual: number, cycle: number): ValueMismatch | null {
    this.readsChecked++;
    const h = this.longer.size === 0 ? undefined : this.longer.get(address);
    if (h === undefined) {
      // A history of at most one value: the last write, if any.
      const v = this.last.get(address);
      if (v === actual) return null;
      const last = v === undefined ? null : v;
      const accepted = v === undefined ? [] : [v];
      return { agent, address, expected: last, actual, accepted, mode: this.mode, cycle };
    }
    const last = h[h.length - 1];
    const i = h.indexOf(actual);
    if (i >= 0 && i !== h.length - 1) this.staleAccepted++;
    const ok = this.mode === 'strict' ? last === actual : i >= 0;
    if (ok) {
      if (this.mode === 'lenient' && i > 0) {
        if (i === h.length - 1) this.longer.delete(address);
        else this.longer.set(address, h.slice(i));
      }
      return null;
    }
    return { agent, address, expected: last, actual, accepted: h.slice(), mode: this.mode, cycle };
  }

  /** The last value written at `address`, if any. */
  lastValue(address: number): number | undefined {
    return this.last.get(address);
  }

  /** Number of addresses with a history. */
  get addresses(): number {
    return this.last.size;
  }

  /** Serializable snapshot (address order). */
  snapshot(): Array<[number, number[]]> {
    return this.last.sortedKeys().map((a) => [a, this.longer.get(a)?.slice() ?? [this.last.get(a)!]]);
  }

  /**
   * Restores a snapshot taken with {@link snapshot} (an address with an
   * empty history is the same as one never written).
   */
  restore(entries: ReadonlyArray<readonly [number, readonly number[]]>): void {
    this.last.clear();
    this.longer.clear();
    for (const [a, h] of entries) {
      if (h.length === 0) continue;
      this.last.set(a, h[h.length - 1]);
      if (h.length > 1) this.longer.set(a, h.slice());
    }
  }
}
