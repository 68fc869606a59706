import type { ComponentGroup } from './component-group';

/**
 * Summary of a set of latencies in cycles (nearest-rank percentiles; all
 * zero when `count` is 0).
 *
 * @example
 * const l: LatencySummary = { count: 3, mean: 120, p50: 110, p99: 180, min: 90, max: 180 };
 */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
}

/**
 * One component's counters. The normalized columns are `null` where the
 * component has no such counter (an L1 never writes back, a ROB never walks
 * a page table); `counters` holds every raw counter of its `stats` (and, for
 * memory controllers and the migration controller, their top-level counts).
 *
 * @example
 * const l2 = result.stats.components.find((c) => c.name === 'L2Cache')!;
 * console.log(l2.hits, l2.misses, l2.counters.flushedLines);
 */
export interface ComponentStats {
  readonly name: string;
  /** The model kind, e.g. `l2-cache`. */
  readonly kind: string;
  readonly group: ComponentGroup;
  /** Ticks the kernel ran. */
  readonly ticks: number;
  readonly hits: number | null;
  readonly misses: number | null;
  readonly mshrHits: number | null;
  readonly evictions: number | null;
  readonly writeBacks: number | null;
  readonly translations: number | null;
  readonly pageWalks: number | null;
  readonly controlCommands: number | null;
  readonly counters: Readonly<Record<string, number>>;
}

/**
 * Mean and maximum latency of the requests an agent completed in one time
 * bucket `[start, end)` (cycles).
 *
 * @example
 * const b: LatencyBucket = { start: 0, end: 3200, count: 41, mean: 133, max: 410 };
 */
export interface LatencyBucket {
  readonly start: number;
  readonly end: number;
  readonly count: number;
  readonly mean: number;
  readonly max: number;
}

/**
 * Accesses one agent (or all agents) made to pages on one device.
 *
 * @example
 * const d: DeviceAccesses = { device: 1, accesses: 812, local: false };
 */
export interface DeviceAccesses {
  readonly device: number;
  readonly accesses: number;
  /** True when this device is the agent's home device. */
  readonly local: boolean;
}

/**
 * One agent's workload statistics (final sweep excluded except in
 * `sweepReads`). Latency is cycles from issue to response.
 *
 * @example
 * const a = result.stats.agents[0];
 * console.log(a.latency.p99, a.localAccesses / (a.localAccesses + a.remoteAccesses));
 */
export interface AgentStats {
  readonly agent: number;
  /** The device the agent is attached to (see {@link agentHomeDevice}). */
  readonly homeDevice: number;
  readonly reads: number;
  readonly writes: number;
  readonly sweepReads: number;
  readonly latency: LatencySummary;
  readonly readLatency: LatencySummary;
  readonly writeLatency: LatencySummary;
  /** Accesses to pages on the home device (page location at issue time). */
  readonly localAccesses: number;
  readonly remoteAccesses: number;
  readonly byDevice: readonly DeviceAccesses[];
  /**
   * Mean and maximum latency over time, in at most 40 equal buckets of the
   * run (in long runs the width is rounded up to whole granules of
   * `LatencyTimeline`, so there may be fewer).
   */
  readonly latencyOverTime: readonly LatencyBucket[];
}

/**
 * Workload accesses served by one device, split by whether the accessing
 * agent is attached to it.
 *
 * @example
 * const d = result.stats.devices[0];
 * console.log(d.localShare); // 0.5
 */
export interface DeviceStats {
  readonly device: number;
  readonly accesses: number;
  readonly local: number;
  readonly remote: number;
  /** `local / accesses` (0 when there were none). */
  readonly localShare: number;
}

/**
 * One migration: where and when, and each phase's start, end and duration
 * (`null` while unfinished, e.g. when the run failed mid-migration).
 *
 * @example
 * const m = result.stats.migrations[0];
 * console.log(m.duration, m.phases.map((p) => `${p.name} ${p.duration}`));
 */
export interface MigrationStats {
  readonly number: number;
  readonly page: number;
  readonly fromDevice: number;
  readonly toDevice: number;
  readonly start: number;
  readonly end: number | null;
  readonly duration: number | null;
  readonly phases: ReadonlyArray<{
    readonly name: string;
    readonly start: number;
    readonly end: number | null;
    readonly duration: number | null;
  }>;
}

/**
 * Durations of one phase over all finished instances of it.
 *
 * @example
 * const p: PhaseSummary = { name: 'copy', count: 19, mean: 270, max: 272, total: 5130 };
 */
export interface PhaseSummary {
  readonly name: string;
  readonly count: number;
  readonly mean: number;
  readonly max: number;
  readonly total: number;
}

/**
 * Run-wide totals.
 *
 * @example
 * console.log(result.stats.totals.latency.p99, result.stats.totals.localShare);
 */
export interface TotalStats {
  readonly accesses: number;
  readonly reads: number;
  readonly writes: number;
  readonly sweepReads: number;
  readonly migrations: number;
  readonly cycles: number;
  /** Cycle of the last workload response (the final sweep runs after it). */
  readonly workloadEnd: number;
  readonly latency: LatencySummary;
  readonly localAccesses: number;
  readonly remoteAccesses: number;
  /** `local / (local + remote)` (0 when there were none). */
  readonly localShare: number;
  /** Cycles spent inside migrations (sum of their durations). */
  readonly migrationCycles: number;
  /** Control commands handled by all components. */
  readonly controlCommands: number;
  /** Hit rate of each cache level: hits / (hits + misses), null without accesses. */
  readonly hitRates: {
    readonly l1: number | null;
    readonly l2: number | null;
    readonly l1tlb: number | null;
    readonly l2tlb: number | null;
  };
}

/**
 * Everything `--stats`, `--json` (key `stats`) and `--report` show:
 * per component, per agent, per device, per migration, per phase and
 * run-wide.
 *
 * @example
 * const { stats } = runScenario(defaultScenarioConfig());
 * console.log(stats.totals.accesses, stats.components.length);
 */
export interface RunStats {
  readonly components: readonly ComponentStats[];
  readonly agents: readonly AgentStats[];
  readonly devices: readonly DeviceStats[];
  readonly migrations: readonly MigrationStats[];
  readonly phases: readonly PhaseSummary[];
  readonly totals: TotalStats;
}
