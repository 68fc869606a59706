import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { DEFAULT_PLAN_NAMES, parsePlan } from '../controllers/migration-plan';
import type { OrderingVerdict } from '../fuzz/orderings';
import { ConfigError } from '../scenario/scenario-config';
import { addFuzzSpaceFlags, type FuzzSpaceFlags, fuzzSpaceFromFlags } from './fuzz-flags';
import { intArg } from './parse-number';

interface OrderingsFlags extends FuzzSpaceFlags {
  hazardMin?: number;
  maxRuns?: number;
  shrinkSteps?: number;
  seed?: number;
  steps?: string;
  jobs?: number;
  all?: boolean;
  json?: boolean;
}

/** Defaults shown in --help without loading fast-check (checked against DEFAULT_ORDERINGS_OPTIONS by a test). */
const HELP_DEFAULTS = { hazardMin: 100, maxRuns: 10000, shrinkSteps: 100 };

function parseSteps(text: string | undefined): string[] {
  if (text === undefined) return DEFAULT_PLAN_NAMES.slice();
  let steps: string[];
  try {
    steps = parsePlan(text).map((s) => s.name);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
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
    .option('--seed <n>', 'seed shared by every ordering (1)', intArg(-(2 ** 31), 2 ** 31 - 1))
    .option('--steps <steps>', `the steps to order (${DEFAULT_PLAN_NAMES.join(',')})`)
    .option('--space <kind>', 'dense (default, as fuzz) or classic')
    .option('--jobs <n>', 'worker threads (all cores); the table does not depend on it', intArg(1, 64))
    .option('--all', 'list every ordering, not only the safe ones and the omissions')
    .option('--json', 'print the whole table as JSON (timings apart, under "timing")');
  addFuzzSpaceFlags(cmd, false);
  return cmd.action(async (flags: OrderingsFlags) => {
    // loaded here, not at start-up: `numasim run` never needs fast-check
    const { DEFAULT_ORDERINGS_OPTIONS }: typeof import('../fuzz/orderings') = require('../fuzz/orderings');
    const { classifyOrderingsParallel }: typeof import('../fuzz/parallel-orderings') =
      require('../fuzz/parallel-orderings');
    const { progressReporter }: typeof import('./progress') = require('./progress');
    const { orderingsTableLines }: typeof import('./orderings-table') = require('./orderings-table');
    const space = fuzzSpaceFromFlags(flags);
    if (space.faults.length > 0)
      throw new ConfigError('orderings takes no --fault: the orderings are the faults');
    const steps = parseSteps(flags.steps);
    const options = {
      steps,
      seed: flags.seed ?? DEFAULT_ORDERINGS_OPTIONS.seed,
      hazardMin: flags.hazardMin ?? DEFAULT_ORDERINGS_OPTIONS.hazardMin,
      maxRuns: flags.maxRuns ?? DEFAULT_ORDERINGS_OPTIONS.maxRuns,
      shrinkSteps: flags.shrinkSteps ?? DEFAULT_ORDERINGS_OPTIONS.shrinkSteps,
      space,
    };
    const jobs = flags.jobs ?? Math.max(1, availableParallelism());
    // a progress line on a terminal only
    const progress = progressReporter(!process.stderr.isTTY, 'orderings', 'orderings', 'unsafe');
    let unsafeSoFar = 0;
    const t0 = performance.now();
    const onVerdict = (v: OrderingVerdict, done: number, total: number) => {
      if (!v.safe) unsafeSoFar++;
      progress.update(done, unsafeSoFar, (performance.now() - t0) / 1000, total);
    };
    const { verdicts, seconds } = await classifyOrderingsParallel({ ...options, onVerdict }, jobs);
    progress.stop();
    const secs = (performance.now() - t0) / 1000;
    if (flags.json) {
      const { space: s, ...rest } = options;
      const table = {
        ...rest,
        space: { kind: s.kind, bounds: s.bounds, oracle: s.oracle },
        orderings: verdicts,
      };
      process.stdout.write(
        `${JSON.stringify({ ...table, timing: { seconds: secs, jobs, orderingSeconds: seconds } })}\n`,
      );
      return;
    }
    const heading = { ...options, space: space.kind ?? 'dense', seconds: secs };
    process.stdout.write(`${orderingsTableLines(verdicts, heading, flags.all === true).join('\n')}\n`);
  });
}
