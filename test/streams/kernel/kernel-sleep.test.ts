import type { ComponentModel } from '../../../src/state/contract/component';
import { StepIo } from '../../../src/state/contract/step-io';
import { Simulation } from '../../../src/streams/kernel/simulation';
import { consumerModel, producerModel } from '../../support/test-components';

/**
 * A timer component: counts `period` ticks between pulses. With `lazy` it
 * says so (`wakeAt`) and its sleep layer counts the slept ticks down
 * (`sleep.catchUp`); otherwise it asks for
 * progress every tick. It records each step's cycle and each pulse.
 */
interface TimerSpec {
  readonly period: number;
  readonly pulses: number;
  readonly lazy: boolean;
}
interface TimerState {
  readonly spec: TimerSpec;
  readonly left: number;
  readonly fired: readonly number[];
  readonly steps: readonly number[];
  readonly skippedSeen: readonly number[];
}
const timerModel: ComponentModel<TimerSpec, TimerState> = {
  kind: 'test-timer',
  ports: () => ['In'],
  init: (spec) => ({ spec, left: spec.period, fired: [], steps: [], skippedSeen: [] }),
  step(s, ev, now) {
    const io = new StepIo(ev, now);
    let left = s.left;
    let fired = s.fired;
    io.pop('In');
    if (fired.length < s.spec.pulses) {
      left--;
      if (left === 0) {
        fired = [...fired, now];
        left = s.spec.period;
      }
      if (fired.length < s.spec.pulses) {
        if (s.spec.lazy) io.wakeAt(now + left);
        else io.progress();
      }
    }
    return io.result({
      spec: s.spec,
      left,
      fired,
      steps: [...s.steps, now],
      skippedSeen: s.skippedSeen,
    });
  },
  sleep: {
    catchUp: (s, skipped) => ({ ...s, left: s.left - skipped, skippedSeen: [...s.skippedSeen, skipped] }),
  },
  controlState: () => 'enabled',
  isQuiescent: (s) => s.fired.length === s.spec.pulses,
  describeOutstanding: () => [],
};

function timerSim(lazy: boolean, pokeAt: number[] = []) {
  const sim = new Simulation();
  const t = sim.addComponent(timerModel, { period: 10, pulses: 3, lazy }, 'T');
  const p = sim.addComponent(producerModel, { count: pokeAt.length, dst: 'T.In', perTick: 1 }, 'P');
  sim.connect('Link', ['P.Out', 'T.In']);
  sim.wake(t, 1);
  for (const at of pokeAt) sim.wake(p, at);
  sim.runUntil(1000);
  return { sim, t: t.state as TimerState, ticks: t.ticks };
}

describe('kernel: sleeping components (wakeAt)', () => {
  test('a sleeping component fires at the same cycles and counts the same ticks', () => {
    const eager = timerSim(false);
    const lazy = timerSim(true);
    expect(lazy.t.fired).toEqual(eager.t.fired);
    expect(lazy.t.fired).toEqual([10, 20, 30]);
    expect(lazy.ticks).toBe(eager.ticks);
    expect(lazy.t.steps).toEqual([1, 10, 20, 30]);
    expect(lazy.t.skippedSeen).toEqual([8, 9, 9]);
  });

  test('a message wakes a sleeping component for a real tick in the right cycle', () => {
    const eager = timerSim(false, [5]);
    const lazy = timerSim(true, [5]);
    expect(lazy.t.fired).toEqual(eager.t.fired);
    // The producer sends in cycle 5; the message is handled in cycle 6.
    expect(lazy.t.steps).toContain(6);
    expect(lazy.t.steps.length).toBeLessThan(eager.t.steps.length);
  });

  test('eager mode steps every tick', () => {
    const sim = new Simulation({ eager: true });
    const t = sim.addComponent(timerModel, { period: 10, pulses: 2, lazy: true }, 'T');
    sim.wake(t, 1);
    sim.runUntil(1000);
    expect((t.state as TimerState).steps).toHaveLength(20);
    expect((t.state as TimerState).fired).toEqual([10, 20]);
  });

  test('a snapshot taken while a component sleeps resumes exactly', () => {
    const whole = timerSim(true);
    const sim = new Simulation();
    const t = sim.addComponent(timerModel, { period: 10, pulses: 3, lazy: true }, 'T');
    sim.addComponent(producerModel, { count: 0, dst: 'T.In', perTick: 1 }, 'P');
    sim.connect('Link', ['P.Out', 'T.In']);
    sim.wake(t, 1);
    sim.runUntil(14);
    const snap = JSON.parse(JSON.stringify(sim.snapshot()));
    const again = new Simulation();
    const t2 = again.addComponent(timerModel, { period: 10, pulses: 3, lazy: true }, 'T');
    again.addComponent(producerModel, { count: 0, dst: 'T.In', perTick: 1 }, 'P');
    again.connect('Link', ['P.Out', 'T.In']);
    again.restore(snap);
    again.runUntil(1000);
    expect((t2.state as TimerState).fired).toEqual(whole.t.fired);
    expect(t2.ticks).toBe(whole.ticks);
  });
});

describe('kernel: quiet components', () => {
  test('credit wakes of idle quiet components are skipped; deliveries are unchanged', () => {
    const build = (eager: boolean) => {
      const sim = new Simulation({ eager });
      const quietIdle: ComponentModel<null, { readonly n: number }> = {
        kind: 'test-idle',
        quietIdle: true,
        ports: () => ['In'],
        init: () => ({ n: 0 }),
        step: (st, ev, now) => new StepIo(ev, now).result(st),
        controlState: () => 'enabled',
        isQuiescent: () => true,
        describeOutstanding: () => [],
      };
      const prods = [0, 1, 2].map((i) =>
        sim.addComponent(producerModel, { count: 40, dst: 'C.In', perTick: 4 }, `P${i}`, 2),
      );
      const idle = sim.addComponent(quietIdle, null, 'Idle', 2);
      const cons = sim.addComponent(consumerModel, { perTick: 1 }, 'C', 2);
      sim.connect('Link', [...prods.map((_, i) => `P${i}.Out`), 'C.In', 'Idle.In']);
      for (const p of prods) sim.wake(p, 1);
      sim.wake(idle, 1);
      sim.runUntil(10_000);
      return { cons: cons.state, idleTicks: idle.ticks, steps: sim.steps };
    };
    const eager = build(true);
    const lazy = build(false);
    expect(lazy.cons).toEqual(eager.cons);
    expect(lazy.idleTicks).toBe(eager.idleTicks);
    expect(lazy.steps).toBeLessThan(eager.steps);
  });
});

describe('kernel: idleNext', () => {
  /** Takes one message per tick; when its input is then empty it says its next tick is idle. */
  const relayModel: ComponentModel<null, { readonly got: readonly number[] }> = {
    kind: 'test-relay',
    quietIdle: true,
    ports: () => ['In'],
    init: () => ({ got: [] }),
    step(st, ev, now) {
      const io = new StepIo(ev, now);
      if (io.pop('In') === undefined) return io.result(st);
      if (io.incomingLength('In') === 0) io.idleNext();
      return io.result({ got: [...st.got, now] });
    },
    controlState: () => 'enabled',
    isQuiescent: () => true,
    describeOutstanding: () => [],
  };

  const build = (eager: boolean) => {
    const sim = new Simulation({ eager });
    const p = sim.addComponent(producerModel, { count: 30, dst: 'R.In', perTick: 2 }, 'P', 2);
    const r = sim.addComponent(relayModel, null, 'R', 2);
    sim.connect('Link', ['P.Out', 'R.In']);
    for (const at of [1, 3, 9, 10, 20, 21, 22]) sim.wake(p, at);
    sim.runUntil(10_000);
    return { got: r.state.got, ticks: r.ticks, steps: sim.steps, p: p.state };
  };

  test('the idle tick keeps its place without a step; arrivals still tick for real', () => {
    const eager = build(true);
    const lazy = build(false);
    expect(lazy.got).toEqual(eager.got);
    expect(lazy.p).toEqual(eager.p);
    expect(lazy.ticks).toBe(eager.ticks);
    expect(lazy.steps).toBeLessThan(eager.steps);
  });

  test('idleNext is recorded only for a step that made progress; wakeAt wins', () => {
    const ev = {
      kind: 'tick' as const,
      ports: {},
      env: { pageTable: undefined as never, allAgentsDone: () => false },
    };
    const idle = new StepIo(ev, 5);
    idle.idleNext();
    expect(idle.result(0)[1]).toEqual([]);
    const moved = new StepIo(ev, 5);
    moved.progress();
    moved.idleNext();
    expect(moved.result(0)[1]).toEqual([{ kind: 'idleNext' }]);
    const timed = new StepIo(ev, 5);
    timed.progress();
    timed.idleNext();
    timed.wakeAt(9);
    expect(timed.result(0)[1]).toEqual([{ kind: 'wakeAt', cycle: 9 }]);
  });
});
