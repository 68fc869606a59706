import fc from 'fast-check';
import type { ScriptedAccess } from '../../state/memory-agent/memory-agent';

/** Words per 4 KiB page. */
const PAGE_WORDS = 1024;

/**
 * Access scripts that keep coming back to the same lines: for 1 to
 * `maxAgents` agents, 1 to `maxAccesses` reads and writes each, every word
 * one of 16 "hot" words (4 lines × 4 words) of one of an agent's first
 * `pages` pages — so reads find their writes, caches hold dirty lines of
 * the pages that migrate, and several pages compete for the TLBs. Wrap the
 * words to an agent's range with `normalizeScript`. Shrinks towards fewer
 * agents and accesses, page 0, word 0 and small values.
 *
 * @example
 * fc.sample(denseAccessStreamArbitrary(2, 4, 10), 1)[0].length; // 1 or 2
 */
export function denseAccessStreamArbitrary(
  maxAgents: number,
  pages: number,
  maxAccesses: number,
): fc.Arbitrary<ScriptedAccess[][]> {
  const access: fc.Arbitrary<ScriptedAccess> = fc
    .record({
      op: fc.constantFrom<'read' | 'write'>('write', 'read'),
      page: fc.integer({ min: 0, max: Math.max(0, pages - 1) }),
      line: fc.integer({ min: 0, max: 3 }),
      offset: fc.integer({ min: 0, max: 3 }),
      value: fc.integer({ min: 1, max: 0xffffffff }),
    })
    .map(({ op, page, line, offset, value }) => ({
      op,
      word: page * PAGE_WORDS + line * 16 + offset,
      value,
    }));
  const script = fc.array(access, { minLength: 1, maxLength: maxAccesses });
  return fc.array(script, { minLength: 1, maxLength: maxAgents });
}
