import type { Block } from '../structures/cache-directory';
import type { L1Work } from './l1-work';

// Block helpers shared by the L1's stages.

/**
 * A copy of block `b` (same set, way, address and dirty mask) with the
 * given tag, owner, flags, reader count and data; never dirty (the L1 is
 * write-through).
 *
 * @example
 * const filled = withBlock(victim, tag, pid, true, false, 0, data);
 */
export function withBlock(
  b: Block,
  tag: number,
  pid: number,
  isValid: boolean,
  isLocked: boolean,
  readCount: number,
  data: Uint8Array,
): Block {
  return {
    setId: b.setId,
    wayId: b.wayId,
    tag,
    pid,
    cacheAddress: b.cacheAddress,
    isValid,
    isDirty: false,
    dirtyMask: b.dirtyMask,
    isLocked,
    readCount,
    data,
  };
}

/**
 * A private copy of the block's line data (zeros when the block holds none),
 * for a write to merge into.
 *
 * @example
 * const data = lineData(w, block);
 */
export function lineData(w: L1Work, b: Block): Uint8Array {
  return b.data.length === w.s.spec.lineSize ? b.data.slice() : new Uint8Array(w.s.spec.lineSize);
}
