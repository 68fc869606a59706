import { migrationControllerModel } from '../../../src/controllers/migration-controller';
import { runScenario } from '../../../src/scenario/run-scenario';
import { defaultScenarioConfig, parseScenarioConfig } from '../../../src/scenario/scenario-config';
import { buildTopology } from '../../../src/scenario/topology';
import type { ComponentModel } from '../../../src/state/contract/component';
import { SimPanic } from '../../../src/state/contract/sim-panic';
import { StepIo } from '../../../src/state/contract/step-io';
import * as operatorModule from '../../../src/streams/component-operator';
import { Simulation } from '../../../src/streams/kernel/simulation';

/** Counts its ticks (ten of them); panics at cycle `panicAt` (0: never). */
interface CounterState {
  readonly n: number;
  readonly seen: readonly number[];
}
type CounterModel = ComponentModel<Record<string, never>, CounterState> & { panicAt: number };
const counterModel: CounterModel = {
  panicAt: 0,
  kind: 'test-counter',
  ports: () => [],
  init: () => ({ n: 0, seen: [] }),
  step(s, ev, now) {
    if (now === this.panicAt) throw new SimPanic('counter: boom');
    const io = new StepIo(ev, now);
    if (s.n < 10) io.progress();
    return io.result({ n: s.n + 1, seen: [...s.seen, s.n] });
  },
  controlState: () => 'enabled',
  isQuiescent: () => true,
  describeOutstanding: () => [],
};

const config = parseScenarioConfig({
  ...defaultScenarioConfig(),
  maxAddress: 1 << 14,
  accesses: 400,
  interval: 200,
  seed: 5,
});

describe('the kernel steps components through their RxJS operator', () => {
  afterEach(() => jest.restoreAllMocks());

  test('the run builds the migration controller on componentOperator', () => {
    const spy = jest.spyOn(operatorModule, 'componentOperator');
    const topo = buildTopology(config);
    expect(topo.controller?.throughOperator).toBe(true);
    expect(topo.sim.components.filter((c) => c.throughOperator).map((c) => c.name)).toEqual([
      'MigrationController',
    ]);
    const r = runScenario(config);
    expect(r.status).toBe('pass');
    expect(r.migrations).toBeGreaterThan(0);
    const models = spy.mock.calls.map((c) => c[0]);
    expect(models).toContain(migrationControllerModel);
  });

  test("a path that keeps its own state instead of the kernel's is caught by the run comparison", () => {
    // The broken variant: the operator ignores the state the kernel hands it
    // (the controller's slept-through countdown), so its run diverges.
    const plain = runScenario(config);
    const real = operatorModule.componentOperator;
    jest
      .spyOn(operatorModule, 'componentOperator')
      .mockImplementation((model, spec, id, options = {}) =>
        real(model, spec, id, { ...options, state: (get) => options.state?.(get, () => {}) }),
      );
    const broken = runScenario(config);
    expect(broken.traceHash).not.toBe(plain.traceHash);
  });

  test("a command between steps reaches the operator's state", () => {
    const sim = new Simulation();
    const slot = sim.addComponent(counterModel, {}, 'C', 16, { throughOperator: true });
    sim.wake(slot, 1);
    sim.runUntil(3);
    expect(slot.state.n).toBe(3);
    sim.command(slot, (s) => ({ ...s, n: 100 }));
    sim.runUntil(4);
    expect(slot.state.n).toBe(101);
    expect(slot.state.seen).toEqual([0, 1, 2, 100]);
  });

  test('a panic inside the operator fails the run like a direct step, and a restore resumes it', () => {
    const model: CounterModel = { ...counterModel, panicAt: 4 };
    const sim = new Simulation();
    const slot = sim.addComponent(model, {}, 'C', 16, { throughOperator: true });
    sim.wake(slot, 1);
    sim.runUntil(2);
    const snap = sim.snapshot();
    sim.runUntil(10);
    expect(sim.failure).toMatchObject({ message: 'counter: boom', cycle: 4, component: 'C' });
    sim.restore(snap);
    expect(slot.state.n).toBe(2);
    model.panicAt = 0;
    sim.runUntil(20);
    expect(sim.failure).toBeNull();
    expect(slot.state.n).toBe(11);
  });
});
