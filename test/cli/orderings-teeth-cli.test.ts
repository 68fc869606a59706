import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAULT_NAMES } from '../../src/controllers/faults';
import { interrupted } from '../support/interrupted';
import { CLI } from '../support/paths';

describe('orderings and teeth: signals, steps, seeds (built dist)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'numasim-orderings-teeth-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s during orderings: the partial table, exit %i',
    async (signal, status) => {
      const r = await interrupted(['orderings', '--seed', '1'], dir, signal, 4000);
      expect(r.code).toBe(status);
      const m = new RegExp(`^INTERRUPTED \\(${signal}\\): (\\d+) of 5047 orderings classified`).exec(
        r.stdout,
      );
      expect(m).not.toBeNull();
      const done = Number(m![1]);
      expect(done).toBeGreaterThan(0);
      expect(r.stdout).toContain(`numasim orderings — ${done} orderings of drain-robs,`);
      // every ordering finished is listed
      expect(r.stdout.split('\n').filter((l) => /(safe\??|UNSAFE) /.test(l.slice(67, 76)))).toHaveLength(
        done,
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
    60_000,
  );

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s during teeth: the rows of the campaigns finished, exit %i',
    async (signal, status) => {
      const r = await interrupted(['teeth'], dir, signal, 5000);
      expect(r.code).toBe(status);
      expect(r.stdout).toMatch(
        new RegExp(`^INTERRUPTED \\(${signal}\\): \\d+ of ${FAULT_NAMES.length * 5} campaigns finished`),
      );
      expect(r.stdout).toMatch(/\nfault +detected/);
      expect(r.stdout).toMatch(/\nskip-flush +\d\/\d/);
      expect(r.stderr).toBe(''); // no progress without a terminal, no stack trace
    },
    60_000,
  );

  test('SIGTERM during teeth --json: an object marking the run interrupted, with the rows so far, exit 143', async () => {
    const r = await interrupted(['teeth', '--json'], dir, 'SIGTERM', 4000);
    expect(r.code).toBe(143);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ interrupted: 'SIGTERM', total: FAULT_NAMES.length * 5 });
    expect(out.finished).toBeLessThan(out.total);
    const faults = out.rows.map((x: { fault: string }) => x.fault);
    expect(faults.length).toBeGreaterThan(0);
    expect(faults).toEqual(FAULT_NAMES.slice(0, faults.length)); // the faults reached so far, in order
    expect(r.stderr).toBe('');
  }, 60_000);

  test.each([
    [
      ['orderings', '--steps', ''],
      'numasim: --steps is empty: give the steps to order, e.g. drain-robs,copy,repoint',
    ],
    [
      ['orderings', '--steps', ' , '],
      'numasim: --steps is empty: give the steps to order, e.g. drain-robs,copy,repoint',
    ],
    [
      ['orderings', '--steps', 'drain-robs,drain-robs'],
      'numasim: --steps names drain-robs twice: give each step once (omissions are added)',
    ],
    [['orderings', '--seed', '-1'], 'numasim: --seed -1: must be at least 0'],
    [['orderings', '--seed', '2147483648'], 'numasim: --seed 2147483648: must be at most 2147483647'],
  ])('%j is refused: exit 2, one line', (args, line) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(line);
    expect(r.stdout).toBe('');
  });

  test('orderings without --seed picks a random seed, printed once in the heading (and in --json)', () => {
    const small = [
      'orderings',
      '--steps',
      'copy,repoint',
      '--max-runs',
      '5',
      '--hazard-min',
      '0',
      '--jobs',
      '1',
    ];
    const a = run(...small);
    expect(a.status).toBe(0);
    const seeds = a.stdout.match(/seed \d+/g) ?? [];
    expect(seeds).toHaveLength(1);
    const j = JSON.parse(run(...small, '--json').stdout);
    expect(Number.isSafeInteger(j.seed) && j.seed >= 0 && j.seed <= 2 ** 31 - 1).toBe(true);
    expect(`seed ${j.seed}`).not.toBe(seeds[0]); // two draws (a clash: 1 in 2^31)
  });
});
