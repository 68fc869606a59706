import fc from 'fast-check';
import { WordMap } from '../../src/oracle/word-map';

describe('WordMap', () => {
  const key = fc.oneof(fc.nat({ max: 3000 }), fc.constantFrom(0, 4294967294, 4294967295, 2 ** 40, -4, 1.5));
  const value = fc.oneof(fc.nat({ max: 10 }), fc.constantFrom(0, 4294967295, -1, 2 ** 33, 0.25));
  const op = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key, value }),
    fc.record({ kind: fc.constant('delete' as const), key, value }),
  );

  test('behaves like a Map under random sets and deletes (growth and fallbacks included)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 2500 }), (ops) => {
        const m = new WordMap();
        const ref = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            m.set(o.key, o.value);
            ref.set(o.key, o.value);
          } else expect(m.delete(o.key)).toBe(ref.delete(o.key));
          expect(m.get(o.key)).toBe(ref.get(o.key));
        }
        expect(m.size).toBe(ref.size);
        expect(m.sortedKeys()).toEqual([...ref.keys()].sort((a, b) => a - b));
        for (const k of ref.keys()) expect(m.get(k)).toBe(ref.get(k));
        for (let k = 0; k < 3100; k += 7) expect(m.has(k)).toBe(ref.has(k));
      }),
      { numRuns: 60 },
    );
  });

  test('holds many word-aligned addresses with full 32-bit values', () => {
    const m = new WordMap();
    for (let a = 0; a < 4_000_000; a += 4) m.set(a, (a * 2654435761) >>> 0);
    expect(m.size).toBe(1_000_000);
    for (let a = 0; a < 4_000_000; a += 4 * 1009) expect(m.get(a)).toBe((a * 2654435761) >>> 0);
    expect(m.get(2)).toBeUndefined();
    m.clear();
    expect(m.size).toBe(0);
    expect(m.get(0)).toBeUndefined();
  });
});
