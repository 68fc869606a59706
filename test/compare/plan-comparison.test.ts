import { BlockedTime } from '../../src/compare/blocked-time';
import { comparePlans } from '../../src/compare/plan-comparison';
import { DEFAULT_PLAN_NAMES, SCOPED_PLAN_NAMES } from '../../src/controllers/migration-plan';
import { renderHtmlReport } from '../../src/report/html-report';
import { runScenario } from '../../src/scenario/run-scenario';
import { defaultScenarioConfig } from '../../src/scenario/scenario-config';
import type { SimRecord } from '../../src/streams/kernel/simulation';

const cfg = {
  ...defaultScenarioConfig(),
  maxAddress: 1 << 16,
  accesses: 400,
  interval: 300,
  sweep: false,
  seed: 2,
};

describe('compare-plans', () => {
  test('blocked time counts only the part of a stall inside a migration', () => {
    const b = new BlockedTime();
    const rec = (cycle: number, event: object) => ({ cycle, event }) as unknown as SimRecord;
    b.observe(rec(0, { type: 'request-issued', agent: 0, id: 1 }));
    b.observe(rec(10, { type: 'migration-begin' }));
    b.observe(rec(40, { type: 'migration-end' }));
    b.observe(rec(50, { type: 'request-completed', agent: 0, id: 1 }));
    expect(b.perAgent()).toEqual([30]);
  });

  test('the reference and scoped plans side by side, deterministic, in the report', async () => {
    let first = null as ReturnType<typeof runScenario> | null;
    const c = await comparePlans(cfg, [DEFAULT_PLAN_NAMES, SCOPED_PLAN_NAMES], {
      fuzzRuns: 25,
      onRun: (_p, r) => {
        first ??= r;
      },
    });
    expect(c.plans).toHaveLength(2);
    const [ref, scoped] = c.plans;
    expect(c.baselineEnd).toBe(runScenario({ ...cfg, migrate: false }).stats.totals.workloadEnd);
    expect(scoped.endRatio).toBeLessThan(ref.endRatio);
    expect(scoped.blockedPerAgent[0]).toBeLessThan(ref.blockedPerAgent[0]);
    expect(scoped.safety.runs).toBe(25);
    expect(scoped.safety.verdict).not.toBe('unsafe');
    const again = await comparePlans(cfg, [DEFAULT_PLAN_NAMES, SCOPED_PLAN_NAMES], { fuzzRuns: 0 });
    expect(again.plans.map((p) => p.workloadEnd)).toEqual(c.plans.map((p) => p.workloadEnd));
    expect(again.plans[0].safety.verdict).toBe('skipped');
    const html = renderHtmlReport(first!, { comparison: c });
    expect(html).toContain('id="comparison"');
    expect(html).toContain('fence-page');
  });
});
