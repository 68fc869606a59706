import { agentHomeDevice } from './component-group';
import { type ComponentSnapshot, componentStats } from './component-stats';
import { LatencyHistogram } from './latency-histogram';
import { LatencyTimeline } from './latency-timeline';
import type {
  AgentStats,
  ComponentStats,
  DeviceStats,
  MigrationStats,
  PhaseSummary,
  RunStats,
} from './run-stats';

/**
 * The shape of a migration log entry {@link StatsCollector.finish} reads (a `MigrationRecord` fits).
 *
 * @example
 * const e: MigrationLogEntry = result.migrationLog[0];
 */
export interface MigrationLogEntry {
  readonly number: number;
  readonly page: number;
  readonly fromDevice: number;
  readonly toDevice: number;
  readonly begin: number;
  readonly end: number | null;
  readonly phases: ReadonlyArray<{
    readonly name: string;
    readonly start: number;
    readonly end: number | null;
  }>;
}

/** One agent's accumulators: histograms and a timeline, nothing kept per request. */
class AgentAcc {
  readonly timeline = new LatencyTimeline();
  readonly readLat = new LatencyHistogram();
  readonly writeLat = new LatencyHistogram();
  sweepReads = 0;
  readonly byDevice: number[];
  constructor(devices: number) {
    this.byDevice = new Array<number>(devices).fill(0);
  }
}

/** Number of buckets of {@link AgentStats.latencyOverTime}. @example stats.agents[0].latencyOverTime.length <= LATENCY_BUCKETS */
export const LATENCY_BUCKETS = 40;

/**
 * Collects the per-agent statistics of a run from its request events (the
 * run loop feeds it) and assembles the whole {@link RunStats} at the end from
 * the components' counters and the migration log. Deterministic: it only
 * looks at simulated cycles. Bounded: it keeps latency histograms and a
 * `LatencyTimeline` per agent and the device of each request in
 * flight — nothing per completed request.
 *
 * @example
 * const c = new StatsCollector(2, (addr) => sim.pageTable.find(1, addr)?.deviceID ?? null);
 * c.issued(0, 17, 0x40);
 * c.completed(0, 17, 'read', 250, 100, false);
 * const stats = c.finish(sim.components, log, 250);
 */
export class StatsCollector {
  private readonly agents: AgentAcc[] = [];
  private readonly deviceAtIssue = new Map<number, number>();
  private workloadEnd = 0;

  constructor(
    /** Number of memory devices. */
    readonly devices: number,
    /** The device holding `address` now, or null when unmapped. */
    private readonly deviceOf: (address: number) => number | null,
  ) {}

  private agent(a: number): AgentAcc {
    while (this.agents.length <= a) this.agents.push(new AgentAcc(this.devices));
    return this.agents[a];
  }

  /** A request was issued: remembers which device held its page. */
  issued(agent: number, id: number, address: number): void {
    this.agent(agent);
    const d = this.deviceOf(address);
    if (d !== null) this.deviceAtIssue.set(id, d);
  }

  /** A request completed at `cycle`; `sweep` marks the final read-back (counted apart). */
  completed(
    agent: number,
    id: number,
    op: 'read' | 'write',
    cycle: number,
    issuedAt: number,
    sweep: boolean,
  ): void {
    const a = this.agent(agent);
    const d = this.deviceAtIssue.get(id);
    this.deviceAtIssue.delete(id);
    if (sweep) {
      a.sweepReads++;
      return;
    }
    const l = cycle - issuedAt;
    if (cycle > this.workloadEnd) this.workloadEnd = cycle;
    a.timeline.add(cycle, l);
    (op === 'read' ? a.readLat : a.writeLat).add(l);
    if (d !== undefined && d < this.devices) a.byDevice[d]++;
  }

  /**
   * The statistics of the finished run: `components` (kernel slots),
   * `log` (the migration log) and the final cycle.
   */
  finish(
    components: readonly ComponentSnapshot[],
    log: readonly MigrationLogEntry[],
    cycles: number,
  ): RunStats {
    const comps: ComponentStats[] = components.map(componentStats);
    const agents: AgentStats[] = this.agents.map((a, i) => {
      const lat = new LatencyHistogram();
      lat.addAll(a.readLat);
      lat.addAll(a.writeLat);
      const home = agentHomeDevice(i, this.devices);
      const local = a.byDevice[home] ?? 0;
      const total = a.byDevice.reduce((x, y) => x + y, 0);
      return {
        agent: i,
        homeDevice: home,
        reads: a.readLat.count,
        writes: a.writeLat.count,
        sweepReads: a.sweepReads,
        latency: lat.summary(),
        readLatency: a.readLat.summary(),
        writeLatency: a.writeLat.summary(),
        localAccesses: local,
        remoteAccesses: total - local,
        byDevice: a.byDevice.map((n, d) => ({ device: d, accesses: n, local: d === home })),
        latencyOverTime: a.timeline.buckets(cycles, LATENCY_BUCKETS),
      };
    });
    const devices: DeviceStats[] = Array.from({ length: this.devices }, (_, d) => {
      let local = 0;
      let remote = 0;
      for (const a of agents) {
        const n = a.byDevice[d]?.accesses ?? 0;
        if (a.homeDevice === d) local += n;
        else remote += n;
      }
      const accesses = local + remote;
      return { device: d, accesses, local, remote, localShare: accesses > 0 ? local / accesses : 0 };
    });
    const migrations: MigrationStats[] = log.map((m) => ({
      number: m.number,
      page: m.page,
      fromDevice: m.fromDevice,
      toDevice: m.toDevice,
      start: m.begin,
      end: m.end,
      duration: m.end === null ? null : m.end - m.begin,
      phases: m.phases.map((p) => ({
        name: p.name,
        start: p.start,
        end: p.end,
        duration: p.end === null ? null : p.end - p.start,
      })),
    }));
    return {
      components: comps,
      agents,
      devices,
      migrations,
      phases: phaseSummaries(migrations),
      totals: this.totals(comps, agents, migrations, cycles),
    };
  }

  private totals(
    comps: readonly ComponentStats[],
    agents: readonly AgentStats[],
    migrations: readonly MigrationStats[],
    cycles: number,
  ): RunStats['totals'] {
    const all = new LatencyHistogram();
    for (const a of this.agents) {
      all.addAll(a.readLat);
      all.addAll(a.writeLat);
    }
    const localAccesses = agents.reduce((s, a) => s + a.localAccesses, 0);
    const remoteAccesses = agents.reduce((s, a) => s + a.remoteAccesses, 0);
    const reads = agents.reduce((s, a) => s + a.reads, 0);
    const writes = agents.reduce((s, a) => s + a.writes, 0);
    const rate = (match: (c: ComponentStats) => boolean): number | null => {
      let h = 0;
      let m = 0;
      for (const c of comps)
        if (match(c)) {
          h += c.hits ?? 0;
          m += c.misses ?? 0;
        }
      return h + m > 0 ? h / (h + m) : null;
    };
    return {
      accesses: reads + writes,
      reads,
      writes,
      sweepReads: agents.reduce((s, a) => s + a.sweepReads, 0),
      migrations: migrations.filter((m) => m.end !== null).length,
      cycles,
      workloadEnd: this.workloadEnd,
      latency: all.summary(),
      localAccesses,
      remoteAccesses,
      localShare: localAccesses + remoteAccesses > 0 ? localAccesses / (localAccesses + remoteAccesses) : 0,
      migrationCycles: migrations.reduce((s, m) => s + (m.duration ?? 0), 0),
      controlCommands: comps.reduce((s, c) => s + (c.controlCommands ?? 0), 0),
      hitRates: {
        l1: rate((c) => c.kind === 'l1-cache'),
        l2: rate((c) => c.kind === 'l2-cache'),
        l1tlb: rate((c) => c.kind === 'tlb' && c.group.kind === 'agent'),
        l2tlb: rate((c) => c.kind === 'tlb' && c.group.kind !== 'agent'),
      },
    };
  }
}

/**
 * Durations of each phase name over all finished phases, in first-seen order.
 *
 * @example
 * phaseSummaries(result.stats.migrations).find((p) => p.name === 'copy')?.mean;
 */
export function phaseSummaries(migrations: readonly MigrationStats[]): PhaseSummary[] {
  const by = new Map<string, number[]>();
  for (const m of migrations)
    for (const p of m.phases) {
      const ds = by.get(p.name) ?? [];
      by.set(p.name, ds);
      if (p.duration !== null) ds.push(p.duration);
    }
  return [...by].map(([name, ds]) => {
    const total = ds.reduce((a, b) => a + b, 0);
    return {
      name,
      count: ds.length,
      mean: ds.length ? Math.round((total / ds.length) * 10) / 10 : 0,
      max: ds.reduce((a, b) => Math.max(b, a), 0), // no spread: a long run has millions of durations
      total,
    };
  });
}
