import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../support/paths';

function numasim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('numasim run --report (built dist)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'numasim-report-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('writes the HTML report, with the trace too, and names both in the summary', () => {
    const report = join(dir, 'r.html');
    const trace = join(dir, 't.json');
    const r = numasim('run', '--seed', '5', '--accesses', '300', '--report', report, '--trace', trace);
    expect(r.code).toBe(0);
    const html = readFileSync(report, 'utf8');
    const migrations = Number(/(\d+) migration\(s\)/.exec(r.stdout)![1]);
    expect(migrations).toBeGreaterThan(0);
    expect((html.match(/class="migration-bar"/g) ?? []).length).toBe(migrations);
    expect(html).toContain('<b id="seed">5</b>');
    expect(html).toMatch(/generated \d{4}-\d\d-\d\dT/);
    expect(r.stdout).toContain(`  report: ${report}`);
    expect(r.stdout).toContain(`  trace: ${trace}`);
    expect(readdirSync(dir).sort()).toEqual(['r.html', 't.json']);
  });

  test('a failing run still writes its report (exit 1)', () => {
    const report = join(dir, 'fail.html');
    const r = numasim('run', '--seed', '1', '--fault', 'skip-flush', '--report', report);
    expect(r.code).toBe(1);
    expect(readFileSync(report, 'utf8')).toContain('verdict fail');
  });

  test('an unwritable report path is bad input (exit 2)', () => {
    const r = numasim('run', '--accesses', '10', '--report', '/nonexistent-dir/r.html');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'numasim: --report /nonexistent-dir/r.html: folder /nonexistent-dir does not exist\n',
    );
  });
});
