import { randomInt } from 'node:crypto';
import { Command } from 'commander';
import type { CampaignFailure } from '../fuzz/campaign';
import { CLI_COMMAND } from './cli-command';
import { coverageLines } from './coverage-lines';
import { addFuzzSpaceFlags, type FuzzSpaceFlags, fuzzSpaceFromFlags } from './fuzz-flags';
import { Interrupt } from './interrupt';
import { checkOutputPath } from './output-path';
import { intArg } from './parse-number';

interface FuzzFlags extends FuzzSpaceFlags {
  runs?: number;
  time?: number;
  seed?: number;
  keepGoing?: boolean;
  failureFile?: string;
  json?: boolean;
  jobs?: number;
}

/** The replay command for a fuzz failure's seed and path, with the flags that define its space. */
function replayBySeed(f: CampaignFailure, argv: readonly string[]): string {
  const keep: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (['--runs', '--time', '--seed', '--failure-file'].includes(a)) i++;
    else if (a !== '--json' && a !== '--keep-going' && a !== 'fuzz') keep.push(a);
  }
  return [`${CLI_COMMAND} replay`, `--seed ${f.seed}`, `--path ${f.path}`, ...keep].join(' ');
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
    );
  addFuzzSpaceFlags(cmd);
  return cmd.action(async (flags: FuzzFlags) => {
    // loaded here, not at start-up: `numasim run` never needs fast-check
    const { runParallelCampaign }: typeof import('../fuzz/parallel-campaign') =
      require('../fuzz/parallel-campaign');
    const { counterexampleSize, describeCounterexample }: typeof import('../fuzz/describe-counterexample') =
      require('../fuzz/describe-counterexample');
    const {
      failureRecord,
      writeFailureFile,
    }: typeof import('../fuzz/failure-file') = require('../fuzz/failure-file');
    const { progressReporter }: typeof import('./progress') = require('./progress');
    const space = fuzzSpaceFromFlags(flags);
    const seed = flags.seed ?? randomInt(1, 2 ** 31 - 1);
    checkOutputPath('--failure-file', flags.failureFile ?? `numasim-failure-${seed}.json`);
    const interrupt = new Interrupt().install();
    const progress = progressReporter(flags.json === true && !process.stderr.isTTY, 'fuzz');
    const files: string[] = [];
    const argv = process.argv.slice(2);
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
        const path = files.length === 0 ? base : base.replace(/(\.json)?$/, `-${files.length + 1}$1`);
        const lines = describeCounterexample(f.config, f.result);
        try {
          writeFailureFile(
            path,
            failureRecord(
              f.result,
              'fuzz',
              {
                campaignSeed: seed,
                seed: f.seed,
                path: f.path,
                shrinks: f.shrinks,
                foundAfterRuns: f.foundAfterRuns,
              },
              lines,
            ),
          );
          files.push(path);
        } catch (e) {
          // keep fuzzing and keep the summary: the failure is still printed with its seed and path
          files.push(`(not written: ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
      },
    });
    progress.stop();
    interrupt.uninstall();
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify({
          seed,
          runs: summary.runs,
          failures: summary.failures.length,
          secondsToFirstFailure: summary.secondsToFirstFailure,
          secondsToDetect: summary.secondsToDetect,
          shrinkSeconds: summary.shrinkSeconds,
          space: space.kind ?? 'dense',
          runsWithMigration: summary.coverage.runsWithMigration,
          hazards: summary.coverage.hazards,
          elapsedSeconds: summary.elapsedSeconds,
          runsPerSecond: summary.runsPerSecond,
          interrupted: summary.interrupted,
          failureFiles: files,
          found: summary.failures.map((f, i) => ({
            seed: f.seed,
            path: f.path,
            kind: f.result.failure?.kind,
            message: f.result.failure?.message,
            cycle: f.result.failure?.cycle,
            size: counterexampleSize(f.config),
            shrinks: f.shrinks,
            failureFile: files[i],
          })),
          path: summary.failures[0]?.path ?? null,
        })}\n`,
      );
    } else {
      const out: string[] = [];
      out.push(
        `numasim fuzz — seed ${seed}: ${summary.runs} runs in ${summary.elapsedSeconds.toFixed(1)} s (${summary.runsPerSecond.toFixed(0)} runs/s), ${summary.failures.length} failure(s)${summary.interrupted ? ', stopped early' : ''}`,
        ...coverageLines(summary.coverage, space.kind ?? 'dense'),
      );
      summary.failures.forEach((f, i) => {
        out.push('');
        out.push(
          `FAILURE ${i + 1} after ${f.foundAfterRuns} runs (detected at ${f.secondsToDetect.toFixed(2)} s, shrunk in ${f.shrinkSeconds.toFixed(2)} s): ${f.result.failure?.kind}: ${f.result.failure?.message}`,
        );
        out.push(`  fast-check seed ${f.seed}, path ${f.path}, shrunk ${f.shrinks} time(s)`);
        out.push(...describeCounterexample(f.config, f.result).map((l) => `  ${l}`));
        out.push(`  failure file: ${files[i]}`);
        out.push(`  replay: ${CLI_COMMAND} replay ${files[i]}`);
        out.push(`      or: ${replayBySeed(f, argv)}`);
      });
      process.stdout.write(`${out.join('\n')}\n`);
    }
    process.exitCode = interrupt.requested ? interrupt.exitCode() : summary.failures.length > 0 ? 1 : 0;
  });
}
