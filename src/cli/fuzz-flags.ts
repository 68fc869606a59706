import type { Command } from 'commander';
import { FAULT_NAMES, type FaultName, isFaultName } from '../controllers/faults';
import { DEFAULT_PLAN_NAMES } from '../controllers/migration-plan';
import { DEFAULT_SCENARIO_BOUNDS, DENSE_SCENARIO_BOUNDS } from '../fuzz/arbitraries/scenario-bounds';
import type { FuzzSpace } from '../fuzz/fuzz-options';
import { ConfigError } from '../scenario/scenario-config';
import { choiceArg, intArg } from './parse-number';
import { planFlag } from './plan-flag';

/** Largest per-agent range `--ranges` accepts: 2^31 bytes, as `run --max-address`. */
const MAX_RANGE = 2 ** 31;

/** The fuzz-space flags as commander parses them. */
export interface FuzzSpaceFlags {
  space?: string;
  fault?: string[];
  plan?: string;
  mutatePlan?: boolean;
  oracle?: 'strict' | 'lenient';
  maxAgents?: number;
  maxDevices?: number;
  maxAccesses?: number;
  maxMigrations?: number;
  ranges?: string;
  horizon?: number;
}

/**
 * Adds the flags that define what a campaign generates (shared by `fuzz`,
 * `replay --seed/--path` and `orderings`).
 *
 * @example
 * addFuzzSpaceFlags(new Command('fuzz'));
 */
export function addFuzzSpaceFlags(cmd: Command, withPlan = true): Command {
  const b = DENSE_SCENARIO_BOUNDS;
  const c = DEFAULT_SCENARIO_BOUNDS;
  if (withPlan) {
    cmd.option(
      '--space <kind>',
      'dense (default: touched pages migrate under traffic, round trips, fuzzed timing) or classic (the earlier distribution)',
    );
  }
  cmd
    .option(
      '--fault <name>',
      `inject a fault, repeatable: ${FAULT_NAMES.join(', ')}`,
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option(
      '--oracle <mode>',
      'value oracle: strict (default) or lenient',
      choiceArg(['strict', 'lenient'] as const),
    )
    .option(
      '--max-agents <n>',
      `most agents per scenario, 1–64 (${b.maxAgents}; classic ${c.maxAgents})`,
      intArg(1, 64),
    )
    .option(
      '--max-devices <n>',
      `most devices, 1–16 (${b.maxDevices}; classic ${c.maxDevices})`,
      intArg(1, 16),
    )
    .option(
      '--max-accesses <n>',
      `most accesses per agent (${b.maxAccesses}; classic ${c.maxAccesses})`,
      intArg(1),
    )
    .option(
      '--max-migrations <n>',
      `most migrations per scenario (${b.maxMigrations}; dense: migration groups, each 1 or 2 migrations; classic ${c.maxMigrations})`,
      intArg(1),
    )
    .option(
      '--ranges <bytes,…>',
      `per-agent ranges to pick from (${b.ranges.join(',')}; classic ${c.ranges.join(',')})`,
    )
    .option(
      '--horizon <cycles>',
      `latest cycle of the first migration (${b.horizon}); classic: of any migration (${c.horizon})`,
      intArg(0),
    );
  if (withPlan) {
    cmd
      .option('--plan <steps>', `migration plan (${DEFAULT_PLAN_NAMES.join(',')})`)
      .option('--mutate-plan', 'also fuzz the plan: drop, duplicate and move its steps');
  }
  return cmd;
}

/**
 * Turns parsed flags into a {@link FuzzSpace}; throws {@link ConfigError} on bad input.
 *
 * @example
 * fuzzSpaceFromFlags({ fault: ['skip-flush'] }).faults; // ['skip-flush']
 */
export function fuzzSpaceFromFlags(f: FuzzSpaceFlags): FuzzSpace {
  const faults: FaultName[] = [];
  for (const x of f.fault ?? []) {
    if (!isFaultName(x)) throw new ConfigError(`unknown fault '${x}' (known: ${FAULT_NAMES.join(', ')})`);
    if (faults.includes(x)) throw new ConfigError(`--fault ${x} given twice: give each fault once`);
    faults.push(x);
  }
  let plan = DEFAULT_PLAN_NAMES;
  if (f.plan !== undefined) {
    plan = planFlag('--plan', f.plan);
  }
  if (f.space !== undefined && f.space !== 'dense' && f.space !== 'classic') {
    throw new ConfigError(`--space must be dense or classic, not '${f.space}'`);
  }
  const kind = f.space === 'classic' ? 'classic' : 'dense';
  const b = kind === 'classic' ? DEFAULT_SCENARIO_BOUNDS : DENSE_SCENARIO_BOUNDS;
  let ranges = b.ranges;
  if (f.ranges !== undefined) {
    const parts = f.ranges.split(',').map((x) => x.trim());
    if (parts.some((x) => !/^\d+$/.test(x) || Number(x) < 4)) {
      throw new ConfigError(`--ranges must be whole numbers of bytes, each at least 4: '${f.ranges}'`);
    }
    ranges = parts.map(Number);
    // the bound of run's --max-address (and of a config's maxAddress)
    const tooLarge = ranges.find((x) => x > MAX_RANGE);
    if (tooLarge !== undefined) throw new ConfigError(`--ranges ${tooLarge}: must be at most ${MAX_RANGE}`);
  }
  return {
    kind,
    bounds: {
      maxAgents: f.maxAgents ?? b.maxAgents,
      maxDevices: f.maxDevices ?? b.maxDevices,
      maxAccesses: f.maxAccesses ?? b.maxAccesses,
      maxMigrations: f.maxMigrations ?? b.maxMigrations,
      ranges,
      horizon: f.horizon ?? b.horizon,
    },
    plan,
    mutatePlan: f.mutatePlan ?? false,
    faults,
    oracle: f.oracle ?? 'strict',
  };
}
