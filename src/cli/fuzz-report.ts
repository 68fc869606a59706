import type { CampaignFailure, CampaignSummary } from '../fuzz/campaign';
import { counterexampleSize, describeCounterexample } from '../fuzz/describe-counterexample';
import { failureRecord, writeFailureFile } from '../fuzz/failure-file';
import type { FuzzSpace } from '../fuzz/fuzz-options';
import { CLI_COMMAND } from './cli-command';
import { coverageLines } from './coverage-lines';

/** Flags that do not define the campaign's space, with whether they take a value. */
const NOT_SPACE: Record<string, boolean> = {
  '--runs': true,
  '--time': true,
  '--seed': true,
  '--failure-file': true,
  '--shard': true,
  '--jobs': true,
  '--json': false,
  '--keep-going': false,
  fuzz: false,
};

/** The replay command for a fuzz failure's seed and path, with the flags that define its space. */
function replayBySeed(f: CampaignFailure, argv: readonly string[]): string {
  const keep: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.replace(/=.*$/, '');
    if (name in NOT_SPACE) {
      if (NOT_SPACE[name] && !a.includes('=')) i++;
    } else keep.push(a);
  }
  return [`${CLI_COMMAND} replay`, `--seed ${f.seed}`, `--path ${f.path}`, ...keep].join(' ');
}

/**
 * The name of the `n`-th failure file (0-based) of a campaign writing to
 * `base`: `base` itself, then `base-2.json`, `base-3.json`, …
 *
 * @example
 * failureFileName('numasim-failure-1.json', 1) === 'numasim-failure-1-2.json';
 */
export function failureFileName(base: string, n: number): string {
  return n === 0 ? base : base.replace(/(\.json)?$/, `-${n + 1}$1`);
}

/**
 * Writes a fuzz failure's file; returns its path, or a `(not written: …)`
 * note when it cannot be written (the failure is still reported by seed
 * and path).
 *
 * @example
 * files.push(writeCampaignFailure('numasim-failure-1.json', f, 1));
 */
export function writeCampaignFailure(path: string, f: CampaignFailure, campaignSeed: number): string {
  const lines = describeCounterexample(f.config, f.result);
  try {
    writeFailureFile(
      path,
      failureRecord(
        f.result,
        'fuzz',
        { campaignSeed, seed: f.seed, path: f.path, shrinks: f.shrinks, foundAfterRuns: f.foundAfterRuns },
        lines,
      ),
    );
    return path;
  } catch (e) {
    return `(not written: ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
}

/**
 * What `fuzz --json` prints for a campaign (also what `merge --json` prints
 * for the campaign's shards).
 *
 * @example
 * process.stdout.write(`${JSON.stringify(fuzzJson(summary, space, files))}\n`);
 */
export function fuzzJson(s: CampaignSummary, space: FuzzSpace, files: readonly string[]): object {
  return {
    seed: s.seed,
    runs: s.runs,
    failures: s.failures.length,
    secondsToFirstFailure: s.secondsToFirstFailure,
    secondsToDetect: s.secondsToDetect,
    shrinkSeconds: s.shrinkSeconds,
    space: space.kind ?? 'dense',
    runsWithMigration: s.coverage.runsWithMigration,
    hazards: s.coverage.hazards,
    elapsedSeconds: s.elapsedSeconds,
    runsPerSecond: s.runsPerSecond,
    interrupted: s.interrupted,
    failureFiles: files,
    found: s.failures.map((f, i) => ({
      seed: f.seed,
      path: f.path,
      kind: f.result.failure?.kind,
      message: f.result.failure?.message,
      cycle: f.result.failure?.cycle,
      size: counterexampleSize(f.config),
      shrinks: f.shrinks,
      failureFile: files[i],
    })),
    path: s.failures[0]?.path ?? null,
  };
}

/**
 * The text summary `fuzz` prints for a campaign: a heading, the coverage,
 * then each failure with its counterexample, failure file and replay
 * commands (`argv`: the campaign's command line, for the replay-by-seed line).
 *
 * @example
 * process.stdout.write(`${fuzzText(summary, space, files, process.argv.slice(2)).join('\n')}\n`);
 */
export function fuzzText(
  s: CampaignSummary,
  space: FuzzSpace,
  files: readonly string[],
  argv: readonly string[],
): string[] {
  const out: string[] = [
    `numasim fuzz — seed ${s.seed}: ${s.runs} runs in ${s.elapsedSeconds.toFixed(1)} s (${s.runsPerSecond.toFixed(0)} runs/s), ${s.failures.length} failure(s)${s.interrupted ? ', stopped early' : ''}`,
    ...coverageLines(s.coverage, space.kind ?? 'dense'),
  ];
  s.failures.forEach((f, i) => {
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
  return out;
}
