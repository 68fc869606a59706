import { l1CacheModel } from '../../../src/state/l1-cache/l1-cache';
import { defaultL1CacheSpec, type L1Txn } from '../../../src/state/l1-cache/l1-cache-state';
import { L1Work } from '../../../src/state/l1-cache/l1-work';
import { Draft } from '../../../src/state/structures/draft';

interface Row {
  n: number;
}
interface S {
  readonly rows: readonly Row[];
  readonly k: number;
}

const base = (): S => ({ rows: [{ n: 0 }, { n: 1 }, { n: 2 }], k: 0 });

/** Writes one element twice through `item` and says whether the draft's input changed. */
function writesItsBase(draft: (b: S) => Draft<S>): boolean {
  const b = base();
  const d = draft(b);
  d.item('rows', 2).n = 99;
  d.item('rows', 2).n++;
  d.finish();
  return JSON.stringify(b) !== JSON.stringify(base());
}

/**
 * Element ownership: `item` clones an element once per draft and then
 * writes it in place; `put` decides whether a stored element is the
 * draft's own; `replace` starts the tracked array afresh. The fast path
 * (an owned element is returned without looking at the array) relies on
 * an owned element implying an owned array.
 */
describe('Draft element ownership', () => {
  test('item clones an element once, then hands out the same copy; the base is untouched', () => {
    const b = base();
    const d = new Draft(b);
    const first = d.item('rows', 1);
    first.n = 10;
    expect(d.item('rows', 1)).toBe(first);
    d.item('rows', 1).n++;
    const next = d.finish();
    expect(next.rows.map((r) => r.n)).toEqual([0, 11, 2]);
    expect(b.rows.map((r) => r.n)).toEqual([0, 1, 2]);
    expect(next.rows[0]).toBe(b.rows[0]);
  });

  test('an element put as not owned is cloned before a write; one put as owned is written in place', () => {
    const d = new Draft(base());
    const shared = { n: 5 };
    d.put('rows', 3, shared, false);
    d.item('rows', 3).n = 6;
    expect(shared.n).toBe(5);
    const mine = { n: 7 };
    d.put('rows', 4, mine, true);
    d.item('rows', 4).n = 8;
    expect(mine.n).toBe(8);
    expect(d.finish().rows.map((r) => r.n)).toEqual([0, 1, 2, 6, 8]);
  });

  test('replace forgets element ownership, so the new array’s elements are cloned before a write', () => {
    const d = new Draft(base());
    d.item('rows', 0).n = 9;
    const fresh = [{ n: 100 }];
    d.replace('rows', fresh);
    d.item('rows', 0).n = 101;
    expect(fresh[0]).toEqual({ n: 101 });
    expect(d.s.rows).toBe(fresh);
  });

  test('slots from 31 on are tracked too', () => {
    const rows = Array.from({ length: 40 }, (_, n) => ({ n }));
    const b: S = { rows, k: 0 };
    const d = new Draft(b);
    d.item('rows', 35).n = -1;
    expect(d.item('rows', 35).n).toBe(-1);
    expect(rows[35].n).toBe(35);
  });

  test('a fast path that trusted an unowned element is caught (the broken variant)', () => {
    class Trusting extends Draft<S> {
      protected override itemOwned(): boolean {
        return true;
      }
    }
    expect(writesItsBase((b) => new Draft(b))).toBe(false);
    expect(writesItsBase((b) => new Trusting(b))).toBe(true);
  });
});

describe('L1Work named accessors', () => {
  const state = l1CacheModel.init(defaultL1CacheSpec('L2Cache.Top'), { name: 'L1Cache[0]', index: 4 });

  test('each array accessor copies its field once and leaves the state untouched', () => {
    const w = new L1Work(state);
    for (const get of [
      () => w.mshr(),
      () => w.dirBuf(),
      () => w.dirPost(),
      () => w.bankBuf(),
      () => w.bankPost(),
    ]) {
      const a = get() as unknown[];
      expect(get()).toBe(a);
      expect(w.owns(a)).toBe(true);
    }
    w.dirBuf().push(3);
    w.bankPost().push(4);
    const next = w.finish();
    expect(next.dirBuf).toEqual([3]);
    expect(next.bankPost).toEqual([4]);
    expect(state.dirBuf).toEqual([]);
    expect(state.bankPost).toEqual([]);
  });

  test('tx clones a transaction once per step, like item', () => {
    const w0 = new L1Work(state);
    const slot = w0.insert({ ...({} as L1Txn), removed: false, done: false } as L1Txn);
    const s1 = w0.finish();
    const w = new L1Work(s1);
    const t = w.tx(slot);
    expect(t).not.toBe(s1.txns[slot]);
    t.done = true;
    expect(w.tx(slot)).toBe(t);
    expect(s1.txns[slot].done).toBe(false);
    expect(w.finish().txns[slot].done).toBe(true);
  });
});
