import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { RunResult } from '../scenario/run-result';
import type { ScenarioConfig } from '../scenario/scenario-config';
import { BatchRecorder } from './batch-recorder';
import { runCampaignBatch } from './campaign-batch';
import { type CampaignCoverage, emptyCoverage, mergeCoverage } from './campaign-coverage';
import { ScenarioFailure, scenarioProperty } from './scenario-property';

/** One failure a campaign found, shrunk. */
export interface CampaignFailure {
  /** fast-check seed of the batch that found it (replay with `path`). */
  readonly seed: number;
  /** fast-check path of the shrunk counterexample. */
  readonly path: string;
  /** The shrunk counterexample: a complete scenario configuration. */
  readonly config: ScenarioConfig;
  /** The failing run of the shrunk counterexample. */
  readonly result: RunResult;
  readonly shrinks: number;
  /** Runs of the whole campaign until this failure was found (before shrinking). */
  readonly foundAfterRuns: number;
  /** Seconds from the campaign's start until it was found and shrunk. */
  readonly secondsToFind: number;
  /** Seconds from the campaign's start until its failing run ended (before shrinking). */
  readonly secondsToDetect: number;
  /** Seconds spent shrinking it. */
  readonly shrinkSeconds: number;
}

/** What a campaign did. */
export interface CampaignSummary {
  readonly seed: number;
  readonly runs: number;
  readonly failures: readonly CampaignFailure[];
  /** Seconds to the first failure, shrinking included. */
  readonly secondsToFirstFailure: number | null;
  /** Seconds to the detection of the first failure (its failing run), shrinking excluded. */
  readonly secondsToDetect: number | null;
  /** Seconds spent shrinking the first failure. */
  readonly shrinkSeconds: number | null;
  /** Runs, runs with a migration under traffic, and per hazard the runs that exercised it. */
  readonly coverage: CampaignCoverage;
  readonly elapsedSeconds: number;
  readonly runsPerSecond: number;
  /** True when stopped early (time budget, stop request). */
  readonly interrupted: boolean;
}

/**
 * Scenarios per fast-check batch of every campaign `numasim` runs (`fuzz`,
 * sharded or not, any `--jobs`, and `orderings`); the library's default
 * `batch`. A counterexample's fast-check path starts with its run's index
 * within its batch, so a path printed by `numasim` starts with 0 to
 * `CAMPAIGN_BATCH - 1`.
 *
 * @example
 * const batches = Math.ceil(1000 / CAMPAIGN_BATCH); // 40 batches for --runs 1000
 */
export const CAMPAIGN_BATCH = 25;

/** Options of {@link runCampaign}. */
export interface CampaignOptions {
  readonly arbitrary: fc.Arbitrary<ScenarioConfig>;
  readonly seed: number;
  /** Generated scenarios to run (default 1000 unless `timeSeconds`). */
  readonly runs?: number;
  /** Wall-clock budget in seconds. */
  readonly timeSeconds?: number;
  /** Keep fuzzing after a failure (default: stop at the first). */
  readonly keepGoing?: boolean;
  /** Scenarios per fast-check batch (default 25, `CAMPAIGN_BATCH`); the event loop runs between batches. */
  readonly batch?: number;
  /** Longest shrinking of one failure, in seconds (default 60). */
  readonly shrinkSeconds?: number;
  /** Asked between batches; true ends the campaign (e.g. after Ctrl-C). */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (p: {
    runs: number;
    failures: number;
    elapsedSeconds: number;
    total: number | null;
  }) => void;
  readonly onFailure?: (f: CampaignFailure) => void;
}

/**
 * The seed of batch `i` of a campaign seeded `seed` (a 32-bit mix, so
 * batches are independent and reproducible).
 *
 * @example
 * batchSeed(1, 0) !== batchSeed(1, 1);
 */
export function batchSeed(seed: number, i: number): number {
  let x = (seed ^ Math.imul(i + 1, 0x9e3779b1)) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

/**
 * Runs a fuzzing campaign: batches of generated scenarios checked with
 * {@link scenarioProperty}, each batch a fast-check run with its own seed,
 * shrinking every failure. Yields to the event loop between batches so a
 * stop request (Ctrl-C) ends the campaign cleanly with every failure found
 * so far.
 *
 * @example
 * const s = await runCampaign({ arbitrary: scenarioArbitrary({ faults: ['skip-flush'] }), seed: 1, runs: 200 });
 * s.failures[0]?.path;
 */
export async function runCampaign(o: CampaignOptions): Promise<CampaignSummary> {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const total = o.timeSeconds === undefined ? (o.runs ?? 1000) : (o.runs ?? null);
  const batch = o.batch ?? CAMPAIGN_BATCH;
  const failures: CampaignFailure[] = [];
  let runs = 0;
  let interrupted = false;
  let coverage = emptyCoverage();
  const recorder = new BatchRecorder();
  const prop = scenarioProperty(o.arbitrary, recorder);
  for (let i = 0; ; i++) {
    if (total !== null && runs >= total) break;
    if (o.timeSeconds !== undefined && elapsed() >= o.timeSeconds) {
      interrupted = total !== null;
      break;
    }
    if (o.shouldStop?.()) {
      interrupted = true;
      break;
    }
    const seed = batchSeed(o.seed, i);
    const numRuns = total === null ? batch : Math.min(batch, total - runs);
    const batchStart = elapsed();
    const outcome = runCampaignBatch(prop, seed, numRuns, o.shrinkSeconds ?? 60, recorder);
    runs += outcome.numRuns;
    coverage = mergeCoverage(coverage, outcome.coverage);
    if (outcome.failure !== null) {
      const { detectSeconds, ...found } = outcome.failure;
      const f: CampaignFailure = {
        ...found,
        foundAfterRuns: runs,
        secondsToFind: elapsed(),
        secondsToDetect: batchStart + detectSeconds,
      };
      failures.push(f);
      o.onFailure?.(f);
      if (!o.keepGoing) break;
    }
    o.onProgress?.({ runs, failures: failures.length, elapsedSeconds: elapsed(), total });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return campaignSummary(o.seed, runs, failures, elapsed(), interrupted, coverage);
}

/**
 * The summary of a campaign that made `runs` runs in `seconds` and found
 * `failures` (in the order found).
 *
 * @example
 * campaignSummary(1, 200, [], 0.8, false).runsPerSecond === 250;
 */
export function campaignSummary(
  seed: number,
  runs: number,
  failures: readonly CampaignFailure[],
  seconds: number,
  interrupted: boolean,
  coverage: CampaignCoverage = emptyCoverage(),
): CampaignSummary {
  return {
    seed,
    runs,
    failures,
    secondsToFirstFailure: failures.length > 0 ? failures[0].secondsToFind : null,
    secondsToDetect: failures.length > 0 ? failures[0].secondsToDetect : null,
    shrinkSeconds: failures.length > 0 ? failures[0].shrinkSeconds : null,
    coverage,
    elapsedSeconds: seconds,
    runsPerSecond: seconds > 0 ? runs / seconds : 0,
    interrupted,
  };
}

/**
 * Replays one counterexample from a batch seed and fast-check path, without
 * further shrinking. Returns the failing run, or null if that path no longer
 * fails (the generators changed) or leads nowhere (a shrink index beyond the
 * candidates fast-check has).
 *
 * @example
 * replayPath(scenarioArbitrary({ faults: ['skip-flush'] }), f.seed, f.path);
 */
export function replayPath(
  arbitrary: fc.Arbitrary<ScenarioConfig>,
  seed: number,
  path: string,
): { config: ScenarioConfig; result: RunResult } | null {
  let r: fc.RunDetails<[ScenarioConfig]>;
  try {
    r = fc.check(scenarioProperty(arbitrary), { seed, path, endOnFailure: true, numRuns: 1 });
  } catch (e) {
    // a shrink index past the end of its shrink stream: no such counterexample
    if (e instanceof Error && e.message.startsWith('Unable to replay')) return null;
    throw e;
  }
  if (r.failed && r.errorInstance instanceof ScenarioFailure && r.counterexample !== null) {
    return { config: r.counterexample[0], result: r.errorInstance.result };
  }
  return null;
}
