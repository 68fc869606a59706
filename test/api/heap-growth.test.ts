import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

// limitHeapGrowth sets a process-wide V8 flag, so each case runs in its own node process.
const MODULE = join(REPO_ROOT, 'dist', 'api', 'heap-growth.js');
const ESTIMATE = join(REPO_ROOT, 'dist', 'scenario', 'memory-estimate.js');
const CONFIG = join(REPO_ROOT, 'dist', 'scenario', 'scenario-config.js');

function run(code: string, nodeFlags: string[] = []) {
  return spawnSync(
    process.execPath,
    [...nodeFlags, '-e', `const h = require(${JSON.stringify(MODULE)}); ${code}`],
    { encoding: 'utf8' },
  );
}

describe('limitHeapGrowth', () => {
  test('applies the setting when the process chose none', () => {
    const r = run('process.stdout.write(String(h.limitHeapGrowth()))');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('true');
  });

  test("leaves the user's own choice alone (node --heap-growing-percent)", () => {
    const r = run('process.stdout.write(String(h.limitHeapGrowth()))', ['--heap-growing-percent=300']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('false');
  });

  test('rejects a percentage that is not a whole number ≥ 1', () => {
    const r = run('h.limitHeapGrowth(0)');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('heap growing percent 0');
  });
});

describe('heapGrowingPercentFor', () => {
  test('large runs keep less old-generation headroom; others the default', () => {
    const r = run(
      `const m = require(${JSON.stringify(ESTIMATE)}); const d = require(${JSON.stringify(CONFIG)}).defaultScenarioConfig();
       const of = (c) => h.heapGrowingPercentFor(m.estimateScenarioMemory({ ...d, ...c }));
       process.stdout.write(JSON.stringify([of({}), of({ agents: 8, accesses: 100000 }), of({ agents: 64, accesses: 100000 }), h.limitHeapGrowth(of({ agents: 64, accesses: 100000 }))]))`,
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([100, 100, 25, true]);
  });
});
