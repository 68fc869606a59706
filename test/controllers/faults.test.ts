import { type FAULT_NAMES, faultyPlan } from '../../src/controllers/faults';
import { DEFAULT_PLAN_NAMES, parsePlan, planToString } from '../../src/controllers/migration-plan';

describe('fault catalogue as plan changes', () => {
  const plan = (f: (typeof FAULT_NAMES)[number]) => faultyPlan(DEFAULT_PLAN_NAMES, [f]).join(',');
  test.each([
    ['skip-flush', 'drain-robs,pause-rest,copy,repoint,invalidate,enable-all'],
    ['skip-invalidate', 'drain-robs,pause-rest,flush-l2,copy,repoint,enable-all'],
    ['skip-tlb-invalidate', 'drain-robs,pause-rest,flush-l2,copy,repoint,invalidate-caches,enable-all'],
    ['skip-drain', 'pause-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all'],
    ['drain-all', 'drain-all,flush-l2,copy,repoint,invalidate,enable-all'],
    ['copy-before-flush', 'drain-robs,pause-rest,copy,flush-l2,repoint,invalidate,enable-all'],
    [
      'enable-before-invalidate',
      'drain-robs,pause-rest,flush-l2,copy,repoint,enable-all,wait-200,drain-robs,pause-rest,invalidate,enable-all',
    ],
    ['datamover-absolute-window', DEFAULT_PLAN_NAMES.join(',')],
  ] as const)('%s', (fault, expected) => {
    expect(plan(fault)).toBe(expected);
    expect(() => parsePlan(expected)).not.toThrow();
  });

  test('unknown plan steps are rejected with a one-line message', () => {
    expect(() => parsePlan('drain-robs,teleport')).toThrow(/^unknown plan step 'teleport'/);
  });

  test('wait-N steps and the empty plan parse', () => {
    expect(parsePlan('wait-5')).toEqual([{ name: 'wait-5', op: 'wait', cycles: 5 }]);
    expect(parsePlan('')).toEqual([]);
    expect(planToString(parsePlan(DEFAULT_PLAN_NAMES.join(',')))).toBe(DEFAULT_PLAN_NAMES.join(','));
  });
});
