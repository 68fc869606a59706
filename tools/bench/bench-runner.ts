import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { heapGrowingPercentFor, limitHeapGrowth } from '../../src/api/heap-growth';
import { estimateScenarioMemory } from '../../src/scenario/memory-estimate';
import { runScenario, runScenarioSteps } from '../../src/scenario/run-scenario';
import type { Simulation } from '../../src/streams/kernel/simulation';
import type { BenchScenario } from './bench-scenarios';

/**
 * One scenario's measurements: medians over the measured runs of wall time
 * and of the rates, the process's peak resident set, and what one run did.
 *
 * @example
 * const r: BenchResult = runBench(scenario, { runs: 3, warmup: 1 });
 * r.accessesPerSec;
 */
export interface BenchResult {
  readonly name: string;
  readonly description: string;
  readonly runs: number;
  readonly warmup: number;
  /** Median wall time of one measured run, ms. */
  readonly wallMs: number;
  /** Reads + writes of the workload (the final sweep's reads are not counted) per second. */
  readonly accessesPerSec: number;
  /** Kernel events (component ticks, link rounds) per second. */
  readonly eventsPerSec: number;
  /** Simulated cycles per second. */
  readonly cyclesPerSec: number;
  /** Scenario runs per second (the `fuzz` property-run rate). */
  readonly runsPerSec: number;
  /** Peak resident set of the measuring process, MB (null when not measured). */
  readonly peakRssMb: number | null;
  /** Per run: accesses, kernel events, simulated cycles, scenario runs. */
  readonly accesses: number;
  readonly events: number;
  readonly cycles: number;
  readonly scenarioRuns: number;
  /** Failed scenario runs (should be 0). */
  readonly failures: number;
  /** Every measured wall time, ms. */
  readonly wallsMs: readonly number[];
  /** Soak scenarios: resident set growth over the last part of the run, MB per 100k accesses (null otherwise). */
  readonly rssSlopeMbPer100k?: number | null;
  /** Soak scenarios: resident set when the run (or its measured prefix) stopped, MB. */
  readonly finalRssMb?: number | null;
}

/**
 * The median of `xs` (mean of the middle two for an even count).
 *
 * @example
 * median([3, 1, 2]) === 2;
 */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface OneRun {
  wallMs: number;
  accesses: number;
  events: number;
  cycles: number;
  runs: number;
  failures: number;
}

function runInProcess(b: BenchScenario, run: number): OneRun {
  const configs = b.configs(run);
  const out: OneRun = { wallMs: 0, accesses: 0, events: 0, cycles: 0, runs: 0, failures: 0 };
  const t0 = performance.now();
  for (const c of configs) {
    let sim: Simulation | null = null;
    const r = runScenario(c, {
      onBuilt: (t) => {
        sim = t.sim;
      },
    });
    out.accesses += r.reads + r.writes;
    out.cycles += r.cycles;
    out.events += (sim as Simulation | null)?.scheduler.eventsRun ?? 0;
    if (b.countsRun === undefined || b.countsRun(r)) out.runs++;
    if (r.status !== 'pass') out.failures++;
  }
  out.wallMs = performance.now() - t0;
  return out;
}

/** The least-squares slope of `ys` over `xs`. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * One soak run: drives the scenario chunk by chunk, samples the resident
 * set about every 250 ms of wall time against workload accesses completed,
 * and stops after `soak.accesses` of them (or at the run's end).
 */
function runSoak(b: BenchScenario): OneRun & { slope: number; finalRss: number } {
  const soak = b.soak!;
  const c = b.configs(0)[0];
  // as `numasim run` does for a large run
  limitHeapGrowth(heapGrowingPercentFor(estimateScenarioMemory(c)));
  let sim: Simulation | null = null;
  const steps = runScenarioSteps(c, {
    onBuilt: (t) => {
      sim = t.sim;
    },
  });
  const xs: number[] = [];
  const ys: number[] = [];
  let completed = 0;
  let cycles = 0;
  let failures = 0;
  let last = 0;
  const t0 = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) {
      completed = r.value.reads + r.value.writes;
      cycles = r.value.cycles;
      if (r.value.status !== 'pass') failures++;
      break;
    }
    completed = r.value.completed;
    cycles = r.value.cycle;
    const now = performance.now();
    if (now - last >= 250) {
      last = now;
      xs.push(completed);
      ys.push(process.memoryUsage.rss() / 2 ** 20);
    }
    if (completed >= soak.accesses) {
      steps.return(undefined as never);
      break;
    }
  }
  const wallMs = performance.now() - t0;
  const from = Math.floor(xs.length * (1 - soak.tail));
  return {
    wallMs,
    accesses: completed,
    events: (sim as Simulation | null)?.scheduler.eventsRun ?? 0,
    cycles,
    runs: 1,
    failures,
    slope: slope(xs.slice(from), ys.slice(from)) * 100_000,
    finalRss: process.memoryUsage.rss() / 2 ** 20,
  };
}

/** Runs `argv` as `n` shards side by side, then merges them (in a temporary folder); the merge's status. */
function runShards(cli: string, argv: readonly string[], n: number): { status: number | null } {
  const dir = mkdtempSync(path.join(tmpdir(), 'numasim-bench-shards-'));
  const q = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const cmd = (args: readonly string[]) => [process.execPath, cli, ...args].map(q).join(' ');
  const shards = Array.from(
    { length: n },
    (_, k) => `${cmd([...argv, '--shard', `${k + 1}/${n}`])} > s${k + 1}.json &`,
  );
  const merge = cmd(['merge', ...Array.from({ length: n }, (_, k) => `s${k + 1}.json`), '--json']);
  try {
    const p = spawnSync('sh', ['-c', `${shards.join(' ')} wait; ${merge} > merged.json`], {
      cwd: dir,
      encoding: 'utf8',
    });
    return { status: p.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runAsProcess(b: BenchScenario): OneRun {
  const cli = path.join(__dirname, '..', '..', '..', 'dist', 'cli', 'numasim.js');
  const t0 = performance.now();
  const p =
    b.shards === undefined
      ? spawnSync(process.execPath, [cli, ...(b.argv ?? [])], { encoding: 'utf8' })
      : runShards(cli, b.argv ?? [], b.shards);
  const wallMs = performance.now() - t0;
  const c = b.configs(0)[0];
  return {
    wallMs,
    accesses: b.processRuns === undefined ? c.agents * c.accesses * 2 : 0,
    events: 0,
    cycles: 0,
    runs: b.processRuns ?? 1,
    failures: p.status === 0 ? 0 : 1,
  };
}

/**
 * Runs a scenario `warmup` times unmeasured, then `runs` times measured, in
 * this process (or as child `node` processes for `process` scenarios), and
 * reports medians. Peak RSS is this process's high-water mark, so run one
 * scenario per process to attribute it. A soak scenario runs once (its
 * prefix), sampling the resident set, and also reports its final RSS and
 * its RSS slope over the last part.
 *
 * @example
 * const r = runBench(BENCH_SCENARIOS[0], { runs: 5, warmup: 1 });
 */
export function runBench(b: BenchScenario, opts: { runs: number; warmup: number }): BenchResult {
  // measure what `numasim` users get: the command line limits heap growth the same way
  limitHeapGrowth();
  if (b.soak !== undefined) {
    const r = runSoak(b);
    const perSec = (n: number) => (r.wallMs > 0 ? (n * 1000) / r.wallMs : 0);
    return {
      name: b.name,
      description: b.description,
      runs: 1,
      warmup: 0,
      wallMs: r.wallMs,
      accessesPerSec: perSec(r.accesses),
      eventsPerSec: perSec(r.events),
      cyclesPerSec: perSec(r.cycles),
      runsPerSec: perSec(1),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      accesses: r.accesses,
      events: r.events,
      cycles: r.cycles,
      scenarioRuns: 1,
      failures: r.failures,
      wallsMs: [r.wallMs],
      rssSlopeMbPer100k: r.slope,
      finalRssMb: r.finalRss,
    };
  }
  const one = (run: number) => (b.process === true ? runAsProcess(b) : runInProcess(b, run));
  for (let i = 0; i < opts.warmup; i++) one(-1 - i);
  const all: OneRun[] = [];
  for (let i = 0; i < opts.runs; i++) all.push(one(i));
  const rate = (f: (r: OneRun) => number) =>
    median(all.map((r) => (r.wallMs > 0 ? (f(r) * 1000) / r.wallMs : 0)));
  const first = all[0];
  return {
    name: b.name,
    description: b.description,
    runs: opts.runs,
    warmup: opts.warmup,
    wallMs: median(all.map((r) => r.wallMs)),
    accessesPerSec: rate((r) => r.accesses),
    eventsPerSec: rate((r) => r.events),
    cyclesPerSec: rate((r) => r.cycles),
    runsPerSec: rate((r) => r.runs),
    peakRssMb: b.process === true ? null : process.resourceUsage().maxRSS / 1024,
    accesses: first.accesses,
    events: first.events,
    cycles: first.cycles,
    scenarioRuns: first.runs,
    failures: all.reduce((n, r) => n + r.failures, 0),
    wallsMs: all.map((r) => r.wallMs),
  };
}
