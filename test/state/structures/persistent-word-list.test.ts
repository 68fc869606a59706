import fc from 'fast-check';
import { PersistentWordList } from '../../../src/state/structures/persistent-word-list';
import { decodeState, encodeState } from '../../../src/streams/kernel/state-codec';

describe('PersistentWordList', () => {
  test('matches an array model; every older version stays unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat({ max: 1000 }), fc.constantFrom(0, 0x7fffffff, 0x80000000, 0xffffffff)), {
          maxLength: 2500,
        }),
        (values) => {
          let list = PersistentWordList.empty(4096);
          const versions: PersistentWordList[] = [list];
          for (const v of values) {
            list = list.push(v);
            versions.push(list);
          }
          expect(list.toArray()).toEqual(values);
          for (let n = 0; n < versions.length; n += Math.max(1, versions.length >> 4)) {
            expect(versions[n].size).toBe(n);
            expect(versions[n].toArray()).toEqual(values.slice(0, n));
            expect(versions[n].get(n)).toBeUndefined();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test('two pushes onto one old version leave both branches intact', () => {
    let base = PersistentWordList.empty(5000);
    for (let i = 0; i < 1056; i++) base = base.push(i);
    const a = base.push(1);
    const b = base.push(2);
    const a2 = a.push(3);
    expect(a.get(1056)).toBe(1);
    expect(b.get(1056)).toBe(2);
    expect(a2.toArray().slice(-2)).toEqual([1, 3]);
    expect(base.size).toBe(1056);
    expect(base.get(1055)).toBe(1055);
  });

  test('rejects values that are not u32', () => {
    const l = PersistentWordList.empty(10);
    expect(() => l.push(-1)).toThrow(RangeError);
    expect(() => l.push(2 ** 32)).toThrow(RangeError);
    expect(() => l.push(1.5)).toThrow(RangeError);
  });

  test('round-trips through the state codec and JSON', () => {
    let l = PersistentWordList.empty(1 << 16);
    for (let i = 0; i < 3000; i++) l = l.push((i * 2654435761) >>> 0);
    const back = decodeState(JSON.parse(JSON.stringify(encodeState(l)))) as PersistentWordList;
    expect(back).toBeInstanceOf(PersistentWordList);
    expect(back.toArray()).toEqual(l.toArray());
    expect(back.push(5).get(3000)).toBe(5);
  });
});
