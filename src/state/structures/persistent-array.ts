const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

type Node<T> = ReadonlyArray<Node<T> | T | undefined>;

/**
 * An immutable sparse array over `[0, capacity)`: a radix tree of 32-way
 * nodes whose root has just the slots `capacity` needs (2 for 2048 indices,
 * 8 for 8). `set` copies only the nodes on one path (a few small arrays),
 * so old versions stay valid and cheap to keep — snapshots are free.
 *
 * @example
 * const a = PersistentArray.empty<number>(1 << 20);
 * const b = a.set(5, 42);
 * a.get(5) === undefined; b.get(5) === 42;
 */
export class PersistentArray<T> {
  private constructor(
    /** Exclusive upper bound of valid indices. */
    readonly capacity: number,
    private readonly depth: number,
    private readonly root: Node<T> | undefined,
    /** Number of indices holding a value. */
    readonly size: number,
    /** Slots of the root node: `ceil(capacity / 32^(depth-1))`, at most 32. */
    private readonly rootWidth: number,
  ) {}

  /** An empty array able to hold indices below `capacity`. @example PersistentArray.empty<string>(100) */
  static empty<T>(capacity: number): PersistentArray<T> {
    let depth = 1;
    while (WIDTH ** depth < capacity) depth++;
    const rootWidth = Math.max(1, Math.ceil(capacity / WIDTH ** (depth - 1)));
    return new PersistentArray<T>(capacity, depth, undefined, 0, rootWidth);
  }

  /** The value at `i`, or undefined. @example arr.get(3) */
  get(i: number): T | undefined {
    let node = this.root;
    if (i < 4294967296) {
      for (let level = this.depth - 1; level > 0; level--) {
        if (node === undefined) return undefined;
        node = node[(i >>> (BITS * level)) & MASK] as Node<T> | undefined;
      }
    } else {
      for (let level = this.depth - 1; level > 0; level--) {
        if (node === undefined) return undefined;
        node = node[Math.floor(i / WIDTH ** level) & MASK] as Node<T> | undefined;
      }
    }
    return node === undefined ? undefined : (node[i & MASK] as T | undefined);
  }

  /** A new array with `i` set to `v` (or cleared, when `v` is undefined). @example arr.set(3, 'x') */
  set(i: number, v: T | undefined): PersistentArray<T> {
    if (i < 0 || i >= this.capacity || !Number.isInteger(i)) {
      throw new RangeError(`index ${i} outside [0, ${this.capacity})`);
    }
    const root = setPath(this.root, i, v, this.depth - 1, this.rootWidth);
    const had = setPathHad;
    const size = this.size + (v !== undefined ? (had ? 0 : 1) : had ? -1 : 0);
    return new PersistentArray<T>(this.capacity, this.depth, root, size, this.rootWidth);
  }

  /**
   * The array with every value replaced by `fn(value, index)`, sharing the
   * subtrees where nothing changed (this array itself when nothing did).
   * `fn` must not return undefined.
   *
   * @example
   * const doubled = arr.map((v) => v * 2);
   */
  map(fn: (v: T, i: number) => T): PersistentArray<T> {
    const root = mapNode(this.root, this.depth - 1, 0, fn);
    return root === this.root
      ? this
      : new PersistentArray<T>(this.capacity, this.depth, root, this.size, this.rootWidth);
  }

  /**
   * The array with the values at `indices` (ascending, distinct) replaced
   * by `fn(value, index)` (`value` undefined when unset); every node on the
   * way is copied once however many of its indices change.
   *
   * @example
   * const b = arr.updateAt([3, 40, 41], (v) => (v ?? 0) + 1);
   */
  updateAt(indices: readonly number[], fn: (v: T | undefined, i: number) => T): PersistentArray<T> {
    if (indices.length === 0) return this;
    let added = 0;
    const counting = (v: T | undefined, i: number): T => {
      if (v === undefined) added++;
      return fn(v, i);
    };
    const root = updateNodes(
      this.root,
      this.depth - 1,
      0,
      indices,
      0,
      indices.length,
      counting,
      this.rootWidth,
    );
    return new PersistentArray<T>(this.capacity, this.depth, root, this.size + added, this.rootWidth);
  }

  /** Calls `fn` for each set index in ascending order. @example arr.forEach((v, i) => log(i, v)) */
  forEach(fn: (v: T, i: number) => void): void {
    walk(this.root, this.depth - 1, 0, fn);
  }

  /** Set entries in ascending index order. @example [...arr.entries()] */
  entries(): Array<[number, T]> {
    const out: Array<[number, T]> = [];
    this.forEach((v, i) => {
      out.push([i, v]);
    });
    return out;
  }
}

/** Whether the slot the last {@link setPath} wrote held a value before. */
let setPathHad = false;

function setPath<T>(
  node: Node<T> | undefined,
  i: number,
  v: T | undefined,
  level: number,
  width: number,
): Node<T> {
  const copy: Array<Node<T> | T | undefined> = node === undefined ? new Array(width) : node.slice();
  if (level === 0) {
    setPathHad = copy[i & MASK] !== undefined;
    copy[i & MASK] = v;
  } else {
    const slot = (i < 4294967296 ? i >>> (BITS * level) : Math.floor(i / WIDTH ** level)) & MASK;
    copy[slot] = setPath(copy[slot] as Node<T> | undefined, i, v, level - 1, WIDTH);
  }
  return copy;
}

function updateNodes<T>(
  node: Node<T> | undefined,
  level: number,
  base: number,
  indices: readonly number[],
  from: number,
  to: number,
  fn: (v: T | undefined, i: number) => T,
  width: number,
): Node<T> {
  const copy: Array<Node<T> | T | undefined> = node === undefined ? new Array(width) : node.slice();
  const span = WIDTH ** level;
  let k = from;
  while (k < to) {
    const slot = Math.floor((indices[k] - base) / span) & MASK;
    let end = k + 1;
    while (end < to && Math.floor((indices[end] - base) / span) === Math.floor((indices[k] - base) / span))
      end++;
    if (level === 0) copy[slot] = fn(copy[slot] as T | undefined, indices[k]);
    else
      copy[slot] = updateNodes(
        copy[slot] as Node<T> | undefined,
        level - 1,
        base + slot * span,
        indices,
        k,
        end,
        fn,
        WIDTH,
      );
    k = end;
  }
  return copy;
}

function mapNode<T>(
  node: Node<T> | undefined,
  level: number,
  base: number,
  fn: (v: T, i: number) => T,
): Node<T> | undefined {
  if (node === undefined) return undefined;
  let copy: Array<Node<T> | T | undefined> | null = null;
  for (let k = 0; k < node.length; k++) {
    const child = node[k];
    if (child === undefined) continue;
    const next =
      level === 0
        ? fn(child as T, base + k)
        : mapNode(child as Node<T>, level - 1, base + k * WIDTH ** level, fn);
    if (next !== child) {
      copy ??= node.slice();
      copy[k] = next;
    }
  }
  return copy ?? node;
}

function walk<T>(
  node: Node<T> | undefined,
  level: number,
  base: number,
  fn: (v: T, i: number) => void,
): void {
  if (node === undefined) return;
  for (let k = 0; k < node.length; k++) {
    const child = node[k];
    if (child === undefined) continue;
    const index = base + k * WIDTH ** level;
    if (level === 0) fn(child as T, index);
    else walk(child as Node<T>, level - 1, index, fn);
  }
}
