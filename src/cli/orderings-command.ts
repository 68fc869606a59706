import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Command } from 'commander';
import { DEFAULT_PLAN_NAMES, parsePlan } from '../controllers/migration-plan';
import type { classifyOrderings, OrderingVerdict } from '../fuzz/orderings';
import { ConfigError } from '../scenario/scenario-config';
import { addFuzzSpaceFlags, type FuzzSpaceFlags, fuzzSpaceFromFlags } from './fuzz-flags';
import { intArg } from './parse-number';

interface OrderingsFlags extends FuzzSpaceFlags {
  budget?: number;
  seed?: number;
  steps?: string;
  shrinkMs?: number;
  jobs?: number;
  all?: boolean;
  json?: boolean;
}

function runWorkers(
  options: Parameters<typeof classifyOrderings>[0],
  jobs: number,
): Promise<OrderingVerdict[]> {
  const { onVerdict, ...data } = options;
  const { orderingPlans }: typeof import('../fuzz/orderings') = require('../fuzz/orderings');
  const all = orderingPlans(options.steps ?? DEFAULT_PLAN_NAMES);
  const key = (p: readonly string[]) => p.join(',');
  const index = new Map(all.map((p, i) => [`${p.variant}:${key(p.plan)}`, i]));
  const found: Array<OrderingVerdict | undefined> = new Array(all.length);
  let done = 0;
  return new Promise((resolve, reject) => {
    let running = jobs;
    for (let shard = 0; shard < jobs; shard++) {
      const w = new Worker(join(__dirname, '..', 'fuzz', 'orderings-worker.js'), {
        workerData: { ...data, shard, shards: jobs },
      });
      w.on('message', (v: OrderingVerdict) => {
        found[index.get(`${v.variant}:${key(v.plan)}`)!] = v;
        onVerdict?.(v, ++done, all.length);
      });
      w.on('error', reject);
      w.on('exit', () => {
        if (--running === 0) resolve(found.filter((v): v is OrderingVerdict => v !== undefined));
      });
    }
  });
}

/**
 * `numasim orderings`: fuzzes every ordering of the migration plan's steps
 * (all permutations plus each single-step omission) against the same
 * generated scenarios and prints which are safe, how the unsafe ones fail
 * and the smallest counterexample found — the map of correct migration
 * orderings.
 *
 * @example
 * program.addCommand(orderingsCommand());
 */
export function orderingsCommand(): Command {
  const cmd = new Command('orderings')
    .description('classify every ordering of the migration steps as safe or unsafe')
    .option('--budget <n>', 'generated scenarios per permutation (40; omissions get 15×)', intArg(1))
    .option('--seed <n>', 'seed shared by every ordering (1)', intArg(-(2 ** 31), 2 ** 31 - 1))
    .option('--steps <steps>', `the steps to order (${DEFAULT_PLAN_NAMES.join(',')})`)
    .option('--shrink-ms <ms>', 'time per ordering for finding and shrinking a failure (100)', intArg(1))
    .option('--jobs <n>', 'worker threads (all cores)', intArg(1, 64))
    .option('--all', 'list every ordering, not only the safe ones and a summary')
    .option('--json', 'print the whole table as JSON');
  addFuzzSpaceFlags(cmd, false);
  return cmd.action(async (flags: OrderingsFlags) => {
    // loaded here, not at start-up: `numasim run` never needs fast-check
    const {
      classifyOrderings,
      ORDERINGS_BOUNDS,
    }: typeof import('../fuzz/orderings') = require('../fuzz/orderings');
    const { progressReporter }: typeof import('./progress') = require('./progress');
    const space = fuzzSpaceFromFlags({ ...flags, space: 'classic' }); // orderings keeps its own scenarios
    if (space.faults.length > 0)
      throw new ConfigError('orderings takes no --fault: the orderings are the faults');
    let steps = DEFAULT_PLAN_NAMES.slice();
    if (flags.steps !== undefined) {
      try {
        steps = parsePlan(flags.steps).map((s) => s.name);
      } catch (e) {
        throw new ConfigError((e as Error).message);
      }
      if (steps.length > 8) throw new ConfigError('--steps: at most 8 steps (8! = 40320 orderings)');
    }
    const custom = ['maxAgents', 'maxDevices', 'maxAccesses', 'maxMigrations', 'ranges', 'horizon'].some(
      (k) => (flags as Record<string, unknown>)[k] !== undefined,
    );
    const options = {
      steps,
      budget: flags.budget ?? 40,
      seed: flags.seed ?? 1,
      bounds: custom ? space.bounds : ORDERINGS_BOUNDS,
      perOrderingMs: flags.shrinkMs ?? 100,
    };
    const jobs = flags.jobs ?? Math.max(1, availableParallelism());
    const progress = progressReporter(
      flags.json === true && !process.stderr.isTTY,
      'orderings',
      'orderings',
      'unsafe',
    );
    let unsafeSoFar = 0;
    const t0 = performance.now();
    const onVerdict = (v: OrderingVerdict, done: number, total: number) => {
      if (!v.safe) unsafeSoFar++;
      progress.update(done, unsafeSoFar, (performance.now() - t0) / 1000, total);
    };
    const table =
      jobs > 1 && __filename.endsWith('.js')
        ? await runWorkers({ ...options, onVerdict }, jobs)
        : classifyOrderings({ ...options, onVerdict });
    progress.stop();
    const secs = (performance.now() - t0) / 1000;
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ ...options, seconds: secs, orderings: table })}\n`);
      return;
    }
    const unsafe = table.filter((v) => !v.safe);
    const byKind = new Map<string, OrderingVerdict[]>();
    for (const v of unsafe) byKind.set(v.kind!, [...(byKind.get(v.kind!) ?? []), v]);
    const out = [
      `numasim orderings — ${table.length} orderings of ${steps.join(',')} (${steps.length}! permutations + ${steps.length} omissions), ${options.budget} scenarios each, seed ${options.seed}, ${secs.toFixed(0)} s`,
      `safe: ${table.length - unsafe.length}   unsafe: ${unsafe.length} (${[...byKind.entries()].map(([k, v]) => `${k} ${v.length}`).join(', ')})`,
      '',
      'ordering                                                           verdict  failure    size',
    ];
    const row = (v: OrderingVerdict) =>
      `${(v.variant === 'omission' ? '(omit) ' : '') + v.plan.join(',')}`.padEnd(67) +
      `${v.safe ? 'safe' : 'UNSAFE'}`.padEnd(9) +
      `${v.kind ?? '-'}`.padEnd(11) +
      `${v.size ?? '-'}`;
    for (const v of flags.all ? table : table.filter((x) => x.safe || x.variant === 'omission'))
      out.push(row(v));
    if (!flags.all) {
      out.push('');
      for (const [k, vs] of byKind) {
        const smallest = vs.reduce((a, b) => ((b.size ?? 1e9) < (a.size ?? 1e9) ? b : a));
        out.push(
          `${k}: ${vs.length} orderings; smallest counterexample ${smallest.size} (${smallest.plan.join(',')}): ${smallest.message}`,
        );
      }
      out.push('(--all lists every ordering; --json prints the whole table)');
    }
    process.stdout.write(`${out.join('\n')}\n`);
  });
}
