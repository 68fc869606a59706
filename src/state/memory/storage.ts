import { SimPanic } from '../contract/sim-panic';
import { PersistentArray } from '../structures/persistent-array';

const LINE = 64;
/** Bytes one leaf covers: 128 lines, 2048 words. */
const LEAF_BYTES = 8192;
/** Bytes one leaf of a {@link Storage} covers (for tests that cross leaves). @example STORAGE_LEAF_BYTES === 8192 */
export const STORAGE_LEAF_BYTES = LEAF_BYTES;
/** Lines one presence number covers. */
const PRESENCE_LINES = 32;
/** Presence numbers at the head of a leaf (one per 32 lines). */
const HEAD = LEAF_BYTES / LINE / PRESENCE_LINES;
/** 2^32: an entry is `word * WORD_KEY + value`. */
const WORD_KEY = 4294967296;

/**
 * One leaf: `[presence0, .., presence3, ...entries]`. `presence` j has bit
 * k set when line 32j + k of the leaf was ever written; each entry is
 * `word * 2^32 + value` for a non-zero 32-bit little-endian word (`word`
 * is the word index in the leaf, 0–2047), in ascending word order.
 * Never-written and zero words have no entry. A plain number array, so V8
 * stores it unboxed, 8 bytes per entry. Leaves of 8 KiB, not 2 KiB: a
 * quarter of the leaves' ~48 bytes of array headers, which at 64 agents ×
 * 100k accesses were ~25 MB of the live heap (docs/performance.md).
 */
type Leaf = readonly number[];

/** Scratch for the new values of the words one write covers (at most a leaf's 2048). */
const scratch = new Uint32Array(LEAF_BYTES / 4);

/** Index of the first entry of `leaf` (from {@link HEAD}) that is at least `key`. */
function lowerBound(leaf: Leaf, key: number): number {
  let lo = HEAD;
  let hi = leaf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (leaf[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Copies the leaf's bytes `[r0, r1)` (leaf-relative) to `out` from `at` on; `out` starts zeroed. */
function copyOut(leaf: Leaf, r0: number, r1: number, out: Uint8Array, at: number): void {
  const end = ((r1 + 3) >> 2) * WORD_KEY;
  for (let k = lowerBound(leaf, (r0 >> 2) * WORD_KEY); k < leaf.length && leaf[k] < end; k++) {
    const e = leaf[k];
    const w = Math.floor(e / WORD_KEY);
    const v = e - w * WORD_KEY;
    const base = w * 4;
    if (base >= r0 && base + 4 <= r1) {
      const i = at + base - r0;
      out[i] = v & 0xff;
      out[i + 1] = (v >>> 8) & 0xff;
      out[i + 2] = (v >>> 16) & 0xff;
      out[i + 3] = v >>> 24;
      continue;
    }
    for (let b = 0; b < 4; b++) {
      const rel = base + b;
      if (rel >= r0 && rel < r1) out[at + rel - r0] = (v >>> (8 * b)) & 0xff;
    }
  }
}

/**
 * The leaf after writing `data[d0 ..]` (under `mask`) over its bytes
 * `[r0, r1)`: the lines covered become present, the words covered get their
 * merged values, every other entry is kept.
 */
function writeLeaf(
  old: Leaf | undefined,
  r0: number,
  r1: number,
  data: Uint8Array,
  d0: number,
  mask: Uint8Array | null,
): Leaf {
  const w0 = r0 >> 2;
  const w1 = (r1 - 1) >> 2;
  const lo = old === undefined ? HEAD : lowerBound(old, w0 * WORD_KEY);
  const hi = old === undefined ? HEAD : lowerBound(old, (w1 + 1) * WORD_KEY);
  let k = lo;
  let nonZero = 0;
  for (let w = w0; w <= w1; w++) {
    let v = 0;
    if (k < hi && Math.floor(old![k] / WORD_KEY) === w) {
      v = old![k] - w * WORD_KEY;
      k++;
    }
    const base = w * 4;
    if (mask === null && base >= r0 && base + 4 <= r1) {
      const i = d0 + base - r0;
      v = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) >>> 0;
    } else {
      for (let b = 0; b < 4; b++) {
        const rel = base + b;
        if (rel < r0 || rel >= r1) continue;
        const i = d0 + rel - r0;
        if (mask !== null && mask[i] === 0) continue;
        const shift = 8 * b;
        v = ((v & ~(0xff << shift)) | (data[i] << shift)) >>> 0;
      }
    }
    scratch[w - w0] = v;
    if (v !== 0) nonZero++;
  }
  const oldLength = old === undefined ? HEAD : old.length;
  const leaf = new Array<number>(lo + nonZero + (oldLength - hi));
  // lines l0 .. l1 become present
  const l0 = r0 >> 6;
  const l1 = (r1 - 1) >> 6;
  for (let j = 0; j < HEAD; j++) {
    const first = Math.max(l0, j * PRESENCE_LINES) - j * PRESENCE_LINES;
    const last = Math.min(l1, j * PRESENCE_LINES + PRESENCE_LINES - 1) - j * PRESENCE_LINES;
    const presence = old === undefined ? 0 : old[j];
    if (first > last) {
      leaf[j] = presence;
      continue;
    }
    const span = last - first + 1;
    // the bits first .. last, without a floating-point power
    const added = span >= 32 ? 0xffffffff : (((1 << span) - 1) << first) >>> 0;
    leaf[j] = (presence | added) >>> 0;
  }
  for (let i = HEAD; i < lo; i++) leaf[i] = old![i];
  let n = lo;
  for (let w = w0; w <= w1; w++) {
    const v = scratch[w - w0];
    if (v !== 0) leaf[n++] = w * WORD_KEY + v;
  }
  for (let i = hi; i < oldLength; i++) leaf[n++] = old![i];
  return leaf;
}

/** Number of set bits of a 32-bit value. */
function popCount(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Sparse, immutable byte storage of a memory controller. The store is a
 * persistent radix tree of 8 KiB leaves; a leaf is one number array holding
 * a bitmap of the lines ever written and the leaf's non-zero 32-bit words
 * (`word * 2^32 + value`, 8 bytes each). Reads of never-written bytes return
 * zero. A write copies one leaf per 8 KiB it touches and a few tree
 * nodes — never a page, never the store — so old versions stay valid.
 *
 * @example
 * const s0 = Storage.create(1 << 20);
 * const s1 = s0.write(100, Uint8Array.of(1, 2, 3, 4), null);
 * s1.read(100, 4); // [1, 2, 3, 4]; s0.read(100, 4) is still zeros
 */
export class Storage {
  private constructor(
    /** Size in bytes; accesses at or past it panic. */
    readonly capacity: number,
    private readonly leaves: PersistentArray<Leaf>,
    /** Number of 64-byte lines ever written. */
    private readonly touched: number,
  ) {}

  /** An all-zero store of `capacity` bytes. @example Storage.create(5 << 20) */
  static create(capacity: number): Storage {
    return new Storage(capacity, PersistentArray.empty(Math.max(1, Math.ceil(capacity / LEAF_BYTES))), 0);
  }

  /** Reads `size` bytes at `address`. @example s.read(0, 64) */
  read(address: number, size: number): Uint8Array {
    this.check(address, size);
    const out = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const a = address + done;
      const li = Math.floor(a / LEAF_BYTES);
      const r0 = a - li * LEAF_BYTES;
      const n = Math.min(LEAF_BYTES - r0, size - done);
      const leaf = this.leaves.get(li);
      if (leaf !== undefined) copyOut(leaf, r0, r0 + n, out, done);
      done += n;
    }
    return out;
  }

  /**
   * Writes `data` at `address`; with a `mask`, only bytes whose mask entry is
   * non-zero (every line the range covers counts as written either way).
   * Returns the new store. @example s.write(64, bytes, null)
   */
  write(address: number, data: Uint8Array, mask: Uint8Array | null): Storage {
    this.check(address, data.length);
    let leaves = this.leaves;
    let touched = this.touched;
    let done = 0;
    while (done < data.length) {
      const a = address + done;
      const li = Math.floor(a / LEAF_BYTES);
      const r0 = a - li * LEAF_BYTES;
      const n = Math.min(LEAF_BYTES - r0, data.length - done);
      const old = leaves.get(li);
      const leaf = writeLeaf(old, r0, r0 + n, data, done, mask);
      for (let j = 0; j < HEAD; j++)
        touched += popCount(leaf[j]) - (old === undefined ? 0 : popCount(old[j]));
      leaves = leaves.set(li, leaf);
      done += n;
    }
    return new Storage(this.capacity, leaves, touched);
  }

  /** Number of 64-byte lines ever written. @example s.linesTouched */
  get linesTouched(): number {
    return this.touched;
  }

  /** Every written line as `[address, bytes]`, ascending. @example s.lineEntries() */
  lineEntries(): Array<[number, Uint8Array]> {
    const out: Array<[number, Uint8Array]> = [];
    this.leaves.forEach((leaf, li) => {
      for (let line = 0; line < LEAF_BYTES / LINE; line++) {
        if (((leaf[line >> 5] >>> (line & 31)) & 1) === 0) continue;
        const bytes = new Uint8Array(LINE);
        copyOut(leaf, line * LINE, (line + 1) * LINE, bytes, 0);
        out.push([li * LEAF_BYTES + line * LINE, bytes]);
      }
    });
    return out;
  }

  private check(address: number, size: number): void {
    if (address < 0 || address + size > this.capacity) {
      throw new SimPanic(
        `storage access [0x${address.toString(16)}, +${size}) beyond capacity ${this.capacity}`,
      );
    }
  }
}
