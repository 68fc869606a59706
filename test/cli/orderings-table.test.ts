import { evidenceText, verdictWord } from '../../src/cli/orderings-table';
import type { OrderingVerdict } from '../../src/fuzz/orderings';
import { HAZARD_NAMES } from '../../src/oracle/hazard-names';

const base: OrderingVerdict = {
  plan: ['drain-robs', 'pause-rest', 'flush-l2', 'copy', 'repoint', 'invalidate', 'enable-all'],
  variant: 'permutation',
  safe: true,
  covered: true,
  kind: null,
  size: null,
  message: null,
  runs: 250,
  hazards: Object.fromEntries(HAZARD_NAMES.map((h) => [h, 120])) as OrderingVerdict['hazards'],
  required: HAZARD_NAMES.filter((h) => h !== 'walk-across-repoint'),
  shrinkRuns: null,
  seed: null,
  path: null,
};

describe('orderings table rows', () => {
  test('a safe row states its evidence, naming the hazards its plan cannot reach', () => {
    expect(verdictWord(base)).toBe('safe');
    expect(evidenceText(base, 100)).toBe(
      'no failure in 250 runs; each hazard ≥ 100 (not reachable: walk-across-repoint)',
    );
  });

  test('a row that hit the run cap is "safe?", an unsafe one says where it failed', () => {
    expect(verdictWord({ ...base, covered: false })).toBe('safe?');
    const bad = { ...base, safe: false, covered: false, kind: 'no-effect' as const, runs: 3, shrinkRuns: 12 };
    expect(verdictWord(bad)).toBe('UNSAFE');
    expect(evidenceText(bad, 100)).toBe('failed at run 3; shrunk with 12 runs');
  });
});
