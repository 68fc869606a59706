import { Command } from 'commander';
import { heapGrowingPercentFor, limitHeapGrowth } from '../api/heap-growth';
import { checkScenarioMemory } from '../scenario/memory-estimate';
import { ConfigError, type ScenarioConfig } from '../scenario/scenario-config';
import { formatSummary } from './format';
import { addFuzzSpaceFlags, type FuzzSpaceFlags, fuzzSpaceFromFlags } from './fuzz-flags';
import { Interrupt } from './interrupt';
import { checkDistinctOutputs } from './output-path';
import { intArg } from './parse-number';
import { reportInterrupted, runWithOutputs, windowArg } from './run-command';

interface ReplayFlags extends FuzzSpaceFlags {
  seed?: number;
  path?: string;
  json?: boolean;
  trace?: string;
  traceSample?: number;
  traceWindow?: { start: number; end: number };
  report?: string;
}

/** The campaign flags a `--seed/--path` replay needs and a failure file replaces. */
const SPACE_FLAGS = [
  'space',
  'fault',
  'plan',
  'mutatePlan',
  'oracle',
  'maxAgents',
  'maxDevices',
  'maxAccesses',
  'maxMigrations',
  'ranges',
  'horizon',
] as const;

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * `numasim replay FILE` (or `--seed S --path P` with the campaign's flags):
 * re-runs a recorded failure and checks it fails identically — same kind,
 * message, cycle and trace hash. Exits 1 when the run fails (as the
 * original did), 0 if it now passes, 2 on a bad file or flags — or a
 * scenario whose estimated memory is over this machine's limit
 * (`checkScenarioMemory`, as `run` refuses it).
 *
 * @example
 * program.addCommand(replayCommand());
 */
export function replayCommand(): Command {
  const cmd = new Command('replay')
    .description('replay a failure exactly from its failure file (or fast-check seed and path)')
    .argument('[file]', 'failure file written by numasim fuzz')
    .option('--seed <n>', 'fast-check seed of the failing batch', intArg(-(2 ** 31), 2 ** 31 - 1))
    .option('--path <path>', 'fast-check path of the counterexample')
    .option('--json', 'print the run result as JSON')
    .option('--trace <file>', 'write a Chrome trace-event JSON file of the replayed run')
    .option('--trace-sample <n>', 'trace one request span in N', intArg(1))
    .option('--trace-window <start:end>', 'trace only what overlaps these cycles', windowArg)
    .option('--report <file>', 'write a self-contained HTML report of the replayed run');
  addFuzzSpaceFlags(cmd);
  return cmd.action(async (file: string | undefined, flags: ReplayFlags) => {
    // loaded here, not at start-up: `numasim run` never needs fast-check
    const { CAMPAIGN_BATCH, replayPath }: typeof import('../fuzz/campaign') = require('../fuzz/campaign');
    const {
      describeCounterexample,
    }: typeof import('../fuzz/describe-counterexample') = require('../fuzz/describe-counterexample');
    const { readFailureFile }: typeof import('../fuzz/failure-file') = require('../fuzz/failure-file');
    const { fuzzArbitrary }: typeof import('../fuzz/fuzz-options') = require('../fuzz/fuzz-options');
    let config: ScenarioConfig;
    const outputs = {
      trace: flags.trace,
      traceSample: flags.traceSample,
      traceWindow: flags.traceWindow,
      report: flags.report,
      json: flags.json,
      progress: false,
    };
    let expected: { kind: string; message: string; cycle: number; traceHash: string } | null = null;
    if (file !== undefined) {
      if (flags.seed !== undefined || flags.path !== undefined)
        throw new ConfigError('give a failure file or --seed/--path, not both');
      const given = SPACE_FLAGS.filter((k) => flags[k] !== undefined);
      if (given.length > 0)
        throw new ConfigError(
          `--${kebab(given[0])} applies to --seed/--path replays; a failure file carries its own configuration`,
        );
      // before reading it: an output naming the failure file would destroy it
      checkDistinctOutputs(
        [
          ['--trace', flags.trace],
          ['--report', flags.report],
        ],
        { inputs: [['the replayed failure file', file]], json: flags.json },
      );
      const rec = readFailureFile(file);
      expected = { ...rec.failure, traceHash: rec.traceHash };
      config = rec.config;
    } else {
      if (flags.seed === undefined || flags.path === undefined) {
        throw new ConfigError('replay needs a failure file, or both --seed and --path');
      }
      if (!/^\d+(:\d+)*$/.test(flags.path))
        throw new ConfigError(`--path '${flags.path}' is not a fast-check path (like 12:0:3)`);
      // fast-check would generate every value up to the first index (~30 s for 999999) before
      // finding nothing: every numasim campaign's batches have CAMPAIGN_BATCH runs, whatever
      // --runs, --time, --jobs or --shard, so a path it printed starts below that
      const first = Number(flags.path.split(':')[0]);
      if (first >= CAMPAIGN_BATCH)
        throw new ConfigError(
          `--path ${flags.path}: must start with 0 to ${CAMPAIGN_BATCH - 1} (the failing run's place in its batch: numasim campaigns run batches of ${CAMPAIGN_BATCH})`,
        );
      const r = replayPath(fuzzArbitrary(fuzzSpaceFromFlags(flags)), flags.seed, flags.path);
      if (r === null)
        throw new ConfigError(
          `seed ${flags.seed} and path ${flags.path} do not give a failing scenario with these flags (were the campaign's flags different?)`,
        );
      config = r.config;
    }
    // as `run` does: a scenario too large for this machine is refused now, not out of memory part-way
    limitHeapGrowth(heapGrowingPercentFor(checkScenarioMemory(config)));
    const interrupt = new Interrupt().install();
    const { result, progress, notes } = await runWithOutputs(config, outputs, interrupt, [
      ['the replayed failure file', file],
    ]).finally(() => interrupt.uninstall());
    if (result === null) {
      reportInterrupted(config, progress, interrupt, flags.json === true);
      return;
    }
    if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const lines = formatSummary(result).filter((l) => !l.startsWith('  reproduce:'));
      lines.push(...describeCounterexample(result.config, result));
      lines.push(...notes.map((n) => `  ${n}`));
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (flags.json) for (const n of notes) process.stderr.write(`${n}\n`);
    if (expected !== null) {
      const f = result.failure;
      const same =
        f !== null &&
        f.kind === expected.kind &&
        f.message === expected.message &&
        f.cycle === expected.cycle &&
        result.traceHash === expected.traceHash;
      process.stderr.write(
        same
          ? `replay: reproduced the recorded failure exactly (cycle ${expected.cycle}, trace ${expected.traceHash})\n`
          : `replay: DID NOT reproduce the recorded failure (${expected.kind} at cycle ${expected.cycle}, trace ${expected.traceHash})\n`,
      );
    }
    process.exitCode = result.status === 'pass' ? 0 : 1;
  });
}
