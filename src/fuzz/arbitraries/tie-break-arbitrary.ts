import fc from 'fast-check';

/**
 * Same-cycle tie-break permutations: `null` keeps schedule order; a number
 * seeds a deterministic shuffle of same-cycle events. Shrinks to `null`.
 *
 * @example
 * fc.sample(tieBreakArbitrary(), 3);
 */
export function tieBreakArbitrary(): fc.Arbitrary<number | null> {
  return fc.option(fc.integer({ min: 1, max: 0x7fffffff }), { nil: null, freq: 2 });
}
