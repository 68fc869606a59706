import { PersistentArray } from './persistent-array';

/** Entries per leaf (a 4 KiB `Uint8Array` of little-endian u32s). */
const LEAF = 1024;
/** Entries kept in the tail (a plain array) before they move into a leaf. */
const TAIL = 32;

/**
 * An immutable append-only list of 32-bit unsigned integers. Full runs of
 * 32 entries live packed in 4 KiB leaves (4 bytes an entry) of a
 * {@link PersistentArray}; the newest entries live in a short tail array.
 * `push` copies the tail (at most 31 numbers), and every 32nd push copies
 * one leaf — so old versions stay valid and a million entries cost ~4 MiB.
 *
 * @example
 * const a = PersistentWordList.empty(1 << 20);
 * const b = a.push(7).push(9);
 * a.size === 0; b.size === 2; b.get(1) === 9;
 */
export class PersistentWordList {
  private constructor(
    private readonly leaves: PersistentArray<Uint8Array>,
    private readonly tail: readonly number[],
    /** Number of entries. */
    readonly size: number,
  ) {}

  /** An empty list able to hold up to `capacity` entries. @example PersistentWordList.empty(4096) */
  static empty(capacity: number): PersistentWordList {
    return new PersistentWordList(PersistentArray.empty(Math.max(1, Math.ceil(capacity / LEAF))), [], 0);
  }

  /** The entry at `i` (`0 <= i < size`), or undefined. @example list.get(0) */
  get(i: number): number | undefined {
    if (!(i >= 0 && i < this.size)) return undefined;
    const packed = this.size - this.tail.length;
    if (i >= packed) return this.tail[i - packed];
    const leaf = this.leaves.get(Math.floor(i / LEAF))!;
    const at = (i % LEAF) * 4;
    return (leaf[at] | (leaf[at + 1] << 8) | (leaf[at + 2] << 16) | (leaf[at + 3] << 24)) >>> 0;
  }

  /** The list with `v` (a u32) appended. @example list = list.push(42) */
  push(v: number): PersistentWordList {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${v} is not a u32`);
    if (this.tail.length < TAIL) {
      const n = this.tail.length;
      const tail = new Array<number>(n + 1);
      for (let k = 0; k < n; k++) tail[k] = this.tail[k];
      tail[n] = v;
      return new PersistentWordList(this.leaves, tail, this.size + 1);
    }
    const packed = this.size - this.tail.length;
    const li = Math.floor(packed / LEAF);
    if (li >= this.leaves.capacity) throw new RangeError(`list is full (${this.size} entries)`);
    const old = this.leaves.get(li);
    const leaf = old === undefined ? new Uint8Array(LEAF * 4) : old.slice();
    let at = (packed % LEAF) * 4;
    for (const x of this.tail) {
      leaf[at] = x & 0xff;
      leaf[at + 1] = (x >>> 8) & 0xff;
      leaf[at + 2] = (x >>> 16) & 0xff;
      leaf[at + 3] = x >>> 24;
      at += 4;
    }
    return new PersistentWordList(this.leaves.set(li, leaf), [v], this.size + 1);
  }

  /** Every entry in order. @example list.toArray() */
  toArray(): number[] {
    const out = new Array<number>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.get(i)!;
    return out;
  }
}
