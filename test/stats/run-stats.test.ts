import type { RunResult } from '../../src/scenario/run-result';
import { runScenario } from '../../src/scenario/run-scenario';
import {
  defaultScenarioConfig,
  parseScenarioConfig,
  type ScenarioConfig,
} from '../../src/scenario/scenario-config';
import type { Topology } from '../../src/scenario/topology';
import { agentHomeDevice, componentGroup } from '../../src/stats/component-group';
import { formatStatsTable } from '../../src/stats/format-stats';
import { latencyBuckets, percentile, summarizeLatencies } from '../../src/stats/latency-summary';
import { textTable } from '../../src/stats/text-table';

interface Observed {
  readonly result: RunResult;
  readonly topo: Topology;
  /** Workload latencies per agent, computed from the raw events. */
  readonly latencies: number[][];
  /** Workload accesses per agent per device (page location at issue), from the raw events. */
  readonly byDevice: number[][];
}

function observe(over: Partial<ScenarioConfig>): Observed {
  const config = parseScenarioConfig({ ...defaultScenarioConfig(), ...over });
  let topo: Topology | null = null;
  let sweep = false;
  const latencies: number[][] = [];
  const byDevice: number[][] = [];
  const deviceOfId = new Map<number, number>();
  const result = runScenario(config, {
    onBuilt: (t) => {
      topo = t;
    },
    onSweep: () => {
      sweep = true;
    },
    onEvent: (rec) => {
      const e = rec.event;
      if (e.type === 'request-issued') {
        deviceOfId.set(e.id, topo!.sim.pageTable.find(1, e.address)!.deviceID);
      } else if (e.type === 'request-completed' && !sweep) {
        latencies[e.agent] = latencies[e.agent] ?? [];
        latencies[e.agent].push(rec.cycle - e.issuedAt);
        byDevice[e.agent] = byDevice[e.agent] ?? new Array(config.devices).fill(0);
        byDevice[e.agent][deviceOfId.get(e.id)!]++;
      }
    },
  });
  return { result, topo: topo!, latencies, byDevice };
}

describe('latency summaries', () => {
  test('nearest-rank percentiles, mean, min and max', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    const s = summarizeLatencies(values);
    expect(s).toEqual({ count: 100, mean: 50.5, p50: 50, p99: 99, min: 1, max: 100 });
    expect(values[0]).toBe(100); // input untouched
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBe(0);
    expect(summarizeLatencies([]).count).toBe(0);
  });

  test('time buckets partition the completions', () => {
    const at = [0, 10, 49, 50, 99, 100];
    const lat = [1, 2, 3, 4, 5, 6];
    const b = latencyBuckets(at, lat, 100, 2);
    expect(b.map((x) => [x.start, x.end, x.count, x.max])).toEqual([
      [0, 50, 3, 3],
      [50, 100, 3, 6],
    ]);
    expect(b[0].mean).toBe(2);
  });

  test('groups and home devices', () => {
    expect(componentGroup('MemCtrl[3]')).toEqual({ kind: 'device', index: 3, label: 'Device 3' });
    expect(componentGroup('ROB[2]').kind).toBe('agent');
    expect(componentGroup('DataMover').kind).toBe('migration');
    expect(componentGroup('L2TLB').kind).toBe('shared');
    expect(agentHomeDevice(5, 2)).toBe(1);
    expect(agentHomeDevice(5, 1)).toBe(0);
  });

  test('text tables align numbers right and show null as -', () => {
    expect(
      textTable(
        ['name', 'hits'],
        [
          ['L2Cache', 1234],
          ['IoMMU', null],
        ],
      ),
    ).toEqual(['name      hits', 'L2Cache  1,234', 'IoMMU        -']);
  });
});

describe('run statistics (default scenario, seed 1)', () => {
  let o: Observed;
  beforeAll(() => {
    o = observe({ seed: 1 });
  });

  test('totals agree with the run result and with the raw events', () => {
    const { result: r } = o;
    const t = r.stats.totals;
    expect(r.status).toBe('pass');
    expect(t.reads).toBe(r.reads);
    expect(t.writes).toBe(r.writes);
    expect(t.sweepReads).toBe(r.sweepReads);
    expect(t.accesses).toBe(r.reads + r.writes);
    expect(t.migrations).toBe(r.migrations);
    expect(t.cycles).toBe(r.cycles);
    expect(t.localAccesses + t.remoteAccesses).toBe(t.accesses);
    const all = o.latencies.flat();
    expect(t.latency).toEqual(summarizeLatencies(all));
    expect(t.latency.count).toBe(4000);
  });

  test('per-agent latency and locality match an independent count', () => {
    const { stats } = o.result;
    expect(stats.agents).toHaveLength(2);
    for (const a of stats.agents) {
      const mine = o.latencies[a.agent];
      const sorted = [...mine].sort((x, y) => x - y);
      expect(a.reads + a.writes).toBe(mine.length);
      expect(a.latency.p50).toBe(sorted[Math.ceil(0.5 * sorted.length) - 1]);
      expect(a.latency.p99).toBe(sorted[Math.ceil(0.99 * sorted.length) - 1]);
      expect(a.latency.max).toBe(sorted[sorted.length - 1]);
      expect(a.byDevice.map((d) => d.accesses)).toEqual(o.byDevice[a.agent]);
      expect(a.homeDevice).toBe(a.agent % 2);
      expect(a.localAccesses).toBe(o.byDevice[a.agent][a.homeDevice]);
      expect(a.latencyOverTime.reduce((s, b) => s + b.count, 0)).toBe(mine.length);
      expect(a.sweepReads).toBe(1000);
    }
    for (const d of stats.devices) {
      expect(d.accesses).toBe(o.byDevice.reduce((s, row) => s + row[d.device], 0));
      expect(d.local + d.remote).toBe(d.accesses);
    }
  });

  test('component counters are the components’ own and are consistent', () => {
    const { stats } = o.result;
    expect(stats.components.map((c) => c.name)).toEqual(o.topo.sim.components.map((c) => c.name));
    const byName = new Map(stats.components.map((c) => [c.name, c]));
    for (const c of stats.components) {
      if (c.kind === 'l1-cache') {
        expect(c.hits! + c.misses!).toBe(c.counters.reads + c.counters.writes);
        expect(c.evictions).toBeNull(); // write-through: no such counter
      }
      if (c.kind === 'tlb') expect(c.hits! + c.misses! + c.mshrHits!).toBe(c.translations);
      if (c.kind === 'rob') expect(c.controlCommands).toBe(2 * o.result.migrations); // drain + enable
    }
    expect(byName.get('IoMMU')!.pageWalks).toBe(byName.get('L2TLB')!.misses);
    expect(byName.get('L2Cache')!.writeBacks).toBeGreaterThan(0);
    expect(byName.get('DataMover')!.counters.moves).toBe(o.result.migrations);
    expect(byName.get('MigrationController')!.counters.numMigrations).toBe(o.result.migrations);
    const mem = stats.components.filter((c) => c.kind === 'memory-controller');
    expect(mem.reduce((s, c) => s + c.counters.reads, 0)).toBeGreaterThan(0);
    expect(stats.totals.controlCommands).toBe(
      stats.components.reduce((s, c) => s + (c.controlCommands ?? 0), 0),
    );
  });

  test('migrations and phases come from the migration log', () => {
    const { stats, migrationLog } = o.result;
    expect(stats.migrations).toHaveLength(migrationLog.length);
    stats.migrations.forEach((m, i) => {
      const g = migrationLog[i];
      expect([m.number, m.page, m.start, m.end]).toEqual([g.number, g.page, g.begin, g.end]);
      expect(m.phases.map((p) => p.name)).toEqual(g.phases.map((p) => p.name));
      // phases are back to back, so they add up to the migration
      expect(m.phases.reduce((s, p) => s + p.duration!, 0)).toBe(m.duration);
    });
    const copy = stats.phases.find((p) => p.name === 'copy')!;
    expect(copy.count).toBe(o.result.migrations);
    expect(copy.total).toBe(
      stats.migrations.reduce((s, m) => s + m.phases.find((p) => p.name === 'copy')!.duration!, 0),
    );
  });

  test('the table names every component, agent and phase', () => {
    const text = formatStatsTable(o.result.stats).join('\n');
    for (const c of o.result.stats.components) expect(text).toContain(c.name);
    for (const p of o.result.stats.phases) expect(text).toContain(p.name);
    expect(text).toMatch(/p50\s+p99/);
    expect(text).toContain('hit rates: L1');
  });

  test('statistics are deterministic and do not change the run', () => {
    const again = runScenario(o.result.config);
    expect(again.traceHash).toBe(o.result.traceHash);
    expect(again.stats).toEqual(o.result.stats);
  });
});

describe('run statistics, other shapes', () => {
  test('one device: every access is local', () => {
    const r = runScenario(
      parseScenarioConfig({ ...defaultScenarioConfig(), seed: 2, devices: 1, accesses: 100 }),
    );
    expect(r.stats.totals.remoteAccesses).toBe(0);
    expect(r.stats.totals.localShare).toBe(1);
    expect(r.stats.migrations).toEqual([]);
    expect(r.stats.devices).toHaveLength(1);
  });

  test('a failed run still reports statistics', () => {
    const r = runScenario(
      parseScenarioConfig({ ...defaultScenarioConfig(), seed: 1, faults: ['skip-flush'] }),
    );
    expect(r.status).toBe('fail');
    expect(r.stats.totals.accesses).toBe(r.reads + r.writes);
    expect(r.stats.migrations.length).toBeGreaterThan(0);
  });
});
