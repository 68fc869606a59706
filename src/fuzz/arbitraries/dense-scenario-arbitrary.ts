import fc from 'fast-check';
import { DEFAULT_PLAN_NAMES } from '../../controllers/migration-plan';
import { defaultScenarioConfig, type ScenarioConfig } from '../../scenario/scenario-config';
import { computeAddressMap } from '../../state/memory/address-map';
import { normalizeScript } from './access-stream-arbitrary';
import { denseAccessStreamArbitrary } from './dense-access-stream-arbitrary';
import { denseScheduleArbitrary, fitDenseSchedule, touchedPages } from './dense-schedule-arbitrary';
import { denseTopologyArbitrary } from './dense-topology-arbitrary';
import type { ScenarioArbitraryOptions } from './scenario-arbitrary';
import { DENSE_SCENARIO_BOUNDS } from './scenario-bounds';
import { tieBreakArbitrary } from './tie-break-arbitrary';
import { timingArbitrary } from './timing-arbitrary';

/**
 * Scenarios that exercise migrations (the default fuzz space): at least two
 * devices; access scripts that keep hitting a few lines of a few pages per
 * agent; a schedule whose first migration starts early (while requests are
 * in flight) and that migrates only pages the agents touch, with round
 * trips and back-to-back migrations of one page; tiny caches and TLBs
 * (more pages than TLB entries); and fuzzed timing — component latencies,
 * widths and the port buffer size within their valid ranges. Everything
 * shrinks: fewer agents, accesses and migrations, default timing, smaller
 * caches, no shuffling.
 *
 * @example
 * fc.assert(fc.property(denseScenarioArbitrary(), (c) => runScenario(c).status === 'pass'));
 */
export function denseScenarioArbitrary(options: ScenarioArbitraryOptions = {}): fc.Arbitrary<ScenarioConfig> {
  const b = options.bounds ?? DENSE_SCENARIO_BOUNDS;
  const plan = options.planArbitrary ?? fc.constant((options.plan ?? DEFAULT_PLAN_NAMES).slice());
  const pages = Math.max(1, Math.ceil(Math.max(...b.ranges) / 4096));
  return fc
    .record({
      topo: denseTopologyArbitrary(b),
      scripts: denseAccessStreamArbitrary(b.maxAgents, pages, b.maxAccesses),
      schedule: denseScheduleArbitrary(b.maxMigrations, b.horizon),
      timing: timingArbitrary(),
      tieBreak: tieBreakArbitrary(),
      plan,
    })
    .map(({ topo, scripts, schedule, timing, tieBreak, plan: p }) => {
      const agents = scripts.length;
      const map = computeAddressMap({ agents, maxAddress: topo.maxAddress, devices: topo.devices });
      const words = Math.max(1, Math.floor(topo.maxAddress / 4));
      const normalized = scripts.map((sc) => normalizeScript(sc, words));
      const components: Record<string, Record<string, number>> = {};
      for (const [k, v] of Object.entries(topo.components)) components[k] = { ...v };
      for (const [k, v] of Object.entries(timing.components)) components[k] = { ...components[k], ...v };
      const base = defaultScenarioConfig();
      const c: ScenarioConfig = {
        ...base,
        agents,
        devices: topo.devices,
        maxAddress: topo.maxAddress,
        accesses: 0,
        components,
        bufferSize: timing.bufferSize ?? base.bufferSize,
        scripts: normalized,
        schedule: fitDenseSchedule(schedule, touchedPages(normalized, map), map),
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
