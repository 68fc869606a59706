/** Most items in one chunk. */
const CHUNK = 16;

/**
 * An immutable list stored as a short array of short chunks (1–16 items
 * each; two neighbouring chunks always hold more than 16 together). Every
 * change copies one or two chunks and the chunk array — for a list of 100
 * items ~25 slots instead of the 100 an array copy costs — and never
 * touches the input list, so older versions stay valid. A plain object
 * (no class), so the state codec encodes it as data.
 *
 * Scans read `chunks` directly (never mutate them); {@link chunkListGet} is
 * for single items.
 *
 * @example
 * const a = chunkListPush(chunkListPush(emptyChunkList<number>(), 1), 2);
 * const b = chunkListDropFirst(a, 1);
 * a.length === 2; b.length === 1; chunkListGet(b, 0) === 2;
 */
export interface ChunkList<T> {
  /** The items in order, in non-empty chunks. Never mutate. */
  readonly chunks: readonly (readonly T[])[];
  /** Number of items. */
  readonly length: number;
}

const EMPTY: ChunkList<never> = { chunks: [], length: 0 };

function make<T>(chunks: readonly (readonly T[])[], length: number): ChunkList<T> {
  return { chunks, length };
}

/**
 * The empty list (one shared object).
 *
 * @example
 * emptyChunkList<string>().length === 0;
 */
export function emptyChunkList<T>(): ChunkList<T> {
  return EMPTY;
}

/**
 * A list of `items` (copied).
 *
 * @example
 * chunkListOf([1, 2, 3]).length === 3;
 */
export function chunkListOf<T>(items: readonly T[]): ChunkList<T> {
  const n = items.length;
  if (n === 0) return EMPTY;
  const chunks: T[][] = [];
  for (let i = 0; i < n; i += CHUNK) chunks.push(items.slice(i, Math.min(n, i + CHUNK)));
  return make(chunks, n);
}

/**
 * The item at `i`, or undefined outside `[0, length)`.
 *
 * @example
 * chunkListGet(chunkListOf(['a', 'b']), 1) === 'b';
 */
export function chunkListGet<T>(list: ChunkList<T>, i: number): T | undefined {
  if (!(i >= 0 && i < list.length)) return undefined;
  const chunks = list.chunks;
  for (let c = 0; c < chunks.length; c++) {
    const ch = chunks[c];
    if (i < ch.length) return ch[i];
    i -= ch.length;
  }
  return undefined;
}

/**
 * Index of the item whose key is `key`, or -1, in a list whose keys grow
 * along it (each item was pushed with a larger key than the last): chunks
 * whose last key is smaller are skipped, then the chunk is scanned.
 *
 * @example
 * chunkListIndexOfKey(chunkListOf([{ id: 3 }, { id: 7 }]), 7, (x) => x.id) === 1;
 */
export function chunkListIndexOfKey<T>(list: ChunkList<T>, key: number, keyOf: (item: T) => number): number {
  const chunks = list.chunks;
  let base = 0;
  for (let c = 0; c < chunks.length; c++) {
    const ch = chunks[c];
    if (keyOf(ch[ch.length - 1]) >= key)
      for (let i = 0; i < ch.length; i++) if (keyOf(ch[i]) === key) return base + i;
    base += ch.length;
  }
  return -1;
}

/**
 * The first item, or undefined when empty.
 *
 * @example
 * chunkListFirst(chunkListOf([4, 5])) === 4;
 */
export function chunkListFirst<T>(list: ChunkList<T>): T | undefined {
  return list.length === 0 ? undefined : list.chunks[0][0];
}

// Measured on V8 (Node 20): `slice` is the fastest whole copy and drop of a
// prefix; appending and cutting out the middle are fastest as a loop into an
// array of the final size (`slice` + `push` grows the copy's backing store).

/** `a` with `x` appended, as an array of exactly that length. */
function appended<T>(a: readonly T[], x: T): T[] {
  const n = a.length;
  const out = new Array<T>(n + 1);
  for (let i = 0; i < n; i++) out[i] = a[i];
  out[n] = x;
  return out;
}

/** `a` with item `i` replaced by `x`. */
function replaced<T>(a: readonly T[], i: number, x: T): T[] {
  const out = a.slice();
  out[i] = x;
  return out;
}

/** `a` without items `[from, to)`. */
function without<T>(a: readonly T[], from: number, to: number): T[] {
  if (from === 0) return a.slice(to);
  const n = a.length;
  const out = new Array<T>(n - (to - from));
  for (let k = 0; k < from; k++) out[k] = a[k];
  for (let k = to; k < n; k++) out[k - to + from] = a[k];
  return out;
}

/** `a` followed by `b`. */
function joined<T>(a: readonly T[], b: readonly T[]): T[] {
  const out = new Array<T>(a.length + b.length);
  for (let k = 0; k < a.length; k++) out[k] = a[k];
  for (let k = 0; k < b.length; k++) out[a.length + k] = b[k];
  return out;
}

/**
 * The list with `x` appended.
 *
 * @example
 * chunkListPush(emptyChunkList<number>(), 7).length === 1;
 */
export function chunkListPush<T>(list: ChunkList<T>, x: T): ChunkList<T> {
  const chunks = list.chunks;
  const last = chunks.length - 1;
  if (last < 0) return make([[x]], 1);
  const tail = chunks[last];
  if (tail.length < CHUNK) return make(replaced(chunks, last, appended(tail, x)), list.length + 1);
  return make(appended(chunks, [x]), list.length + 1);
}

/**
 * The list with item `i` (`0 <= i < length`) replaced by `x`.
 *
 * @example
 * chunkListGet(chunkListSet(chunkListOf([1, 2]), 1, 9), 1) === 9;
 */
export function chunkListSet<T>(list: ChunkList<T>, i: number, x: T): ChunkList<T> {
  if (!(i >= 0 && i < list.length)) throw new RangeError(`index ${i} outside [0, ${list.length})`);
  const chunks = list.chunks;
  let c = 0;
  while (i >= chunks[c].length) i -= chunks[c++].length;
  return make(replaced(chunks, c, replaced(chunks[c], i, x)), list.length);
}

/**
 * Replaces chunk `c` of `chunks` by `ch` (possibly empty), merging it with a
 * neighbour when the two fit in one chunk.
 */
function withChunk<T>(chunks: readonly (readonly T[])[], c: number, ch: readonly T[]): (readonly T[])[] {
  if (ch.length === 0) return without(chunks, c, c + 1);
  if (c > 0 && chunks[c - 1].length + ch.length <= CHUNK) {
    const out = without(chunks, c, c + 1);
    out[c - 1] = joined(chunks[c - 1], ch);
    return out;
  }
  if (c + 1 < chunks.length && ch.length + chunks[c + 1].length <= CHUNK) {
    const out = without(chunks, c + 1, c + 2);
    out[c] = joined(ch, chunks[c + 1]);
    return out;
  }
  return replaced(chunks, c, ch);
}

/**
 * The list without item `i` (`0 <= i < length`).
 *
 * @example
 * chunkListToArray(chunkListRemoveAt(chunkListOf([1, 2, 3]), 1)); // [1, 3]
 */
export function chunkListRemoveAt<T>(list: ChunkList<T>, i: number): ChunkList<T> {
  if (!(i >= 0 && i < list.length)) throw new RangeError(`index ${i} outside [0, ${list.length})`);
  if (list.length === 1) return EMPTY;
  const chunks = list.chunks;
  let c = 0;
  while (i >= chunks[c].length) i -= chunks[c++].length;
  return make(withChunk(chunks, c, without(chunks[c], i, i + 1)), list.length - 1);
}

/**
 * The list without its first `n` items (all of them when `n >= length`).
 *
 * @example
 * chunkListToArray(chunkListDropFirst(chunkListOf([1, 2, 3]), 2)); // [3]
 */
export function chunkListDropFirst<T>(list: ChunkList<T>, n: number): ChunkList<T> {
  if (n <= 0) return list;
  if (n >= list.length) return EMPTY;
  const chunks = list.chunks;
  let c = 0;
  while (n >= chunks[c].length) n -= chunks[c++].length;
  const rest = c === 0 ? chunks : without(chunks, 0, c);
  if (n === 0) return make(rest, list.length - countBefore(chunks, c));
  return make(withChunk(rest, 0, without(rest[0], 0, n)), list.length - countBefore(chunks, c) - n);
}

function countBefore<T>(chunks: readonly (readonly T[])[], c: number): number {
  let k = 0;
  for (let i = 0; i < c; i++) k += chunks[i].length;
  return k;
}

/**
 * The items as a new array.
 *
 * @example
 * chunkListToArray(chunkListOf([1, 2])); // [1, 2]
 */
export function chunkListToArray<T>(list: ChunkList<T>): T[] {
  const out = new Array<T>(list.length);
  let o = 0;
  for (const ch of list.chunks) for (let k = 0; k < ch.length; k++) out[o++] = ch[k];
  return out;
}
