/**
 * A tiny deterministic LCG for randomized test programs: `next(n)` draws an
 * integer in `[0, n)`.
 *
 * @example
 * const next = lcg(7);
 * const k = next(10); // 0..9, the same for seed 7 every time
 */
export function lcg(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
}
