import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import { heapGrowingPercentFor, limitHeapGrowth } from '../api/heap-growth';
import { FAULT_NAMES, type FaultName, isFaultName } from '../controllers/faults';
import { progressWanted, RunProgressBar } from '../report/progress-bar';
import { writeFileAtomic } from '../report/write-file-atomic';
import { unreadable } from '../scenario/input-wording';
import { checkScenarioMemory } from '../scenario/memory-estimate';
import type { RunResult } from '../scenario/run-result';
import { type RunOptions, runScenarioSteps, type ScenarioProgress } from '../scenario/run-scenario';
import {
  ConfigError,
  defaultScenarioConfig,
  parseScenarioConfig,
  type ScenarioConfig,
} from '../scenario/scenario-config';
import { groupDigits } from '../stats/group-digits';
import type { SimRecord } from '../streams/kernel/simulation';
import type { ChromeTraceRecorder } from '../trace/chrome-trace-recorder';
import type { TraceFileWriter } from '../trace/trace-file-writer';
import { parseTraceWindow } from '../trace/trace-options';
import { formatSummary, replayCommand } from './format';
import { Interrupt, nextTurn } from './interrupt';
import { checkDistinctOutputs, checkOutputPath } from './output-path';
import { choiceArg, intArg } from './parse-number';
import { planFlag } from './plan-flag';

/** Options `numasim run` accepts (commander's parsed form). */
/** Flags of `numasim run` as commander parses them (the output ones are shared with `replay`). */
export interface RunFlags {
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
  stats?: boolean;
  trace?: string;
  traceSample?: number;
  traceWindow?: { start: number; end: number };
  report?: string;
  progress?: boolean;
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
    throw new ConfigError(`cannot read config file ${path}: ${unreadable(e)}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, '')); // a byte-order mark (some editors write one) is not content
  } catch (e) {
    throw new ConfigError(`config file ${path} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ConfigError(
      `config file ${path} is not a JSON object (it holds ${Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`})`,
    );
  return v as Partial<ScenarioConfig>;
}

/**
 * Builds a validated configuration from `numasim run` flags: defaults, then
 * the config file, then the flags. Throws {@link ConfigError} on bad input.
 *
 * @example
 * configFromFlags({ agents: 4, seed: 1 }).agents === 4;
 */
export function configFromFlags(flags: RunFlags): ScenarioConfig {
  const file = flags.config ? loadConfigFile(flags.config) : {};
  // the file is checked on its own (a field the flags override must still be valid)
  if (flags.config)
    try {
      parseScenarioConfig({ ...defaultScenarioConfig(), ...file });
    } catch (e) {
      throw new ConfigError(`config file ${flags.config}: ${(e as Error).message}`);
    }
  const base = { ...defaultScenarioConfig(), ...file } as ScenarioConfig;
  const faults: FaultName[] = [];
  for (const f of flags.fault ?? []) {
    if (!isFaultName(f)) throw new ConfigError(`unknown fault '${f}' (known: ${FAULT_NAMES.join(', ')})`);
    if (faults.includes(f)) throw new ConfigError(`--fault ${f} given twice: give each fault once`);
    faults.push(f);
  }
  let plan = base.plan;
  if (flags.plan !== undefined) {
    plan = planFlag('--plan', flags.plan);
  }
  const config: ScenarioConfig = {
    ...base,
    agents: flags.agents ?? base.agents,
    accesses: flags.accesses ?? base.accesses,
    maxAddress: flags.maxAddress ?? base.maxAddress,
    devices: flags.devices ?? base.devices,
    migrate: flags.migrate ?? base.migrate,
    interval: flags.interval ?? base.interval,
    plan,
    faults: flags.fault !== undefined ? faults : base.faults,
    // a config file's seed is honoured (a run's own --json config replays it)
    seed: flags.seed ?? ('seed' in file ? base.seed : randomSeed()),
    oracle: flags.oracle ?? base.oracle,
    shuffleTies: flags.shuffleTies ?? base.shuffleTies,
    sweep: flags.sweep ?? base.sweep,
    watchdogCycles: flags.watchdog ?? base.watchdogCycles,
  };
  // Every flag was checked by its own parser, with the schema's bounds
  // (test/cli-flag-bounds.test.ts holds them equal), so only a config file's
  // fields still need the schema — and zod (~50 ms to load) loads only then.
  return flags.config === undefined ? config : parseScenarioConfig(config);
}

const hex = (n: number) => `0x${n.toString(16)}`;

function debugLine(rec: SimRecord): void {
  const e = rec.event;
  if (e.type === 'migration-begin') {
    process.stderr.write(
      `${rec.cycle} migration #${e.migration}: page ${e.page} dev ${e.fromDevice}->${e.toDevice} (${hex(e.srcAddr)}->${hex(e.dstAddr)})\n`,
    );
  } else if (e.type === 'phase-begin') process.stderr.write(`${rec.cycle}   -> ${e.phase}\n`);
  else if (e.type === 'migration-end')
    process.stderr.write(`${rec.cycle} migration complete (page ${e.page})\n`);
}

/**
 * Commander parser of `--trace-window START:END`.
 *
 * @example
 * cmd.option('--trace-window <start:end>', 'cycles', windowArg);
 */
export function windowArg(v: string): { start: number; end: number } {
  try {
    return parseTraceWindow(v);
  } catch (e) {
    throw new InvalidArgumentError(`${(e as Error).message.replace(/^--trace-window /, '')}.`);
  }
}

function openTrace(flags: RunFlags): { recorder: ChromeTraceRecorder; file: TraceFileWriter } | null {
  if (flags.trace === undefined) {
    if (flags.traceSample !== undefined || flags.traceWindow !== undefined)
      throw new ConfigError('--trace-sample and --trace-window need --trace FILE');
    return null;
  }
  try {
    // the trace, report and statistics layers load only when asked for
    const {
      TraceFileWriter,
    }: typeof import('../trace/trace-file-writer') = require('../trace/trace-file-writer');
    const {
      ChromeTraceRecorder,
    }: typeof import('../trace/chrome-trace-recorder') = require('../trace/chrome-trace-recorder');
    const file = new TraceFileWriter(flags.trace);
    const recorder = new ChromeTraceRecorder(file, { sample: flags.traceSample, window: flags.traceWindow });
    return { recorder, file };
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ConfigError(`cannot write trace file ${flags.trace}: ${why}`);
  }
}

function mb(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/**
 * What an interrupted run prints: one line (or a JSON object with `--json`)
 * naming the signal, the seed and how far it got; exit 130 or 143.
 *
 * @example
 * reportInterrupted(config, progress, interrupt, false);
 */
export function reportInterrupted(
  config: ScenarioConfig,
  progress: ScenarioProgress | null,
  interrupt: Interrupt,
  json: boolean,
  configFile?: string,
): void {
  const at = progress ?? { cycle: 0, completed: 0, migrations: 0 };
  if (json)
    process.stdout.write(
      `${JSON.stringify({ config, seed: config.seed, status: 'interrupted', signal: interrupt.signal, ...at })}\n`,
    );
  else
    process.stdout.write(
      `INTERRUPTED (${interrupt.signal}) at cycle ${groupDigits(at.cycle)}: ${groupDigits(at.completed)} requests completed, ${at.migrations} migration(s); seed ${config.seed}\n  reproduce: ${replayCommand(config, configFile)}\n`,
    );
  process.exitCode = interrupt.exitCode();
}

/**
 * Runs `config` with the observers the flags ask for (debug log, trace,
 * progress bar) and writes the report; returns the result and the lines
 * naming what was written. `inputs` are the files the command read (no
 * output may overwrite them; default the `--config` file).
 *
 * @example
 * const { result, notes } = runWithOutputs(config, { trace: 'run.json' });
 */
export async function runWithOutputs(
  config: ScenarioConfig,
  flags: RunFlags,
  interrupt: Interrupt | null = null,
  inputs: readonly (readonly [string, string | undefined])[] = [['the --config file', flags.config]],
): Promise<{ result: RunResult | null; progress: ScenarioProgress | null; notes: string[] }> {
  if (flags.trace !== undefined) checkOutputPath('--trace', flags.trace);
  if (flags.report !== undefined) checkOutputPath('--report', flags.report);
  checkDistinctOutputs(
    [
      ['--trace', flags.trace],
      ['--report', flags.report],
    ],
    { inputs, json: flags.json },
  );
  const opened = openTrace(flags);
  const trace = opened?.recorder ?? null;
  const bar = progressWanted(flags, process.stdout, process.stderr)
    ? new RunProgressBar({ total: config.agents * config.accesses * 2 })
    : null;
  const onEvent =
    trace !== null && flags.debug
      ? (rec: SimRecord) => {
          debugLine(rec);
          trace.onEvent(rec);
        }
      : trace !== null
        ? (rec: SimRecord) => trace.onEvent(rec)
        : flags.debug
          ? debugLine
          : undefined;
  const options: RunOptions = {
    onEvent,
    onBuilt: trace !== null ? (t) => trace.begin(t) : undefined,
    onMismatch: trace !== null ? (m, rec) => trace.onMismatch(m, rec) : undefined,
    onChunk:
      trace !== null || bar !== null
        ? (p) => {
            trace?.onChunk(p.cycle);
            bar?.update(p);
          }
        : undefined,
  };
  let result: RunResult | null = null;
  let progress: ScenarioProgress | null = null;
  try {
    // driven in slices, with a turn of the event loop every ~20 ms so that a
    // signal can stop it (the result does not depend on how it is driven)
    const steps = runScenarioSteps(config, options);
    let mark = performance.now();
    for (;;) {
      const r = steps.next();
      if (r.done) {
        result = r.value;
        break;
      }
      progress = r.value;
      if (interrupt !== null && performance.now() - mark >= 20) {
        await nextTurn();
        mark = performance.now();
        if (interrupt.requested) {
          steps.return(undefined as never);
          break;
        }
      }
    }
  } catch (e) {
    trace?.abort();
    throw e;
  } finally {
    bar?.stop();
  }
  const notes: string[] = [];
  if (result === null) {
    trace?.abort();
    return { result, progress, notes };
  }
  if (trace !== null && opened !== null) {
    trace.finish(result);
    const w = opened.file;
    notes.push(
      `trace: ${flags.trace} (${mb(w.bytes)}, ${groupDigits(w.events)} events, ${trace.migrationSpans} migration spans, ${trace.requestSpans} request spans)`,
    );
  }
  if (flags.report !== undefined) {
    const { renderHtmlReport }: typeof import('../report/html-report') = require('../report/html-report');
    try {
      writeFileAtomic(flags.report, renderHtmlReport(result, { generatedAt: new Date().toISOString() }));
    } catch (e) {
      throw new ConfigError(
        `cannot write report ${flags.report}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    notes.push(`report: ${flags.report}`);
  }
  return { result, progress, notes };
}

/**
 * The `run` subcommand: runs one scenario and prints a human summary (or
 * one JSON object with `--json`). Exit status 0 on pass, 1 on an oracle or
 * liveness failure, 2 on bad input — including a scenario whose estimated
 * memory is over this machine's limit (`checkScenarioMemory`).
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
    .option(
      '--oracle <mode>',
      'value oracle: strict (default) or lenient',
      choiceArg(['strict', 'lenient'] as const),
    )
    .option('--shuffle-ties', 'seeded reordering of same-cycle events (the parallel engine counterpart)')
    .option('--no-sweep', 'skip the final read-back sweep')
    .option(
      '--watchdog <cycles>',
      `liveness watchdog: cycles without progress (default ${d.watchdogCycles})`,
      intArg(1),
    )
    .option('--config <file>', 'JSON file with configuration fields (flags override it)')
    .option('--json', 'print one JSON object instead of the summary (statistics under "stats")')
    .option('--stats', 'print the statistics tables after the summary')
    .option('--trace <file>', 'write a Chrome trace-event JSON file (Perfetto UI, chrome://tracing)')
    .option('--trace-sample <n>', 'trace one request span in N (default 1: all)', intArg(1))
    .option('--trace-window <start:end>', 'trace only what overlaps these cycles', windowArg)
    .option('--report <file>', 'write a self-contained HTML report')
    .option('--no-progress', 'never draw the progress bar (drawn on a terminal for runs over a second)')
    .option('--debug', 'log migration phase transitions on stderr')
    .action(async (flags: RunFlags) => {
      const config = configFromFlags(flags);
      // a scenario too large for this machine is refused now, not out of memory part-way
      // and a large one keeps less old-generation headroom
      limitHeapGrowth(heapGrowingPercentFor(checkScenarioMemory(config)));
      const interrupt = new Interrupt().install();
      const { result, progress, notes } = await runWithOutputs(config, flags, interrupt).finally(() =>
        interrupt.uninstall(),
      );
      if (result === null) {
        reportInterrupted(config, progress, interrupt, flags.json === true, flags.config);
        return;
      }
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        for (const n of notes) process.stderr.write(`${n}\n`);
      } else {
        const lines = formatSummary(result, flags.config);
        if (flags.stats) {
          const {
            formatStatsTable,
          }: typeof import('../stats/format-stats') = require('../stats/format-stats');
          lines.push(...formatStatsTable(result.stats));
        }
        lines.push(...notes.map((n) => `  ${n}`));
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = result.status === 'pass' ? 0 : 1;
    });
}
