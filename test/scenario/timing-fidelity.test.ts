import type { RunResult } from '../../src/scenario/run-result';
import reference from '../fixtures/reference-timelines.json';
import { run } from '../support/scenario';

/** Median cycles from the start of each phase to the start of the next (the last: to completion). */
function medianPhaseCycles(r: RunResult): Record<string, number> {
  const d: Record<string, number[]> = {};
  for (const m of r.migrationLog) {
    if (m.end === null) continue;
    m.phases.forEach((p, i) => {
      const next = i + 1 < m.phases.length ? m.phases[i + 1].start : m.end!;
      d[p.name] = [...(d[p.name] ?? []), next - p.start];
    });
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(d)) out[k] = v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return out;
}

/** Our seeds per configuration: each seed is one sample of a distribution (our random streams are not the reference's). */
const SEEDS = [1, 2, 3, 4, 5];

type RefRun = (typeof reference.runs)[keyof typeof reference.runs];

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The reference runs grouped by configuration (seed aside), in fixture order. */
function byConfig(): [string, RefRun[]][] {
  const groups = new Map<string, RefRun[]>();
  const names = new Map<string, string>();
  for (const [name, ref] of Object.entries(reference.runs)) {
    const { seed: _seed, ...config } = ref.config as { seed: number };
    const key = JSON.stringify(config);
    if (!groups.has(key)) {
      groups.set(key, []);
      names.set(key, name.replace(/-seed\d+$/, ''));
    }
    groups.get(key)!.push(ref);
  }
  return [...groups].map(([key, runs]) => [names.get(key)!, runs]);
}

/**
 * Asserts issue 16's bounds for one configuration: our median over
 * {@link SEEDS} against the mean of the reference's runs of it — final
 * cycle within 5 %, migrations within 5 % (or 1), median drain and flush
 * within 12 %, fixed-cost phases within 2 cycles (copy exact).
 */
function expectWithinBounds(refs: readonly RefRun[]): void {
  const { seed: _seed, ...config } = refs[0].config as { seed: number };
  const runs = SEEDS.map((seed) => run({ ...config, seed, sweep: false }));
  for (const r of runs) expect(r.status).toBe('pass');
  const cycles = median(runs.map((r) => r.cycles));
  const refCycles = mean(refs.map((r) => r.finalCycle));
  expect(Math.abs(cycles - refCycles) / refCycles).toBeLessThanOrEqual(0.05);
  const migrations = median(runs.map((r) => r.migrations));
  const refMigrations = mean(refs.map((r) => r.migrations));
  expect(Math.abs(migrations - refMigrations)).toBeLessThanOrEqual(Math.max(1, refMigrations * 0.05));
  const phases = runs.map(medianPhaseCycles);
  for (const [phase, cycles0] of Object.entries(refs[0].medianPhaseCycles as Record<string, number>)) {
    const ours = median(phases.map((p) => p[phase]));
    const theirs = mean(refs.map((r) => (r.medianPhaseCycles as Record<string, number>)[phase]));
    if (phase === 'copy') expect(ours).toBe(cycles0);
    else if (phase === 'drain-robs' || phase === 'flush-l2') {
      expect({ phase, ratio: Math.abs(ours - theirs) / theirs <= 0.12 }).toEqual({ phase, ratio: true });
    } else expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(2);
  }
}

/**
 * Timing fidelity against the reference's measured timelines. The random
 * streams differ from the reference's, so a seed of ours and the same seed
 * of the reference are two independent samples: each configuration is run
 * on five seeds and our medians are compared with the mean of the
 * reference's runs (docs/fidelity.md).
 */
describe.each(byConfig())('%s', (_name, refs) => {
  test(`matches the reference timeline (median of ${SEEDS.length} seeds)`, () => {
    expectWithinBounds(refs);
  });
});
