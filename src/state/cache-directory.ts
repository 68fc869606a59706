import { hashedSetIndex } from './fmix64';
import { PersistentArray } from './persistent-array';

/**
 * One cache block (components.md §0.8). `data` holds the line's bytes;
 * `dirtyMask` marks dirty bytes (1) or is null when none are.
 */
export interface Block {
  readonly setId: number;
  readonly wayId: number;
  readonly tag: number;
  readonly pid: number;
  readonly cacheAddress: number;
  readonly isValid: boolean;
  readonly isDirty: boolean;
  readonly dirtyMask: Uint8Array | null;
  readonly isLocked: boolean;
  readonly readCount: number;
  readonly data: Uint8Array;
}

/** One set: its blocks by way and the LRU order (least recently used first). */
export interface CacheSet {
  readonly blocks: readonly Block[];
  readonly lru: readonly number[];
}

/** How a line address picks its set. */
export type SetIndexing = 'fmix64' | 'modulo';

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
  ) {}

  /** A fresh directory: every block invalid, LRU order `[0 … ways-1]`. @example Directory.create(32, 2) */
  static create(numSets: number, ways: number, lineSize = 64, indexing: SetIndexing = 'fmix64'): Directory {
    return new Directory(numSets, ways, lineSize, indexing, PersistentArray.empty(numSets));
  }

  /** The set a line address maps to. @example d.setIndex(0x100000) */
  setIndex(address: number): number {
    if (this.indexing === 'fmix64') return hashedSetIndex(address, this.numSets, this.lineSize);
    return Math.floor(address / this.lineSize) % this.numSets;
  }

  /** The set at `i` (a fresh one if never touched). @example d.getSet(0).lru */
  getSet(i: number): CacheSet {
    return this.sets.get(i) ?? this.freshSet(i);
  }

  /** The valid block holding `(pid, line)`, if any. @example d.lookup(0, 0x40) */
  lookup(pid: number, address: number): Block | undefined {
    const line = address - (address % this.lineSize);
    const set = this.getSet(this.setIndex(line));
    for (const b of set.blocks) if (b.isValid && b.tag === line && b.pid === pid) return b;
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
    const set = this.getSet(this.setIndex(address));
    for (const w of set.lru) {
      const b = set.blocks[w];
      if (!b.isLocked && b.readCount === 0) return b;
    }
    return set.blocks[set.lru[0]];
  }

  /** Moves `block`'s way to the most recently used end. @example d = d.visit(b) */
  visit(block: Block): Directory {
    const set = this.getSet(block.setId);
    const lru = set.lru.filter((w) => w !== block.wayId);
    lru.push(block.wayId);
    return this.withSet(block.setId, { blocks: set.blocks, lru });
  }

  /** Replaces the block at `(block.setId, block.wayId)`. @example d = d.updateBlock({ ...b, isDirty: true }) */
  updateBlock(block: Block): Directory {
    const set = this.getSet(block.setId);
    const blocks = set.blocks.slice();
    blocks[block.wayId] = block;
    return this.withSet(block.setId, { blocks, lru: set.lru });
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
      return blocks === null ? set : { blocks, lru: set.lru };
    });
    return sets === this.sets
      ? this
      : new Directory(this.numSets, this.ways, this.lineSize, this.indexing, sets);
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
    const sets = this.sets.updateAt(setIds, (old, setId) => {
      const set = old ?? this.freshSet(setId);
      const blocks = set.blocks.slice();
      for (const w of bySet.get(setId)!) blocks[w] = fn(blocks[w]);
      return { blocks, lru: set.lru };
    });
    return new Directory(this.numSets, this.ways, this.lineSize, this.indexing, sets);
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

  private withSet(i: number, set: CacheSet): Directory {
    return new Directory(this.numSets, this.ways, this.lineSize, this.indexing, this.sets.set(i, set));
  }

  private freshSet(setId: number): CacheSet {
    const blocks: Block[] = [];
    const lru: number[] = [];
    for (let w = 0; w < this.ways; w++) {
      blocks.push({
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
      });
      lru.push(w);
    }
    return { blocks, lru };
  }
}

const EMPTY_LINE = new Uint8Array(64);
