import fc from 'fast-check';
import { DEFAULT_FUZZ_SPACE, fuzzArbitrary } from '../../src/fuzz/fuzz-options';
import { scenarioProperty } from '../../src/fuzz/scenario-property';
import { runScenario } from '../../src/scenario/run-scenario';

/**
 * The reference plan is transparent for every generated interleaving: small
 * topologies with tiny caches and TLBs, explicit access streams, random
 * migration schedules and tie-break permutations — strict oracle, end-of-run
 * checks, final sweep and liveness all pass. Seed 42, 150 runs.
 */
test('the default plan is transparent (strict oracle, end-of-run, sweep, liveness)', () => {
  fc.assert(scenarioProperty(fuzzArbitrary(DEFAULT_FUZZ_SPACE)), { seed: 42, numRuns: 150 });
});

test('the lenient oracle never accepts a stale value under the default plan (staleAccepted stays 0)', () => {
  let runs = 0;
  fc.assert(
    fc.property(fuzzArbitrary({ ...DEFAULT_FUZZ_SPACE, oracle: 'lenient' }), (config) => {
      const r = runScenario(config);
      runs++;
      expect(r.status).toBe('pass');
      expect(r.staleAccepted).toBe(0);
    }),
    { seed: 43, numRuns: 50 },
  );
  expect(runs).toBe(50);
});
