import {
  defaultScenarioConfig,
  parseScenarioConfig,
  type ScenarioConfig,
} from '../../src/scenario/scenario-config';
import { buildTopology } from '../../src/scenario/topology';
import type { ComponentModel } from '../../src/state/contract/component';
import { agentDone } from '../../src/state/memory-agent/memory-agent';
import type { SimRecord, Simulation } from '../../src/streams/kernel/simulation';
import { encodeState } from '../../src/streams/kernel/state-codec';

/** What one kernel run did, for comparing the lazy kernel with eager stepping. */
export interface KernelRun {
  readonly events: string[];
  readonly cycle: number;
  readonly transfers: number;
  readonly states: string;
  readonly ticks: number[];
  /** Real `step` calls. */
  readonly steps: number;
  readonly sim: Simulation;
}

/**
 * Builds the scenario's topology and runs it to the end on the bare kernel,
 * stepping every tick (`eager`) or lazily, recording every event.
 *
 * @example
 * const lazy = runKernel({ seed: 3 }, false);
 */
export function runKernel(over: Partial<ScenarioConfig>, eager: boolean): KernelRun {
  const config = parseScenarioConfig({ ...defaultScenarioConfig(), ...over });
  const topo = buildTopology(config);
  const sim = topo.sim;
  sim.eager = eager;
  const events: string[] = [];
  sim.onEvent = (r: SimRecord) => events.push(`${r.cycle} ${r.source} ${JSON.stringify(r.event)}`);
  sim.allAgentsDone = () => topo.agents.every((a) => agentDone(a.state));
  for (const a of topo.agents) sim.wake(a, 1);
  if (topo.controller) sim.wake(topo.controller, 1);
  sim.runUntil(Number.MAX_SAFE_INTEGER);
  return {
    events,
    cycle: sim.scheduler.now(),
    transfers: sim.transfersDone,
    states: JSON.stringify(sim.components.map((c) => encodeState(c.state))),
    ticks: sim.components.map((c) => c.ticks),
    steps: sim.steps,
    sim,
  };
}

/**
 * Asserts that a lazy run is exactly the eager one: the same events in the
 * same order, final cycle, messages moved, tick counts and final states.
 *
 * @example
 * expectSameRun(runKernel(c, false), runKernel(c, true));
 */
export function expectSameRun(lazy: KernelRun, eager: KernelRun): void {
  expect(lazy.events.length).toBeGreaterThan(50);
  expect(lazy.events).toEqual(eager.events);
  expect(lazy.cycle).toBe(eager.cycle);
  expect(lazy.transfers).toBe(eager.transfers);
  expect(lazy.ticks).toEqual(eager.ticks);
  expect(lazy.states).toBe(eager.states);
}

/**
 * {@link runKernel} counting the real steps of one component model
 * (wrapped before the topology is built, restored afterwards).
 *
 * @example
 * const lazy = runKernelCounting(l2CacheModel, { seed: 3 }, false); lazy.modelSteps;
 */
export function runKernelCounting<Spec, State>(
  model: ComponentModel<Spec, State>,
  over: Partial<ScenarioConfig>,
  eager: boolean,
): KernelRun & { readonly modelSteps: number } {
  let modelSteps = 0;
  const step = model.step;
  model.step = (s, e, now) => {
    modelSteps++;
    return step.call(model, s, e, now);
  };
  try {
    const run = runKernel(over, eager);
    return { ...run, modelSteps };
  } finally {
    model.step = step;
  }
}
