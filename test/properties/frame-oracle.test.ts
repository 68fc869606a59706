import fc from 'fast-check';
import { DEFAULT_FUZZ_SPACE, fuzzArbitrary } from '../../src/fuzz/fuzz-options';
import type { RunResult } from '../../src/scenario/run-result';
import { runScenario } from '../../src/scenario/run-scenario';
import type { ScenarioConfig } from '../../src/scenario/scenario-config';
import type { Topology } from '../../src/scenario/topology';
import { deviceOf } from '../../src/state/memory/address-map';

/**
 * Runs `config`; when the copy of the first migration ends, flips the bits
 * `mask` of the `pick`-th non-zero word of its destination frame, directly in
 * the memory controller's storage. Returns the result and the physical
 * address corrupted (null if the frame had no non-zero word or nothing
 * migrated).
 */
function runCorrupting(
  config: ScenarioConfig,
  pick: number,
  mask: number,
): { result: RunResult; corrupted: number | null } {
  let topo: Topology | null = null;
  let dst = -1;
  let corrupted: number | null = null;
  const result = runScenario(config, {
    onBuilt: (t) => {
      topo = t;
    },
    onEvent: (rec) => {
      const e = rec.event;
      if (e.type === 'migration-begin' && e.migration === 0) dst = e.dstAddr;
      if (e.type !== 'phase-end' || e.migration !== 0 || e.phase !== 'copy' || topo === null) return;
      const t: Topology = topo;
      const mc = t.memoryControllers[deviceOf(t.map, dst)];
      const bytes = mc.state.storage.read(dst, t.map.pageSize);
      const view = new DataView(bytes.buffer);
      const nonZero: number[] = [];
      for (let o = 0; o < bytes.length; o += 4) if (view.getUint32(o, true) !== 0) nonZero.push(o);
      if (nonZero.length === 0) return;
      const o = nonZero[pick % nonZero.length];
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, (view.getUint32(o, true) ^ mask) >>> 0, true);
      mc.state = { ...mc.state, storage: mc.state.storage.write(dst + o, b, null) };
      corrupted = dst + o;
    },
  });
  return { result, corrupted: corrupted as number | null };
}

describe('frame oracle (properties over fuzz scenarios)', () => {
  test('the default plan never trips the frame oracle, strict or lenient', () => {
    for (const oracle of ['strict', 'lenient'] as const) {
      fc.assert(
        fc.property(fuzzArbitrary({ ...DEFAULT_FUZZ_SPACE, oracle }), (config) => {
          const r = runScenario(config);
          expect(r.failure?.message ?? 'pass').toBe('pass');
        }),
        { seed: 13, numRuns: 150 },
      );
    }
  });

  test('any corrupted word of a destination frame that a write put there is caught, at that word, at the end of that migration', () => {
    let caught = 0;
    fc.assert(
      fc.property(
        fuzzArbitrary(DEFAULT_FUZZ_SPACE),
        fc.nat(4096),
        fc.integer({ min: 1, max: 0xffffffff }),
        (config, pick, mask) => {
          const { result, corrupted } = runCorrupting(config, pick, mask);
          if (corrupted === null) {
            expect(result.status).toBe('pass');
            return;
          }
          caught++;
          expect(result.failure?.kind).toBe('frame-content');
          expect(result.failure?.frame).toMatchObject({ migration: 0, physicalAddress: corrupted });
          expect(result.failure?.cycle).toBe(result.migrationLog[0].end);
        },
      ),
      { seed: 5, numRuns: 120 },
    );
    expect(caught).toBeGreaterThan(10);
  });
});
