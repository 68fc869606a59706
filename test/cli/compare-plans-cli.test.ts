import { spawnSync } from 'node:child_process';
import { formatComparison } from '../../src/cli/compare-plans-command';
import { defaultScenarioConfig } from '../../src/scenario/scenario-config';
import { CLI } from '../support/paths';

function numasim(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
}

const A = 'drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all';
const B = 'fence-page,drain-page,flush-page,copy,repoint,invalidate-page,unfence-page';
const SMALL = [
  '--max-address',
  '8192',
  '--accesses',
  '150',
  '--interval',
  '200',
  '--seed',
  '4',
  '--no-sweep',
];

describe('numasim compare-plans', () => {
  test('--json has a plans array, one object per plan', () => {
    const r = numasim('compare-plans', A, B, ...SMALL, '--fuzz-runs', '5', '--json');
    expect(r.status).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.plans.map((p: { plan: string[] }) => p.plan.join(','))).toEqual([A, B]);
    expect(c.plans[1].safety.runs).toBe(5);
    expect(typeof c.baselineEnd).toBe('number');
  });

  test('the text table names both plans', () => {
    const r = numasim('compare-plans', A, B, ...SMALL, '--fuzz-runs', '0');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('vs no migration');
    expect(r.stdout).toContain(`plan B: ${B}`);
  });

  test('bad input: one numasim: line, exit 2', () => {
    const r = numasim('compare-plans', A, 'copy,nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^numasim: PLAN_B: unknown plan step 'nope'/);
    expect(numasim('compare-plans', A).status).toBe(2);
  });
});

test('interrupted before any plan was compared: the heading and one INTERRUPTED line, no table of empty cells', () => {
  const c = {
    config: { ...defaultScenarioConfig(), seed: 1 },
    seed: 1,
    baselineEnd: 0,
    fuzzRuns: 400,
    plans: [],
    interrupted: true,
  };
  const text = formatComparison(c).split('\n');
  expect(text[0]).toMatch(/^numasim compare-plans — seed 1: /);
  expect(text.slice(1)).toEqual([
    '  INTERRUPTED: stopped before the no-migration run ended; no plan compared',
    '',
  ]);
  expect(formatComparison({ ...c, baselineEnd: 120_000 })).toContain('stopped before plan A was compared');
});
