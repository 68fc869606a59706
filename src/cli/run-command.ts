import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { FAULT_NAMES, isFaultName } from '../controllers/faults';
import { parsePlan } from '../controllers/migration-plan';
import { runScenario } from '../scenario/run-scenario';
import {
  ConfigError,
  defaultScenarioConfig,
  parseScenarioConfig,
  type ScenarioConfig,
} from '../scenario/scenario-config';
import { formatSummary } from './format';
import { intArg } from './parse-number';

/** Options `numasim run` accepts (commander's parsed form). */
interface RunFlags {
  agents?: number;
  accesses?: number;
  maxAddress?: number;
  devices?: number;
  migrate?: boolean;
  interval?: number;
  plan?: string;
  fault?: string[];
  seed?: number;
  oracle?: 'strict' | 'lenient';
  shuffleTies?: boolean;
  json?: boolean;
  debug?: boolean;
  sweep?: boolean;
  watchdog?: number;
  config?: string;
}

/** A random seed for runs without `--seed` (chosen at the CLI edge, then printed). */
export function randomSeed(): number {
  return randomInt(1, 2 ** 31 - 1);
}

function loadConfigFile(path: string): Partial<ScenarioConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const v = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as Partial<ScenarioConfig>;
  } catch (e) {
    throw new ConfigError(
      `config file ${path} is not a JSON object (${(e as Error).message.split('\n')[0]})`,
    );
  }
}

/**
 * Builds a validated configuration from `numasim run` flags: defaults, then
 * the config file, then the flags. Throws {@link ConfigError} on bad input.
 *
 * @example
 * configFromFlags({ agents: 4, seed: 1 }).agents === 4;
 */
export function configFromFlags(flags: RunFlags): ScenarioConfig {
  const base = {
    ...defaultScenarioConfig(),
    ...(flags.config ? loadConfigFile(flags.config) : {}),
  } as ScenarioConfig;
  for (const f of flags.fault ?? []) {
    if (!isFaultName(f)) throw new ConfigError(`unknown fault '${f}' (known: ${FAULT_NAMES.join(', ')})`);
  }
  let plan = base.plan;
  if (flags.plan !== undefined) {
    try {
      plan = parsePlan(flags.plan).map((s) => s.name);
    } catch (e) {
      throw new ConfigError((e as Error).message);
    }
  }
  return parseScenarioConfig({
    ...base,
    agents: flags.agents ?? base.agents,
    accesses: flags.accesses ?? base.accesses,
    maxAddress: flags.maxAddress ?? base.maxAddress,
    devices: flags.devices ?? base.devices,
    migrate: flags.migrate ?? base.migrate,
    interval: flags.interval ?? base.interval,
    plan,
    faults: flags.fault ?? base.faults,
    seed: flags.seed ?? randomSeed(),
    oracle: flags.oracle ?? base.oracle,
    shuffleTies: flags.shuffleTies ?? base.shuffleTies,
    sweep: flags.sweep ?? base.sweep,
    watchdogCycles: flags.watchdog ?? base.watchdogCycles,
  });
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * The `run` subcommand: runs one scenario and prints a human summary (or
 * one JSON object with `--json`). Exit status 0 on pass, 1 on an oracle or
 * liveness failure.
 *
 * @example
 * program.addCommand(runCommand(), { isDefault: true });
 */
export function runCommand(): Command {
  const d = defaultScenarioConfig();
  return new Command('run')
    .description('run one NUMA page-migration scenario (the default command)')
    .option('--agents <n>', `memory-access agents, 1 to 64 (default ${d.agents})`, intArg(1, 64))
    .option('--accesses <n>', `reads, and writes, per agent (default ${d.accesses})`, intArg(0))
    .option(
      '--max-address <bytes>',
      `per-agent address range in bytes, at least 4 (default ${d.maxAddress})`,
      intArg(4, 2 ** 31),
    )
    .option('--devices <n>', `memory devices, 1 to 16 (default ${d.devices})`, intArg(1, 16))
    .option('--migrate', 'run the migration controller (default)')
    .option('--no-migrate', 'do not migrate pages')
    .option('--interval <cycles>', `idle cycles between migrations (default ${d.interval})`, intArg(0))
    .option('--plan <steps>', `comma-separated migration steps (default ${d.plan.join(',')})`)
    .option(
      '--fault <name>',
      `inject a fault, repeatable: ${FAULT_NAMES.join(', ')}`,
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--seed <n>', 'seed (default: random, always printed)', intArg(0, 2 ** 31 - 1))
    .addOption(new Option('--oracle <mode>', 'value oracle mode').choices(['strict', 'lenient']))
    .option('--shuffle-ties', 'seeded reordering of same-cycle events (the parallel engine counterpart)')
    .option('--no-sweep', 'skip the final read-back sweep')
    .option(
      '--watchdog <cycles>',
      `liveness watchdog: cycles without progress (default ${d.watchdogCycles})`,
      intArg(1),
    )
    .option('--config <file>', 'JSON file with configuration fields (flags override it)')
    .option('--json', 'print one JSON object instead of the summary')
    .option('--debug', 'log migration phase transitions on stderr')
    .action((flags: RunFlags) => {
      const config = configFromFlags(flags);
      process.stderr.write(`Seed ${config.seed}\n`);
      const result = runScenario(config, {
        onEvent: flags.debug
          ? (rec) => {
              const e = rec.event;
              if (e.type === 'migration-begin') {
                process.stderr.write(
                  `${rec.cycle} migration #${e.migration}: page ${e.page} dev ${e.fromDevice}->${e.toDevice} (${hex(e.srcAddr)}->${hex(e.dstAddr)})\n`,
                );
              } else if (e.type === 'phase-begin') process.stderr.write(`${rec.cycle}   -> ${e.phase}\n`);
              else if (e.type === 'migration-end')
                process.stderr.write(`${rec.cycle} migration complete (page ${e.page})\n`);
            }
          : undefined,
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } else {
        process.stdout.write(`${formatSummary(result).join('\n')}\n`);
      }
      process.exitCode = result.status === 'pass' ? 0 : 1;
    });
}
