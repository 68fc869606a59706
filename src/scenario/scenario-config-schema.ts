import { z } from 'zod';
import { FAULT_NAMES } from '../controllers/faults';
import { parsePlanStep } from '../controllers/migration-plan';
import { componentOverridesSchema } from './component-overrides-schema';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

const scriptedAccess = z.object({
  op: z.enum(['read', 'write']),
  word: int(0),
  value: int(0, 0xffffffff).optional(),
});

/**
 * The schema of a scenario configuration: everything that, with the seed,
 * determines a run. Used for config files, replay files and `simulate()`.
 * Kept in its own module so that the command line loads zod only when it
 * validates such input (see {@link parseScenarioConfig}).
 *
 * @example
 * scenarioConfigSchema.safeParse({ ...defaultScenarioConfig(), agents: 0 }).success === false;
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
    components: componentOverridesSchema,
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
