import fc from 'fast-check';
import { DEFAULT_PLAN_NAMES } from '../../src/controllers/migration-plan';
import { denseScenarioArbitrary } from '../../src/fuzz/arbitraries/dense-scenario-arbitrary';
import { migrationPlanArbitrary } from '../../src/fuzz/arbitraries/migration-plan-arbitrary';
import { HAZARD_NAMES } from '../../src/oracle/hazard-names';
import { requiredHazards } from '../../src/oracle/hazard-requirements';
import { runScenario } from '../../src/scenario/run-scenario';

/** Steps beyond the reference's, so the rule's finer groups (drain-rest, invalidate-l2, …) are tried too. */
const POOL = [
  ...DEFAULT_PLAN_NAMES,
  'invalidate-l1',
  'invalidate-l2',
  'invalidate-tlbs',
  'drain-rest',
  'drain-all',
  'pause-all',
];

const planArbitrary = fc.oneof(
  migrationPlanArbitrary(),
  fc.shuffledSubarray(DEFAULT_PLAN_NAMES.slice(), { minLength: 7, maxLength: 7 }),
  fc.shuffledSubarray(POOL, { minLength: 3, maxLength: 8 }),
);

describe('the hazard requirement rule is sound', () => {
  it('a run never exercises a hazard its plan is said not to reach (so no "safe" waits for it in vain)', () => {
    fc.assert(
      fc.property(
        planArbitrary.chain((plan) => denseScenarioArbitrary({ plan }).map((config) => ({ plan, config }))),
        ({ plan, config }) => {
          const required = new Set(requiredHazards(plan));
          const r = runScenario(config);
          const beyond = HAZARD_NAMES.filter((h) => r.hazards[h] > 0 && !required.has(h));
          expect({ plan: plan.join(','), beyond }).toEqual({ plan: plan.join(','), beyond: [] });
        },
      ),
      { numRuns: 150, seed: 13 },
    );
  }, 240_000);
});
