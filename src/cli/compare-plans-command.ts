import { Command } from 'commander';
import type { PlanComparison, PlanMetrics } from '../compare/plan-comparison';
import { writeFileAtomic } from '../report/write-file-atomic';
import type { RunResult } from '../scenario/run-result';
import { ConfigError } from '../scenario/scenario-config';
import { groupDigits } from '../stats/group-digits';
import { Interrupt, nextTurn } from './interrupt';
import { checkDistinctOutputs, checkOutputPath } from './output-path';
import { choiceArg, intArg } from './parse-number';
import { planFlag } from './plan-flag';
import { configFromFlags, type RunFlags } from './run-command';

interface CompareFlags extends RunFlags {
  fuzzRuns?: number;
  fuzzSeed?: number;
}

const row = (label: string, cells: readonly string[]) =>
  `  ${label.padEnd(30)}${cells.map((c) => c.padStart(16)).join('')}`;

/**
 * The comparison as a text table: one column per plan.
 *
 * @example
 * process.stdout.write(formatComparison(c));
 */
export function formatComparison(c: PlanComparison): string {
  const p = c.plans;
  const col = (f: (m: PlanMetrics) => string) => p.map(f);
  const heading = `numasim compare-plans — seed ${c.seed}: ${c.config.agents} agent(s) × ${groupDigits(c.config.accesses)} reads + writes, max address ${groupDigits(c.config.maxAddress)}, ${c.config.devices} device(s), interval ${groupDigits(c.config.interval)}${c.config.sweep ? '' : ', no sweep'}`;
  // stopped before a plan's column was complete: no table of empty cells
  if (c.interrupted && p.length === 0)
    return `${heading}\n  INTERRUPTED: stopped before ${c.baselineEnd === 0 ? 'the no-migration run ended' : 'plan A was compared'}; no plan compared\n`;
  const lines = [
    heading,
    ...p.map((m, i) => `  plan ${String.fromCharCode(65 + i)}: ${m.plan.join(',')}`),
    `  no-migration workload end: cycle ${groupDigits(c.baselineEnd)}`,
    row(
      '',
      p.map((_, i) => `plan ${String.fromCharCode(65 + i)}`),
    ),
    row(
      'status',
      col((m) => m.status.toUpperCase()),
    ),
    row(
      'workload end (cycle)',
      col((m) => groupDigits(m.workloadEnd)),
    ),
    row(
      'vs no migration',
      col((m) => `${m.endRatio.toFixed(2)}×`),
    ),
    row(
      'migrations completed',
      col((m) => groupDigits(m.migrations)),
    ),
    row(
      'migration mean / max (cyc)',
      col((m) => `${groupDigits(Math.round(m.migrationMean))} / ${groupDigits(m.migrationMax)}`),
    ),
    ...Array.from({ length: c.config.agents }, (_, a) =>
      row(
        `agent ${a} blocked (cycles)`,
        col((m) => groupDigits(m.blockedPerAgent[a] ?? 0)),
      ),
    ),
    row(
      'latency p50 / p99 (cycles)',
      col((m) => `${groupDigits(m.latencyP50)} / ${groupDigits(m.latencyP99)}`),
    ),
    row(
      'throughput (acc / kcycle)',
      col((m) => m.throughput.toFixed(2)),
    ),
    row(
      `safety: fuzz runs (seed ${p[0]?.safety.seed ?? 1})`,
      col((m) => groupDigits(m.safety.runs)),
    ),
    row(
      'hazards covered / required',
      col((m) => `${m.safety.covered.length} / ${m.safety.required.length}`),
    ),
    row(
      'verdict',
      col((m) => (m.safety.failureKind ? `${m.safety.verdict} (${m.safety.failureKind})` : m.safety.verdict)),
    ),
  ];
  if (c.interrupted) lines.push('  INTERRUPTED: the plans after the last column were not compared');
  return `${lines.join('\n')}\n`;
}

/**
 * `numasim compare-plans PLAN_A PLAN_B [run flags] [--json]`: the same
 * workload and seed under each plan (and without migration), side by side,
 * with each plan's safety evidence from a fuzz campaign of `--fuzz-runs`
 * runs. SIGINT/SIGTERM stop it between slices of work (exit 130/143) with
 * what was compared so far.
 *
 * @example
 * program.addCommand(comparePlansCommand());
 */
export function comparePlansCommand(): Command {
  return new Command('compare-plans')
    .description('run one workload under two plans and compare cost and safety evidence')
    .argument('<planA>', 'the first plan, comma-separated steps')
    .argument('<planB>', 'the second plan')
    .option('--agents <n>', 'memory-access agents, 1 to 64', intArg(1, 64))
    .option('--accesses <n>', 'reads, and writes, per agent', intArg(0))
    .option('--max-address <bytes>', 'per-agent address range in bytes', intArg(4, 2 ** 31))
    .option('--devices <n>', 'memory devices, 2 to 16', intArg(2, 16))
    .option('--interval <cycles>', 'idle cycles between migrations', intArg(0))
    .option('--seed <n>', 'the seed (random when omitted; always printed)', intArg(0))
    .option('--oracle <mode>', 'strict or lenient', choiceArg(['strict', 'lenient'] as const))
    .option('--shuffle-ties', 'seeded reordering of same-cycle events')
    .option('--no-sweep', 'skip the final read-back of every written address')
    .option('--watchdog <cycles>', 'liveness watchdog', intArg(1))
    .option('--config <file>', 'a JSON file with configuration fields')
    .option('--fuzz-runs <n>', 'fuzz runs per plan for the safety evidence, 0 for none (400)', intArg(0))
    .option('--fuzz-seed <n>', 'the safety campaigns’ seed (1)', intArg(0))
    .option('--report <file>', 'write an HTML report of plan A’s run with the comparison')
    .option('--json', 'one JSON object with a `plans` array')
    .action(async (a: string, b: string, flags: CompareFlags) => {
      const plans = [planFlag('PLAN_A', a), planFlag('PLAN_B', b)];
      const config = configFromFlags({ ...flags, plan: undefined });
      if (flags.report !== undefined) checkOutputPath('--report', flags.report);
      checkDistinctOutputs([['--report', flags.report]], {
        inputs: [['the --config file', flags.config]],
        json: flags.json,
      });
      // loaded here: only this command needs fast-check and the comparison
      const {
        comparePlans,
      }: typeof import('../compare/plan-comparison') = require('../compare/plan-comparison');
      const interrupt = new Interrupt().install();
      let first: RunResult | null = null;
      let c: PlanComparison;
      try {
        c = await comparePlans(config, plans, {
          fuzzRuns: flags.fuzzRuns ?? 400,
          fuzzSeed: flags.fuzzSeed ?? 1,
          shouldStop: () => interrupt.requested,
          yieldTurn: nextTurn,
          onRun: (_p, r) => {
            first ??= r;
          },
        });
      } finally {
        interrupt.uninstall();
      }
      if (flags.json)
        process.stdout.write(`${JSON.stringify({ ...c, status: c.interrupted ? 'interrupted' : 'done' })}\n`);
      else process.stdout.write(formatComparison(c));
      if (flags.report !== undefined && first !== null && !c.interrupted) {
        const { renderHtmlReport }: typeof import('../report/html-report') = require('../report/html-report');
        try {
          writeFileAtomic(flags.report, renderHtmlReport(first, { comparison: c }));
        } catch (e) {
          throw new ConfigError(
            `cannot write report ${flags.report}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          );
        }
        if (!flags.json) process.stdout.write(`  report: ${flags.report}\n`);
      }
      if (interrupt.signal !== null) process.exitCode = interrupt.exitCode();
      else if (c.plans.some((p) => p.status === 'fail')) process.exitCode = 1;
    });
}
