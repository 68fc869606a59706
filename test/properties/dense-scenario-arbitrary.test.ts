import fc from 'fast-check';
import { denseScenarioArbitrary } from '../../src/fuzz/arbitraries/dense-scenario-arbitrary';
import { fitDenseSchedule, touchedPages } from '../../src/fuzz/arbitraries/dense-schedule-arbitrary';
import { TIMING_KNOBS, timingArbitrary } from '../../src/fuzz/arbitraries/timing-arbitrary';
import { DEFAULT_FUZZ_SPACE, fuzzArbitrary } from '../../src/fuzz/fuzz-options';
import { runScenario } from '../../src/scenario/run-scenario';
import { computeAddressMap } from '../../src/state/memory/address-map';

describe('the dense fuzz space', () => {
  it('≥ 95 % of 300 generated scenarios start a migration with requests in flight, and all pass', () => {
    const configs = fc.sample(fuzzArbitrary(DEFAULT_FUZZ_SPACE), { numRuns: 300, seed: 42 });
    let under = 0;
    for (const c of configs) {
      const r = runScenario(c);
      expect(r.status).toBe('pass');
      if (r.hazards['migration-under-traffic'] > 0) under++;
    }
    expect(under / configs.length).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  it('every scenario has ≥ 2 devices and migrates only pages its scripts touch, to another device', () => {
    fc.assert(
      fc.property(denseScenarioArbitrary(), (c) => {
        expect(c.devices).toBeGreaterThanOrEqual(2);
        const map = computeAddressMap({ agents: c.agents, maxAddress: c.maxAddress, devices: c.devices });
        const touched = new Set(touchedPages(c.scripts!, map));
        expect(c.schedule!.length).toBeGreaterThan(0);
        const where = new Map<number, number>();
        let at = 0;
        for (const m of c.schedule!) {
          expect(touched.has(m.page)).toBe(true);
          const from = where.get(m.page) ?? m.page % c.devices;
          expect(m.toDevice).not.toBe(from);
          where.set(m.page, m.toDevice!);
          expect(m.at).toBeGreaterThanOrEqual(at);
          at = m.at;
        }
        expect(c.schedule![0].at).toBeLessThanOrEqual(48);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('same seed, same scenarios', () => {
    const a = fc.sample(denseScenarioArbitrary(), { numRuns: 20, seed: 3 });
    const b = fc.sample(denseScenarioArbitrary(), { numRuns: 20, seed: 3 });
    expect(a).toEqual(b);
  });

  it('timing overrides stay within each knob’s range', () => {
    fc.assert(
      fc.property(timingArbitrary(), (t) => {
        for (const k of TIMING_KNOBS) {
          const v = k.component === 'config' ? t.bufferSize : t.components[k.component]?.[k.field];
          if (v !== undefined) {
            expect(v).toBeGreaterThanOrEqual(k.min);
            expect(v).toBeLessThanOrEqual(k.max);
          }
        }
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('fitDenseSchedule: a round trip goes there and back, back-to-back goes on', () => {
    const map = computeAddressMap({ agents: 1, maxAddress: 8192, devices: 3 });
    expect(
      fitDenseSchedule({ firstAt: 10, groups: [{ pick: 1, kind: 'round-trip', gap: 5 }] }, [0, 1], map),
    ).toEqual([
      { page: 1, toDevice: 2, at: 10 },
      { page: 1, toDevice: 1, at: 10 },
    ]);
    expect(
      fitDenseSchedule({ firstAt: 4, groups: [{ pick: 0, kind: 'back-to-back', gap: 0 }] }, [0], map),
    ).toEqual([
      { page: 0, toDevice: 1, at: 4 },
      { page: 0, toDevice: 2, at: 4 },
    ]);
  });

  it('the classic space stays reachable and unchanged in shape', () => {
    const c = fc.sample(fuzzArbitrary({ ...DEFAULT_FUZZ_SPACE, kind: 'classic' }), { numRuns: 50, seed: 1 });
    expect(c.some((x) => x.devices === 1)).toBe(true);
    expect(c.every((x) => x.bufferSize === 16)).toBe(true);
  });
});

test('every generated scenario passes the configuration schema (fuzzed timing stays within valid ranges)', () => {
  const { parseScenarioConfig } =
    require('../../src/scenario/scenario-config') as typeof import('../../src/scenario/scenario-config');
  fc.assert(
    fc.property(fuzzArbitrary(DEFAULT_FUZZ_SPACE), (c) => {
      expect(() => parseScenarioConfig(c)).not.toThrow();
    }),
    { seed: 11, numRuns: 500 },
  );
});
