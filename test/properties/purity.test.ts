import fc from 'fast-check';
import { DEFAULT_FUZZ_SPACE, fuzzArbitrary } from '../../src/fuzz/fuzz-options';
import { runScenario } from '../../src/scenario/run-scenario';
import { Simulation } from '../../src/streams/kernel/simulation';
import { impureLogModel, impureProducerModel } from '../support/impure-components';
import { consumerModel, producerModel } from '../support/test-components';

/**
 * The purity check (Redux Toolkit's invariant middleware, for steps): with
 * `Simulation.freezeStates` every component state is deep-frozen after each
 * step, so a model that writes a state it was given throws. Random
 * scenarios must complete identically under it — every model of the
 * machine is pure — and a deliberately impure model must be caught.
 * (Replaces the per-model "step never mutates its input state" samples.)
 */
describe('purity: every component state frozen after each step', () => {
  test('random scenarios run identically with every state deep-frozen', () => {
    fc.assert(
      fc.property(fuzzArbitrary(DEFAULT_FUZZ_SPACE), (c) => {
        const plain = runScenario(c);
        const frozen = runScenario(c, { onBuilt: (t) => t.sim.setFreezeStates(true) });
        expect(frozen.traceHash).toBe(plain.traceHash);
        expect(frozen.events).toBe(plain.events);
        expect(frozen.cycles).toBe(plain.cycles);
        expect(frozen.status).toBe(plain.status);
        expect(frozen.failure).toEqual(plain.failure);
      }),
      { seed: 12, numRuns: 25 },
    );
  });

  test('the frozen states really are frozen, nested arrays and records included', () => {
    let sim: Simulation | null = null;
    runScenario(
      { ...fc.sample(fuzzArbitrary(DEFAULT_FUZZ_SPACE), { seed: 3, numRuns: 1 })[0] },
      {
        onBuilt: (t) => {
          sim = t.sim;
          t.sim.setFreezeStates(true);
        },
      },
    );
    const s = sim as Simulation | null;
    expect(s).not.toBeNull();
    for (const c of (s as Simulation).components) {
      expect(Object.isFrozen(c.state)).toBe(true);
      for (const v of Object.values(c.state as object))
        if (
          Array.isArray(v) ||
          (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
        )
          expect(Object.isFrozen(v)).toBe(true);
    }
  });

  function producerRun(model: typeof producerModel, freezeStates: boolean): Simulation {
    const sim = new Simulation({ freezeStates });
    const p = sim.addComponent(model, { count: 5, dst: 'C.In', perTick: 1 }, 'P');
    sim.addComponent(consumerModel, { perTick: 1 }, 'C');
    sim.connect('Link', ['P.Out', 'C.In']);
    sim.wake(p, 1);
    sim.runUntil(100);
    return sim;
  }

  test('teeth: an impure model (writes its input state) throws under the check', () => {
    expect(() => producerRun(impureProducerModel, true)).toThrow(TypeError);
    const nested = new Simulation({ freezeStates: true });
    nested.wake(nested.addComponent(impureLogModel, { ticks: 3 }, 'L'), 1);
    expect(() => nested.runUntil(10)).toThrow(TypeError);
  });

  test('teeth: without the check the same impure model runs unnoticed, as the pure one does', () => {
    const impure = producerRun(impureProducerModel, false);
    const pure = producerRun(producerModel, false);
    expect(impure.transfersDone).toBe(pure.transfersDone);
    expect(() => producerRun(producerModel, true)).not.toThrow();
  });
});
