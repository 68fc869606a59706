import {
  type ChunkList,
  chunkListDropFirst,
  chunkListFirst,
  chunkListGet,
  chunkListIndexOfKey,
  chunkListOf,
  chunkListPush,
  chunkListRemoveAt,
  chunkListSet,
  chunkListToArray,
  emptyChunkList,
} from '../../../src/state/structures/chunk-list';
import { decodeState, encodeState } from '../../../src/streams/kernel/state-codec';

/** Checks the chunk invariants: non-empty chunks of at most 16, neighbours together above 16. */
function checkShape<T>(l: ChunkList<T>): void {
  let n = 0;
  let ok = true;
  l.chunks.forEach((ch, c) => {
    if (ch.length === 0 || ch.length > 16) ok = false;
    if (c > 0 && l.chunks[c - 1].length + ch.length <= 16) ok = false;
    n += ch.length;
  });
  if (!ok || l.length !== n)
    throw new Error(`bad shape: ${l.chunks.map((c) => c.length)} length ${l.length}`);
}

describe('ChunkList', () => {
  test('push, get, first and toArray', () => {
    let l = emptyChunkList<number>();
    expect(chunkListFirst(l)).toBeUndefined();
    for (let i = 0; i < 40; i++) l = chunkListPush(l, i);
    checkShape(l);
    expect(chunkListToArray(l)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(chunkListGet(l, 17)).toBe(17);
    expect(chunkListGet(l, 40)).toBeUndefined();
    expect(chunkListGet(l, -1)).toBeUndefined();
    expect(chunkListFirst(l)).toBe(0);
  });

  test('changes leave older versions intact', () => {
    const a = chunkListOf([1, 2, 3, 4, 5]);
    const snap = JSON.stringify(a);
    chunkListPush(a, 6);
    chunkListSet(a, 2, 9);
    chunkListRemoveAt(a, 1);
    chunkListDropFirst(a, 3);
    expect(JSON.stringify(a)).toBe(snap);
    expect(chunkListToArray(a)).toEqual([1, 2, 3, 4, 5]);
  });

  test('indexOfKey finds what findIndex finds in lists with growing keys', () => {
    let x = 424242;
    const rand = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % n;
    };
    const keyOf = (item: { readonly id: number }) => item.id;
    for (let run = 0; run < 100; run++) {
      let l = emptyChunkList<{ readonly id: number }>();
      let next = 0;
      for (let op = 0; op < 120; op++) {
        const r = rand(10);
        if (r < 6 || l.length === 0) {
          next += 1 + rand(3);
          l = chunkListPush(l, { id: next });
        } else if (r < 9) l = chunkListRemoveAt(l, rand(l.length));
        else l = chunkListDropFirst(l, 1 + rand(Math.min(4, l.length)));
        const arr = chunkListToArray(l);
        for (const key of [rand(next + 2), arr.length > 0 ? arr[rand(arr.length)].id : -1])
          expect(chunkListIndexOfKey(l, key, keyOf)).toBe(arr.findIndex((e) => e.id === key));
      }
    }
  });

  test('rejects indices outside the list', () => {
    expect(() => chunkListSet(chunkListOf([1]), 1, 0)).toThrow(RangeError);
    expect(() => chunkListRemoveAt(chunkListOf([1]), -1)).toThrow(RangeError);
  });

  test('matches an array under random programs (older versions kept and checked)', () => {
    let x = 987654321;
    const rand = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return (x >>> 8) % n;
    };
    for (let program = 0; program < 200; program++) {
      let l = emptyChunkList<number>();
      let ref: number[] = [];
      const versions: [ChunkList<number>, number[]][] = [];
      const pushBias = 2 + rand(4);
      for (let op = 0; op < 300; op++) {
        const r = rand(10);
        if (r < pushBias || ref.length === 0) {
          const v = rand(1000);
          l = chunkListPush(l, v);
          ref = [...ref, v];
        } else if (r < 6) {
          const i = rand(ref.length);
          l = chunkListRemoveAt(l, i);
          ref = ref.filter((_, k) => k !== i);
        } else if (r < 8) {
          const n = rand(Math.min(ref.length, 20) + 2);
          l = chunkListDropFirst(l, n);
          ref = ref.slice(n);
        } else {
          const i = rand(ref.length);
          const v = rand(1000);
          l = chunkListSet(l, i, v);
          ref = ref.map((w, k) => (k === i ? v : w));
        }
        checkShape(l);
        const got = chunkListToArray(l);
        if (got.length !== ref.length || got.some((v, k) => v !== ref[k])) expect(got).toEqual(ref);
        if (ref.length > 0) {
          const i = rand(ref.length);
          if (chunkListGet(l, i) !== ref[i] || chunkListFirst(l) !== ref[0]) {
            throw new Error(`get(${i}) or first differs in program ${program}`);
          }
        }
        if (op % 37 === 0) versions.push([l, ref]);
      }
      for (const [v, r] of versions) expect(chunkListToArray(v)).toEqual(r);
    }
  });

  test('chunkListOf splits into full chunks', () => {
    const l = chunkListOf(Array.from({ length: 50 }, (_, i) => i));
    checkShape(l);
    expect(l.chunks.map((c) => c.length)).toEqual([16, 16, 16, 2]);
  });

  test('round-trips through the state codec as plain data', () => {
    const l = chunkListPush(chunkListOf([{ a: 1 }, { a: 2 }]), { a: 3 });
    const back = decodeState(JSON.parse(JSON.stringify(encodeState(l)))) as ChunkList<{ a: number }>;
    expect(chunkListToArray(back)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });
});
