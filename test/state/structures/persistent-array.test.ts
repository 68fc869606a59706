import { Directory } from '../../../src/state/structures/cache-directory';
import { PersistentArray } from '../../../src/state/structures/persistent-array';
import { lcg } from '../../support/lcg';

describe('PersistentArray set', () => {
  test('size, values and old versions follow a Map under random sets and clears', () => {
    const rnd = lcg(5);
    for (const capacity of [20, 32, 33, 1024, 70_000]) {
      let a = PersistentArray.empty<number>(capacity);
      const model = new Map<number, number>();
      const versions: Array<[PersistentArray<number>, Array<[number, number]>]> = [];
      for (let step = 0; step < 500; step++) {
        const i = rnd(capacity);
        if (rnd(3) === 0) {
          a = a.set(i, undefined);
          model.delete(i);
        } else {
          a = a.set(i, step);
          model.set(i, step);
        }
        expect(a.size).toBe(model.size);
        expect(a.get(i)).toBe(model.get(i));
        if (step % 50 === 0) versions.push([a, [...model.entries()].sort((x, y) => x[0] - y[0])]);
      }
      for (const [v, entries] of versions) expect(v.entries()).toEqual(entries);
    }
  });
});

describe('PersistentArray bulk updates', () => {
  test('updateAt equals one set() per index and leaves the original alone', () => {
    const rnd = lcg(3);
    let a = PersistentArray.empty<number>(100_000);
    for (let i = 0; i < 300; i++) a = a.set(rnd(100_000), i);
    const indices = [...new Set(Array.from({ length: 200 }, () => rnd(100_000)))].sort((x, y) => x - y);
    const bulk = a.updateAt(indices, (v, i) => (v ?? -1) * 7 + i);
    let one = a;
    for (const i of indices) one = one.set(i, (a.get(i) ?? -1) * 7 + i);
    expect(bulk.size).toBe(one.size);
    expect(bulk.entries()).toEqual(one.entries());
    expect(a.entries()).not.toEqual(bulk.entries());
  });

  test('map shares what did not change and returns itself when nothing did', () => {
    let a = PersistentArray.empty<number>(5000);
    for (let i = 0; i < 5000; i += 37) a = a.set(i, i);
    expect(a.map((v) => v)).toBe(a);
    const b = a.map((v, i) => (i === 74 ? -v : v));
    expect(b.get(74)).toBe(-74);
    expect(b.get(37)).toBe(37);
    expect(a.get(74)).toBe(74);
  });
});

describe('Directory bulk updates', () => {
  test('updateBlocks and updateAll agree with updateBlock', () => {
    let d = Directory.create(64, 4, 64, 'modulo');
    for (let s = 0; s < 64; s += 3) {
      for (let w = 0; w < 4; w++) {
        const b = d.block(s, w);
        d = d.updateBlock({ ...b, tag: (s + 64 * w) * 64, isValid: true, isDirty: w % 2 === 0 });
      }
    }
    const refs = [
      { setId: 3, wayId: 0 },
      { setId: 3, wayId: 2 },
      { setId: 9, wayId: 1 },
      { setId: 60, wayId: 3 },
      { setId: 61, wayId: 0 },
    ];
    const clean = (b: ReturnType<Directory['block']>) => ({ ...b, isDirty: false });
    let one = d;
    for (const r of refs) one = one.updateBlock(clean(one.block(r.setId, r.wayId)));
    const bulk = d.updateBlocks(refs, clean);
    for (let s = 0; s < 64; s++)
      for (let w = 0; w < 4; w++) expect(bulk.block(s, w)).toEqual(one.block(s, w));
    const all = d.updateAll((b) => (b.isValid ? { ...b, isValid: false } : b));
    for (let s = 0; s < 64; s++) for (let w = 0; w < 4; w++) expect(all.block(s, w).isValid).toBe(false);
    expect(d.updateAll((b) => b)).toBe(d);
  });
});
