/**
 * All permutations of `steps` (Heap's algorithm, deterministic order,
 * starting with `steps` itself).
 *
 * @example
 * permutations(['a', 'b']); // [['a','b'], ['b','a']]
 */
export function permutations<T>(steps: readonly T[]): T[][] {
  const a = steps.slice();
  const out: T[][] = [a.slice()];
  const c = new Array(a.length).fill(0);
  let i = 1;
  while (i < a.length) {
    if (c[i] < i) {
      const k = i % 2 === 0 ? 0 : c[i];
      [a[k], a[i]] = [a[i], a[k]];
      out.push(a.slice());
      c[i]++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}
