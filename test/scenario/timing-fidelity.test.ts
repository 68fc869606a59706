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

/** Asserts the bounds below for one configuration (throws on the first miss). */
function expectWithinBounds(ref: (typeof reference.runs)[keyof typeof reference.runs]): void {
  const r = run({ ...ref.config, sweep: false });
  expect(r.status).toBe('pass');
  expect(Math.abs(r.cycles - ref.finalCycle) / ref.finalCycle).toBeLessThan(0.12);
  expect(Math.abs(r.migrations - ref.migrations)).toBeLessThanOrEqual(Math.max(2, ref.migrations * 0.1));
  const ours = medianPhaseCycles(r);
  const theirs = ref.medianPhaseCycles as Record<string, number>;
  for (const [phase, cycles] of Object.entries(theirs)) {
    if (phase === 'copy') expect(ours.copy).toBe(cycles);
    else if (phase === 'drain-robs' || phase === 'flush-l2') {
      expect(Math.abs(ours[phase] - cycles) / cycles).toBeLessThan(0.25);
    } else expect(Math.abs(ours[phase] - cycles)).toBeLessThanOrEqual(2);
  }
}

/**
 * Timing fidelity against the reference's measured timelines (same
 * configurations and seeds; the random streams differ, so distributions are
 * compared, not events): run length and migration count within a few
 * percent, fixed-cost phases (pause, copy, invalidate, enable) to the cycle
 * or nearly, workload-dependent phases (drain, flush) within 25 %.
 *
 * A run marked `openIssue` in the fixture is a known gap not yet explained
 * (docs/fidelity.md): its test expects the bounds to fail, so it starts
 * failing — and the mark must go — once the model closes the gap.
 */
describe.each(Object.entries(reference.runs))('%s', (_name, ref) => {
  if ('openIssue' in ref) {
    test.failing(`matches the reference timeline (known gap, issue ${ref.openIssue})`, () => {
      expectWithinBounds(ref);
    });
  } else {
    test('matches the reference timeline', () => {
      expectWithinBounds(ref);
    });
  }
});
