import { basePlanFor, faultyPlan, SCOPED_FAULTS } from '../../src/controllers/faults';
import { DEFAULT_PLAN_NAMES, parsePlan, SCOPED_PLAN_NAMES } from '../../src/controllers/migration-plan';
import { requiredHazards } from '../../src/oracle/hazard-requirements';
import { runScenario } from '../../src/scenario/run-scenario';
import { defaultScenarioConfig } from '../../src/scenario/scenario-config';

const SCOPED = SCOPED_PLAN_NAMES.join(',');
const small = {
  ...defaultScenarioConfig(),
  maxAddress: 8192,
  accesses: 300,
  interval: 100,
  sweep: true,
  seed: 3,
};

describe('page-scoped plan steps', () => {
  test('parse as page verbs to their groups', () => {
    expect(parsePlan(SCOPED).map((s) => (s.op === 'control' ? `${s.verb}@${s.group}` : s.op))).toEqual([
      'FencePage@ats',
      'DrainPage@ats',
      'FlushPage@caches',
      'copy',
      'repoint',
      'InvalidatePage@tlbs',
      'UnfencePage@ats',
    ]);
  });

  test('the scoped plan passes a run with the sweep, with one phase span per step', () => {
    const r = runScenario({ ...small, plan: SCOPED_PLAN_NAMES.slice() });
    expect(r.status).toBe('pass');
    expect(r.migrations).toBeGreaterThan(3);
    expect(r.migrationLog[0].phases.map((p) => p.name)).toEqual(SCOPED_PLAN_NAMES);
  });

  test('each scoped fault rewrites only scoped plans, and is caught on a small run', () => {
    expect(faultyPlan(DEFAULT_PLAN_NAMES, ['skip-page-drain'])).toEqual(DEFAULT_PLAN_NAMES);
    expect(faultyPlan(SCOPED_PLAN_NAMES, ['skip-page-drain'])).not.toContain('drain-page');
    expect(faultyPlan(SCOPED_PLAN_NAMES, ['flush-wrong-page'])).toContain('flush-next-page');
    expect(faultyPlan(SCOPED_PLAN_NAMES, ['unfence-before-invalidate']).slice(-3)).toEqual([
      'unfence-page',
      'wait-200',
      'invalidate-page',
    ]);
    for (const f of SCOPED_FAULTS) expect(basePlanFor(f, DEFAULT_PLAN_NAMES)).toEqual(SCOPED_PLAN_NAMES);
    expect(basePlanFor('skip-flush', DEFAULT_PLAN_NAMES)).toEqual(DEFAULT_PLAN_NAMES);
  });

  test('flush-wrong-page fails a run the scoped plan passes', () => {
    const cfg = { ...small, plan: SCOPED_PLAN_NAMES.slice(), faults: ['flush-wrong-page' as const] };
    expect(runScenario(cfg).status).toBe('fail');
  });

  test('hazard rules: the page steps count as their whole-machine counterparts', () => {
    expect(requiredHazards(SCOPED_PLAN_NAMES)).toEqual([
      'migration-under-traffic',
      'request-in-flight-at-quiesce',
      'dirty-l2-line-at-flush',
      'l1-line-at-invalidate',
      'tlb-entry-at-invalidate',
      'access-soon-after-enable',
      'page-round-trip',
      'back-to-back-migration',
    ]);
    // without the fence, the drain does not keep walks from crossing the repoint
    expect(requiredHazards(SCOPED_PLAN_NAMES.filter((n) => n !== 'fence-page'))).toContain(
      'walk-across-repoint',
    );
    // the neighbour's flush sees no line of the page
    expect(requiredHazards(faultyPlan(SCOPED_PLAN_NAMES, ['flush-wrong-page']))).not.toContain(
      'dirty-l2-line-at-flush',
    );
  });
});
