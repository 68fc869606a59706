import { type Block, Directory } from '../../../src/state/structures/cache-directory';
import { SeededRandom } from '../../../src/state/structures/prng';

/** Every block of every touched set, by set then way. */
function blocks(d: Directory): Block[] {
  return d.touchedBlocks();
}

function busyCount(d: Directory): number {
  return blocks(d).filter((b) => b.isLocked || b.readCount > 0).length;
}

/** A random change of one block's metadata. */
function randomBlock(r: SeededRandom, d: Directory): Block {
  const setId = r.int(0, d.numSets - 1);
  const b = d.block(setId, r.int(0, d.ways - 1));
  const isValid = r.int(0, 3) > 0;
  return {
    ...b,
    tag: r.int(0, 1 << 16) * 64,
    pid: r.int(0, 1),
    isValid,
    isDirty: isValid && r.int(0, 2) === 0,
    isLocked: r.int(0, 4) === 0,
    readCount: r.int(0, 5) === 0 ? r.int(1, 2) : 0,
  };
}

describe('Directory', () => {
  test('updateAndVisit equals updateBlock then visit', () => {
    let d = Directory.create(8, 4, 64, 'modulo');
    const b = { ...d.block(3, 2), tag: 3 * 64, isValid: true, isLocked: true };
    const a = d.updateAndVisit(b);
    d = d.updateBlock(b).visit(b);
    expect(a.getSet(3)).toEqual(d.getSet(3));
    expect(a.getSet(3).lru).toEqual([0, 1, 3, 2]);
    expect(a.busyBlocks).toBe(1);
  });

  test('the valid/dirty summaries and the busy count follow random updates and bulk passes', () => {
    const r = new SeededRandom(7);
    for (const numSets of [1, 32, 100, 2048]) {
      let d = Directory.create(numSets, 4, 64, numSets === 2048 ? 'fmix64' : 'modulo');
      for (let step = 0; step < 400; step++) {
        const op = r.int(0, 9);
        if (op < 6) d = d.updateBlock(randomBlock(r, d));
        else if (op < 8) d = d.updateAndVisit(randomBlock(r, d));
        else if (op === 8) {
          // Invalidate a random pid (or all): updateValidBlocks must equal updateAll.
          const pid = r.int(0, 2);
          const fn = (b: Block): Block =>
            pid === 2 || b.pid === pid ? { ...b, isValid: false, isDirty: false, dirtyMask: null } : b;
          const all = d.updateAll((b) => (b.isValid ? fn(b) : b));
          const some = d.updateValidBlocks(fn);
          expect(blocks(some)).toEqual(blocks(all));
          d = r.int(0, 1) === 0 ? some : all;
        } else {
          // Clean the dirty blocks of one pid.
          const refs: Array<{ setId: number; wayId: number }> = [];
          d.forEachDirtyBlock((b) => {
            if (b.pid === 0) refs.push({ setId: b.setId, wayId: b.wayId });
          });
          d = d.updateBlocks(refs, (b) => ({ ...b, isDirty: false, dirtyMask: null }));
        }
        expect(d.busyBlocks).toBe(busyCount(d));
        const dirty: Block[] = [];
        d.forEachDirtyBlock((b) => dirty.push(b));
        expect(dirty).toEqual(blocks(d).filter((b) => b.isDirty));
      }
    }
  });

  test('lookup, findVictim and the LRU order follow a plain model of sets (touched or not)', () => {
    const r = new SeededRandom(11);
    for (const [numSets, ways, indexing] of [
      [32, 2, 'fmix64'],
      [2048, 4, 'fmix64'],
      [6, 3, 'modulo'],
      [12, 1, 'fmix64'],
    ] as const) {
      let d = Directory.create(numSets, ways, 64, indexing);
      // The model: per set, blocks by way and the LRU order (a fresh set is all invalid, order 0…ways-1).
      const model = new Map<number, { blocks: Block[]; lru: number[] }>();
      const modelSet = (i: number) => {
        let m = model.get(i);
        if (m === undefined) {
          const fresh = d.reset().getSet(i);
          m = { blocks: [...fresh.blocks], lru: [...fresh.lru] };
          model.set(i, m);
        }
        return m;
      };
      for (let step = 0; step < 600; step++) {
        const line = r.int(0, 63) * 64;
        const pid = r.int(0, 1);
        const set = modelSet(d.setIndex(line));
        const hit = set.blocks.find((b) => b.isValid && b.tag === line && b.pid === pid);
        expect(d.lookup(pid, line + r.int(0, 63))).toEqual(hit);
        const free = set.lru.map((w) => set.blocks[w]).find((b) => !b.isLocked && b.readCount === 0);
        const victim = d.findVictim(line);
        expect(victim).toEqual(free ?? set.blocks[set.lru[0]]);
        const target = hit ?? victim;
        const nb: Block = {
          ...target,
          tag: line,
          pid,
          isValid: r.int(0, 5) > 0,
          isLocked: r.int(0, 3) === 0,
          readCount: r.int(0, 4) === 0 ? 1 : 0,
        };
        const op = r.int(0, 2);
        if (op === 0) d = d.updateBlock(nb);
        else if (op === 1) d = d.updateAndVisit(nb);
        else d = d.visit(target);
        if (op !== 2) set.blocks[nb.wayId] = nb;
        if (op !== 0) set.lru = [...set.lru.filter((w) => w !== nb.wayId), nb.wayId];
        const got = d.getSet(nb.setId);
        expect(got.blocks).toEqual(set.blocks);
        expect(got.lru).toEqual(set.lru);
      }
    }
  });

  test('updateValidBlocks returns the directory itself when nothing is valid', () => {
    const d = Directory.create(64, 2, 64, 'modulo');
    expect(d.updateValidBlocks((b) => ({ ...b, isValid: false }))).toBe(d);
  });
});
