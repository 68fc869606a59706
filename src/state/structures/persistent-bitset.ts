import { PersistentArray } from './persistent-array';

/** Bits per leaf (a 1 KiB `Uint8Array`: few leaves, so little per-object overhead). */
const LEAF_BITS = 8192;

/**
 * An immutable set of integers in `[0, capacity)`, stored as 8192-bit
 * leaves (1 KiB `Uint8Array`s) in a {@link PersistentArray}. Adding a
 * member copies one leaf and a short path; a million-member universe costs
 * at most 128 KiB of leaves (plus ~0.2 KiB of object overhead per leaf)
 * however sparsely it is filled.
 *
 * @example
 * const a = PersistentBitSet.empty(1 << 20);
 * const b = a.add(77);
 * a.has(77) === false; b.has(77) === true; b.size === 1;
 */
export class PersistentBitSet {
  private constructor(
    /** Exclusive upper bound of members. */
    readonly capacity: number,
    private readonly leaves: PersistentArray<Uint8Array>,
    /** Number of members. */
    readonly size: number,
  ) {}

  /** The empty set over `[0, capacity)`. @example PersistentBitSet.empty(4096) */
  static empty(capacity: number): PersistentBitSet {
    return new PersistentBitSet(
      capacity,
      PersistentArray.empty(Math.max(1, Math.ceil(capacity / LEAF_BITS))),
      0,
    );
  }

  /** True when `i` is a member. @example s.has(3) */
  has(i: number): boolean {
    const leaf = this.leaves.get(Math.floor(i / LEAF_BITS));
    return leaf !== undefined && (leaf[(i % LEAF_BITS) >> 3] & (1 << (i & 7))) !== 0;
  }

  /** The set with `i` added (this set when it is already a member). @example s = s.add(9) */
  add(i: number): PersistentBitSet {
    if (i < 0 || i >= this.capacity || !Number.isInteger(i)) {
      throw new RangeError(`member ${i} outside [0, ${this.capacity})`);
    }
    const li = Math.floor(i / LEAF_BITS);
    const old = this.leaves.get(li);
    const byte = (i % LEAF_BITS) >> 3;
    const bit = 1 << (i & 7);
    if (old !== undefined && (old[byte] & bit) !== 0) return this;
    // A universe smaller than a leaf gets a leaf just big enough.
    const leaf =
      old === undefined ? new Uint8Array(Math.ceil(Math.min(this.capacity, LEAF_BITS) / 8)) : old.slice();
    leaf[byte] |= bit;
    return new PersistentBitSet(this.capacity, this.leaves.set(li, leaf), this.size + 1);
  }
}
