import { SimPanic } from '../../../src/state/contract/sim-panic';
import {
  bufferAddData,
  bufferExtractData,
  bufferMoveOffsetForwardTo,
  emptySlidingBuffer,
  type SlidingBuffer,
} from '../../../src/state/data-mover/data-mover-buffer';
import {
  interleavedMapper,
  mapAddress,
  SINGLE_PORT_INTERLEAVE,
  singlePortMapper,
} from '../../../src/state/data-mover/data-mover-mapper';

const chunks = (...cs: (number[] | null)[]) => cs.map((c) => (c === null ? null : Uint8Array.from(c)));
const buf = (offset: number, granularity: number, ...cs: (number[] | null)[]): SlidingBuffer => ({
  offset,
  granularity,
  chunks: chunks(...cs),
});

describe('sliding buffer: extract (upstream buffer tests)', () => {
  test('within a single chunk', () => {
    expect(bufferExtractData(buf(0, 4, [1, 2, 3, 4], [5, 6, 7, 8]), 0, 4)).toEqual(Uint8Array.of(1, 2, 3, 4));
  });

  test('spanning two chunks: 6 bytes at 2 of [1,2,3,4][5,6,7,8] are [3,4,5,6,7,8]', () => {
    expect(bufferExtractData(buf(0, 4, [1, 2, 3, 4], [5, 6, 7, 8]), 2, 6)).toEqual(
      Uint8Array.of(3, 4, 5, 6, 7, 8),
    );
  });

  test('fails when a chunk in the middle is missing', () => {
    expect(bufferExtractData(buf(0, 4, [1, 2, 3, 4], null, [9, 10, 11, 12]), 0, 12)).toBeNull();
  });

  test('fails when the data runs past the last chunk', () => {
    expect(bufferExtractData(buf(0, 4, [1, 2, 3, 4]), 2, 4)).toBeNull();
    expect(bufferExtractData(buf(0, 4), 0, 4)).toBeNull();
  });

  test('positions are relative to the window offset', () => {
    const b = buf(8, 4, [9, 10, 11, 12], [13, 14, 15, 16]);
    expect(bufferExtractData(b, 10, 4)).toEqual(Uint8Array.of(11, 12, 13, 14));
    expect(bufferExtractData(b, 4, 4)).toBeNull();
  });

  test('a shorter extraction at the end of a chunk (the last, partial write)', () => {
    expect(bufferExtractData(buf(0, 4, [1, 2, 3, 4], [5, 6, 7, 8]), 4, 3)).toEqual(Uint8Array.of(5, 6, 7));
  });
});

describe('sliding buffer: extract against a byte model', () => {
  test('random buffers and ranges', () => {
    let x = 4242;
    const rand = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return (x >>> 8) % n;
    };
    for (let run = 0; run < 2000; run++) {
      const g = 1 + rand(8);
      const offset = g * rand(4);
      const cs: (number[] | null)[] = [];
      const n = rand(6);
      for (let i = 0; i < n; i++) cs.push(rand(4) === 0 ? null : Array.from({ length: g }, () => rand(256)));
      const b = buf(offset, g, ...cs);
      const addr = rand(offset + (n + 1) * g + 2);
      const size = rand(3 * g + 1);
      // the model: byte at relative position p is known when its chunk arrived
      const bytes: (number | null)[] = [];
      for (let p = addr; p < addr + size; p++) {
        const c = Math.floor((p - offset) / g);
        bytes.push(p < offset || c >= n || cs[c] === null ? null : cs[c]![(p - offset) % g]);
      }
      const want = addr < offset || bytes.some((v) => v === null) ? null : Uint8Array.from(bytes as number[]);
      const got = bufferExtractData(b, addr, size);
      if (want === null ? got !== null : got === null || got.join() !== want.join()) {
        expect({ run, got }).toEqual({ run, got: want });
      }
    }
  });
});

describe('sliding buffer: add and slide', () => {
  test('adding grows the chunk list with empty slots and does not touch the input', () => {
    const b0 = emptySlidingBuffer(4);
    const b1 = bufferAddData(b0, 8, Uint8Array.of(9, 9, 9, 9));
    expect(b0.chunks).toHaveLength(0);
    expect(b1.chunks).toEqual(chunks(null, null, [9, 9, 9, 9]));
    const b2 = bufferAddData(b1, 0, Uint8Array.of(1, 1, 1, 1));
    expect(b1.chunks[0]).toBeNull();
    expect(b2.chunks).toEqual(chunks([1, 1, 1, 1], null, [9, 9, 9, 9]));
  });

  test('adding at an unaligned or stale position panics', () => {
    expect(() => bufferAddData(emptySlidingBuffer(4), 2, new Uint8Array(4))).toThrow(SimPanic);
    expect(() => bufferAddData(emptySlidingBuffer(4, 8), 4, new Uint8Array(4))).toThrow(SimPanic);
  });

  test('sliding rounds down to the granularity, drops consumed chunks and never goes back', () => {
    const b = buf(0, 4, [1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]);
    const s1 = bufferMoveOffsetForwardTo(b, 6);
    expect(s1.offset).toBe(4);
    expect(s1.chunks).toEqual(chunks([5, 6, 7, 8], [9, 10, 11, 12]));
    expect(bufferMoveOffsetForwardTo(s1, 2)).toBe(s1);
    expect(bufferMoveOffsetForwardTo(s1, 7)).toBe(s1);
    const s2 = bufferMoveOffsetForwardTo(s1, 100);
    expect(s2.offset).toBe(100);
    expect(s2.chunks).toHaveLength(0);
    expect(b.offset).toBe(0);
    expect(b.chunks).toHaveLength(3);
  });

  test('after sliding, new data lands relative to the new offset', () => {
    let b = bufferMoveOffsetForwardTo(buf(0, 4, [1, 2, 3, 4]), 4);
    b = bufferAddData(b, 8, Uint8Array.of(5, 5, 5, 5));
    expect(b.chunks).toEqual(chunks(null, [5, 5, 5, 5]));
    expect(bufferExtractData(b, 8, 4)).toEqual(Uint8Array.of(5, 5, 5, 5));
  });
});

describe('data mover address mapper', () => {
  test('interleaved: ports[floor(a / interleave) mod n]', () => {
    const m = interleavedMapper(['A.Top', 'B.Top'], 0x200000);
    expect(mapAddress(m, 0x100000)).toBe('A.Top');
    expect(mapAddress(m, 0x300000)).toBe('B.Top');
    expect(mapAddress(m, 0x400000)).toBe('A.Top');
  });

  test('single port maps everything to its port and survives a JSON round trip', () => {
    const m = singlePortMapper('Mem.Top');
    expect(m.interleave).toBe(SINGLE_PORT_INTERLEAVE);
    const back = JSON.parse(JSON.stringify(m));
    for (const a of [0, 4096, 0x7fffffff, 2 ** 40]) {
      expect(mapAddress(m, a)).toBe('Mem.Top');
      expect(mapAddress(back, a)).toBe('Mem.Top');
    }
    expect(mapAddress({ ports: ['X.Top'], interleave: Number.POSITIVE_INFINITY }, 123456)).toBe('X.Top');
  });
});
