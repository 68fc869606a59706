import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { type BenchResult, runBench } from './bench-runner';
import { BENCH_SCENARIOS, type BenchScenario } from './bench-scenarios';

/**
 * Command-line options of the benchmark.
 *
 * @example
 * parseBenchArgs(['--json', '--only', 'default,fuzz']).json === true;
 */
export interface BenchArgs {
  readonly json: boolean;
  /** Scenario names to run (all when empty). */
  readonly only: readonly string[];
  /** Override of every scenario's measured runs / warm-up runs. */
  readonly runs: number | null;
  readonly warmup: number | null;
  /** Internal: run one scenario in this process and print its result as JSON. */
  readonly child: string | null;
}

/**
 * Parses `--json`, `--only a,b`, `--runs N`, `--warmup N` (and the internal `--child NAME`).
 *
 * @example
 * parseBenchArgs(['--runs', '3']).runs === 3;
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let json = false;
  let only: string[] = [];
  let runs: number | null = null;
  let warmup: number | null = null;
  let child: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') json = true;
    else if (a === '--only')
      only = next()
        .split(',')
        .filter((s) => s !== '');
    else if (a === '--runs') runs = Number(next());
    else if (a === '--warmup') warmup = Number(next());
    else if (a === '--child') child = next();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        `usage: npm run bench -- [--json] [--only name,…] [--runs N] [--warmup N]\nscenarios: ${BENCH_SCENARIOS.map((s) => s.name).join(', ')}\n`,
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return { json, only, runs, warmup, child };
}

function find(name: string): BenchScenario {
  const s = BENCH_SCENARIOS.find((b) => b.name === name);
  if (s === undefined) throw new Error(`unknown scenario ${name}`);
  return s;
}

/** Runs one scenario in a fresh `node` process (so its peak RSS is its own). */
function runChild(b: BenchScenario, args: BenchArgs): BenchResult {
  const argv = [__filename, '--child', b.name];
  if (args.runs !== null) argv.push('--runs', String(args.runs));
  if (args.warmup !== null) argv.push('--warmup', String(args.warmup));
  const p = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (p.status !== 0) throw new Error(`scenario ${b.name} failed:\n${p.stderr}`);
  const lines = p.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as BenchResult;
}

function fmt(n: number | null, digits = 0): string {
  if (n === null || !Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * The results as a Markdown table.
 *
 * @example
 * console.log(formatTable(results));
 */
export function formatTable(results: readonly BenchResult[]): string {
  const head =
    '| scenario | wall ms | accesses/s | runs/s | events/s | cycles/s | events/access | peak RSS MB | RSS slope MB/100k accesses |';
  const rows = results.map((r) =>
    [
      '',
      r.name,
      fmt(r.wallMs, 1),
      fmt(r.accessesPerSec),
      r.scenarioRuns > 1 ? fmt(r.runsPerSec, 1) : '–',
      r.events > 0 ? fmt(r.eventsPerSec) : '–',
      r.cycles > 0 ? fmt(r.cyclesPerSec) : '–',
      r.accesses > 0 && r.events > 0 ? fmt(r.events / r.accesses, 1) : '–',
      fmt(r.peakRssMb, 1),
      r.rssSlopeMbPer100k === undefined ? '–' : fmt(r.rssSlopeMbPer100k ?? null, 1),
      '',
    ]
      .join(' | ')
      .trim(),
  );
  return [head, '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |', ...rows].join('\n');
}

/**
 * The machine the numbers come from.
 *
 * @example
 * machine().node.startsWith('v');
 */
export function machine(): { node: string; cpu: string; cores: number; memGb: number; platform: string } {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
  };
}

/**
 * The `npm run bench` entry point: runs every selected scenario in its own
 * process, one after another, and prints a table or, with `--json`, one
 * JSON document with the machine and every result.
 *
 * @example
 * // npm run bench -- --json --only default,fuzz
 */
export function main(argv: readonly string[]): void {
  const args = parseBenchArgs(argv);
  if (args.child !== null) {
    const b = find(args.child);
    const r = runBench(b, { runs: args.runs ?? b.runs, warmup: args.warmup ?? b.warmup });
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const selected = args.only.length > 0 ? args.only.map(find) : BENCH_SCENARIOS;
  const results: BenchResult[] = [];
  for (const b of selected) {
    if (!args.json) process.stderr.write(`running ${b.name} …\n`);
    results.push(runChild(b, args));
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ machine: machine(), results }, null, 2)}\n`);
  } else {
    const m = machine();
    process.stdout.write(`${m.cpu}, ${m.cores} cores, ${m.memGb} GiB, Node ${m.node}\n\n`);
    process.stdout.write(`${formatTable(results)}\n`);
  }
}

if (require.main === module) main(process.argv.slice(2));
