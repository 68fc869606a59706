import { readFileSync } from 'node:fs';
import { canonicalJson, contentChecksum } from '../fuzz/checksum';
import type { Shard } from '../fuzz/shard';
import { unreadable } from '../scenario/input-wording';
import { ConfigError } from '../scenario/scenario-config';
import { toolVersion } from '../tool-version';

const FORMAT = 'numasim-shard';

/** The commands whose campaigns can be sharded. @example const c: ShardedCommand = 'fuzz'; */
export type ShardedCommand = 'fuzz' | 'orderings' | 'teeth';

/**
 * What a shard prints with `--json`: what identifies its campaign (tool
 * version, command, the options that decide the results, seed), which
 * shard it is, and its part of the results (`result`, per command).
 *
 * @example
 * const e: ShardResult<unknown> = shardResult('teeth', { seeds: 5 }, argv, { index: 1, count: 3 }, false, 4.2, rows);
 */
export interface ShardResult<T> {
  readonly format: typeof FORMAT;
  readonly formatVersion: 1;
  readonly toolVersion: string;
  readonly command: ShardedCommand;
  /** The options that decide the campaign's results; every shard of a campaign has the same. */
  readonly campaign: Record<string, unknown>;
  /** The shard's command line (for the replay lines of the merged report). */
  readonly argv: readonly string[];
  readonly shard: Shard;
  /** Stopped by a signal: the shard is incomplete and cannot be merged. */
  readonly interrupted: boolean;
  readonly elapsedSeconds: number;
  readonly result: T;
  /** {@link contentChecksum} of everything else: a result changed by hand or damaged is refused. */
  readonly checksum: string;
}

/**
 * A shard's result, stamped with this tool's version.
 *
 * @example
 * process.stdout.write(`${JSON.stringify(shardResult('fuzz', campaign, argv, shard, false, secs, batches))}\n`);
 */
export function shardResult<T>(
  command: ShardedCommand,
  campaign: Record<string, unknown>,
  argv: readonly string[],
  shard: Shard,
  interrupted: boolean,
  elapsedSeconds: number,
  result: T,
): ShardResult<T> {
  const body = {
    format: FORMAT as typeof FORMAT,
    formatVersion: 1 as const,
    toolVersion: toolVersion(),
    command,
    campaign,
    argv,
    shard,
    interrupted,
    elapsedSeconds,
    result,
  };
  return { ...body, checksum: contentChecksum(body) };
}

function isShard(s: unknown): s is Shard {
  if (s === null || typeof s !== 'object') return false;
  const { index, count } = s as Record<string, unknown>;
  return (
    Number.isSafeInteger(index) &&
    Number.isSafeInteger(count) &&
    1 <= (index as number) &&
    (index as number) <= (count as number)
  );
}

function readOne(path: string): ShardResult<unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read ${path}: ${unreadable(e)}`);
  }
  let j: Partial<ShardResult<unknown>>;
  try {
    j = JSON.parse(text);
  } catch {
    throw new ConfigError(`${path} is not valid JSON (truncated?)`);
  }
  const ok =
    j !== null &&
    typeof j === 'object' &&
    j.format === FORMAT &&
    j.formatVersion === 1 &&
    typeof j.toolVersion === 'string' &&
    (j.command === 'fuzz' || j.command === 'orderings' || j.command === 'teeth') &&
    j.campaign !== null &&
    typeof j.campaign === 'object' &&
    Array.isArray(j.argv) &&
    j.argv.every((a) => typeof a === 'string') &&
    isShard(j.shard) &&
    typeof j.interrupted === 'boolean' &&
    typeof j.elapsedSeconds === 'number' &&
    j.result !== undefined &&
    typeof j.checksum === 'string';
  if (!ok) throw new ConfigError(`${path} is not a shard result (make one with --shard k/n --json)`);
  const { checksum, ...body } = j;
  if (contentChecksum(body) !== checksum)
    throw new ConfigError(`${path} was modified after it was written (checksum mismatch)`);
  return j as ShardResult<unknown>;
}

/**
 * Reads the results of every shard of one campaign, in shard order.
 * Refuses, with a {@link ConfigError} of one line: a file that is not a
 * shard result, one made by another tool version, results of different
 * campaigns (command, options, seed or shard count), a shard given twice,
 * a missing shard, an interrupted one.
 *
 * @example
 * const shards = readShardResults(['s1.json', 's2.json', 's3.json']);
 */
export function readShardResults(paths: readonly string[]): ShardResult<unknown>[] {
  const all = paths.map((p) => ({ path: p, r: readOne(p) }));
  for (const { path, r } of all) {
    if (r.toolVersion !== toolVersion())
      throw new ConfigError(
        `${path} was made by numasim ${r.toolVersion}, this is numasim ${toolVersion()}: merge with the version that ran the shards`,
      );
  }
  const first = all[0];
  for (const { path, r } of all.slice(1)) {
    const what =
      r.command !== first.r.command
        ? `${r.command} vs ${first.r.command}`
        : r.shard.count !== first.r.shard.count
          ? `${r.shard.count} vs ${first.r.shard.count} shards`
          : Object.keys({ ...r.campaign, ...first.r.campaign })
              .filter((k) => canonicalJson(r.campaign[k]) !== canonicalJson(first.r.campaign[k]))
              .map((k) => `${k} differs`)
              .join(', ');
    if (what !== '')
      throw new ConfigError(`${path} and ${first.path} are shards of different campaigns (${what})`);
  }
  const n = first.r.shard.count;
  const byIndex = new Map<number, string>();
  for (const { path, r } of all) {
    const seen = byIndex.get(r.shard.index);
    if (seen !== undefined)
      throw new ConfigError(`shard ${r.shard.index}/${n} given twice (${seen} and ${path})`);
    byIndex.set(r.shard.index, path);
    if (r.interrupted)
      throw new ConfigError(`${path}: shard ${r.shard.index}/${n} was interrupted; run it again`);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0)
    throw new ConfigError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${n}`).join(', ')} missing`,
    );
  return all.map((x) => x.r).sort((a, b) => a.shard.index - b.shard.index);
}
