import fc from 'fast-check';
import type { FaultName } from '../../controllers/faults';
import { DEFAULT_PLAN_NAMES } from '../../controllers/migration-plan';
import { defaultScenarioConfig, type ScenarioConfig } from '../../scenario/scenario-config';
import { computeAddressMap } from '../../state/memory/address-map';
import { accessStreamArbitrary, normalizeScript } from './access-stream-arbitrary';
import { migrationScheduleArbitrary, normalizeSchedule } from './migration-schedule-arbitrary';
import { DEFAULT_SCENARIO_BOUNDS, type ScenarioBounds } from './scenario-bounds';
import { tieBreakArbitrary } from './tie-break-arbitrary';
import { topologyArbitrary } from './topology-arbitrary';

export { DEFAULT_SCENARIO_BOUNDS, type ScenarioBounds } from './scenario-bounds';

/** Fixed parts of generated scenarios. */
export interface ScenarioArbitraryOptions {
  readonly bounds?: ScenarioBounds;
  /** The plan every migration runs (default: the reference's). */
  readonly plan?: readonly string[];
  /** A plan arbitrary instead of a fixed plan. */
  readonly planArbitrary?: fc.Arbitrary<string[]>;
  readonly faults?: readonly FaultName[];
  readonly oracle?: 'strict' | 'lenient';
}

/**
 * Complete, valid scenario configurations for fuzzing: a small topology,
 * explicit access scripts per agent, a migration schedule, a tie-break
 * permutation, and the plan and faults asked for. The final sweep is on and
 * the watchdog short. Everything shrinks: fewer agents, accesses and
 * migrations, smaller caches, no shuffling.
 *
 * @example
 * fc.assert(fc.property(scenarioArbitrary(), (c) => runScenario(c).status === 'pass'));
 */
export function scenarioArbitrary(options: ScenarioArbitraryOptions = {}): fc.Arbitrary<ScenarioConfig> {
  const b = options.bounds ?? DEFAULT_SCENARIO_BOUNDS;
  const plan = options.planArbitrary ?? fc.constant((options.plan ?? DEFAULT_PLAN_NAMES).slice());
  const maxWords = Math.floor(Math.max(...b.ranges) / 4);
  return fc
    .record({
      topo: topologyArbitrary(b),
      scripts: accessStreamArbitrary(b.maxAgents, maxWords, b.maxAccesses),
      schedule: migrationScheduleArbitrary(64, b.maxDevices, b.maxMigrations, b.horizon),
      tieBreak: tieBreakArbitrary(),
      plan,
    })
    .map(({ topo, scripts, schedule, tieBreak, plan: p }) => {
      const agents = scripts.length;
      const map = computeAddressMap({ agents, maxAddress: topo.maxAddress, devices: topo.devices });
      const words = Math.floor(topo.maxAddress / 4);
      const c: ScenarioConfig = {
        ...defaultScenarioConfig(),
        agents,
        devices: topo.devices,
        maxAddress: topo.maxAddress,
        accesses: 0,
        components: topo.components,
        scripts: scripts.map((sc) => normalizeScript(sc, words)),
        schedule: normalizeSchedule(schedule, map.numPages, topo.devices),
        plan: p,
        faults: (options.faults ?? []).slice(),
        oracle: options.oracle ?? 'strict',
        seed: tieBreak ?? 1,
        shuffleTies: tieBreak !== null,
        watchdogCycles: 50_000,
      };
      return c;
    });
}
