import type { ComponentModel } from '../../src/state/contract/component';
import { StepIo } from '../../src/state/contract/step-io';
import { type ProducerSpec, type ProducerState, producerModel } from './test-components';

/**
 * The purity check's broken variant: {@link producerModel} with a step that
 * writes the state it was given (counting sends in place) instead of
 * returning a new one — the bug `Simulation.freezeStates` must catch. It
 * behaves the same as long as nobody looks at an old state.
 *
 * @example
 * sim.addComponent(impureProducerModel, { count: 3, dst: 'C.In', perTick: 1 }, 'P');
 */
export const impureProducerModel: ComponentModel<ProducerSpec, ProducerState> = {
  ...producerModel,
  kind: 'test-impure-producer',
  step(s, ev, now) {
    const [next, effects] = producerModel.step(s, ev, now);
    if (next === s) return [s, effects];
    const m = s as { -readonly [K in keyof ProducerState]: ProducerState[K] };
    m.sent = next.sent; // the impurity: history rewritten in place
    m.stalls = next.stalls;
    m.nextId = next.nextId;
    return [s, effects];
  },
};

/**
 * A second broken variant, nested: a counter that pushes into the array
 * its input state holds.
 *
 * @example
 * sim.addComponent(impureLogModel, { ticks: 3 }, 'L');
 */
export const impureLogModel: ComponentModel<{ readonly ticks: number }, { readonly log: readonly number[] }> =
  {
    kind: 'test-impure-log',
    ports: () => ['In'],
    init: () => ({ log: [] }),
    step(s, ev, now) {
      const io = new StepIo(ev, now);
      (s.log as number[]).push(now); // the impurity: a nested write
      if (s.log.length < 3) io.progress();
      return io.result({ log: s.log });
    },
    controlState: () => 'enabled',
    isQuiescent: () => true,
    describeOutstanding: () => [],
  };
