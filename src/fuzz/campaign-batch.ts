import fc from 'fast-check';
import type { RunResult } from '../scenario/run-result';
import type { ScenarioConfig } from '../scenario/scenario-config';
import { ScenarioFailure } from './scenario-property';

/** What one batch of a campaign found: its runs and, if one failed, the shrunk counterexample. */
export interface BatchOutcome {
  /** Property runs of the batch (up to and including the failing one). */
  readonly numRuns: number;
  readonly failure: {
    /** The batch's fast-check seed. */
    readonly seed: number;
    /** fast-check path of the shrunk counterexample. */
    readonly path: string;
    readonly config: ScenarioConfig;
    readonly result: RunResult;
    readonly shrinks: number;
  } | null;
}

/**
 * Runs one batch of a fuzzing campaign: `numRuns` scenarios of `prop` from
 * fast-check seed `seed`, shrinking the first failure for at most
 * `shrinkSeconds`. Throws what the property threw when it failed with
 * anything but a {@link ScenarioFailure} (an internal error, not a finding).
 * The same arguments always give the same outcome, in any thread.
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
): BatchOutcome {
  const r = fc.check(prop, {
    seed,
    numRuns,
    interruptAfterTimeLimit: shrinkSeconds * 1000,
    markInterruptAsFailure: false,
  });
  if (r.failed && r.errorInstance instanceof ScenarioFailure && r.counterexample !== null) {
    return {
      numRuns: r.numRuns,
      failure: {
        seed,
        path: r.counterexamplePath ?? '',
        config: r.counterexample[0],
        result: r.errorInstance.result,
        shrinks: r.numShrinks,
      },
    };
  }
  if (r.failed) throw r.errorInstance instanceof Error ? r.errorInstance : new Error(String(r.errorInstance));
  return { numRuns: r.numRuns, failure: null };
}
