import fc from 'fast-check';
import { DEFAULT_FUZZ_SPACE, fuzzArbitrary } from '../../src/fuzz/fuzz-options';
import type { RunResult } from '../../src/scenario/run-result';
import { defaultScenarioConfig, type ScenarioConfig } from '../../src/scenario/scenario-config';
import { SeededRandom } from '../../src/state/structures/prng';

/**
 * A named benchmark scenario. `configs(run)` gives the scenario
 * configurations one measured run executes (one for the plain scenarios,
 * many small ones for `fuzz`); `process` scenarios run the command line
 * instead of calling the simulator in-process.
 *
 * @example
 * const s = BENCH_SCENARIOS.find((b) => b.name === 'default')!;
 * s.configs(0).length === 1;
 */
export interface BenchScenario {
  readonly name: string;
  readonly description: string;
  /** Measured runs (the median is reported) and warm-up runs before them. */
  readonly runs: number;
  readonly warmup: number;
  /** Configurations of measured run `run` (warm-up runs use negative numbers). */
  readonly configs: (run: number) => ScenarioConfig[];
  /** For `process` scenarios: the command-line arguments after `dist/cli/numasim.js`. */
  readonly argv?: readonly string[];
  /** Run as a whole `node` process (start-up included) instead of in-process. */
  readonly process?: boolean;
  /** For `process` scenarios: run `argv` as this many shards side by side (`--shard k/n`), then `numasim merge` them. */
  readonly shards?: number;
  /** For `process` scenarios that fuzz: property runs one process run makes (its accesses are not counted). */
  readonly processRuns?: number;
  /** Which in-process runs count in runs/s (default: all). */
  readonly countsRun?: (r: RunResult) => boolean;
  /**
   * A soak scenario: one run of the (single) configuration, driven chunk by
   * chunk while sampling the resident set, stopped after `accesses`
   * completed workload requests (a bounded prefix of a run too long for a
   * benchmark) or at its end; reports the peak RSS and the RSS slope over
   * the last `tail` share of the samples.
   */
  readonly soak?: { readonly accesses: number; readonly tail: number };
}

function cfg(over: Partial<ScenarioConfig>): ScenarioConfig {
  return { ...defaultScenarioConfig(), ...over };
}

const MIB = 1 << 20;

/** The stress configuration of the reference measurements: 2 agents, 1 MiB, interval 500. */
function stress(accesses: number, migrate: boolean): ScenarioConfig {
  return cfg({ maxAddress: MIB, accesses, interval: 500, migrate });
}

/** `total` accesses (reads + writes) over 2 agents of the stress configuration. */
function scale(total: number): ScenarioConfig {
  return stress(Math.round(total / 4), true);
}

const TINY_RANGES = [256, 1024, 4096, 8192];

/**
 * One small fuzz-style run: 1–2 agents, about 50 scripted accesses in all,
 * two scheduled migrations, tiny caches and TLBs, shuffled ties half the
 * time. Deterministic in `seed`.
 *
 * @example
 * fuzzConfig(3).scripts?.length; // 1 or 2
 */
export function fuzzConfig(seed: number): ScenarioConfig {
  const r = new SeededRandom(seed);
  const agents = r.int(1, 2);
  const maxAddress = TINY_RANGES[r.int(0, TINY_RANGES.length - 1)];
  const words = maxAddress / 4;
  const perAgent = Math.round(50 / agents);
  const scripts = Array.from({ length: agents }, () => {
    const written: number[] = [];
    return Array.from({ length: perAgent }, () => {
      if (written.length > 0 && r.int(0, 1) === 1) {
        return { op: 'read' as const, word: written[r.int(0, written.length - 1)] };
      }
      const word = r.int(0, words - 1);
      written.push(word);
      return { op: 'write' as const, word, value: r.int(0, 0x7fffffff) };
    });
  });
  const pages = Math.max(1, Math.ceil((maxAddress * agents) / 4096));
  const first = r.int(10, 300);
  return cfg({
    agents,
    maxAddress,
    accesses: 0,
    scripts,
    schedule: [
      { page: r.int(0, pages - 1), at: first },
      { page: r.int(0, pages - 1), at: first + r.int(50, 600) },
    ],
    components: {
      l1: { totalBytes: [256, 512, 1024][r.int(0, 2)], ways: r.int(1, 2) },
      l2: { totalBytes: [512, 1024, 2048][r.int(0, 2)], ways: [2, 4][r.int(0, 1)] },
      l1tlb: { numSets: r.int(1, 2), numWays: [2, 4][r.int(0, 1)] },
      l2tlb: { numSets: [1, 2, 4][r.int(0, 2)], numWays: [2, 4][r.int(0, 1)] },
    },
    seed: r.int(1, 1_000_000),
    shuffleTies: r.int(0, 1) === 1,
    watchdogCycles: 50_000,
  });
}

/**
 * `count` scenarios of the default (dense) fuzz space, sampled with
 * fast-check seed `seed` — what `numasim fuzz` runs.
 *
 * @example
 * denseFuzzConfigs(1, 10).length === 10;
 */
export function denseFuzzConfigs(seed: number, count: number): ScenarioConfig[] {
  return fc.sample(fuzzArbitrary(DEFAULT_FUZZ_SPACE), { numRuns: count, seed });
}

/** Property runs per measured `fuzz` run. */
export const FUZZ_BATCH = 200;

function one(c: ScenarioConfig): (run: number) => ScenarioConfig[] {
  return () => [c];
}

/**
 * Every benchmark scenario, in table order.
 *
 * @example
 * BENCH_SCENARIOS.map((s) => s.name);
 */
export const BENCH_SCENARIOS: readonly BenchScenario[] = [
  {
    name: 'default',
    description: '2 agents × 1000, 16 MiB, migrate (in-process)',
    runs: 7,
    warmup: 2,
    configs: one(cfg({})),
  },
  {
    name: 'default-process',
    description: '`node dist/cli/numasim.js run --seed 1`, start-up included',
    runs: 7,
    warmup: 1,
    configs: one(cfg({})),
    argv: ['run', '--seed', '1'],
    process: true,
  },
  {
    name: 'stress-1mib-10k',
    description: '2 agents × 10k, 1 MiB, interval 500, migrate',
    runs: 5,
    warmup: 1,
    configs: one(stress(10_000, true)),
  },
  {
    name: 'stress-1mib-100k',
    description: '2 agents × 100k, 1 MiB, interval 500, migrate',
    runs: 3,
    warmup: 1,
    configs: one(stress(100_000, true)),
  },
  {
    name: 'no-migrate-10k',
    description: '2 agents × 10k, 1 MiB, no migration',
    runs: 5,
    warmup: 1,
    configs: one(stress(10_000, false)),
  },
  {
    name: 'no-migrate-100k',
    description: '2 agents × 100k, 1 MiB, no migration',
    runs: 3,
    warmup: 1,
    configs: one(stress(100_000, false)),
  },
  {
    name: 'agents-8',
    description: '8 agents × 1000, 16 MiB, migrate',
    runs: 5,
    warmup: 1,
    configs: one(cfg({ agents: 8 })),
  },
  {
    name: 'agents-8-100k',
    description: '8 agents × 100k, 16 MiB, migrate (memory target)',
    runs: 1,
    warmup: 0,
    configs: one(cfg({ agents: 8, accesses: 100_000 })),
  },
  {
    name: 'agents-64',
    description: '64 agents × 1000, 16 MiB, migrate',
    runs: 3,
    warmup: 1,
    configs: one(cfg({ agents: 64 })),
  },
  {
    name: 'soak-64',
    description:
      '64 agents × 100k, 16 MiB, migrate, the heap growing percent numasim run uses for it: the first 1M accesses; peak RSS and RSS slope over the last half (memory target; whole-run peak: docs/performance.md section 7)',
    runs: 1,
    warmup: 0,
    configs: one(cfg({ agents: 64, accesses: 100_000 })),
    soak: { accesses: 1_000_000, tail: 0.5 },
  },
  {
    name: 'scale-10k',
    description: '10k accesses in all (stress configuration)',
    runs: 5,
    warmup: 2,
    configs: one(scale(10_000)),
  },
  {
    name: 'scale-100k',
    description: '100k accesses in all (stress configuration)',
    runs: 3,
    warmup: 1,
    configs: one(scale(100_000)),
  },
  {
    name: 'scale-1m',
    description: '1M accesses in all (stress configuration)',
    runs: 3,
    warmup: 0,
    configs: one(scale(1_000_000)),
  },
  {
    name: 'fuzz',
    description: `${FUZZ_BATCH} property runs: 1–2 agents, ~50 accesses, 2 migrations, tiny caches`,
    runs: 5,
    warmup: 1,
    configs: (run) => Array.from({ length: FUZZ_BATCH }, (_, i) => fuzzConfig((run + 10) * 7919 + i)),
  },
  {
    name: 'fuzz-dense',
    description: `${FUZZ_BATCH} runs of the default (dense) fuzz space; runs/s counts only runs that started a migration with requests in flight`,
    runs: 5,
    warmup: 1,
    configs: (run) => denseFuzzConfigs(run + 10, FUZZ_BATCH),
    countsRun: (r) => r.hazards['migration-under-traffic'] > 0,
  },
  {
    name: 'fuzz-cli-1',
    description: '`numasim fuzz --seed 3 --runs 2000 --jobs 1`, start-up included',
    runs: 3,
    warmup: 0,
    configs: one(cfg({})),
    argv: ['fuzz', '--seed', '3', '--runs', '2000', '--jobs', '1', '--json'],
    process: true,
    processRuns: 2000,
  },
  {
    name: 'fuzz-cli-jobs',
    description: '`numasim fuzz --seed 3 --runs 2000 --jobs 2`, start-up included',
    runs: 3,
    warmup: 0,
    configs: one(cfg({})),
    argv: ['fuzz', '--seed', '3', '--runs', '2000', '--jobs', '2', '--json'],
    process: true,
    processRuns: 2000,
  },
  {
    name: 'fuzz-cli-shards-3',
    description:
      '`numasim fuzz --seed 3 --runs 2000` as 3 shards (`--shard k/3 --json`) side by side, then `numasim merge`; compare with fuzz-cli-1',
    runs: 3,
    warmup: 0,
    configs: one(cfg({})),
    argv: ['fuzz', '--seed', '3', '--runs', '2000', '--json'],
    process: true,
    shards: 3,
    processRuns: 2000,
  },
];
