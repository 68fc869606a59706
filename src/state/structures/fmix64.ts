/** Full 64-bit product of two u32 values: the high half (the low half is `lo32`). */
function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/** (h,l) * (bh,bl) mod 2^64, high half. */
function mul64Hi(h: number, l: number, bh: number, bl: number): number {
  return (mulHi32(l, bl) + Math.imul(h, bl) + Math.imul(l, bh)) >>> 0;
}

/** (h,l) * (bh,bl) mod 2^64, low half. */
function mul64Lo(l: number, bl: number): number {
  return Math.imul(l, bl) >>> 0;
}

/**
 * The 64-bit "fmix64" finalizer (MurmurHash3) applied to a non-negative
 * integer below 2^53, returned as [hi, lo] u32 halves. Computed with 32-bit
 * limbs (no BigInt on the hot path).
 *
 * @example
 * fmix64(1); // [0xb456bcfc, 0x34c2cb2c]
 */
export function fmix64(x: number): [number, number] {
  let h = Math.floor(x / 4294967296) >>> 0;
  let l = x >>> 0;
  l = (l ^ (h >>> 1)) >>> 0;
  let nh = mul64Hi(h, l, 0xff51afd7, 0xed558ccd);
  l = mul64Lo(l, 0xed558ccd);
  h = nh;
  l = (l ^ (h >>> 1)) >>> 0;
  nh = mul64Hi(h, l, 0xc4ceb9fe, 0x1a85ec53);
  l = mul64Lo(l, 0x1a85ec53);
  h = nh;
  l = (l ^ (h >>> 1)) >>> 0;
  return [h, l];
}

/**
 * The L2 directory's set index: `fmix64(address div 64) mod numSets`
 * (components.md §0.8).
 *
 * @example
 * hashedSetIndex(0x100000, 2048) === 1195;
 */
export function hashedSetIndex(address: number, numSets: number, lineSize = 64): number {
  const x = Math.floor(address / lineSize);
  fmixInto(x);
  return setOf(hashHi, hashLo, numSets);
}

/** The high and low halves of the last {@link fmixInto} result. */
let hashHi = 0;
let hashLo = 0;

/** fmix64 of `x` into `hashHi`/`hashLo` (no allocation). */
function fmixInto(x: number): void {
  let h = Math.floor(x / 4294967296) >>> 0;
  let l = x >>> 0;
  l = (l ^ (h >>> 1)) >>> 0;
  let nh = mul64Hi(h, l, 0xff51afd7, 0xed558ccd);
  l = mul64Lo(l, 0xed558ccd);
  h = nh;
  l = (l ^ (h >>> 1)) >>> 0;
  nh = mul64Hi(h, l, 0xc4ceb9fe, 0x1a85ec53);
  l = mul64Lo(l, 0x1a85ec53);
  h = nh;
  l = (l ^ (h >>> 1)) >>> 0;
  hashHi = h;
  hashLo = l;
}

/** `(h * 2^32 + l) mod numSets`; a mask for a power-of-two `numSets` (2^32 is then 0 mod numSets). */
function setOf(h: number, l: number, numSets: number): number {
  if (numSets > 0 && (numSets | 0) === numSets && (numSets & (numSets - 1)) === 0) return l & (numSets - 1);
  return ((((h % numSets) * (4294967296 % numSets)) % numSets) + (l % numSets)) % numSets;
}

const MEMO_SIZE = 1 << 13;
/** Direct-mapped memo of fmix64 by line number: key (-1 = empty), high and low halves. */
const memoKey = new Float64Array(MEMO_SIZE).fill(-1);
// Int32 halves (read back as small integers, not heap numbers; `>>> 0` restores them).
const memoHi = new Int32Array(MEMO_SIZE);
const memoLo = new Int32Array(MEMO_SIZE);

/**
 * {@link hashedSetIndex} with the fmix64 of recent line numbers remembered
 * (a direct-mapped table of 8192 lines shared by every caller, whatever its
 * set count): the same value, without rehashing a line looked up again.
 *
 * @example
 * memoHashedSetIndex(0x100000, 2048) === hashedSetIndex(0x100000, 2048);
 */
export function memoHashedSetIndex(address: number, numSets: number, lineSize = 64): number {
  const x = Math.floor(address / lineSize);
  const slot = x & (MEMO_SIZE - 1);
  if (memoKey[slot] !== x) {
    fmixInto(x);
    memoKey[slot] = x;
    memoHi[slot] = hashHi;
    memoLo[slot] = hashLo;
  }
  if (numSets > 0 && (numSets | 0) === numSets && (numSets & (numSets - 1)) === 0)
    return memoLo[slot] & (numSets - 1);
  return setOf(memoHi[slot] >>> 0, memoLo[slot] >>> 0, numSets);
}
