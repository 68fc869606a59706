import { randomInt } from 'node:crypto';
import { Command } from 'commander';
import { addFuzzSpaceFlags, type FuzzSpaceFlags, fuzzSpaceFromFlags } from './fuzz-flags';
import type { FuzzShardFlags } from './fuzz-shard';
import { Interrupt } from './interrupt';
import { checkDistinctOutputs, checkOutputPath } from './output-path';
import { intArg } from './parse-number';
import { resolveShard, shardArg } from './shard-flag';

interface FuzzFlags extends FuzzSpaceFlags, FuzzShardFlags {
  shard?: import('../fuzz/shard').Shard;
}

/**
 * `numasim fuzz`: a property-based fuzzing campaign over small topologies,
 * random access streams, migration schedules and tie-break orders. On a
 * failure it prints the shrunk counterexample and a replay command and
 * writes a failure file. Exit 0: no failure; 1: failure found; 2: bad input.
 *
 * @example
 * program.addCommand(fuzzCommand());
 */
export function fuzzCommand(): Command {
  const cmd = new Command('fuzz')
    .description('fuzz migration orderings and interleavings; shrink and record failures')
    .option('--runs <n>', 'scenarios to run (default 1000, or unlimited with --time)', intArg(1))
    .option('--time <seconds>', 'wall-clock budget', intArg(1))
    .option('--seed <n>', 'campaign seed (default: random, always printed)', intArg(0, 2 ** 31 - 1))
    .option('--keep-going', 'keep fuzzing after a failure')
    .option('--failure-file <path>', 'where to write the failure (default numasim-failure-<seed>.json)')
    .option('--json', 'print a JSON summary on stdout')
    .option(
      '--jobs <n>',
      'worker threads (default 1: this thread); any number finds the same failures as --jobs 1 — worth it for long campaigns',
      intArg(1, 256),
    )
    .option(
      '--shard <k/n>',
      'run shard k of n of the campaign (needs --runs and --seed; default from JOB_COMPLETION_INDEX and NUMASIM_SHARDS); combine the --json results with numasim merge',
      shardArg,
    );
  addFuzzSpaceFlags(cmd);
  return cmd.action(async (flags: FuzzFlags) => {
    // loaded here, not at start-up: `numasim run` never needs fast-check
    const { runParallelCampaign }: typeof import('../fuzz/parallel-campaign') =
      require('../fuzz/parallel-campaign');
    const { fuzzJson, fuzzText, failureFileName, writeCampaignFailure }: typeof import('./fuzz-report') =
      require('./fuzz-report');
    const { progressReporter }: typeof import('./progress') = require('./progress');
    const space = fuzzSpaceFromFlags(flags);
    const shard = resolveShard(flags.shard);
    const seed = flags.seed ?? randomInt(1, 2 ** 31 - 1);
    checkOutputPath('--failure-file', flags.failureFile ?? `numasim-failure-${seed}.json`);
    checkDistinctOutputs([['--failure-file', flags.failureFile]], { json: flags.json });
    const argv = process.argv.slice(2);
    if (shard !== null) {
      const { fuzzShardCommand }: typeof import('./fuzz-shard') = require('./fuzz-shard');
      const interrupt = new Interrupt().install();
      try {
        await fuzzShardCommand(flags, space, shard, interrupt, argv);
      } finally {
        interrupt.uninstall();
      }
      return;
    }
    const interrupt = new Interrupt().install();
    const progress = progressReporter(
      flags.json === true && !process.stderr.isTTY,
      'fuzz',
      'runs',
      'failure(s)',
      {
        timeSeconds: flags.time,
      },
    );
    const files: string[] = [];
    const summary = await runParallelCampaign({
      space,
      jobs: flags.jobs ?? 1,
      seed,
      runs: flags.runs,
      timeSeconds: flags.time,
      keepGoing: flags.keepGoing,
      shouldStop: () => interrupt.requested,
      onProgress: (p) => progress.update(p.runs, p.failures, p.elapsedSeconds, p.total),
      onFailure: (f) => {
        const base = flags.failureFile ?? `numasim-failure-${seed}.json`;
        files.push(writeCampaignFailure(failureFileName(base, files.length), f, seed));
      },
    });
    progress.stop();
    interrupt.uninstall();
    if (flags.json) process.stdout.write(`${JSON.stringify(fuzzJson(summary, space, files))}\n`);
    else process.stdout.write(`${fuzzText(summary, space, files, argv).join('\n')}\n`);
    process.exitCode = interrupt.requested ? interrupt.exitCode() : summary.failures.length > 0 ? 1 : 0;
  });
}
