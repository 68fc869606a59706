import type { z } from 'zod';
import { DEFAULT_PLAN_NAMES } from '../controllers/migration-plan';
import { issueWording } from './input-wording';
import type { scenarioConfigSchema } from './scenario-config-schema';

/**
 * A scenario configuration. Defaults are the reference's
 * ({@link defaultScenarioConfig}).
 *
 * @example
 * const c: ScenarioConfig = { ...defaultScenarioConfig(), agents: 4, seed: 7 };
 */
export type ScenarioConfig = z.infer<typeof scenarioConfigSchema>;

/**
 * The reference's defaults: 2 agents × 1000 reads and 1000 writes over a
 * 16 MiB range each, 2 devices, migration on every 2000 idle cycles with the
 * reference plan, strict oracle, final sweep on.
 *
 * @example
 * defaultScenarioConfig().maxAddress === 16 * 1024 * 1024;
 */
export function defaultScenarioConfig(): ScenarioConfig {
  return {
    agents: 2,
    accesses: 1000,
    maxAddress: 16 * 1024 * 1024,
    devices: 2,
    migrate: true,
    interval: 2000,
    plan: DEFAULT_PLAN_NAMES.slice(),
    faults: [],
    seed: 1,
    oracle: 'strict',
    shuffleTies: false,
    sweep: true,
    watchdogCycles: 200_000,
    maxCycles: 1_000_000_000,
    bufferSize: 16,
    components: {},
  };
}

/** A configuration problem, with a one-line message naming it. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Validates a configuration object; throws a {@link ConfigError} whose
 * one-line message names the first problem.
 *
 * @example
 * parseScenarioConfig({ ...defaultScenarioConfig(), agents: 0 }); // throws "agents: must be at least 1"
 */
export function parseScenarioConfig(input: unknown): ScenarioConfig {
  // zod loads on first use (~50 ms), not when the command line starts
  const {
    scenarioConfigSchema: schema,
  }: typeof import('./scenario-config-schema') = require('./scenario-config-schema');
  const r = schema.safeParse(input, { error: issueWording });
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ConfigError(`${where}${issue.message}`);
  }
  return r.data;
}
