import type { Block, Directory } from './cache-directory';

/**
 * The valid blocks of `dir` (any PID) whose line lies in `[start, end)`,
 * found line by line through the set index (no walk over the whole
 * directory), in address order.
 *
 * @example
 * validBlocksInRange(l2.directory, 0x100000, 0x101000).filter((b) => b.isDirty);
 */
export function validBlocksInRange(dir: Directory, start: number, end: number): Block[] {
  const out: Block[] = [];
  const first = start - (start % dir.lineSize);
  for (let line = first; line < end; line += dir.lineSize) {
    const set = dir.getSet(dir.setIndex(line));
    for (let w = 0; w < set.tags.length; w++) {
      if (set.tags[w] !== line) continue;
      const b = set.blocks[w];
      if (b.isValid) out.push(b);
    }
  }
  return out;
}
