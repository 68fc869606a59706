import fc from 'fast-check';
import { basePlanFor, FAULT_NAMES } from '../../src/controllers/faults';
import { DEFAULT_FUZZ_SPACE, fuzzArbitrary } from '../../src/fuzz/fuzz-options';
import { runScenario } from '../../src/scenario/run-scenario';

/**
 * One code path: a random scenario run with every component stepped
 * through its RxJS operator (`componentOperator`, as the run already does
 * for the migration controller) is the same run as with direct `step`
 * calls — trace, cycles, verdict and failure. The broken variant (an
 * operator that keeps its own state) is caught in
 * test/streams/kernel/operator-stepper.test.ts.
 */
const withFault = fc
  .tuple(fuzzArbitrary(DEFAULT_FUZZ_SPACE), fc.constantFrom(...FAULT_NAMES), fc.boolean())
  .map(([c, fault, faulty]) =>
    faulty ? { ...c, faults: [fault], plan: [...basePlanFor(fault, c.plan)] } : c,
  );

test('every component through its operator gives the same run as direct steps, failing runs included', () => {
  let failing = 0;
  fc.assert(
    fc.property(withFault, (c) => {
      const direct = runScenario(c);
      const piped = runScenario(c, { throughOperators: true });
      expect(piped.traceHash).toBe(direct.traceHash);
      expect(piped.events).toBe(direct.events);
      expect(piped.cycles).toBe(direct.cycles);
      expect(piped.status).toBe(direct.status);
      expect(piped.failure).toEqual(direct.failure);
      expect(piped.mismatches).toEqual(direct.mismatches);
      if (direct.status === 'fail') failing++;
    }),
    { seed: 17, numRuns: 30 },
  );
  expect(failing).toBeGreaterThan(3);
});
