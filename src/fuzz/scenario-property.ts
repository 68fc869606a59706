import fc from 'fast-check';
import type { RunResult } from '../scenario/run-result';
import { runScenario } from '../scenario/run-scenario';
import type { ScenarioConfig } from '../scenario/scenario-config';
import type { BatchRecorder } from './batch-recorder';

/** Thrown by {@link scenarioProperty} when a generated scenario fails; carries the run's result. */
export class ScenarioFailure extends Error {
  constructor(readonly result: RunResult) {
    super(`${result.failure?.kind}: ${result.failure?.message}`);
    this.name = 'ScenarioFailure';
  }
}

/**
 * The fuzzing property: every generated scenario passes every check (value
 * oracle, frame oracle — `frame-content`, `stale-frame`, `no-effect` —,
 * end-of-run, final sweep, liveness, protocol). A failing run throws a
 * {@link ScenarioFailure} holding its result. A `recorder` sees every run's
 * result (for hazard coverage and detection time).
 *
 * @example
 * fc.assert(scenarioProperty(scenarioArbitrary()), { numRuns: 100, seed: 1 });
 */
export function scenarioProperty(
  arb: fc.Arbitrary<ScenarioConfig>,
  recorder?: BatchRecorder,
): fc.IPropertyWithHooks<[ScenarioConfig]> {
  return fc.property(arb, (config) => {
    const r = runScenario(config);
    recorder?.record(r);
    if (r.status !== 'pass') throw new ScenarioFailure(r);
  });
}
