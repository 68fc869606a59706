import { DEFAULT_PLAN_NAMES } from '../../src/controllers/migration-plan';
import { classifyOrderings, ORDERINGS_BOUNDS, orderingPlans, permutations } from '../../src/fuzz/orderings';

describe('ordering map', () => {
  test('permutations are complete and distinct; omissions drop one step each', () => {
    const p = permutations(['a', 'b', 'c', 'd']);
    expect(p).toHaveLength(24);
    expect(new Set(p.map((x) => x.join(''))).size).toBe(24);
    expect(p[0]).toEqual(['a', 'b', 'c', 'd']);
    const all = orderingPlans(DEFAULT_PLAN_NAMES);
    expect(all).toHaveLength(5040 + 7);
    expect(all.filter((x) => x.variant === 'omission').map((x) => x.plan.length)).toEqual([
      6, 6, 6, 6, 6, 6, 6,
    ]);
  });

  test('the reference plan is safe; the catalogue orderings are unsafe (seed 1, default budget)', () => {
    const plan = (s: string) => s.split(',');
    const verdicts = classifyOrderings({
      budget: 40,
      seed: 1,
      bounds: ORDERINGS_BOUNDS,
      perOrderingMs: 100,
      plans: [
        {
          plan: plan('drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all'),
          variant: 'permutation',
        },
        {
          plan: plan('drain-robs,pause-rest,copy,flush-l2,repoint,invalidate,enable-all'),
          variant: 'permutation',
        },
        {
          plan: plan('drain-robs,pause-rest,flush-l2,copy,repoint,enable-all,invalidate'),
          variant: 'permutation',
        },
        {
          plan: plan('pause-rest,drain-robs,flush-l2,copy,repoint,invalidate,enable-all'),
          variant: 'permutation',
        },
        { plan: plan('drain-robs,pause-rest,copy,repoint,invalidate,enable-all'), variant: 'omission' },
        { plan: plan('drain-robs,pause-rest,flush-l2,copy,repoint,enable-all'), variant: 'omission' },
        { plan: plan('pause-rest,flush-l2,copy,repoint,invalidate,enable-all'), variant: 'omission' },
      ],
    });
    expect(verdicts.map((v) => (v.safe ? 'safe' : v.kind))).toEqual([
      'safe', // the reference
      'stale-frame', // copy before flush: the flush writes back into the copied-from frame
      'protocol', // enable before invalidate: Invalidate reaches enabled components
      'liveness', // pause before drain: the ROBs cannot drain through paused ATs
      'mismatch', // skip the flush
      'stale-frame', // skip the invalidation: stale lines and translations reach the old frame
      'stale-frame', // skip the drain: requests already below the ROBs complete at the old slot
    ]);
    for (const v of verdicts.filter((x) => !x.safe)) expect(v.size).toBeGreaterThan(0);
  });
});
