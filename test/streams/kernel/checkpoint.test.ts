import { defaultScenarioConfig, parseScenarioConfig } from '../../../src/scenario/scenario-config';
import { buildTopology } from '../../../src/scenario/topology';
import { Storage } from '../../../src/state/memory/storage';
import { agentDone } from '../../../src/state/memory-agent/memory-agent';
import { TimedPipeline } from '../../../src/state/structures/timed-pipeline';
import type { SimRecord } from '../../../src/streams/kernel/simulation';
import { decodeState, encodeState } from '../../../src/streams/kernel/state-codec';

const config = parseScenarioConfig({
  ...defaultScenarioConfig(),
  maxAddress: 1 << 14,
  accesses: 600,
  interval: 300,
  seed: 21,
  shuffleTies: true,
});

function start() {
  const topo = buildTopology(config);
  const events: string[] = [];
  topo.sim.onEvent = (r: SimRecord) => events.push(`${r.cycle} ${r.source} ${JSON.stringify(r.event)}`);
  topo.sim.allAgentsDone = () => topo.agents.every((a) => agentDone(a.state));
  for (const a of topo.agents) topo.sim.wake(a, 1);
  if (topo.controller) topo.sim.wake(topo.controller, 1);
  return { topo, events };
}

function finalState(topo: ReturnType<typeof buildTopology>) {
  return JSON.stringify(topo.sim.components.map((c) => encodeState(c.state)));
}

describe('checkpoint / resume of the whole simulation', () => {
  test('the state codec round-trips state classes, typed arrays, holes and undefined', () => {
    const v = {
      s: Storage.create(1 << 20).write(4096, Uint8Array.of(1, 2, 3), null),
      p: TimedPipeline.create<{ x: number }>(2, 3).accept({ x: 1 }),
      holes: new Array<number | undefined>(3),
      u: undefined,
      inf: Number.POSITIVE_INFINITY,
      m: new Map([[1, 'a']]),
      $weird: 1,
    };
    const back = decodeState(JSON.parse(JSON.stringify(encodeState(v)))) as typeof v;
    expect(back.s.read(4096, 3)).toEqual(Uint8Array.of(1, 2, 3));
    expect(back.s).toBeInstanceOf(Storage);
    expect(back.p.items()).toEqual([{ x: 1 }]);
    expect(back.holes).toHaveLength(3);
    expect(back.holes[1]).toBeUndefined();
    expect(back.inf).toBe(Number.POSITIVE_INFINITY);
    expect(back.m.get(1)).toBe('a');
    expect(back.$weird).toBe(1);
    expect('u' in back && back.u === undefined).toBe(true);
  });

  test.each([1500, 7777, 20000])(
    'snapshot at cycle %i, JSON round trip, resume: identical events and final state',
    (at) => {
      const whole = start();
      whole.topo.sim.runUntil(Number.MAX_SAFE_INTEGER);

      const first = start();
      first.topo.sim.runUntil(at);
      const text = JSON.stringify(first.topo.sim.snapshot());
      const resumed = start();
      resumed.topo.sim.restore(JSON.parse(text));
      resumed.events.push(...first.events);
      resumed.topo.sim.runUntil(Number.MAX_SAFE_INTEGER);

      expect(whole.topo.controller!.state.numMigrations).toBeGreaterThan(2);
      expect(resumed.events.length).toBe(whole.events.length);
      expect(resumed.events).toEqual(whole.events);
      expect(resumed.topo.sim.scheduler.now()).toBe(whole.topo.sim.scheduler.now());
      expect(finalState(resumed.topo)).toBe(finalState(whole.topo));
    },
  );
});
