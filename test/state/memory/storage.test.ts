import fc from 'fast-check';
import { SimPanic } from '../../../src/state/contract/sim-panic';
import { STORAGE_LEAF_BYTES, Storage } from '../../../src/state/memory/storage';
import { decodeState, encodeState } from '../../../src/streams/kernel/state-codec';

/** A plain model of a store: every byte ever written and every line touched. */
interface Model {
  readonly bytes: Map<number, number>;
  readonly lines: Set<number>;
}

function applyModel(m: Model, address: number, data: Uint8Array, mask: Uint8Array | null): Model {
  const bytes = new Map(m.bytes);
  const lines = new Set(m.lines);
  for (let i = 0; i < data.length; i++) {
    lines.add(Math.floor((address + i) / 64));
    if (mask === null || mask[i] !== 0) bytes.set(address + i, data[i]);
  }
  return { bytes, lines };
}

function expectMatches(s: Storage, m: Model, capacity: number): void {
  const all = s.read(0, capacity);
  for (let a = 0; a < capacity; a++) {
    if (all[a] !== (m.bytes.get(a) ?? 0)) throw new Error(`byte ${a}: ${all[a]} != ${m.bytes.get(a) ?? 0}`);
  }
  expect(s.linesTouched).toBe(m.lines.size);
  const entries = s.lineEntries();
  expect(entries.map(([a]) => a)).toEqual([...m.lines].sort((x, y) => x - y).map((l) => l * 64));
  for (const [a, bytes] of entries) expect(bytes).toEqual(all.subarray(a, a + 64));
}

const CAPACITY = 3 * STORAGE_LEAF_BYTES + 192;
/** Longer than a leaf, so one write can cover three leaves. */
const MAX_WRITE = STORAGE_LEAF_BYTES + 300;

const writeArb = fc
  .record({
    address: fc.nat({ max: CAPACITY - 1 }),
    data: fc.uint8Array({ minLength: 1, maxLength: MAX_WRITE }).map((d) =>
      // Plenty of zeros, so zero words (no entry) and non-zero words mix.
      d.map((b, i) => (i % 3 === 0 ? 0 : b)),
    ),
    mask: fc.option(fc.uint8Array({ minLength: MAX_WRITE, maxLength: MAX_WRITE }), { nil: null }),
  })
  .map(({ address, data, mask }) => {
    const d = data.subarray(0, Math.min(data.length, CAPACITY - address));
    return { address, data: d, mask: mask === null ? null : mask.subarray(0, d.length) };
  });

describe('Storage', () => {
  test('reads back what was written; old versions stay unchanged', () => {
    const s0 = Storage.create(1 << 20);
    const s1 = s0.write(100, Uint8Array.of(1, 2, 3, 4), null);
    const s2 = s1.write(102, Uint8Array.of(9, 0), null);
    expect(s0.read(100, 4)).toEqual(new Uint8Array(4));
    expect(s1.read(100, 4)).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(s2.read(98, 8)).toEqual(Uint8Array.of(0, 0, 1, 2, 9, 0, 0, 0));
    expect(s2.linesTouched).toBe(1);
  });

  test('a masked write changes only the masked bytes but touches every line it covers', () => {
    const s = Storage.create(4096)
      .write(0, Uint8Array.of(1, 2, 3, 4), null)
      .write(0, new Uint8Array(128).fill(7), new Uint8Array(128).fill(0).fill(1, 2, 3));
    expect(s.read(0, 4)).toEqual(Uint8Array.of(1, 2, 7, 4));
    expect(s.read(64, 64)).toEqual(new Uint8Array(64));
    expect(s.linesTouched).toBe(2);
  });

  test('writing zeros makes a line present without storing data', () => {
    const s = Storage.create(4096)
      .write(64, Uint8Array.of(5, 6, 7, 8), null)
      .write(64, new Uint8Array(64), null);
    expect(s.linesTouched).toBe(1);
    expect(s.lineEntries()).toEqual([[64, new Uint8Array(64)]]);
  });

  test('accesses past the capacity panic', () => {
    const s = Storage.create(256);
    expect(() => s.read(250, 8)).toThrow(SimPanic);
    expect(() => s.write(-1, Uint8Array.of(1), null)).toThrow(SimPanic);
  });

  test('matches a byte-map model under random writes, across leaf boundaries, every version kept', () => {
    fc.assert(
      fc.property(fc.array(writeArb, { minLength: 1, maxLength: 12 }), (writes) => {
        const versions: Array<[Storage, Model]> = [
          [Storage.create(CAPACITY), { bytes: new Map(), lines: new Set() }],
        ];
        for (const w of writes) {
          const [s, m] = versions[versions.length - 1];
          versions.push([s.write(w.address, w.data, w.mask), applyModel(m, w.address, w.data, w.mask)]);
        }
        for (const [s, m] of versions) expectMatches(s, m, CAPACITY);
      }),
      { numRuns: 150 },
    );
  });

  test('branching from one old version twice leaves both branches intact', () => {
    const base = Storage.create(4096).write(0, Uint8Array.of(1, 1, 1, 1), null);
    const a = base.write(4, Uint8Array.of(2), null);
    const b = base.write(4, Uint8Array.of(3), null);
    expect(a.read(0, 5)).toEqual(Uint8Array.of(1, 1, 1, 1, 2));
    expect(b.read(0, 5)).toEqual(Uint8Array.of(1, 1, 1, 1, 3));
    expect(base.read(0, 5)).toEqual(Uint8Array.of(1, 1, 1, 1, 0));
  });

  test('round-trips through the state codec and JSON', () => {
    const s = Storage.create(1 << 16)
      .write(4095, Uint8Array.of(0xff, 0xfe, 0xfd, 0xfc, 0xfb), null)
      .write(60000, new Uint8Array(64).fill(0x80), null);
    const back = decodeState(JSON.parse(JSON.stringify(encodeState(s)))) as Storage;
    expect(back).toBeInstanceOf(Storage);
    expect(back.read(0, 1 << 16)).toEqual(s.read(0, 1 << 16));
    expect(back.lineEntries()).toEqual(s.lineEntries());
    expect(back.write(4096, Uint8Array.of(1), null).read(4095, 3)).toEqual(Uint8Array.of(0xff, 1, 0xfd));
  });
});
