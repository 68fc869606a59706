import fc from 'fast-check';
import { basePlanFor, FAULT_NAMES } from '../../src/controllers/faults';
import { counterexampleSize } from '../../src/fuzz/describe-counterexample';
import { DEFAULT_FUZZ_SPACE, fuzzArbitrary } from '../../src/fuzz/fuzz-options';
import { ScenarioFailure, scenarioProperty } from '../../src/fuzz/scenario-property';

const BUDGET = 400;

/**
 * Teeth: for every fault in the catalogue the fuzzer finds a failure within
 * a budget of 400 generated scenarios (seed 1) and shrinks it to a small
 * counterexample.
 */
describe.each(FAULT_NAMES)('fault %s', (fault) => {
  test(`is found within ${BUDGET} runs and shrunk`, () => {
    // a page-scoped fault runs on the scoped plan (it changes nothing in the reference plan)
    const plan = basePlanFor(fault, DEFAULT_FUZZ_SPACE.plan);
    const r = fc.check(scenarioProperty(fuzzArbitrary({ ...DEFAULT_FUZZ_SPACE, plan, faults: [fault] })), {
      seed: 1,
      numRuns: BUDGET,
      interruptAfterTimeLimit: 60_000,
    });
    expect(r.failed).toBe(true);
    expect(r.errorInstance).toBeInstanceOf(ScenarioFailure);
    const size = counterexampleSize(r.counterexample![0]);
    expect(size).toBeLessThanOrEqual(16);
    const kind = (r.errorInstance as ScenarioFailure).result.failure!.kind;
    if (fault === 'drain-all' || fault === 'datamover-absolute-window') expect(kind).toBe('liveness');
    // a broken ordering shows as a wrong value or, often earlier, through the frame oracle; in the
    // dense space the early ack's write often still holds the hierarchy when the migration pauses it,
    // and the run stalls (liveness) before a stale value can show
    else if (fault === 'early-write-ack')
      expect(['mismatch', 'frame-content', 'stale-frame', 'liveness']).toContain(kind);
    else expect(['mismatch', 'frame-content', 'stale-frame', 'no-effect']).toContain(kind);
  });
});
