import { Directory } from '../../../src/state/structures/cache-directory';
import { fmix64, hashedSetIndex, memoHashedSetIndex } from '../../../src/state/structures/fmix64';

/** components.md §0.8 test vectors: line number b → fmix64(b) → set for 32 / 2048 / 16 sets. */
const VECTORS: Array<[number, bigint, [number, number, number]]> = [
  [0, 0x0n, [0, 0, 0]],
  [1, 0xb456bcfc34c2cb2cn, [12, 812, 12]],
  [2, 0x3abf2a20650683e7n, [7, 999, 7]],
  [3, 0x0b5181c509f8d8cen, [14, 206, 14]],
  [0x4000, 0xaf9fc56bbc5cd4abn, [11, 1195, 11]],
  [0x4001, 0xfe36343c8dbb069fn, [31, 1695, 15]],
  [0xc000, 0x48d01a3873c1761cn, [28, 1564, 12]],
];

/** Reference fmix64 in BigInt, straight from the spec's pseudo-code. */
function fmix64Big(b: bigint): bigint {
  const M = (1n << 64n) - 1n;
  b ^= b >> 33n;
  b = (b * 0xff51afd7ed558ccdn) & M;
  b ^= b >> 33n;
  b = (b * 0xc4ceb9fe1a85ec53n) & M;
  b ^= b >> 33n;
  return b;
}

const asBig = ([h, l]: [number, number]) => (BigInt(h) << 32n) | BigInt(l);

describe('fmix64 set index (components.md §0.8)', () => {
  test.each(VECTORS)('line %i hashes to the spec value and sets', (b, hash, [s32, s2048, s16]) => {
    expect(asBig(fmix64(b))).toBe(hash);
    expect(hashedSetIndex(b * 64, 32)).toBe(s32);
    expect(hashedSetIndex(b * 64, 2048)).toBe(s2048);
    expect(hashedSetIndex(b * 64, 16)).toBe(s16);
  });

  test('PA 0x100000 and 0x300000 land in sets 1195 and 1564 of the 2048-set L2', () => {
    const d = Directory.create(2048, 4, 64, 'fmix64');
    expect(d.setIndex(0x100000)).toBe(1195);
    expect(d.setIndex(0x300000)).toBe(1564);
    expect(d.setIndex(0x10003f)).toBe(1195);
  });

  test('the 32-bit-limb implementation agrees with BigInt over large line numbers', () => {
    let x = 0x9e3779b97f4an;
    for (let i = 0; i < 2000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 53n) - 1n);
      const b = Number(x >> 6n);
      expect(asBig(fmix64(b))).toBe(fmix64Big(BigInt(b)));
      expect(hashedSetIndex(b * 64, 2048)).toBe(Number(fmix64Big(BigInt(b)) % 2048n));
    }
  });

  test('the memoized set index equals the plain one, for repeated, colliding and large line numbers', () => {
    let x = 0x51ed27n;
    const lines: number[] = [];
    for (let i = 0; i < 3000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 53n) - 1n);
      const pick = Number(x % 4n);
      // Small lines, lines 8192 apart (same memo slot), lines above 2^32, and repeats.
      if (pick === 0) lines.push(Number(x % 20000n));
      else if (pick === 1) lines.push(7 + 8192 * Number(x % 50n));
      else if (pick === 2) lines.push(Number(x >> 6n));
      else lines.push(lines.length > 0 ? lines[Number(x % BigInt(lines.length))] : 1);
    }
    for (const line of lines) {
      for (const numSets of [1, 16, 32, 2048, 12, 100, 1 << 30]) {
        for (const lineSize of [64, 32]) {
          const address = line * lineSize + (line % lineSize);
          expect(memoHashedSetIndex(address, numSets, lineSize)).toBe(
            hashedSetIndex(address, numSets, lineSize),
          );
        }
      }
    }
  });

  test('the fuzz rig addresses 64·k (k = 0…5) land in sets 0, 12, 7, 14, 5, 5 of 16', () => {
    expect([0, 1, 2, 3, 4, 5].map((k) => hashedSetIndex(64 * k, 16))).toEqual([0, 12, 7, 14, 5, 5]);
  });
});
