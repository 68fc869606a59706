import type { RunResult } from '../../src/scenario/run-result';
import { runScenario } from '../../src/scenario/run-scenario';
import {
  defaultScenarioConfig,
  parseScenarioConfig,
  type ScenarioConfig,
} from '../../src/scenario/scenario-config';

/** Runs a scenario from defaults plus `over` (validated). */
export function run(over: Partial<ScenarioConfig>): RunResult {
  return runScenario(parseScenarioConfig({ ...defaultScenarioConfig(), ...over }));
}

/** A short failure description for assertion messages. */
export function why(r: RunResult): string {
  return r.failure === null ? 'pass' : `${r.failure.kind}: ${r.failure.message}`;
}

/** Config A of spec oracle.md §5: one shared page that ping-pongs between devices. */
export const CONFIG_A: Partial<ScenarioConfig> = { maxAddress: 1024, interval: 500 };

/**
 * Config A with a 1 KiB L2 (16 lines for a 32-line working set): lines leave
 * the L2 between migrations, so stale state left by a missing invalidation is
 * refetched from memory and seen.
 */
export const CONFIG_A_SMALL_L2: Partial<ScenarioConfig> = {
  ...CONFIG_A,
  components: { l2: { totalBytes: 1024 } },
};
