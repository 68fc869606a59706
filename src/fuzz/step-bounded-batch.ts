import fc from 'fast-check';
import type { RunResult } from '../scenario/run-result';
import { runScenario } from '../scenario/run-scenario';
import type { ScenarioConfig } from '../scenario/scenario-config';
import { addRunCoverage, type CampaignCoverage, emptyCoverage } from './campaign-coverage';
import { ScenarioFailure } from './scenario-property';

/** What one step-bounded batch found. */
export interface StepBoundedOutcome {
  /** Property runs of the batch up to and including the first failing one (shrinking runs excluded). */
  readonly numRuns: number;
  /** Hazard coverage of those runs. */
  readonly coverage: CampaignCoverage;
  readonly failure: {
    /** fast-check path of the shrunk counterexample (replay with the batch's seed). */
    readonly path: string;
    readonly config: ScenarioConfig;
    readonly result: RunResult;
    /** Shrinking runs made (at most the batch's `shrinkSteps`). */
    readonly shrinkRuns: number;
    /** Shrinking steps fast-check accepted (smaller failing scenarios found). */
    readonly shrinks: number;
  } | null;
}

/**
 * Runs one batch of `numRuns` generated scenarios from fast-check seed
 * `seed` and shrinks the first failure with at most `shrinkSteps` shrinking
 * runs — a bound in steps, not time, so the same arguments give the same
 * counterexample on any machine under any load. Once the steps are spent,
 * every further shrink candidate is treated as passing without being run,
 * which ends the shrink at the smallest failure found so far.
 *
 * @example
 * const o = runStepBoundedBatch(scenarioArbitrary({ faults: ['skip-flush'] }), 1, 25, 200);
 * o.failure?.shrinkRuns; // ≤ 200
 */
export function runStepBoundedBatch(
  arb: fc.Arbitrary<ScenarioConfig>,
  seed: number,
  numRuns: number,
  shrinkSteps: number,
): StepBoundedOutcome {
  let coverage = emptyCoverage();
  let failed = false;
  let shrinkRuns = 0;
  const prop = fc.property(arb, (config) => {
    if (failed) {
      if (shrinkRuns >= shrinkSteps) return; // budget spent: accept no smaller failure
      shrinkRuns++;
    }
    const r = runScenario(config);
    if (!failed) coverage = addRunCoverage(coverage, r.hazards);
    if (r.status !== 'pass') {
      failed = true;
      throw new ScenarioFailure(r);
    }
  });
  const r = fc.check(prop, { seed, numRuns });
  if (r.failed && r.errorInstance instanceof ScenarioFailure && r.counterexample !== null) {
    return {
      numRuns: coverage.runs,
      coverage,
      failure: {
        path: r.counterexamplePath ?? '',
        config: r.counterexample[0],
        result: r.errorInstance.result,
        shrinkRuns,
        shrinks: r.numShrinks,
      },
    };
  }
  if (r.failed) throw r.errorInstance instanceof Error ? r.errorInstance : new Error(String(r.errorInstance));
  return { numRuns: r.numRuns, coverage, failure: null };
}
