import { PersistentBitSet } from '../../../src/state/structures/persistent-bitset';
import { decodeState, encodeState } from '../../../src/streams/kernel/state-codec';

describe('PersistentBitSet', () => {
  test('adds members without changing older versions', () => {
    const a = PersistentBitSet.empty(1 << 20);
    const b = a
      .add(5)
      .add(1023)
      .add(1024)
      .add((1 << 20) - 1);
    expect(a.size).toBe(0);
    expect(a.has(5)).toBe(false);
    expect(b.size).toBe(4);
    for (const i of [5, 1023, 1024, (1 << 20) - 1]) expect(b.has(i)).toBe(true);
    for (const i of [0, 4, 6, 1022, 1025]) expect(b.has(i)).toBe(false);
  });

  test('adding a member twice returns the same set', () => {
    const a = PersistentBitSet.empty(100).add(7);
    expect(a.add(7)).toBe(a);
    expect(a.size).toBe(1);
  });

  test('matches a Set under random additions', () => {
    let s = PersistentBitSet.empty(50_000);
    const ref = new Set<number>();
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const v = x % 50_000;
      s = s.add(v);
      ref.add(v);
    }
    expect(s.size).toBe(ref.size);
    for (let v = 0; v < 50_000; v += 7) expect(s.has(v)).toBe(ref.has(v));
  });

  test('rejects members outside the universe', () => {
    expect(() => PersistentBitSet.empty(10).add(10)).toThrow(RangeError);
  });

  test('round-trips through the state codec', () => {
    const s = PersistentBitSet.empty(5000).add(3).add(4999);
    const back = decodeState(JSON.parse(JSON.stringify(encodeState(s)))) as PersistentBitSet;
    expect(back).toBeInstanceOf(PersistentBitSet);
    expect(back.has(3) && back.has(4999) && !back.has(4)).toBe(true);
    expect(back.size).toBe(2);
  });
});
