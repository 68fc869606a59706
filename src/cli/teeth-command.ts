import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { FAULT_NAMES } from '../controllers/faults';
import type { TeethCampaign } from '../fuzz/teeth';
import { addFuzzSpaceFlags, type FuzzSpaceFlags, fuzzSpaceFromFlags } from './fuzz-flags';
import { Interrupt } from './interrupt';
import { intArg } from './parse-number';
import { resolveShard, shardArg } from './shard-flag';
import { teethTableLines } from './teeth-table';

interface TeethFlags extends FuzzSpaceFlags {
  seeds?: number;
  runs?: number;
  json?: boolean;
  shard?: import('../fuzz/shard').Shard;
}

/**
 * `numasim teeth`: how well the fuzzer and oracle catch each fault of the
 * catalogue (or the `--fault`s given): campaigns per fault, detections, median
 * time and runs to the first failure, median shrunk counterexample size.
 * A progress bar on a terminal; SIGINT/SIGTERM print the rows of the
 * campaigns finished so far (with `--json`, an object marking the run
 * `interrupted`, as `orderings` and `fuzz` do) and exit 130/143. `--shard k/n` runs every
 * n-th campaign; `numasim merge` combines the shards' `--json` results.
 *
 * @example
 * program.addCommand(teethCommand());
 */
export function teethCommand(): Command {
  const cmd = new Command('teeth')
    .description("measure how fast the fuzzer catches each fault (the oracle's teeth)")
    .option('--seeds <n>', 'campaigns per fault, seeds 1…n (5)', intArg(1))
    .option('--runs <n>', 'budget of generated scenarios per campaign (400)', intArg(1))
    .option(
      '--json',
      'print the table as JSON: an array of rows (after SIGINT/SIGTERM an object: "interrupted", "finished", "total", "rows")',
    )
    .option(
      '--shard <k/n>',
      'run shard k of n of the campaigns (default from JOB_COMPLETION_INDEX and NUMASIM_SHARDS); combine the --json results with numasim merge',
      shardArg,
    );
  addFuzzSpaceFlags(cmd);
  return cmd.action(async (flags: TeethFlags) => {
    // loaded here, not at start-up: `numasim run` never needs fast-check
    const { runTeethCampaigns, teethRows }: typeof import('../fuzz/teeth') = require('../fuzz/teeth');
    const { progressReporter }: typeof import('./progress') = require('./progress');
    const space = fuzzSpaceFromFlags(flags);
    const shard = resolveShard(flags.shard);
    const faults = space.faults.length > 0 ? space.faults : FAULT_NAMES;
    const campaign = {
      seeds: flags.seeds ?? 5,
      runs: flags.runs ?? 400,
      faults,
      space: { ...space, faults: [] },
    };
    const label = shard === null ? 'teeth' : `teeth ${shard.index}/${shard.count}`;
    // a progress bar on a terminal only
    const progress = progressReporter(!process.stderr.isTTY, label, 'campaigns', 'undetected');
    let missed = 0;
    const t0 = performance.now();
    const interrupt = new Interrupt().install();
    const { campaigns, interrupted } = await runTeethCampaigns({
      ...campaign,
      shard,
      shouldStop: () => interrupt.requested,
      onCampaign: (c: TeethCampaign, done, total) => {
        if (c.found === null) missed++;
        progress.update(done, missed, (performance.now() - t0) / 1000, total);
      },
    });
    progress.stop();
    interrupt.uninstall();
    const secs = (performance.now() - t0) / 1000;
    const rows = teethRows(faults, campaigns);
    process.exitCode = interrupted ? interrupt.exitCode() : rows.every((r) => r.detected > 0) ? 0 : 1;
    if (shard !== null) {
      const { shardResult }: typeof import('./shard-result') = require('./shard-result');
      const argv = process.argv.slice(2);
      const out = shardResult('teeth', campaign, argv, shard, interrupted, secs, { campaigns });
      if (flags.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else
        process.stdout.write(
          `numasim teeth — shard ${shard.index}/${shard.count}: ${campaigns.length} campaigns, ${missed} undetected, ${secs.toFixed(0)} s${interrupted ? `, INTERRUPTED (${interrupt.signal})` : ''}\n  (run every shard with --json and combine them with: numasim merge RESULT…)\n`,
        );
      return;
    }
    if (flags.json) {
      const total = faults.length * campaign.seeds;
      const out = interrupted
        ? { interrupted: interrupt.signal, finished: campaigns.length, total, rows }
        : rows;
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return;
    }
    const out = teethTableLines(rows);
    if (interrupted)
      out.unshift(
        `INTERRUPTED (${interrupt.signal}): ${campaigns.length} of ${faults.length * campaign.seeds} campaigns finished; their rows follow (a row's campaigns count only those finished)`,
      );
    process.stdout.write(`${out.join('\n')}\n`);
  });
}
