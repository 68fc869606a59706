import { Command } from 'commander';
import { ConfigError } from '../scenario/scenario-config';
import { readShardResults } from './shard-result';

interface MergeFlags {
  json?: boolean;
  all?: boolean;
}

/**
 * `numasim merge RESULT…`: combines the `--json` results of every shard of
 * one sharded campaign (`fuzz`, `orderings` or `teeth` with `--shard k/n`)
 * into exactly what the unsharded command reports — text, or `--json` —
 * with its exit status; fuzz failure files are written under the names
 * the unsharded campaign gives them. Refuses (exit 2, one line) results of
 * different campaigns or tool versions, a missing, duplicated or
 * interrupted shard.
 *
 * @example
 * program.addCommand(mergeCommand());
 */
export function mergeCommand(): Command {
  return new Command('merge')
    .description('combine the --json results of the shards of one campaign into the unsharded report')
    .argument('<result...>', 'shard results (files printed by fuzz/orderings/teeth --shard k/n --json)')
    .option('--json', 'print the merged report as JSON (as the unsharded command with --json)')
    .option('--all', 'orderings: list every ordering, as orderings --all')
    .action(async (paths: string[], flags: MergeFlags) => {
      const shards = readShardResults(paths);
      const json = flags.json === true;
      if (flags.all === true && shards[0].command !== 'orderings')
        throw new ConfigError(`merge --all is for orderings results; these are ${shards[0].command} results`);
      if (shards[0].command === 'fuzz') {
        const { mergeFuzzResults }: typeof import('./fuzz-shard') = require('./fuzz-shard');
        await mergeFuzzResults(shards, json);
      } else if (shards[0].command === 'orderings') {
        const { mergeOrderingsResults }: typeof import('./orderings-shard') = require('./orderings-shard');
        mergeOrderingsResults(shards, json, flags.all === true);
      } else {
        const { mergeTeethResults }: typeof import('./teeth-shard') = require('./teeth-shard');
        mergeTeethResults(shards, json);
      }
    });
}
