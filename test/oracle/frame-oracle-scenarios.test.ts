import { runScenario } from '../../src/scenario/run-scenario';
import {
  defaultScenarioConfig,
  parseScenarioConfig,
  type ScenarioConfig,
} from '../../src/scenario/scenario-config';
import type { Topology } from '../../src/scenario/topology';
import { deviceOf } from '../../src/state/memory/address-map';
import { CONFIG_A, run, why } from '../support/scenario';

/** The at-scale scenario of issue 13: every page migrates once and the L2 TLB holds them all. */
const AT_SCALE: Partial<ScenarioConfig> = {
  agents: 4,
  maxAddress: 1 << 20,
  accesses: 20000,
  interval: 100,
  seed: 1,
};

/**
 * Runs `over` and, when the copy of migration `migration` ends, flips bits
 * `mask` of the first non-zero word of the destination frame in the memory
 * controller's storage (a broken copy the caches never see). Returns the
 * run's result and the corrupted physical address (null when nothing was
 * corrupted).
 */
function runCorrupting(over: Partial<ScenarioConfig>, migration: number, mask: number) {
  const config = parseScenarioConfig({ ...defaultScenarioConfig(), ...over });
  let topo: Topology | null = null;
  let dst = -1;
  let corrupted: number | null = null;
  const result = runScenario(config, {
    onBuilt: (t) => {
      topo = t;
    },
    onEvent: (rec) => {
      const e = rec.event;
      if (e.type === 'migration-begin' && e.migration === migration) dst = e.dstAddr;
      if (e.type === 'phase-end' && e.migration === migration && e.phase === 'copy' && topo !== null) {
        const t: Topology = topo;
        const mc = t.memoryControllers[deviceOf(t.map, dst)];
        const bytes = mc.state.storage.read(dst, t.map.pageSize);
        const view = new DataView(bytes.buffer);
        for (let o = 0; o < bytes.length; o += 4) {
          const v = view.getUint32(o, true);
          if (v === 0) continue;
          const b = new Uint8Array(4);
          new DataView(b.buffer).setUint32(0, (v ^ mask) >>> 0, true);
          mc.state = { ...mc.state, storage: mc.state.storage.write(dst + o, b, null) };
          corrupted = dst + o;
          break;
        }
      }
    },
  });
  return { result, corrupted: corrupted as number | null };
}

describe('frame oracle in runs: each check catches its broken variant', () => {
  test('the default scenario and the default plan pass (the oracle only observes)', () => {
    const r = run({ seed: 1 });
    expect(why(r)).toBe('pass');
    expect(r.migrations).toBeGreaterThan(10);
  });

  test('no-effect: the plan without repoint fails at the end of its first migration', () => {
    const r = run({
      seed: 7,
      plan: ['drain-robs', 'pause-rest', 'flush-l2', 'copy', 'invalidate', 'enable-all'],
    });
    expect(r.failure?.kind).toBe('no-effect');
    expect(r.failure?.frame).toMatchObject({
      migration: 0,
      virtualPage: 0,
      mappedTo: r.migrationLog[0].srcAddr,
    });
    expect(r.failure?.cycle).toBe(r.migrationLog[0].end);
    expect(r.failure?.message).toMatch(/^migration had no effect/);
  });

  test.each(['skip-tlb-invalidate', 'skip-invalidate'] as const)(
    'stale-frame: %s at scale (which the value oracle alone passes) fails',
    (fault) => {
      const r = run({ ...AT_SCALE, faults: [fault] });
      expect(r.failure?.kind).toBe('stale-frame');
      const v = r.failure!.frame!;
      const g = r.migrationLog[v.migration];
      expect(v.frame).toBe(g.srcAddr);
      expect(v.virtualPage).toBe(g.page);
      expect(v.requester).toBe('L2Cache.Bottom');
      expect(v.copyBegan).toBe(g.phases.find((p) => p.name === 'copy')!.start);
      expect(v.cycle).toBeGreaterThan(g.end!);
      expect(r.failure?.message).toMatch(/^stale-frame access: L2Cache.Bottom (read|write) at 0x/);
    },
  );

  test('stale-frame: the same at-scale run with the default plan passes', () => {
    expect(why(run({ ...AT_SCALE, accesses: 5000 }))).toBe('pass');
  });

  test('frame-content: one corrupted word of the destination frame is caught at the end of that migration', () => {
    const clean = runCorrupting({ ...CONFIG_A, accesses: 400, seed: 2 }, 1, 0);
    expect(why(clean.result)).toBe('pass');
    const { result, corrupted } = runCorrupting({ ...CONFIG_A, accesses: 400, seed: 2 }, 1, 0x10);
    expect(corrupted).not.toBeNull();
    expect(result.failure?.kind).toBe('frame-content');
    const v = result.failure!.frame!;
    expect(v).toMatchObject({
      migration: 1,
      physicalAddress: corrupted,
      frame: result.migrationLog[1].dstAddr,
    });
    expect((v.actual! ^ v.expected!) >>> 0).toBe(0x10);
    expect(result.failure?.cycle).toBe(result.migrationLog[1].end);
  });

  test('frame-content: skipping the flush leaves the destination frame without the dirty lines', () => {
    const r = run({ ...CONFIG_A, accesses: 400, seed: 1, faults: ['skip-flush'] });
    expect(r.failure?.kind).toBe('frame-content');
    expect(r.failure?.frame?.migration).toBe(0);
  });
});
