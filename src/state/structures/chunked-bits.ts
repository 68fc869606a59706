/** Words (32 bits each) per chunk: a chunk covers 256 indices. */
const CHUNK_WORDS = 8;

/**
 * An immutable bit set over `[0, n)` stored as chunks of eight 32-bit words
 * (256 bits): chunk `i >>> 8`, word `(i >>> 5) & 7`, bit `i & 31`. Setting
 * or clearing one bit copies one chunk and the chunk list (about 16 slots
 * for 2048 bits, against 64 for a flat word array); unchanged chunks are
 * shared between versions. Iterate with {@link forEachSetBit}, change many
 * bits at once with {@link ChunkedBitsBuilder}.
 *
 * @example
 * let b = emptyChunkedBits(2048);
 * b = withChunkedBit(b, 700, true);
 * hasChunkedBit(b, 700); // true
 */
export type ChunkedBits = readonly (readonly number[])[];

/**
 * Every bit clear, for indices below `n`.
 *
 * @example
 * emptyChunkedBits(2048).length === 8;
 */
export function emptyChunkedBits(n: number): ChunkedBits {
  const words = Math.max(1, (n + 31) >>> 5);
  const out: number[][] = [];
  for (let w = 0; w < words; w += CHUNK_WORDS) out.push(new Array(Math.min(CHUNK_WORDS, words - w)).fill(0));
  return out;
}

/**
 * True when bit `i` is set.
 *
 * @example
 * hasChunkedBit(emptyChunkedBits(64), 3); // false
 */
export function hasChunkedBit(bits: ChunkedBits, i: number): boolean {
  return (bits[i >>> 8][(i >>> 5) & 7] & (1 << (i & 31))) !== 0;
}

/**
 * `bits` with bit `i` set to `on`: the same value when it already is,
 * otherwise a copy of its chunk and of the chunk list.
 *
 * @example
 * const b = withChunkedBit(emptyChunkedBits(64), 3, true);
 */
export function withChunkedBit(bits: ChunkedBits, i: number, on: boolean): ChunkedBits {
  if (hasChunkedBit(bits, i) === on) return bits;
  const c = i >>> 8;
  const chunk = bits[c].slice();
  if (on) chunk[(i >>> 5) & 7] |= 1 << (i & 31);
  else chunk[(i >>> 5) & 7] &= ~(1 << (i & 31));
  const out = bits.slice();
  out[c] = chunk;
  return out;
}

/**
 * Calls `fn` with every set bit's index, ascending.
 *
 * @example
 * forEachSetBit(bits, (i) => visit(i));
 */
export function forEachSetBit(bits: ChunkedBits, fn: (i: number) => void): void {
  for (let c = 0; c < bits.length; c++) {
    const chunk = bits[c];
    for (let w = 0; w < chunk.length; w++) {
      let m = chunk[w];
      while (m !== 0) {
        const bit = 31 - Math.clz32(m & -m);
        m &= m - 1;
        fn((c << 8) | (w << 5) | bit);
      }
    }
  }
}

/**
 * Step-local changes of many bits of a {@link ChunkedBits}: each changed
 * chunk and the chunk list are copied once; {@link result} returns the
 * input itself when nothing changed. The input is never written.
 *
 * @example
 * const b = new ChunkedBitsBuilder(bits);
 * b.set(3, false);
 * bits = b.result();
 */
export class ChunkedBitsBuilder {
  private out: number[][] | null = null;
  private owned: boolean[] | null = null;

  constructor(private readonly base: ChunkedBits) {}

  /** Bit `i` as changed so far. @example b.has(3) */
  has(i: number): boolean {
    return hasChunkedBit(this.out ?? this.base, i);
  }

  /** Sets bit `i` to `on`. @example b.set(3, true) */
  set(i: number, on: boolean): void {
    if (this.has(i) === on) return;
    const c = i >>> 8;
    if (this.out === null || this.owned === null) {
      this.out = this.base.slice() as number[][];
      this.owned = new Array(this.base.length).fill(false);
    }
    if (!this.owned[c]) {
      this.out[c] = this.out[c].slice();
      this.owned[c] = true;
    }
    if (on) this.out[c][(i >>> 5) & 7] |= 1 << (i & 31);
    else this.out[c][(i >>> 5) & 7] &= ~(1 << (i & 31));
  }

  /** The changed bits (the input when nothing changed). @example bits = b.result() */
  result(): ChunkedBits {
    return this.out ?? this.base;
  }
}
