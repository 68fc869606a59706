import { InvalidArgumentError } from 'commander';
import type { Shard } from '../fuzz/shard';
import { ConfigError } from '../scenario/scenario-config';

/** Most shards of one campaign. */
const MAX_SHARDS = 10000;

/**
 * A commander parser for `--shard k/n`: whole numbers, 1 ≤ k ≤ n ≤ 10000.
 *
 * @example
 * new Command('fuzz').option('--shard <k/n>', 'run shard k of n', shardArg);
 */
export function shardArg(value: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected k/n, e.g. 2/3.');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new InvalidArgumentError(`n must be 1 to ${MAX_SHARDS}.`);
  if (index < 1 || index > count) throw new InvalidArgumentError('k must be 1 to n.');
  return { index, count };
}

/**
 * The shard to run: the `--shard` flag if given, else a Kubernetes Indexed
 * Job's `JOB_COMPLETION_INDEX` (0-based) with the shard count in
 * `NUMASIM_SHARDS` (the manifest sets it to the Job's `completions`), else
 * none. `NUMASIM_SHARDS` without an index, or values out of range, throw a
 * {@link ConfigError}; an index without `NUMASIM_SHARDS` is not a shard
 * (an Indexed Job may index its pods for other reasons).
 *
 * @example
 * resolveShard(undefined, { JOB_COMPLETION_INDEX: '1', NUMASIM_SHARDS: '3' }); // { index: 2, count: 3 }
 */
export function resolveShard(flag: Shard | undefined, env: NodeJS.ProcessEnv = process.env): Shard | null {
  if (flag !== undefined) return flag;
  const count = env.NUMASIM_SHARDS;
  if (count === undefined || count === '') return null;
  const index = env.JOB_COMPLETION_INDEX;
  if (index === undefined || index === '')
    throw new ConfigError('NUMASIM_SHARDS is set but JOB_COMPLETION_INDEX is not (or use --shard k/n)');
  if (!/^\d+$/.test(index) || !/^\d+$/.test(count))
    throw new ConfigError(`JOB_COMPLETION_INDEX=${index} NUMASIM_SHARDS=${count}: expected whole numbers`);
  try {
    return shardArg(`${Number(index) + 1}/${count}`);
  } catch (e) {
    throw new ConfigError(
      `JOB_COMPLETION_INDEX=${index} NUMASIM_SHARDS=${count}: ${(e as Error).message.replace(/\.$/, '')}`,
    );
  }
}
