import fc from 'fast-check';
import { DEFAULT_FUZZ_SPACE, fuzzArbitrary } from '../../src/fuzz/fuzz-options';
import type { ScenarioConfig } from '../../src/scenario/scenario-config';
import { buildTopology } from '../../src/scenario/topology';
import { TraceHasher } from '../../src/scenario/trace-hash';
import { agentDone } from '../../src/state/memory-agent/memory-agent';
import { encodeState } from '../../src/streams/kernel/state-codec';

function start(c: ScenarioConfig) {
  const topo = buildTopology(c);
  const hasher = new TraceHasher();
  topo.sim.onEvent = (r) => hasher.add(r);
  topo.sim.allAgentsDone = () => topo.agents.every((a) => agentDone(a.state));
  for (const a of topo.agents) topo.sim.wake(a, 1);
  if (topo.controller) topo.sim.wake(topo.controller, 1);
  return { topo, hasher };
}

const finalState = (t: ReturnType<typeof start>) =>
  JSON.stringify([t.topo.sim.scheduler.now(), t.topo.sim.components.map((c) => encodeState(c.state))]);

/**
 * Snapshot the whole simulation at a random cycle, serialize it to JSON and
 * back, resume in a freshly built machine: the final state and the trace
 * hash equal the uninterrupted run's. Seed 9, 40 runs.
 */
test('checkpoint at a random cycle, JSON round trip, resume: same final state and trace hash', () => {
  fc.assert(
    fc.property(fuzzArbitrary(DEFAULT_FUZZ_SPACE), fc.integer({ min: 1, max: 4000 }), (c, at) => {
      const whole = start(c);
      whole.topo.sim.runUntil(Number.MAX_SAFE_INTEGER);

      const first = start(c);
      first.topo.sim.runUntil(at);
      const text = JSON.stringify(first.topo.sim.snapshot());
      const resumed = start(c);
      resumed.topo.sim.restore(JSON.parse(text));
      // The hasher is scenario state: carry its events over by re-adding the prefix's count of mixes.
      const prefix = first.hasher;
      resumed.topo.sim.onEvent = (r) => prefix.add(r);
      resumed.topo.sim.runUntil(Number.MAX_SAFE_INTEGER);

      expect(prefix.hex()).toBe(whole.hasher.hex());
      expect(prefix.count).toBe(whole.hasher.count);
      expect(finalState(resumed)).toBe(finalState(whole));
    }),
    { seed: 9, numRuns: 40 },
  );
});
