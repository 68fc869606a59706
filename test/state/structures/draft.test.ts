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

/** A working copy with accessors written as the L1's, L2's and TLB's are. */
class RowsWork extends Draft<S> {
  rows(): Row[] {
    if (!this.owns(this.s.rows)) this.edit.rows = this.adopt(this.s.rows.slice());
    return this.s.rows as Row[];
  }

  row(i: number): Row {
    return this.itemOwned(i) ? this.s.rows[i] : this.cloneItem(this.rows(), i, (r) => ({ n: r.n }));
  }

  store(i: number, r: Row, own: boolean): void {
    this.rows()[i] = r;
    this.markItem(i, own);
  }
}

/** Writes one element twice through `row` and says whether the draft's input changed. */
function writesItsBase(draft: (b: S) => RowsWork): boolean {
  const b = base();
  const d = draft(b);
  d.row(2).n = 99;
  d.row(2).n++;
  d.finish();
  return JSON.stringify(b) !== JSON.stringify(base());
}

/**
 * Element ownership: an element accessor clones an element once per draft
 * and then writes it in place; a stored element is the draft's own or not
 * (`markItem`); `replace` starts the tracked array afresh. The fast path
 * (an owned element is returned without looking at the array) relies on
 * an owned element implying an owned array.
 */
describe('Draft element ownership', () => {
  test('an element is cloned once, then hands out the same copy; the base is untouched', () => {
    const b = base();
    const d = new RowsWork(b);
    const first = d.row(1);
    first.n = 10;
    expect(d.row(1)).toBe(first);
    d.row(1).n++;
    const next = d.finish();
    expect(next.rows.map((r) => r.n)).toEqual([0, 11, 2]);
    expect(b.rows.map((r) => r.n)).toEqual([0, 1, 2]);
    expect(next.rows[0]).toBe(b.rows[0]);
  });

  test('an element stored as not owned is cloned before a write; one stored as owned is written in place', () => {
    const d = new RowsWork(base());
    const shared = { n: 5 };
    d.store(3, shared, false);
    d.row(3).n = 6;
    expect(shared.n).toBe(5);
    const mine = { n: 7 };
    d.store(4, mine, true);
    d.row(4).n = 8;
    expect(mine.n).toBe(8);
    expect(d.finish().rows.map((r) => r.n)).toEqual([0, 1, 2, 6, 8]);
  });

  test('replace forgets element ownership, so the new array’s elements are cloned before a write', () => {
    const d = new RowsWork(base());
    d.row(0).n = 9;
    const fresh = [{ n: 100 }];
    d.replace('rows', fresh);
    d.row(0).n = 101;
    expect(fresh[0]).toEqual({ n: 101 });
    expect(d.s.rows).toBe(fresh);
  });

  test('slots from 31 on are tracked too', () => {
    const rows = Array.from({ length: 40 }, (_, n) => ({ n }));
    const b: S = { rows, k: 0 };
    const d = new RowsWork(b);
    d.row(35).n = -1;
    expect(d.row(35).n).toBe(-1);
    expect(rows[35].n).toBe(35);
  });

  test('a fast path that trusted an unowned element is caught (the broken variant)', () => {
    class Trusting extends RowsWork {
      protected override itemOwned(): boolean {
        return true;
      }
    }
    expect(writesItsBase((b) => new RowsWork(b))).toBe(false);
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

  test('tx clones a transaction once per step', () => {
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
