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
 * address never overlap. Either way it counts reads the lenient rule
 * accepted with a value other than the last one (`staleAccepted`).
 *
 * Memory: strict mode keeps one value per written address; lenient mode
 * keeps the values written since the last observed one.
 *
 * @example
 * const o = new ValueOracle('strict');
 * o.recordWrite(0, 64, 7);
 * o.checkRead(0, 64, 7, 100); // null: no mismatch
 */
export class ValueOracle {
  private readonly history = new Map<number, number[]>();
  /** Reads checked. */
  readsChecked = 0;
  /** Reads the lenient rule accepted with a value that was not the last one written. */
  staleAccepted = 0;

  constructor(readonly mode: OracleMode = 'strict') {}

  /** Records a write of `value` at `address` when it is sent. */
  recordWrite(_agent: number, address: number, value: number): void {
    const h = this.history.get(address);
    if (h === undefined || this.mode === 'strict') this.history.set(address, [value]);
    else h.push(value);
  }

  /** Checks a read's value; returns the mismatch, or null when it passes. */
  checkRead(agent: number, address: number, actual: number, cycle: number): ValueMismatch | null {
    this.readsChecked++;
    const h = this.history.get(address) ?? [];
    const last = h.length > 0 ? h[h.length - 1] : null;
    const i = h.indexOf(actual);
    if (i >= 0 && i !== h.length - 1) this.staleAccepted++;
    const ok = this.mode === 'strict' ? last === actual : i >= 0;
    if (ok) {
      if (this.mode === 'lenient' && i > 0) this.history.set(address, h.slice(i));
      return null;
    }
    return { agent, address, expected: last, actual, accepted: h.slice(), mode: this.mode, cycle };
  }

  /** The last value written at `address`, if any. */
  lastValue(address: number): number | undefined {
    const h = this.history.get(address);
    return h === undefined ? undefined : h[h.length - 1];
  }

  /** Number of addresses with a history. */
  get addresses(): number {
    return this.history.size;
  }

  /** Serializable snapshot (address order). */
  snapshot(): Array<[number, number[]]> {
    return [...this.history.entries()].sort((a, b) => a[0] - b[0]).map(([a, h]) => [a, h.slice()]);
  }

  /** Restores a snapshot taken with {@link snapshot}. */
  restore(entries: ReadonlyArray<readonly [number, readonly number[]]>): void {
    this.history.clear();
    for (const [a, h] of entries) this.history.set(a, h.slice());
  }
}
