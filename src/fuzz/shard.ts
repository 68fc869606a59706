/**
 * One of `count` parts of a campaign: shard `index` (1-based) takes the
 * items (batches, orderings, campaigns) whose position `i` (0-based) has
 * `i % count === index - 1` — round robin, so every shard gets early and
 * late items alike, and the partition depends only on `index` and `count`.
 *
 * @example
 * const s: Shard = { index: 2, count: 3 }; // items 1, 4, 7, …
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Whether item `i` (0-based) belongs to `shard` (every item belongs to the
 * whole campaign, `shard` null).
 *
 * @example
 * inShard(4, { index: 2, count: 3 }) === true;
 */
export function inShard(i: number, shard: Shard | null): boolean {
  return shard === null || i % shard.count === shard.index - 1;
}

/**
 * The text form `k/n` of a shard.
 *
 * @example
 * shardText({ index: 2, count: 3 }) === '2/3';
 */
export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
