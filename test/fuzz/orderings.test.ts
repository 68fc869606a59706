import { DEFAULT_PLAN_NAMES } from '../../src/controllers/migration-plan';
import { runCampaign } from '../../src/fuzz/campaign';
import { DEFAULT_FUZZ_SPACE, fuzzArbitrary } from '../../src/fuzz/fuzz-options';
import {
  classifyOrderings,
  DEFAULT_ORDERINGS_OPTIONS,
  type OrderingVerdict,
  orderingPlans,
  permutations,
} from '../../src/fuzz/orderings';
import { HAZARD_NAMES } from '../../src/oracle/hazard-names';
import { requiredHazards } from '../../src/oracle/hazard-requirements';

const REFERENCE = 'drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all';
/** Enables the hierarchy before the copy: `orderings` once called it safe; `fuzz --plan` breaks it in 9–25 runs. */
const ENABLE_BEFORE_COPY = 'drain-robs,pause-rest,flush-l2,invalidate,enable-all,copy,repoint';
const permutation = (s: string) => ({ plan: s.split(','), variant: 'permutation' as const });
const omission = (s: string) => ({ plan: s.split(','), variant: 'omission' as const });

/** Small but real evidence, so the suite stays quick. */
const K = 20;
const options = { seed: 1, hazardMin: K, maxRuns: 1500, shrinkSteps: 60 };

/** The check a reader of the table relies on: no failure, and every hazard the plan can exercise seen in ≥ k runs. */
function evidenceHolds(v: OrderingVerdict, k: number): boolean {
  return v.safe && requiredHazards(v.plan).every((h) => v.hazards[h] >= k);
}

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

  test('the reference plan is safe with its evidence: no failure in N runs, each reachable hazard ≥ K', () => {
    const [v] = classifyOrderings({ ...options, plans: [permutation(REFERENCE)] });
    expect(v).toMatchObject({ safe: true, covered: true, kind: null, size: null });
    expect(v.required).toEqual(requiredHazards(v.plan));
    expect(v.required).not.toContain('walk-across-repoint'); // it drains first: no walk is open at the repoint
    for (const h of v.required) expect(v.hazards[h]).toBeGreaterThanOrEqual(K);
    expect(evidenceHolds(v, K)).toBe(true);
    // it stopped as soon as the evidence was there: the batch before did not have it
    expect(v.runs).toBeLessThan(options.maxRuns);
    expect(v.runs % 25).toBe(0);
    expect(Object.keys(v.hazards)).toEqual([...HAZARD_NAMES]);
  });

  test('known-unsafe orderings are unsafe, each with its failure kind and a shrunk counterexample', () => {
    const verdicts = classifyOrderings({
      ...options,
      plans: [
        permutation(ENABLE_BEFORE_COPY),
        permutation('drain-robs,pause-rest,copy,flush-l2,repoint,invalidate,enable-all'),
        permutation('drain-robs,pause-rest,flush-l2,copy,repoint,enable-all,invalidate'),
        permutation('pause-rest,drain-robs,flush-l2,copy,repoint,invalidate,enable-all'),
        omission('drain-robs,pause-rest,copy,repoint,invalidate,enable-all'),
        omission('drain-robs,pause-rest,flush-l2,copy,repoint,enable-all'),
      ],
    });
    expect(verdicts.map((v) => (v.safe ? 'safe' : v.kind))).toEqual([
      'stale-frame', // enable before the copy: requests reach the old frame after its copy began
      'stale-frame', // copy before flush: the flush writes back into the copied-from frame
      'protocol', // enable before invalidate: Invalidate reaches enabled components
      'liveness', // pause before drain: the ROBs cannot drain through paused ATs
      'mismatch', // skip the flush
      'stale-frame', // skip the invalidation: stale lines and translations reach the old frame
    ]);
    for (const v of verdicts) {
      expect(v.covered).toBe(false);
      expect(v.size).toBeGreaterThan(0);
      expect(v.shrinkRuns).toBeLessThanOrEqual(options.shrinkSteps);
      expect(v.path).toMatch(/^\d+(:\d+)*$/);
    }
  });

  test('an ordering runs the same scenarios as `fuzz --plan … --seed`: its failure comes at the same run', async () => {
    const [v] = classifyOrderings({ ...options, plans: [permutation(ENABLE_BEFORE_COPY)] });
    const s = await runCampaign({
      arbitrary: fuzzArbitrary({ ...DEFAULT_FUZZ_SPACE, plan: ENABLE_BEFORE_COPY.split(',') }),
      seed: 1,
      runs: 100,
    });
    expect(s.failures[0].foundAfterRuns).toBe(v.runs);
    expect(s.failures[0].seed).toBe(v.seed);
  });

  test('determinism: two classifications give identical verdicts, kinds, shrunk sizes and paths', () => {
    const plans = [
      permutation(REFERENCE),
      permutation(ENABLE_BEFORE_COPY),
      permutation('drain-robs,pause-rest,copy,flush-l2,repoint,invalidate,enable-all'),
      omission('pause-rest,flush-l2,copy,repoint,invalidate,enable-all'),
    ];
    const a = classifyOrderings({ ...options, plans });
    const b = classifyOrderings({ ...options, plans });
    expect(b).toEqual(a);
  });

  test('shrinking is bounded by runs, not time: 0 shrink steps keeps the unshrunk counterexample', () => {
    const plans = [permutation('drain-robs,pause-rest,copy,flush-l2,repoint,invalidate,enable-all')];
    const [raw] = classifyOrderings({ ...options, shrinkSteps: 0, plans });
    const [shrunk] = classifyOrderings({ ...options, plans });
    expect(raw.shrinkRuns).toBe(0);
    expect(raw.runs).toBe(shrunk.runs);
    expect(shrunk.size!).toBeLessThan(raw.size!);
  });

  test('broken variant: a requirement that ignores hazards stops early, and the evidence check catches it', () => {
    const plans = [permutation(REFERENCE)];
    const [honest] = classifyOrderings({ ...options, plans });
    const [broken] = classifyOrderings({ ...options, plans, required: () => [] });
    expect(broken.safe && broken.covered).toBe(true); // it claims "safe"…
    expect(broken.runs).toBe(25); // …after one batch…
    expect(broken.runs).toBeLessThan(honest.runs);
    expect(evidenceHolds(broken, K)).toBe(false); // …without the evidence
    expect(evidenceHolds(honest, K)).toBe(true);
    // the opposite mistake — requiring a hazard the plan cannot reach — runs to the cap and does not claim coverage
    const [greedy] = classifyOrderings({
      ...options,
      maxRuns: 100,
      plans,
      required: () => [...HAZARD_NAMES],
    });
    expect(greedy).toMatchObject({ safe: true, covered: false, runs: 100 });
    expect(greedy.hazards['walk-across-repoint']).toBe(0);
  });

  test('the ordering without repoint (a migration that moves nothing) is unsafe: no-effect', () => {
    const [v] = classifyOrderings({
      ...options,
      plans: [omission('drain-robs,pause-rest,flush-l2,copy,invalidate,enable-all')],
    });
    expect(v.safe).toBe(false);
    expect(v.kind).toBe('no-effect');
  });

  test('the defaults are the documented ones', () => {
    expect(DEFAULT_ORDERINGS_OPTIONS).toEqual({ seed: 1, hazardMin: 100, maxRuns: 10000, shrinkSteps: 100 });
  });
});
