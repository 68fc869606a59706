import { l1CacheModel } from '../../../src/state/l1-cache/l1-cache';
import { defaultL1CacheSpec } from '../../../src/state/l1-cache/l1-cache-state';
import { L1Work } from '../../../src/state/l1-cache/l1-work';
import { defaultL2CacheSpec, l2CacheModel } from '../../../src/state/l2-cache/l2-cache';
import { L2Work } from '../../../src/state/l2-cache/l2-cache-work';
import { Draft } from '../../../src/state/structures/draft';
import { tlbModel } from '../../../src/state/tlb/tlb';
import { defaultL1TlbSpec } from '../../../src/state/tlb/tlb-state';
import { TlbWork } from '../../../src/state/tlb/tlb-work';

/**
 * The L1, L2 and TLB working copies hand-unroll the draft's shallow copy
 * and its field comparison for speed. A field added to a state and
 * forgotten there would be silently dropped or never compared: each
 * unrolled copy must hold exactly the state's fields, and `unchanged` must
 * notice a change in any one of them.
 */
const id = { name: 'X', index: 1 };
/** A working copy with a named statistics accessor (all three have one). */
type StatsWork = Draft<{ stats: Record<string, number> }> & { stats(): Record<string, number> };
const cases: Array<[string, object, (s: never) => Draft<object>]> = [
  ['L1', l1CacheModel.init(defaultL1CacheSpec('L2Cache.Top'), id), (s) => new L1Work(s)],
  ['L2', l2CacheModel.init(defaultL2CacheSpec(['MemCtrl[0].Top'], 1 << 20), id), (s) => new L2Work(s)],
  ['TLB', tlbModel.init(defaultL1TlbSpec('L2TLB.Top'), id), (s) => new TlbWork(s)],
];

describe.each(cases)('%s working copy', (_name, state, work) => {
  test('copies every field of the state', () => {
    const w = work(state as never);
    const copy = w.edit as Record<string, unknown>;
    expect(Object.keys(copy).sort()).toEqual(Object.keys(state).sort());
    for (const k of Object.keys(state)) expect(copy[k]).toBe((state as Record<string, unknown>)[k]);
  });

  test('notices a change in any one field', () => {
    for (const k of Object.keys(state)) {
      const w = work(state as never);
      expect(w.unchanged()).toBe(true);
      (w.edit as Record<string, unknown>)[k] = { changed: k };
      expect(w.unchanged()).toBe(false);
      expect(w.finish()).not.toBe(state);
    }
  });

  test('a copy that forgets a field is caught (the broken variant)', () => {
    class Forgetful extends Draft<Record<string, unknown>> {
      protected override copy(s: Record<string, unknown>): Record<string, unknown> {
        const { [Object.keys(s)[0]]: _dropped, ...rest } = s;
        return rest;
      }
    }
    const w = new Forgetful(state as Record<string, unknown>);
    expect(Object.keys(w.edit).sort()).not.toEqual(Object.keys(state).sort());
  });

  test('copies every statistics counter, and only into the draft', () => {
    const stats = (state as { stats: Record<string, number> }).stats;
    for (const k of Object.keys(stats)) {
      const w = work(state as never) as unknown as StatsWork;
      const copy = w.stats();
      expect(copy).not.toBe(stats);
      expect(Object.keys(copy).sort()).toEqual(Object.keys(stats).sort());
      copy[k] += 1;
      expect(w.stats()).toBe(copy);
      expect((w.finish() as { stats: Record<string, number> }).stats).toEqual({
        ...stats,
        [k]: stats[k] + 1,
      });
      expect(stats[k]).toBe(0);
    }
  });

  test('a statistics copy that forgets a counter is caught (the broken variant)', () => {
    const stats = (state as { stats: Record<string, number> }).stats;
    const [first, other] = Object.keys(stats);
    const Work = (work(state as never) as object).constructor as new (s: object) => StatsWork;
    // the same working copy, with a hand-unrolled stats copy that forgot a counter
    class Forgetful extends Work {
      override stats(): Record<string, number> {
        if (!this.owns(this.s.stats)) {
          const { [first]: _dropped, ...rest } = this.s.stats;
          this.edit.stats = this.adopt(rest);
        }
        return this.s.stats;
      }
    }
    const w = new Forgetful(state);
    const copy = w.stats();
    expect(Object.keys(copy).sort()).not.toEqual(Object.keys(stats).sort());
    copy[other] += 1;
    expect((w.finish() as { stats: Record<string, number> }).stats).not.toEqual({
      ...stats,
      [other]: stats[other] + 1,
    });
  });
});

type Many = {
  a: number[];
  b: number[];
  c: number[];
  d: number[];
  e: number[];
  f: number[];
  r: { n: number };
};
/** Copies of six arrays and a record: more than the draft's four owned-copy fields. */
class ManyWork extends Draft<Many> {
  arr(k: 'a' | 'b' | 'c' | 'd' | 'e' | 'f'): number[] {
    if (!this.owns(this.s[k])) this.edit[k] = this.adopt(this.s[k].slice());
    return this.s[k];
  }

  rec(): { n: number } {
    if (!this.owns(this.s.r)) this.edit.r = this.adopt({ ...this.s.r });
    return this.s.r;
  }
}

test('a draft owns any number of arrays and records it copied, and only those', () => {
  const base: Many = { a: [1], b: [2], c: [3], d: [4], e: [5], f: [6], r: { n: 0 } };
  const d = new ManyWork(base);
  const got = (['a', 'b', 'c', 'd', 'e', 'f'] as const).map((k) => d.arr(k));
  const r = d.rec();
  for (const x of got) expect(d.owns(x)).toBe(true);
  expect(d.owns(r)).toBe(true);
  expect(d.owns(base.a)).toBe(false);
  // asking again hands out the same copies, which are written in place
  expect(d.arr('f')).toBe(got[5]);
  d.arr('f').push(7);
  expect(d.finish().f).toEqual([6, 7]);
  expect(base.f).toEqual([6]);
});
