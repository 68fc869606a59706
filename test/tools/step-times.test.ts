import { runScenario } from '../../src/scenario/run-scenario';
import { defaultScenarioConfig } from '../../src/scenario/scenario-config';
import { l2CacheModel } from '../../src/state/l2-cache/l2-cache';
import { measureStepTimes } from '../../tools/bench/step-times';

describe('measureStepTimes', () => {
  test('counts the real steps of every component kind and restores the models', () => {
    const config = { ...defaultScenarioConfig(), accesses: 100, maxAddress: 1 << 16, interval: 300, seed: 4 };
    const step = l2CacheModel.step;
    const t = measureStepTimes(config, 0);
    expect(l2CacheModel.step).toBe(step);
    const byKind = Object.fromEntries(t.kinds.map((k) => [k.kind, k]));
    for (const kind of ['agent', 'rob', 'at', 'tlb', 'l1', 'l2', 'mc', 'mmu'])
      expect(byKind[kind].steps).toBeGreaterThan(0);
    const r = runScenario(config);
    expect(t.accesses).toBe(r.reads + r.writes + r.sweepReads);
    // the agents step at least once per request they issue
    expect(byKind.agent.steps).toBeGreaterThanOrEqual(r.reads + r.writes);
  });
});
