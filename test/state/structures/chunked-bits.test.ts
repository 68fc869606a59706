import {
  ChunkedBitsBuilder,
  emptyChunkedBits,
  forEachSetBit,
  hasChunkedBit,
  withChunkedBit,
} from '../../../src/state/structures/chunked-bits';
import { lcg } from '../../support/lcg';

function setBits(bits: ReturnType<typeof emptyChunkedBits>): number[] {
  const out: number[] = [];
  forEachSetBit(bits, (i) => out.push(i));
  return out;
}

describe('ChunkedBits', () => {
  test('single-bit changes, builders and old versions follow a plain Set', () => {
    const rnd = lcg(9);
    for (const n of [1, 31, 32, 33, 256, 257, 2048, 5000]) {
      let bits = emptyChunkedBits(n);
      const model = new Set<number>();
      const versions: Array<[ReturnType<typeof emptyChunkedBits>, number[]]> = [];
      for (let step = 0; step < 300; step++) {
        if (rnd(4) === 0) {
          // A batch through the builder; the input stays as it was.
          const before = setBits(bits);
          const b = new ChunkedBitsBuilder(bits);
          let changed = false;
          for (let k = rnd(20); k > 0; k--) {
            const i = rnd(n);
            const on = rnd(2) === 0;
            if (model.has(i) !== on) changed = true;
            b.set(i, on);
            if (on) model.add(i);
            else model.delete(i);
            expect(b.has(i)).toBe(on);
          }
          const next = b.result();
          expect(setBits(bits)).toEqual(before);
          if (!changed) expect(next).toBe(bits);
          bits = next;
        } else {
          const i = rnd(n);
          const on = rnd(3) > 0;
          const next = withChunkedBit(bits, i, on);
          if (model.has(i) === on) expect(next).toBe(bits);
          if (on) model.add(i);
          else model.delete(i);
          bits = next;
        }
        const i = rnd(n);
        expect(hasChunkedBit(bits, i)).toBe(model.has(i));
        if (step % 30 === 0) versions.push([bits, [...model].sort((a, b) => a - b)]);
      }
      expect(setBits(bits)).toEqual([...model].sort((a, b) => a - b));
      for (const [v, expected] of versions) expect(setBits(v)).toEqual(expected);
    }
  });

  test('bit 31 of a word and the last index work', () => {
    let bits = emptyChunkedBits(2048);
    bits = withChunkedBit(bits, 31, true);
    bits = withChunkedBit(bits, 2047, true);
    expect(setBits(bits)).toEqual([31, 2047]);
    bits = withChunkedBit(bits, 31, false);
    expect(setBits(bits)).toEqual([2047]);
  });
});
