import { type OrderingVerdict, orderingPlans } from '../fuzz/orderings';
import { ConfigError } from '../scenario/scenario-config';
import { type OrderingsCampaign, orderingsJson, orderingsTableLines } from './orderings-table';
import type { ShardResult } from './shard-result';

/**
 * A shard's part of an orderings table: the positions of its orderings, their verdicts and seconds.
 *
 * @example
 * const part: OrderingsShardPart = { indexes: [1, 4], verdicts, seconds: [0.2, 0.3] };
 */
export interface OrderingsShardPart {
  readonly indexes: readonly number[];
  readonly verdicts: readonly OrderingVerdict[];
  readonly seconds: readonly number[];
}

/**
 * `numasim merge` for orderings shards: the whole table — every ordering's
 * verdict at its place — printed as `orderings` prints it (text, `--all`,
 * or `--json`, with the shards' seconds under `timing`).
 *
 * @example
 * mergeOrderingsResults(readShardResults(paths), false, false);
 */
export function mergeOrderingsResults(
  shards: readonly ShardResult<unknown>[],
  json: boolean,
  all: boolean,
): void {
  const c = shards[0].campaign as unknown as OrderingsCampaign;
  const total = orderingPlans(c.steps).length;
  const verdicts: Array<OrderingVerdict | undefined> = Array.from({ length: total }, () => undefined);
  const seconds: number[] = new Array(total).fill(0);
  for (const s of shards) {
    const p = s.result as Partial<OrderingsShardPart>;
    if (!Array.isArray(p?.indexes) || !Array.isArray(p.verdicts) || p.verdicts.length !== p.indexes.length)
      throw new ConfigError(`shard ${s.shard.index}: no orderings in its result`);
    p.indexes.forEach((i, k) => {
      if (!Number.isSafeInteger(i) || i < 0 || i >= total || verdicts[i] !== undefined)
        throw new ConfigError(`shard ${s.shard.index}: ordering ${i} out of place`);
      verdicts[i] = p.verdicts![k];
      seconds[i] = p.seconds?.[k] ?? 0;
    });
  }
  const missing = verdicts.indexOf(undefined);
  if (missing >= 0) throw new ConfigError(`ordering ${missing} is in no shard's result`);
  const table = verdicts as OrderingVerdict[];
  const secs = Math.max(...shards.map((s) => s.elapsedSeconds));
  if (json) {
    const timing = { seconds: secs, shards: shards.length, orderingSeconds: seconds };
    process.stdout.write(`${JSON.stringify(orderingsJson(c, table, timing))}\n`);
    return;
  }
  const heading = { ...c, space: c.space.kind ?? 'dense', seconds: secs };
  process.stdout.write(`${orderingsTableLines(table, heading, all).join('\n')}\n`);
}
