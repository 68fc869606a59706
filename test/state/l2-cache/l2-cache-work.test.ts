import type { ReadReq } from '../../../src/state/contract/messages';
import {
  defaultL2CacheSpec,
  type L2CacheState,
  type L2Transaction,
} from '../../../src/state/l2-cache/l2-cache';
import { initL2State } from '../../../src/state/l2-cache/l2-cache-state';
import { L2Work } from '../../../src/state/l2-cache/l2-cache-work';
import { lineSlice, newTransaction } from '../../../src/state/l2-cache/l2-lines';
import { push, removeAt, shift } from '../../../src/state/structures/immutable-array';
import { lcg } from '../../support/lcg';

/** Freezes a state's transactions (array and records), so any write to them throws. */
function freezeTransactions(s: L2CacheState): L2CacheState {
  for (const t of s.transactions) Object.freeze(t);
  Object.freeze(s.transactions);
  return s;
}

/** The parts of a state these programs change. */
function visible(s: L2CacheState): unknown {
  return [s.transactions, s.dirBuf, s.stats, s.nextId];
}

function req(id: number): ReadReq {
  return {
    kind: 'ReadReq',
    id,
    src: 'L1.Bottom',
    dst: 'L2.Top',
    rspTo: 0,
    address: 64 * id,
    size: 64,
    pid: 0,
  };
}

describe('L2 array helpers', () => {
  test('push, shift and removeAt equal the array operations, exactly sized, input untouched', () => {
    const rnd = lcg(11);
    for (let trial = 0; trial < 2000; trial++) {
      const n = rnd(8);
      const arr = Object.freeze(Array.from({ length: n }, (_, i) => i * 10 + rnd(10)));
      const x = rnd(100);
      expect(push(arr, x)).toEqual([...arr, x]);
      expect(shift(arr)).toEqual(arr.slice(1));
      if (n > 0) {
        const i = rnd(n);
        const model = arr.slice();
        model.splice(i, 1);
        const got = removeAt(arr, i);
        expect(got).toEqual(model);
        expect(got.length).toBe(n - 1);
      }
    }
  });

  test('lineSlice shares a whole line and copies a part', () => {
    const line = Uint8Array.from({ length: 64 }, (_, i) => i);
    expect(lineSlice(line, 0, 64)).toBe(line);
    const part = lineSlice(line, 8, 4);
    expect(part).toEqual(Uint8Array.of(8, 9, 10, 11));
    expect(part.buffer).not.toBe(line.buffer);
  });
});

describe('L2Work', () => {
  test('drafts of a frozen input give the same states as drafts of a plain one, and never write their input', () => {
    const rnd = lcg(5);
    const spec = defaultL2CacheSpec(['M.Top'], 1 << 30);
    let viaFrozen = freezeTransactions(initL2State(spec, { name: 'L2Cache', index: 3 }));
    let viaPlain = initL2State(spec, { name: 'L2Cache', index: 3 });
    let id = 1;
    for (let step = 0; step < 3000; step++) {
      const a = new L2Work(viaFrozen);
      const b = new L2Work(viaPlain);
      const before = JSON.stringify(viaFrozen.transactions);
      for (let k = rnd(4); k > 0; k--) {
        const op = rnd(4);
        const n = a.s.transactions.length;
        if (op === 0 || n === 0) {
          const t = newTransaction('read', req(id++));
          a.alloc(t);
          b.alloc(newTransaction('read', t.req));
        } else if (op === 1) {
          const i = rnd(n);
          a.mut(i).removed = true;
          b.mut(i).removed = true;
        } else if (op === 2) {
          const i = rnd(n);
          a.mut(i).setId = step;
          b.mut(i).setId = step;
        } else {
          a.bump('reads');
          b.bump('reads');
          a.edit.dirBuf = push(a.s.dirBuf, step);
          b.edit.dirBuf = push(b.s.dirBuf, step);
          if (a.s.dirBuf.length > 3) {
            a.edit.dirBuf = shift(a.s.dirBuf);
            b.edit.dirBuf = shift(b.s.dirBuf);
          }
        }
      }
      const next = a.finish();
      expect(JSON.stringify(viaFrozen.transactions)).toBe(before);
      const plain = b.finish();
      expect(JSON.stringify(visible(next))).toBe(JSON.stringify(visible(plain)));
      expect(next === viaFrozen).toBe(plain === viaPlain);
      viaFrozen = freezeTransactions(next);
      viaPlain = plain;
    }
    const live = (ts: readonly L2Transaction[]) => ts.filter((t) => !t.removed).length;
    expect(live(viaFrozen.transactions)).toBe(live(viaPlain.transactions));
  });
});
