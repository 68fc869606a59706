/**
 * `arr` without its first element, as a new array of exactly that length.
 * @example shift([1, 2]) // [2]
 */
export function shift<T>(arr: readonly T[]): readonly T[] {
  switch (arr.length) {
    case 0:
    case 1:
      return EMPTY;
    case 2:
      return [arr[1]];
    case 3:
      return [arr[1], arr[2]];
    default:
      return arr.slice(1);
  }
}

/**
 * `arr` plus `x` at the end; short arrays are built as literals of exactly
 * the new length (a `push` on a copy would reserve room for 16 more).
 * @example push([1], 2) // [1, 2]
 */
export function push<T>(arr: readonly T[], x: T): readonly T[] {
  switch (arr.length) {
    case 0:
      return [x];
    case 1:
      return [arr[0], x];
    case 2:
      return [arr[0], arr[1], x];
    case 3:
      return [arr[0], arr[1], arr[2], x];
    default: {
      const out = arr.slice();
      out.push(x);
      return out;
    }
  }
}

/**
 * `arr` without the element at `i` (0 ≤ i < length), as a new array of
 * exactly that length. @example removeAt([1, 2, 3], 1) // [1, 3]
 */
export function removeAt<T>(arr: readonly T[], i: number): readonly T[] {
  const n = arr.length;
  if (n <= 1) return EMPTY;
  if (i === 0) return shift(arr);
  if (n === 2) return [arr[0]];
  const out = arr.slice(0, n - 1);
  for (let j = i; j < n - 1; j++) out[j] = arr[j + 1];
  return out;
}

const EMPTY: readonly never[] = [] as never[];
