import type fc from 'fast-check';
import { type FaultName, faultyPlan } from '../controllers/faults';
import { DEFAULT_PLAN_NAMES } from '../controllers/migration-plan';
import type { ScenarioConfig } from '../scenario/scenario-config';
import { denseScenarioArbitrary } from './arbitraries/dense-scenario-arbitrary';
import { migrationPlanArbitrary } from './arbitraries/migration-plan-arbitrary';
import { type ScenarioBounds, scenarioArbitrary } from './arbitraries/scenario-arbitrary';
import { DENSE_SCENARIO_BOUNDS } from './arbitraries/scenario-bounds';

/**
 * Which scenarios a campaign generates: `dense` (the default) migrates
 * touched pages under traffic with fuzzed timing; `classic` is the earlier
 * distribution (1–3 devices, schedules anywhere in the first 1500 cycles,
 * default timing).
 *
 * @example
 * const k: FuzzSpaceKind = 'classic';
 */
export type FuzzSpaceKind = 'dense' | 'classic';

/** What a fuzz campaign generates: bounds, plan (fixed or mutated), faults, oracle. */
export interface FuzzSpace {
  /** The scenario distribution (absent: `dense`). */
  readonly kind?: FuzzSpaceKind;
  readonly bounds: ScenarioBounds;
  readonly plan: readonly string[];
  /** Generate plans near `plan` (steps dropped, duplicated, moved) instead of using it as is. */
  readonly mutatePlan: boolean;
  readonly faults: readonly FaultName[];
  readonly oracle: 'strict' | 'lenient';
}

/** The default space: dense scenarios (migrations under traffic, fuzzed timing), the reference plan, no faults, strict oracle. */
export const DEFAULT_FUZZ_SPACE: FuzzSpace = {
  kind: 'dense',
  bounds: DENSE_SCENARIO_BOUNDS,
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
  const arbitrary = space.kind === 'classic' ? scenarioArbitrary : denseScenarioArbitrary;
  return arbitrary({
    bounds: space.bounds,
    plan,
    planArbitrary: space.mutatePlan ? migrationPlanArbitrary(plan) : undefined,
    faults: componentFaults,
    oracle: space.oracle,
  });
}
