import type fc from 'fast-check';
import { type FaultName, faultyPlan } from '../controllers/faults';
import { DEFAULT_PLAN_NAMES } from '../controllers/migration-plan';
import type { ScenarioConfig } from '../scenario/scenario-config';
import { migrationPlanArbitrary } from './arbitraries/migration-plan-arbitrary';
import {
  DEFAULT_SCENARIO_BOUNDS,
  type ScenarioBounds,
  scenarioArbitrary,
} from './arbitraries/scenario-arbitrary';

/** What a fuzz campaign generates: bounds, plan (fixed or mutated), faults, oracle. */
export interface FuzzSpace {
  readonly bounds: ScenarioBounds;
  readonly plan: readonly string[];
  /** Generate plans near `plan` (steps dropped, duplicated, moved) instead of using it as is. */
  readonly mutatePlan: boolean;
  readonly faults: readonly FaultName[];
  readonly oracle: 'strict' | 'lenient';
}

/** The default space: small topologies, the reference plan, no faults, strict oracle. */
export const DEFAULT_FUZZ_SPACE: FuzzSpace = {
  bounds: DEFAULT_SCENARIO_BOUNDS,
  plan: DEFAULT_PLAN_NAMES,
  mutatePlan: false,
  faults: [],
  oracle: 'strict',
};

/**
 * The scenario arbitrary of a fuzz space. Plan-level faults are applied to
 * the plan here, so counterexamples show the plan that actually ran.
 *
 * @example
 * fuzzArbitrary({ ...DEFAULT_FUZZ_SPACE, faults: ['skip-flush'] });
 */
export function fuzzArbitrary(space: FuzzSpace): fc.Arbitrary<ScenarioConfig> {
  const componentFaults = space.faults.filter(
    (f) => f === 'datamover-absolute-window' || f === 'early-write-ack',
  );
  const plan = faultyPlan(space.plan, space.faults);
  return scenarioArbitrary({
    bounds: space.bounds,
    plan,
    planArbitrary: space.mutatePlan ? migrationPlanArbitrary(plan) : undefined,
    faults: componentFaults,
    oracle: space.oracle,
  });
}
