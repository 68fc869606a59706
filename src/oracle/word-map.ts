/** Empty slot marker in `keys` (a stored key `k` is kept as `k + 1`). */
const EMPTY = 0;
/** Grow when more than this share of the slots is in use. */
const MAX_LOAD = 0.8;
const MIN_CAPACITY = 1024;

/** True for an integer in `[0, 2^32 - 2]` (a key the typed table can hold as `key + 1`). */
function tableKey(k: number): boolean {
  return Number.isInteger(k) && k >= 0 && k < 4294967295;
}

/** True for an integer in `[0, 2^32)`. */
function u32(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= 4294967295;
}

/** Slot of `key` in a table of `mask + 1` slots (murmur3's 32-bit finalizer). */
function home(key: number, mask: number): number {
  let h = key >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}

/**
 * A compact mutable map from numbers to numbers for the value oracle's
 * per-address state. Pairs whose key and value are both 32-bit unsigned
 * integers (every address and value of a simulation) live in an
 * open-addressing table of two `Uint32Array`s — 8 bytes a slot, no object
 * per entry, no garbage per update; any other pair falls back to a `Map`.
 * Iteration ({@link WordMap.sortedKeys}) is in ascending key order, so it
 * never depends on insertion order or hashing.
 *
 * @example
 * const m = new WordMap();
 * m.set(0x40, 0xdeadbeef);
 * m.get(0x40) === 0xdeadbeef; m.get(0x44) === undefined; m.size === 1;
 */
export class WordMap {
  private keys = new Uint32Array(MIN_CAPACITY);
  private values = new Uint32Array(MIN_CAPACITY);
  private used = 0;
  private readonly other = new Map<number, number>();

  /** Number of keys. @example m.size */
  get size(): number {
    return this.used + this.other.size;
  }

  /** The value of `key`, or undefined. @example m.get(64) */
  get(key: number): number | undefined {
    if (tableKey(key)) {
      const i = this.find(key);
      if (i >= 0) return this.values[i];
    }
    return this.other.size === 0 ? undefined : this.other.get(key);
  }

  /** True when `key` has a value. @example m.has(64) */
  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  /** Sets `key` to `value`. @example m.set(64, 7) */
  set(key: number, value: number): void {
    if (tableKey(key) && u32(value)) {
      if (this.other.size > 0) this.other.delete(key);
      const mask = this.keys.length - 1;
      let i = home(key, mask);
      for (;;) {
        const k = this.keys[i];
        if (k === EMPTY) break;
        if (k === key + 1) {
          this.values[i] = value;
          return;
        }
        i = (i + 1) & mask;
      }
      this.keys[i] = key + 1;
      this.values[i] = value;
      this.used++;
      if (this.used > this.keys.length * MAX_LOAD) this.grow();
      return;
    }
    if (tableKey(key)) this.remove(key);
    this.other.set(key, value);
  }

  /** Removes `key`; true when it had a value. @example m.delete(64) */
  delete(key: number): boolean {
    const inTable = tableKey(key) && this.remove(key);
    return this.other.delete(key) || inTable;
  }

  /** Removes every key. @example m.clear() */
  clear(): void {
    this.keys = new Uint32Array(MIN_CAPACITY);
    this.values = new Uint32Array(MIN_CAPACITY);
    this.used = 0;
    this.other.clear();
  }

  /** Every key, ascending. @example for (const k of m.sortedKeys()) use(k, m.get(k)) */
  sortedKeys(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== EMPTY) out.push(this.keys[i] - 1);
    for (const k of this.other.keys()) out.push(k);
    return out.sort((a, b) => a - b);
  }

  /** Slot of `key` in the table, or -1. */
  private find(key: number): number {
    const mask = this.keys.length - 1;
    let i = home(key, mask);
    for (;;) {
      const k = this.keys[i];
      if (k === EMPTY) return -1;
      if (k === key + 1) return i;
      i = (i + 1) & mask;
    }
  }

  /** Deletes `key` from the table (backward-shift deletion); true when it was there. */
  private remove(key: number): boolean {
    let i = this.find(key);
    if (i < 0) return false;
    const mask = this.keys.length - 1;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = this.keys[j];
      if (k === EMPTY) break;
      const h = home(k - 1, mask);
      // Move the entry at j back to the hole at i unless its home lies in (i, j] (cyclically).
      const stays = i <= j ? i < h && h <= j : i < h || h <= j;
      if (!stays) {
        this.keys[i] = k;
        this.values[i] = this.values[j];
        i = j;
      }
    }
    this.keys[i] = EMPTY;
    this.values[i] = 0;
    this.used--;
    return true;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.values = new Uint32Array(oldKeys.length * 2);
    const mask = this.keys.length - 1;
    for (let s = 0; s < oldKeys.length; s++) {
      const k = oldKeys[s];
      if (k === EMPTY) continue;
      let i = home(k - 1, mask);
      while (this.keys[i] !== EMPTY) i = (i + 1) & mask;
      this.keys[i] = k;
      this.values[i] = oldValues[s];
    }
  }
}
