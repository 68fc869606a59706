import { HAZARD_NAMES, type HazardCounts, type HazardName } from '../../src/oracle/hazard-names';
import { HazardTracker, type HazardTrackerOptions } from '../../src/oracle/hazard-tracker';
import type { RunResult } from '../../src/scenario/run-result';
import { runScenario } from '../../src/scenario/run-scenario';
import { defaultScenarioConfig, type ScenarioConfig } from '../../src/scenario/scenario-config';
import { buildTopology } from '../../src/scenario/topology';
import type { ScriptedAccess } from '../../src/state/memory-agent/memory-agent';
import type { SimRecord } from '../../src/streams/kernel/simulation';

const TINY = {
  l1: { totalBytes: 256, ways: 2 },
  l2: { totalBytes: 512, ways: 2 },
  l1tlb: { numSets: 1, numWays: 1 },
  l2tlb: { numSets: 1, numWays: 2 },
};

/** `n` accesses cycling over the first lines of `pages` (8 writes first, then reads and writes). */
function script(pages: number[], n: number): ScriptedAccess[] {
  const written = new Set<number>();
  const out: ScriptedAccess[] = [];
  for (let i = 0; i < n; i++) {
    const word = pages[i % pages.length] * 1024 + (i % 4) * 16;
    if (i >= 8 && i % 2 === 1 && written.has(word)) out.push({ op: 'read', word });
    else {
      written.add(word);
      out.push({ op: 'write', word, value: i + 1 });
    }
  }
  return out;
}

function cfg(o: Partial<ScenarioConfig>): ScenarioConfig {
  return {
    ...defaultScenarioConfig(),
    agents: 1,
    devices: 2,
    maxAddress: 8192,
    accesses: 0,
    components: TINY,
    watchdogCycles: 50_000,
    ...o,
  };
}

/** Page 0 hammered, migrated to device 1 and straight back at cycle 20: every hazard but the walk. */
const HOT = cfg({
  scripts: [script([0], 60)],
  schedule: [
    { page: 0, toDevice: 1, at: 20 },
    { page: 0, toDevice: 0, at: 20 },
  ],
});
/** The same traffic, but the migrated page (1) is one the agent never touches. */
const COLD = cfg({ scripts: [script([0], 60)], schedule: [{ page: 1, toDevice: 0, at: 20 }] });
/** A plan that repoints with no quiescence while pages 0 and 1 fight for a one-entry TLB and walks take 40 cycles. */
const WALK = cfg({
  scripts: [script([0, 1], 60)],
  schedule: [{ page: 0, toDevice: 1, at: 30 }],
  plan: ['repoint'],
  components: { ...TINY, mmu: { latency: 40 } },
});

function runWith(c: ScenarioConfig, options: HazardTrackerOptions): HazardCounts {
  let tracker: HazardTracker | null = null;
  runScenario(c, {
    onBuilt: (t) => {
      tracker = new HazardTracker(t, options);
    },
    onEvent: (rec) => tracker!.observe(rec),
  });
  return (tracker as HazardTracker | null)!.counts();
}

/** Asserts a run exercised every hazard in `names` (what a coverage test relies on). */
function expectExercised(h: HazardCounts, names: readonly HazardName[]): void {
  for (const n of names) if (h[n] === 0) throw new Error(`hazard ${n} not exercised`);
}

describe('HazardTracker on real runs', () => {
  const hot = runScenario(HOT);
  const cold = runScenario(COLD);
  const walk = runScenario(WALK);
  const passes = (r: RunResult) => expect(r.status).toBe('pass');

  it('the runs pass and migrate', () => {
    [hot, cold, walk].forEach(passes);
    expect(hot.migrations).toBe(2);
    expect(cold.migrations).toBe(1);
    expect(walk.migrations).toBe(1);
  });

  const onHot: HazardName[] = HAZARD_NAMES.filter((n) => n !== 'walk-across-repoint');
  it.each(onHot)('counts %s when a touched page migrates there and back under traffic', (name) => {
    expect(hot.hazards[name]).toBeGreaterThan(0);
  });

  const notOnCold: HazardName[] = HAZARD_NAMES.filter((n) => n !== 'migration-under-traffic');
  it.each(notOnCold)('does not count %s when the migrated page is untouched and moves once', (name) => {
    expect(cold.hazards[name]).toBe(0);
  });

  it('counts walk-across-repoint when a walk for the page is open at the repoint, not when drained', () => {
    expect(walk.hazards['walk-across-repoint']).toBe(1);
    expect(hot.hazards['walk-across-repoint']).toBe(0);
  });

  it('counts each hazard at most once per migration', () => {
    for (const n of HAZARD_NAMES) expect(hot.hazards[n]).toBeLessThanOrEqual(hot.migrations);
  });

  it('observes only: the trace hash is the same with a second tracker watching', () => {
    let extra: HazardTracker | null = null;
    const again = runScenario(HOT, {
      onBuilt: (t) => {
        extra = new HazardTracker(t);
      },
      onEvent: (rec) => extra!.observe(rec),
    });
    expect(again.traceHash).toBe(hot.traceHash);
    expect((extra as HazardTracker | null)!.counts()).toEqual(hot.hazards);
    expect(runWith(HOT, {})).toEqual(hot.hazards);
  });

  it('a tracker with a disabled rule misses what the coverage assertion needs', () => {
    expect(() => expectExercised(hot.hazards, onHot)).not.toThrow();
    const weak = runWith(HOT, { disabled: ['dirty-l2-line-at-flush'] });
    expect(weak['dirty-l2-line-at-flush']).toBe(0);
    expect(() => expectExercised(weak, onHot)).toThrow(/dirty-l2-line-at-flush/);
  });
});

describe('HazardTracker on synthetic events', () => {
  const topo = buildTopology(cfg({ scripts: [[{ op: 'write', word: 0, value: 1 }]], schedule: [] }));
  const feed = (events: Array<[number, SimRecord['event']]>, options: HazardTrackerOptions = {}) => {
    const t = new HazardTracker(topo, options);
    for (const [cycle, event] of events) t.observe({ cycle, source: 'test', event });
    return t.counts();
  };
  const begin = (migration: number, page: number, fromDevice: number, toDevice: number) =>
    ({ type: 'migration-begin', migration, page, fromDevice, toDevice, srcAddr: 0, dstAddr: 0 }) as const;
  const end = (migration: number, page: number) => ({ type: 'migration-end', migration, page }) as const;
  const issue = (id: number, address: number) =>
    ({ type: 'request-issued', agent: 0, id, op: 'write', address, value: 1 }) as const;
  const done = (id: number, address: number) =>
    ({ type: 'request-completed', agent: 0, id, op: 'write', address, issuedAt: 0 }) as const;
  const enableStep = topo.plan.indexOf('enable-all');
  const enableEnd = (migration: number) =>
    ({ type: 'phase-end', migration, phase: 'enable-all', step: enableStep }) as const;

  it('migration-under-traffic: only with a request in flight', () => {
    expect(feed([[5, begin(0, 0, 0, 1)]])['migration-under-traffic']).toBe(0);
    expect(
      feed([
        [1, issue(1, 0)],
        [5, begin(0, 0, 0, 1)],
      ])['migration-under-traffic'],
    ).toBe(1);
    expect(
      feed([
        [1, issue(1, 0)],
        [3, done(1, 0)],
        [5, begin(0, 0, 0, 1)],
      ])['migration-under-traffic'],
    ).toBe(0);
  });

  it('page-round-trip and back-to-back-migration', () => {
    const trip = feed([
      [1, begin(0, 0, 0, 1)],
      [2, end(0, 0)],
      [3, begin(1, 0, 1, 0)],
    ]);
    expect(trip['page-round-trip']).toBe(1);
    expect(trip['back-to-back-migration']).toBe(1);
    const onward = feed([
      [1, begin(0, 0, 0, 1)],
      [2, end(0, 0)],
      [3, begin(1, 1, 1, 0)],
      [4, end(1, 1)],
      [5, begin(2, 0, 1, 2)],
    ]);
    expect(onward['page-round-trip']).toBe(0);
    expect(onward['back-to-back-migration']).toBe(0);
  });

  it('access-soon-after-enable: a request within the window counts, a later one does not', () => {
    const base: Array<[number, SimRecord['event']]> = [
      [1, begin(0, 0, 0, 1)],
      [10, enableEnd(0)],
      [11, end(0, 0)],
    ];
    expect(feed([...base, [100, issue(1, 4)]])['access-soon-after-enable']).toBe(1);
    expect(feed([...base, [500, issue(1, 4)]])['access-soon-after-enable']).toBe(0);
    expect(feed([...base, [100, issue(1, 4096)]])['access-soon-after-enable']).toBe(0);
    expect(feed([...base, [100, issue(1, 4)]], { soonCycles: 50 })['access-soon-after-enable']).toBe(0);
  });
});
