import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { DEFAULT_PLAN_NAMES } from '../controllers/migration-plan';
import type { OrderingVerdict } from '../fuzz/orderings';
import { ConfigError } from '../scenario/scenario-config';
import { addFuzzSpaceFlags, type FuzzSpaceFlags, fuzzSpaceFromFlags } from './fuzz-flags';
import { Interrupt } from './interrupt';
import { intArg } from './parse-number';
import { planFlag } from './plan-flag';
import { resolveShard, shardArg } from './shard-flag';

interface OrderingsFlags extends FuzzSpaceFlags {
  hazardMin?: number;
  maxRuns?: number;
  shrinkSteps?: number;
  seed?: number;
  steps?: string;
  jobs?: number;
  all?: boolean;
  json?: boolean;
  shard?: import('../fuzz/shard').Shard;
}

/** Defaults shown in --help without loading fast-check (checked against DEFAULT_ORDERINGS_OPTIONS by a test). */
const HELP_DEFAULTS = { hazardMin: 100, maxRuns: 10000, shrinkSteps: 100 };

function parseSteps(text: string | undefined): string[] {
  if (text === undefined) return DEFAULT_PLAN_NAMES.slice();
  if (text.split(',').every((x) => x.trim() === ''))
    throw new ConfigError('--steps is empty: give the steps to order, e.g. drain-robs,copy,repoint');
  const steps = planFlag('--steps', text);
  const twice = steps.find((x, i) => steps.indexOf(x) !== i);
  if (twice !== undefined)
    throw new ConfigError(`--steps names ${twice} twice: give each step once (omissions are added)`);
  if (steps.length > 8) throw new ConfigError('--steps: at most 8 steps (8! = 40320 orderings)');
  return steps;
}

/**
 * `numasim orderings`: classifies every ordering of the migration plan's
 * steps (all permutations plus each single-step omission). Each ordering
 * runs the fuzz space's scenarios until one fails (then its counterexample
 * is shrunk with a bounded number of runs) or until every hazard its plan
 * can exercise has been exercised in `--hazard-min` runs, at most
 * `--max-runs` runs; a safe row states that evidence. The same flags give
 * the same table (timing apart), whatever `--jobs`.
 *
 * @example
 * program.addCommand(orderingsCommand());
 */
export function orderingsCommand(): Command {
  const cmd = new Command('orderings')
    .description('classify every ordering of the migration steps as safe (with its evidence) or unsafe')
    .option(
      '--hazard-min <k>',
      `a safe ordering has exercised each hazard its plan can reach in at least k runs (${HELP_DEFAULTS.hazardMin})`,
      intArg(0),
    )
    .option('--max-runs <n>', `most runs per ordering (${HELP_DEFAULTS.maxRuns})`, intArg(1))
    .option(
      '--shrink-steps <n>',
      `most shrinking runs per counterexample (${HELP_DEFAULTS.shrinkSteps})`,
      intArg(0),
    )
    .option(
      '--seed <n>',
      'seed shared by every ordering (default: random, printed in the heading)',
      intArg(0, 2 ** 31 - 1),
    )
    .option('--steps <steps>', `the steps to order (${DEFAULT_PLAN_NAMES.join(',')})`)
    .option('--space <kind>', 'dense (default, as fuzz) or classic')
    .option('--jobs <n>', 'worker threads (all cores); the table does not depend on it', intArg(1, 64))
    .option('--all', 'list every ordering, not only the safe ones and the omissions')
    .option('--json', 'print the whole table as JSON (timings apart, under "timing")')
    .option(
      '--shard <k/n>',
      'classify shard k of n of the orderings (needs --seed; default from JOB_COMPLETION_INDEX and NUMASIM_SHARDS); combine the --json results with numasim merge',
      shardArg,
    );
  addFuzzSpaceFlags(cmd, false);
  return cmd.action(async (flags: OrderingsFlags) => {
    // loaded here, not at start-up: `numasim run` never needs fast-check
    const { DEFAULT_ORDERINGS_OPTIONS, orderingPlans }: typeof import('../fuzz/orderings') =
      require('../fuzz/orderings');
    const { classifyOrderingsParallel }: typeof import('../fuzz/parallel-orderings') =
      require('../fuzz/parallel-orderings');
    const { progressReporter }: typeof import('./progress') = require('./progress');
    const { orderingsJson, orderingsTableLines }: typeof import('./orderings-table') =
      require('./orderings-table');
    const { inShard }: typeof import('../fuzz/shard') = require('../fuzz/shard');
    const space = fuzzSpaceFromFlags(flags);
    if (space.faults.length > 0)
      throw new ConfigError('orderings takes no --fault: the orderings are the faults');
    const steps = parseSteps(flags.steps);
    const shard = resolveShard(flags.shard);
    if (shard !== null && flags.seed === undefined)
      throw new ConfigError('--shard needs --seed: every shard must classify with the same seed');
    const options = {
      steps,
      seed: flags.seed ?? randomInt(0, 2 ** 31 - 1),
      hazardMin: flags.hazardMin ?? DEFAULT_ORDERINGS_OPTIONS.hazardMin,
      maxRuns: flags.maxRuns ?? DEFAULT_ORDERINGS_OPTIONS.maxRuns,
      shrinkSteps: flags.shrinkSteps ?? DEFAULT_ORDERINGS_OPTIONS.shrinkSteps,
      space,
    };
    const all = orderingPlans(steps);
    const indexes = all.map((_, i) => i).filter((i) => inShard(i, shard));
    const jobs = flags.jobs ?? Math.max(1, availableParallelism());
    // a progress line on a terminal only
    const label = shard === null ? 'orderings' : `orderings ${shard.index}/${shard.count}`;
    // signals handled before anything is drawn: a Ctrl-C as the bar appears still gets the summary
    const interrupt = new Interrupt().install();
    const progress = progressReporter(!process.stderr.isTTY, label, 'orderings', 'unsafe');
    // drawn at once, at 0: the first ordering alone can take seconds
    progress.update(0, 0, 0, indexes.length);
    let unsafeSoFar = 0;
    const t0 = performance.now();
    const onVerdict = (v: OrderingVerdict, done: number, total: number) => {
      if (!v.safe) unsafeSoFar++;
      progress.update(done, unsafeSoFar, (performance.now() - t0) / 1000, total);
    };
    const { verdicts, seconds, interrupted } = await classifyOrderingsParallel(
      { ...options, plans: indexes.map((i) => all[i]), onVerdict },
      jobs,
      () => interrupt.requested,
    );
    progress.stop();
    interrupt.uninstall();
    const secs = (performance.now() - t0) / 1000;
    process.exitCode = interrupted ? interrupt.exitCode() : 0;
    if (shard !== null) {
      const { shardResult }: typeof import('./shard-result') = require('./shard-result');
      const { space: s, ...rest } = options;
      const campaign = { ...rest, space: { kind: s.kind, bounds: s.bounds, oracle: s.oracle } };
      const part = { indexes: indexes.slice(0, verdicts.length), verdicts, seconds };
      const argv = process.argv.slice(2);
      const out = shardResult('orderings', campaign, argv, shard, interrupted, secs, part);
      if (flags.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else
        process.stdout.write(
          `numasim orderings — seed ${options.seed}, shard ${shard.index}/${shard.count}: ${verdicts.length} of ${indexes.length} orderings classified, ${unsafeSoFar} unsafe, ${secs.toFixed(0)} s${interrupted ? `, INTERRUPTED (${interrupt.signal})` : ''}\n  (run every shard with --json and combine them with: numasim merge RESULT…)\n`,
        );
      return;
    }
    if (flags.json) {
      const timing = { seconds: secs, jobs, orderingSeconds: seconds };
      const table = orderingsJson(options, verdicts, timing);
      process.stdout.write(
        `${JSON.stringify(interrupted ? { ...table, interrupted: interrupt.signal } : table)}\n`,
      );
      return;
    }
    const heading = { ...options, space: space.kind ?? 'dense', seconds: secs };
    const lines = orderingsTableLines(verdicts, heading, flags.all === true || interrupted);
    if (interrupted)
      lines.unshift(
        `INTERRUPTED (${interrupt.signal}): ${verdicts.length} of ${all.length} orderings classified; the partial table follows (every ordering finished, in order)`,
      );
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
