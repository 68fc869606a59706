import type { FaultName } from '../controllers/faults';
import { type TeethCampaign, teethRows } from '../fuzz/teeth';
import { ConfigError } from '../scenario/scenario-config';
import type { ShardResult } from './shard-result';
import { teethTableLines } from './teeth-table';

/** What identifies a sharded `teeth` run (every shard has the same). @example const c: TeethCampaignSet = { seeds: 5, runs: 400, faults: ['skip-flush'], space }; */
export interface TeethCampaignSet {
  readonly seeds: number;
  readonly runs: number;
  readonly faults: readonly FaultName[];
  readonly space: unknown;
}

/**
 * `numasim merge` for teeth shards: the table `teeth` prints (text or
 * `--json`) from every shard's campaigns, and its exit status (1 when a
 * fault went undetected).
 *
 * @example
 * mergeTeethResults(readShardResults(paths), true);
 */
export function mergeTeethResults(shards: readonly ShardResult<unknown>[], json: boolean): void {
  const c = shards[0].campaign as unknown as TeethCampaignSet;
  const campaigns: TeethCampaign[] = [];
  for (const s of shards) {
    const r = s.result as { campaigns?: unknown };
    if (!Array.isArray(r?.campaigns))
      throw new ConfigError(`shard ${s.shard.index}: no campaigns in its result`);
    campaigns.push(...(r.campaigns as TeethCampaign[]));
  }
  const keys = new Set(campaigns.map((x) => `${x.fault}:${x.seed}`));
  if (keys.size !== campaigns.length || keys.size !== c.faults.length * c.seeds)
    throw new ConfigError(
      `the shards hold ${campaigns.length} campaigns (${keys.size} distinct), not ${c.faults.length * c.seeds}`,
    );
  const rows = teethRows(c.faults, campaigns);
  if (json) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else process.stdout.write(`${teethTableLines(rows).join('\n')}\n`);
  process.exitCode = rows.every((r) => r.detected > 0) ? 0 : 1;
}
