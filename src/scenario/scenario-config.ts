import { z } from 'zod';
import { FAULT_NAMES } from '../controllers/faults';
import { DEFAULT_PLAN_NAMES, parsePlanStep } from '../controllers/migration-plan';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

const scriptedAccess = z.object({
  op: z.enum(['read', 'write']),
  word: int(0),
  value: int(0, 0xffffffff).optional(),
});

/** Partial overrides of component specs, by component kind (plain numbers and flags only). */
const overrides = z
  .object({
    rob: z.record(z.string(), z.unknown()).optional(),
    at: z.record(z.string(), z.unknown()).optional(),
    l1: z.record(z.string(), z.unknown()).optional(),
    l1tlb: z.record(z.string(), z.unknown()).optional(),
    l2: z.record(z.string(), z.unknown()).optional(),
    l2tlb: z.record(z.string(), z.unknown()).optional(),
    mmu: z.record(z.string(), z.unknown()).optional(),
    memctrl: z.record(z.string(), z.unknown()).optional(),
    mover: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/**
 * The schema of a scenario configuration: everything that, with the seed,
 * determines a run. Used for CLI flags, config files and replay files.
 */
export const scenarioConfigSchema = z
  .object({
    agents: int(1, 64),
    accesses: int(0),
    maxAddress: int(4, 2 ** 31),
    devices: int(1, 16),
    migrate: z.boolean(),
    interval: int(0),
    plan: z.array(z.string().refine(validStep, { message: 'unknown plan step' })),
    faults: z.array(z.enum(FAULT_NAMES)),
    seed: int(0, 2 ** 31 - 1),
    oracle: z.enum(['strict', 'lenient']),
    shuffleTies: z.boolean(),
    sweep: z.boolean(),
    watchdogCycles: int(1),
    maxCycles: int(1),
    bufferSize: int(1, 1024),
    components: overrides,
    schedule: z
      .array(z.object({ page: int(0), toDevice: int(0).optional(), at: int(0) }).strict())
      .optional(),
    scripts: z.array(z.array(scriptedAccess)).optional(),
  })
  .strict();

function validStep(name: string): boolean {
  try {
    parsePlanStep(name);
    return true;
  } catch {
    return false;
  }
}

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
 * parseScenarioConfig({ ...defaultScenarioConfig(), agents: 0 }); // throws "agents: Too small: expected number to be >=1"
 */
export function parseScenarioConfig(input: unknown): ScenarioConfig {
  const r = scenarioConfigSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new ConfigError(`${where}${issue.message}`);
  }
  return r.data;
}
