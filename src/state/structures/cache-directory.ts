import type { Block, CacheSet, SetIndexing } from './cache-set';
import {
  type ChunkedBits,
  ChunkedBitsBuilder,
  emptyChunkedBits,
  forEachSetBit,
  hasChunkedBit,
  withChunkedBit,
} from './chunked-bits';
import { memoHashedSetIndex } from './fmix64';
import { PersistentArray } from './persistent-array';

export type { Block, CacheSet, SetIndexing } from './cache-set';

/**
 * An immutable set-associative cache directory with LRU order, shared by the
 * L1 and L2 caches. Sets are materialized on first change, so a fresh 2048-set
 * directory costs nothing and copying one set is a few small array copies.
 *
 * @example
 * let d = Directory.create(2048, 4, 64, 'fmix64');
 * const v = d.findVictim(0x100000);
 * d = d.updateBlock({ ...v, tag: 0x100000, isValid: true });
 * d.lookup(0, 0x100000) !== undefined;
 */
export class Directory {
  private constructor(
    readonly numSets: number,
    readonly ways: number,
    readonly lineSize: number,
    readonly indexing: SetIndexing,
    private readonly sets: PersistentArray<CacheSet>,
    /**
     * One bit per set, set when the set may hold a valid block: every set
     * holding one has its bit (a bit may outlive the block), so
     * whole-directory passes over valid blocks visit only these.
     */
    private readonly validSets: ChunkedBits,
    /** The same for dirty blocks. */
    private readonly dirtySets: ChunkedBits,
    /** Blocks that are locked or being read (`isLocked || readCount > 0`). */
    readonly busyBlocks: number,
  ) {}

  /** A fresh directory: every block invalid, LRU order `[0 … ways-1]`. @example Directory.create(32, 2) */
  static create(numSets: number, ways: number, lineSize = 64, indexing: SetIndexing = 'fmix64'): Directory {
    const none = emptyChunkedBits(numSets);
    return new Directory(numSets, ways, lineSize, indexing, PersistentArray.empty(numSets), none, none, 0);
  }

  /** The set a line address maps to. @example d.setIndex(0x100000) */
  setIndex(address: number): number {
    if (this.indexing === 'fmix64') return memoHashedSetIndex(address, this.numSets, this.lineSize);
    return Math.floor(address / this.lineSize) % this.numSets;
  }

  /** The set at `i` (a fresh one if never touched). @example d.getSet(0).lru */
  getSet(i: number): CacheSet {
    return this.sets.get(i) ?? this.freshSet(i);
  }

  /** The valid block holding `(pid, line)`, if any. @example d.lookup(0, 0x40) */
  lookup(pid: number, address: number): Block | undefined {
    const line = address - (address % this.lineSize);
    // An untouched set holds only invalid blocks.
    const set = this.sets.get(this.setIndex(line));
    if (set === undefined) return undefined;
    // A key equal to the line means the way holds a valid block with that tag.
    const tags = set.tags;
    for (let w = 0; w < tags.length; w++) {
      if (tags[w] === line) {
        const b = set.blocks[w];
        if (b.pid === pid) return b;
      }
    }
    return undefined;
  }

  /**
   * The victim for `address`: in LRU order, the first block that is neither
   * locked nor being read; otherwise the LRU front. Invalid blocks get no
   * preference (components.md §0.8).
   *
   * @example d.findVictim(0x40)
   */
  findVictim(address: number): Block {
    const setId = this.setIndex(address);
    const set = this.sets.get(setId);
    // An untouched set: LRU order [0 … ways-1], nothing locked.
    if (set === undefined) return this.freshBlock(setId, 0);
    const lru = set.lru;
    const blocks = set.blocks;
    for (let k = 0; k < lru.length; k++) {
      const b = blocks[lru[k]];
      if (!b.isLocked && b.readCount === 0) return b;
    }
    return blocks[lru[0]];
  }

  /** Moves `block`'s way to the most recently used end. @example d = d.visit(b) */
  visit(block: Block): Directory {
    const set = this.getSet(block.setId);
    return this.withSets(
      this.sets.set(block.setId, { blocks: set.blocks, lru: mruLast(set.lru, block.wayId), tags: set.tags }),
      this.validSets,
      this.dirtySets,
      this.busyBlocks,
    );
  }

  /**
   * `updateBlock(block)` and `visit(block)` in one set copy: replaces the
   * block at `(block.setId, block.wayId)` and moves its way to the most
   * recently used end.
   *
   * @example
   * d = d.updateAndVisit({ ...b, isLocked: true }); // same as d.updateBlock(nb).visit(nb)
   */
  updateAndVisit(block: Block): Directory {
    const set = this.getSet(block.setId);
    const blocks = set.blocks.slice();
    blocks[block.wayId] = block;
    const old = set.blocks[block.wayId];
    const lru = mruLast(set.lru, block.wayId);
    return this.withBlock(old, block, { blocks, lru, tags: tagsWith(set.tags, old, block) });
  }

  /** Replaces the block at `(block.setId, block.wayId)`. @example d = d.updateBlock({ ...b, isDirty: true }) */
  updateBlock(block: Block): Directory {
    const set = this.getSet(block.setId);
    const blocks = set.blocks.slice();
    blocks[block.wayId] = block;
    const old = set.blocks[block.wayId];
    return this.withBlock(old, block, { blocks, lru: set.lru, tags: tagsWith(set.tags, old, block) });
  }

  /** The block at `(setId, wayId)`. @example d.block(3, 1) */
  block(setId: number, wayId: number): Block {
    return this.getSet(setId).blocks[wayId];
  }

  /** Every block of every set that was ever changed (untouched sets hold only invalid blocks). */
  touchedBlocks(): Block[] {
    const out: Block[] = [];
    this.sets.forEach((s) => {
      for (const b of s.blocks) out.push(b);
    });
    return out;
  }

  /**
   * The directory with every block of every touched set replaced by
   * `fn(block)` (same set, way and cache address); unchanged sets are
   * shared, and the directory itself is returned when nothing changed.
   * One pass, however many blocks change.
   *
   * @example
   * d = d.updateAll((b) => (b.isValid ? { ...b, isValid: false } : b));
   */
  updateAll(fn: (b: Block) => Block): Directory {
    const sets = this.sets.map((set) => {
      let blocks: Block[] | null = null;
      for (let w = 0; w < set.blocks.length; w++) {
        const b = set.blocks[w];
        const nb = fn(b);
        if (nb !== b) {
          blocks ??= set.blocks.slice();
          blocks[w] = nb;
        }
      }
      return blocks === null ? set : changedSet(set, blocks);
    });
    if (sets === this.sets) return this;
    const valid = new ChunkedBitsBuilder(emptyChunkedBits(this.numSets));
    const dirty = new ChunkedBitsBuilder(emptyChunkedBits(this.numSets));
    let busy = 0;
    sets.forEach((set, i) => {
      for (const b of set.blocks) {
        if (b.isValid) valid.set(i, true);
        if (b.isDirty) dirty.set(i, true);
        if (isBusy(b)) busy++;
      }
    });
    return this.withSets(sets, valid.result(), dirty.result(), busy);
  }

  /**
   * {@link updateAll} for an `fn` that keeps every block that is not valid:
   * `fn` is called for the valid blocks only (in no particular order) and
   * only the sets that may hold one are visited, so a pass after a recent
   * one costs what changed since, not the whole directory.
   *
   * @example
   * d = d.updateValidBlocks((b) => ({ ...b, isValid: false })); // invalidate everything
   */
  updateValidBlocks(fn: (b: Block) => Block): Directory {
    const setIds: number[] = [];
    const newSets: CacheSet[] = [];
    const valid = new ChunkedBitsBuilder(this.validSets);
    const dirty = new ChunkedBitsBuilder(this.dirtySets);
    let busy = this.busyBlocks;
    forEachSetBit(this.validSets, (i) => {
      const set = this.sets.get(i);
      if (set === undefined) return;
      let blocks: Block[] | null = null;
      for (let w = 0; w < set.blocks.length; w++) {
        const b = set.blocks[w];
        if (!b.isValid) continue;
        const nb = fn(b);
        if (nb !== b) {
          blocks ??= set.blocks.slice();
          blocks[w] = nb;
          busy += (isBusy(nb) ? 1 : 0) - (isBusy(b) ? 1 : 0);
        }
      }
      const after = blocks ?? set.blocks;
      const flags = validDirtyFlags(after);
      if ((flags & HAS_VALID) === 0) valid.set(i, false);
      dirty.set(i, (flags & HAS_DIRTY) !== 0);
      if (blocks !== null) {
        setIds.push(i);
        newSets.push(changedSet(set, blocks));
      }
    });
    const validBits = valid.result();
    const dirtyBits = dirty.result();
    if (setIds.length === 0 && validBits === this.validSets && dirtyBits === this.dirtySets) return this;
    let k = 0;
    const sets = setIds.length === 0 ? this.sets : this.sets.updateAt(setIds, () => newSets[k++]);
    return this.withSets(sets, validBits, dirtyBits, busy);
  }

  /**
   * Calls `fn` for every dirty block, in set then way order (visiting only
   * the sets that may hold one).
   *
   * @example
   * d.forEachDirtyBlock((b) => refs.push({ setId: b.setId, wayId: b.wayId }));
   */
  forEachDirtyBlock(fn: (b: Block) => void): void {
    forEachSetBit(this.dirtySets, (i) => {
      const set = this.sets.get(i);
      if (set === undefined) return;
      for (const b of set.blocks) if (b.isDirty) fn(b);
    });
  }

  /**
   * The directory with the blocks at `refs` replaced by `fn(block)`; each
   * touched set and tree path is copied once.
   *
   * @example
   * d = d.updateBlocks([{ setId: 3, wayId: 1 }], (b) => ({ ...b, isDirty: false }));
   */
  updateBlocks(
    refs: ReadonlyArray<{ readonly setId: number; readonly wayId: number }>,
    fn: (b: Block) => Block,
  ): Directory {
    if (refs.length === 0) return this;
    const bySet = new Map<number, number[]>();
    for (const r of refs) {
      const ways = bySet.get(r.setId);
      if (ways === undefined) bySet.set(r.setId, [r.wayId]);
      else ways.push(r.wayId);
    }
    const setIds = [...bySet.keys()].sort((a, b) => a - b);
    const valid = new ChunkedBitsBuilder(this.validSets);
    const dirty = new ChunkedBitsBuilder(this.dirtySets);
    let busy = this.busyBlocks;
    const sets = this.sets.updateAt(setIds, (old, setId) => {
      const set = old ?? this.freshSet(setId);
      const blocks = set.blocks.slice();
      for (const w of bySet.get(setId)!) {
        const b = blocks[w];
        const nb = fn(b);
        blocks[w] = nb;
        busy += (isBusy(nb) ? 1 : 0) - (isBusy(b) ? 1 : 0);
      }
      const flags = validDirtyFlags(blocks);
      valid.set(setId, (flags & HAS_VALID) !== 0);
      dirty.set(setId, (flags & HAS_DIRTY) !== 0);
      return changedSet(set, blocks);
    });
    return this.withSets(sets, valid.result(), dirty.result(), busy);
  }

  /** Calls `fn` for every block of every touched set. @example d.forEachTouchedBlock((b) => count++) */
  forEachTouchedBlock(fn: (b: Block) => void): void {
    this.sets.forEach((s) => {
      for (const b of s.blocks) fn(b);
    });
  }

  /** A reset directory of the same geometry. @example d = d.reset() */
  reset(): Directory {
    return Directory.create(this.numSets, this.ways, this.lineSize, this.indexing);
  }

  /** This directory's geometry over other sets, set bits and busy count. */
  private withSets(
    sets: PersistentArray<CacheSet>,
    validSets: ChunkedBits,
    dirtySets: ChunkedBits,
    busyBlocks: number,
  ): Directory {
    return new Directory(
      this.numSets,
      this.ways,
      this.lineSize,
      this.indexing,
      sets,
      validSets,
      dirtySets,
      busyBlocks,
    );
  }

  /** The directory with `set` (holding `block` in place of `old`) stored at `block.setId`. */
  private withBlock(old: Block, block: Block, set: CacheSet): Directory {
    const i = block.setId;
    let valid = this.validSets;
    if (block.isValid && !hasChunkedBit(valid, i)) valid = withChunkedBit(valid, i, true);
    let dirty = this.dirtySets;
    if (block.isDirty && !hasChunkedBit(dirty, i)) dirty = withChunkedBit(dirty, i, true);
    const busy = this.busyBlocks + (isBusy(block) ? 1 : 0) - (isBusy(old) ? 1 : 0);
    return this.withSets(this.sets.set(i, set), valid, dirty, busy);
  }

  private freshSet(setId: number): CacheSet {
    const blocks: Block[] = [];
    const lru: number[] = [];
    const tags: number[] = [];
    for (let w = 0; w < this.ways; w++) {
      blocks.push(this.freshBlock(setId, w));
      lru.push(w);
      tags.push(Number.NaN);
    }
    return { blocks, lru, tags };
  }

  private freshBlock(setId: number, w: number): Block {
    return {
      setId,
      wayId: w,
      tag: 0,
      pid: 0,
      cacheAddress: (setId * this.ways + w) * this.lineSize,
      isValid: false,
      isDirty: false,
      dirtyMask: null,
      isLocked: false,
      readCount: 0,
      data: EMPTY_LINE,
    };
  }
}

const EMPTY_LINE = new Uint8Array(64);

/** The lookup key of a way holding `b` (see {@link CacheSet.tags}). */
function tagKey(b: Block): number {
  return b.isValid ? b.tag : Number.NaN;
}

/** True when `a` and `b` have the same lookup key. */
function sameKey(a: Block, b: Block): boolean {
  return a.isValid === b.isValid && (!a.isValid || a.tag === b.tag);
}

/** `tags` with the key of the way `old` held replaced by `block`'s (the same array when equal). */
function tagsWith(tags: readonly number[], old: Block, block: Block): readonly number[] {
  if (sameKey(old, block)) return tags;
  const out = tags.slice();
  out[block.wayId] = tagKey(block);
  return out;
}

/** `set` with its blocks replaced by `blocks` (same ways, same LRU order), keys updated. */
function changedSet(set: CacheSet, blocks: readonly Block[]): CacheSet {
  let tags: number[] | null = null;
  for (let w = 0; w < blocks.length; w++) {
    const o = set.blocks[w];
    const b = blocks[w];
    if (b !== o && !sameKey(o, b)) {
      tags ??= set.tags.slice();
      tags[w] = tagKey(b);
    }
  }
  return { blocks, lru: set.lru, tags: tags ?? set.tags };
}

const HAS_VALID = 1;
const HAS_DIRTY = 2;

/** Whether any of `blocks` is valid ({@link HAS_VALID}) and whether any is dirty ({@link HAS_DIRTY}), as bits. */
function validDirtyFlags(blocks: readonly Block[]): number {
  let flags = 0;
  for (const b of blocks) {
    if (b.isValid) flags |= HAS_VALID;
    if (b.isDirty) flags |= HAS_DIRTY;
  }
  return flags;
}

function isBusy(b: Block): boolean {
  return b.isLocked || b.readCount > 0;
}

/** `lru` with `way` moved to the end (the most recently used); `lru` itself when it already is there. */
function mruLast(lru: readonly number[], way: number): readonly number[] {
  const n = lru.length;
  if (n > 0 && lru[n - 1] === way) return lru;
  const out = lru.slice();
  let k = 0;
  for (let i = 0; i < n; i++) if (lru[i] !== way) out[k++] = lru[i];
  if (k === n) out.push(way);
  else {
    out[k] = way;
    out.length = k + 1;
  }
  return out;
}
