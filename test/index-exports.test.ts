import fc from 'fast-check';
import * as api from '../src/index';

test('the public entry point exports the fuzzing layer, usable from a user property', () => {
  expect(typeof api.scenarioArbitrary).toBe('function');
  expect(typeof api.runCampaign).toBe('function');
  const r = fc.check(api.scenarioProperty(api.scenarioArbitrary({ faults: ['datamover-absolute-window'] })), {
    seed: 3,
    numRuns: 20,
  });
  expect(r.failed).toBe(true);
  expect((r.errorInstance as InstanceType<typeof api.ScenarioFailure>).result.failure?.kind).toBe('liveness');
});
