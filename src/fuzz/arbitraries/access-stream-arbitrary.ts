import fc from 'fast-check';
import type { ScriptedAccess } from '../../state/memory-agent/memory-agent';

/**
 * Makes a script valid for an agent with `words` words: words wrap around
 * the range, and a read of a word the agent has not written yet becomes a
 * write of `value` (or 1).
 *
 * @example
 * normalizeScript([{ op: 'read', word: 2 }], 16); // [{ op: 'write', word: 2, value: 1 }]
 */
export function normalizeScript(script: readonly ScriptedAccess[], words: number): ScriptedAccess[] {
  const written = new Set<number>();
  return script.map((a) => {
    const word = a.word % words;
    if (a.op === 'read' && written.has(word)) return { op: 'read', word };
    written.add(word);
    return { op: 'write', word, value: a.value ?? 1 };
  });
}

/**
 * Explicit access sequences for 1 to `maxAgents` agents (one script per
 * agent): reads and writes of non-zero u32 values to word indices below
 * `maxWords` (wrap them to an agent's range with {@link normalizeScript}).
 * Shrinks towards fewer agents, fewer accesses, lower words and smaller
 * values.
 *
 * @example
 * fc.sample(accessStreamArbitrary(2, 16, 10), 1)[0].length; // 1 or 2
 */
export function accessStreamArbitrary(
  maxAgents: number,
  maxWords: number,
  maxAccesses: number,
): fc.Arbitrary<ScriptedAccess[][]> {
  const access: fc.Arbitrary<ScriptedAccess> = fc.record({
    op: fc.constantFrom<'read' | 'write'>('write', 'read'),
    word: fc.integer({ min: 0, max: Math.max(0, maxWords - 1) }),
    value: fc.integer({ min: 1, max: 0xffffffff }),
  });
  const script = fc.array(access, { minLength: 1, maxLength: maxAccesses });
  return fc.array(script, { minLength: 1, maxLength: maxAgents });
}
