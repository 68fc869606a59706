import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { RunResult } from '../scenario/run-result';
import type { ScenarioConfig } from '../scenario/scenario-config';
import type { BatchRecorder } from './batch-recorder';
import { type CampaignCoverage, emptyCoverage } from './campaign-coverage';
import { ScenarioFailure } from './scenario-property';

/** What one batch of a campaign found: its runs and, if one failed, the shrunk counterexample. */
export interface BatchOutcome {
  /** Property runs of the batch (up to and including the failing one). */
  readonly numRuns: number;
  /** Hazard coverage of the batch's runs (not its shrinking runs); empty without a recorder. */
  readonly coverage: CampaignCoverage;
  readonly failure: {
    /** The batch's fast-check seed. */
    readonly seed: number;
    /** fast-check path of the shrunk counterexample. */
    readonly path: string;
    readonly config: ScenarioConfig;
    readonly result: RunResult;
    readonly shrinks: number;
    /** Seconds from the batch's start to the end of the first failing run (needs a recorder; else the whole batch). */
    readonly detectSeconds: number;
    /** Seconds spent shrinking after detection. */
    readonly shrinkSeconds: number;
  } | null;
}

/**
 * Runs one batch of a fuzzing campaign: `numRuns` scenarios of `prop` from
 * fast-check seed `seed`, shrinking the first failure for at most
 * `shrinkSeconds`. Throws what the property threw when it failed with
 * anything but a {@link ScenarioFailure} (an internal error, not a finding).
 * The same arguments always give the same outcome, in any thread. Pass
 * the `recorder` the property was built with to get the batch's coverage
 * and its detection and shrinking times.
 *
 * @example
 * const o = runCampaignBatch(scenarioProperty(scenarioArbitrary()), batchSeed(1, 0), 25, 60);
 * o.failure?.path;
 */
export function runCampaignBatch(
  prop: fc.IPropertyWithHooks<[ScenarioConfig]>,
  seed: number,
  numRuns: number,
  shrinkSeconds: number,
  recorder?: BatchRecorder,
): BatchOutcome {
  recorder?.reset();
  const t0 = performance.now();
  const r = fc.check(prop, {
    seed,
    numRuns,
    interruptAfterTimeLimit: shrinkSeconds * 1000,
    markInterruptAsFailure: false,
  });
  const t1 = performance.now();
  const coverage = recorder?.coverage ?? emptyCoverage();
  if (r.failed && r.errorInstance instanceof ScenarioFailure && r.counterexample !== null) {
    const detected = recorder?.detectedAt ?? t1;
    return {
      numRuns: r.numRuns,
      coverage,
      failure: {
        detectSeconds: (detected - t0) / 1000,
        shrinkSeconds: (t1 - detected) / 1000,
        seed,
        path: r.counterexamplePath ?? '',
        config: r.counterexample[0],
        result: r.errorInstance.result,
        shrinks: r.numShrinks,
      },
    };
  }
  if (r.failed) throw r.errorInstance instanceof Error ? r.errorInstance : new Error(String(r.errorInstance));
  return { numRuns: r.numRuns, coverage, failure: null };
}
