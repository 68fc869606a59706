import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { ConfigError, type ScenarioConfig } from './scenario-config';

/**
 * Bytes one written word costs at a run's peak resident set: the memory
 * controllers' storage (~12–18 B a word in its number-array leaves with
 * their headers), the value oracle's last value (8 B a slot at a load of
 * 0.4–0.8), the agent's written-word list (4 B) — and the old-generation
 * headroom V8 keeps over the live heap (2× with `limitHeapGrowth`) and the
 * garbage promoted meanwhile. Fitted on the measured peak of 8 agents ×
 * 100k accesses (docs/performance.md, section 7).
 */
const PER_WRITTEN_WORD = 88;
/**
 * The same in a large run (over {@link LARGE_RUN_BYTES} at
 * `PER_WRITTEN_WORD`), which `numasim` runs with less old-generation
 * headroom (1.25×, `heapGrowingPercentFor`). Fitted on the measured
 * whole-run peak of 64 agents × 100k accesses (with 1.5× then, so an
 * upper estimate now: docs/performance.md, section 7).
 */
const PER_WRITTEN_WORD_LARGE = 36;
/** A run estimated to need more than this many bytes is a large run (`heapGrowingPercentFor`). @example LARGE_RUN_BYTES === 256 * 2 ** 20 */
export const LARGE_RUN_BYTES = 256 * 2 ** 20;
/** Bytes one 8192-bit leaf of an agent's written set costs (the `Uint8Array`, its buffer and slot). */
const PER_BITSET_LEAF = 1200;
/** Address bytes one written-set leaf covers (8192 words). */
const BITSET_LEAF_SPAN = 8192 * 4;
/**
 * Bytes per agent whatever it does: its ROB, AT, L1 cache and TLB states,
 * its requests in flight, two latency histograms (~100 KiB each at 64-agent
 * latencies), statistics, and their share of the young generation and the
 * old-generation headroom. Fitted on 16 and 64 agents × 1,500 and 5,000 accesses.
 */
const PER_AGENT = 2.5 * 2 ** 20;
/** Bytes of a running process whatever the scenario: node, the loaded code, the shared components, V8's young generation (up to ~34 MB). */
const BASE = 108 << 20;

/**
 * What a scenario is estimated to need at its peak, in bytes, by part.
 *
 * @example
 * const e: MemoryEstimate = estimateScenarioMemory(defaultScenarioConfig());
 * e.total === e.base + e.agents + e.writtenWords + e.writtenSets;
 */
export interface MemoryEstimate {
  readonly total: number;
  /** The process and the shared components. */
  readonly base: number;
  /** Per-agent components and statistics. */
  readonly agents: number;
  /** Distinct words written (memory contents, the value oracle, the agents' lists): at most one per write, at most the range. */
  readonly writtenWords: number;
  /** The agents' written-word sets (a leaf per 32 KiB of range that a write touches). */
  readonly writtenSets: number;
  /**
   * A large run: over {@link LARGE_RUN_BYTES} at the ordinary cost per written
   * word. `numasim` runs it with less old-generation headroom
   * (`heapGrowingPercentFor`), and its written words are estimated at that
   * headroom's cost.
   */
  readonly large: boolean;
}

/** Writes agent `i` makes: its script's, or `accesses`. */
function writesOf(config: ScenarioConfig, i: number): number {
  const script = config.scripts?.[i];
  if (script === undefined) return config.accesses;
  let n = 0;
  for (const a of script) if (a.op === 'write') n++;
  return n;
}

/**
 * Estimates the peak memory of running `config` from its shape alone
 * (agents, accesses or scripts, `maxAddress`), before building anything.
 * Calibrated on measured runs (docs/performance.md, section 7): at or
 * above the measured peaks, within 20 % for the large runs. The range costs only through
 * the words written in it (the page table stores only migrated pages, the
 * stores only written words); not counted: the migration log and the
 * migrated pages, which grow with the number of migrations (~1 KB each).
 * Pure and deterministic.
 *
 * @example
 * estimateScenarioMemory({ ...defaultScenarioConfig(), agents: 64, accesses: 100_000 }).total; // ~550 MB
 */
export function estimateScenarioMemory(config: ScenarioConfig): MemoryEstimate {
  const wordsPerAgent = Math.floor(config.maxAddress / 4);
  const leavesPerAgent = Math.ceil(config.maxAddress / BITSET_LEAF_SPAN);
  let words = 0;
  let leaves = 0;
  for (let i = 0; i < config.agents; i++) {
    const w = Math.min(writesOf(config, i), wordsPerAgent);
    words += w;
    leaves += Math.min(w, leavesPerAgent);
  }
  const base = BASE;
  const agents = config.agents * PER_AGENT;
  const writtenSets = leaves * PER_BITSET_LEAF;
  const large = base + agents + writtenSets + words * PER_WRITTEN_WORD > LARGE_RUN_BYTES;
  const writtenWords = words * (large ? PER_WRITTEN_WORD_LARGE : PER_WRITTEN_WORD);
  return {
    total: base + agents + writtenWords + writtenSets,
    base,
    agents,
    writtenWords,
    writtenSets,
    large,
  };
}

/**
 * The most memory a scenario may be estimated to need on this machine, and
 * what sets it: V8's heap limit (`node --max-old-space-size=MB` raises it)
 * or three quarters of the machine's memory, whichever is lower.
 *
 * @example
 * const { bytes, source } = memoryLimit(); // e.g. 4.3e9, "V8's heap limit"
 */
export function memoryLimit(): { readonly bytes: number; readonly source: string } {
  const heap = getHeapStatistics().heap_size_limit;
  const machine = Math.floor(totalmem() * 0.75);
  return heap <= machine
    ? { bytes: heap, source: "V8's heap limit; node --max-old-space-size=MB raises it" }
    : { bytes: machine, source: "three quarters of this machine's memory" };
}

/** `bytes` as MB or GB, one decimal for GB. @example formatBytes(5.4e9) === '5.4 GB' */
export function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

/**
 * Refuses a scenario whose {@link estimateScenarioMemory} is over `limit`
 * (default: {@link memoryLimit}) with a one-line {@link ConfigError} naming
 * the estimate, its largest parts and the limit, instead of letting it run
 * out of memory part-way.
 *
 * @example
 * checkScenarioMemory({ ...defaultScenarioConfig(), agents: 64, accesses: 10_000_000 });
 * // throws "this scenario needs an estimated 26.0 GB of memory (written words 25.8 GB, …), over the limit of 4.3 GB (V8's heap limit; …)"
 */
export function checkScenarioMemory(
  config: ScenarioConfig,
  limit: { readonly bytes: number; readonly source: string } = memoryLimit(),
): MemoryEstimate {
  const e = estimateScenarioMemory(config);
  if (e.total <= limit.bytes) return e;
  const parts: Array<[string, number]> = [
    ['written words', e.writtenWords],
    ['written sets', e.writtenSets],
    ['agents', e.agents],
    ['base', e.base],
  ];
  const named = parts
    .filter(([, b]) => b > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([n, b]) => `${n} ${formatBytes(b)}`)
    .join(', ');
  throw new ConfigError(
    `this scenario needs an estimated ${formatBytes(e.total)} of memory (${named}), over the limit of ${formatBytes(limit.bytes)} (${limit.source})`,
  );
}
