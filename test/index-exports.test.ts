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

test('the public entry point exports sharding: three shards merged give the unsharded campaign', async () => {
  const space = { ...api.DEFAULT_FUZZ_SPACE, faults: ['skip-flush' as const] };
  const shards = await Promise.all(
    [1, 2, 3].map((index) => api.runFuzzShard({ space, seed: 3, runs: 60, shard: { index, count: 3 } })),
  );
  expect(api.plannedBatches(60, 25)).toEqual([25, 25, 10]);
  expect(api.inShard(4, { index: 2, count: 3 })).toBe(true);
  expect(api.shardText({ index: 2, count: 3 })).toBe('2/3');
  const { summary } = await api.mergeFuzzShards({
    space,
    seed: 3,
    runs: 60,
    keepGoing: false,
    batches: shards.flatMap((s) => s.batches),
    shardSeconds: Math.max(...shards.map((s) => s.elapsedSeconds)),
  });
  const whole = await api.runCampaign({ arbitrary: api.fuzzArbitrary(space), seed: 3, runs: 60 });
  expect(summary.failures.map((f) => [f.seed, f.path, f.foundAfterRuns])).toEqual(
    whole.failures.map((f) => [f.seed, f.path, f.foundAfterRuns]),
  );
  expect(summary.runs).toBe(whole.runs);
  expect(typeof api.runTeethCampaigns).toBe('function');
  expect(typeof api.teethRows).toBe('function');
  expect(typeof api.classifyOrderingsParallel).toBe('function');
  expect(typeof api.classifyOrderingSteps).toBe('function');
}, 60_000);
