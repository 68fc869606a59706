import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateChromeTrace } from '../../src/trace/validate-trace';
import { CLI } from '../support/paths';

function numasim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('numasim run --trace (built dist)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'numasim-trace-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('writes a valid trace and says so in the summary', () => {
    const file = join(dir, 'run.json');
    const r = numasim('run', '--seed', '2', '--accesses', '300', '--trace', file);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const v = validateChromeTrace(doc);
    expect(v.problems).toEqual([]);
    const json = JSON.parse(numasim('run', '--seed', '2', '--accesses', '300', '--json').stdout);
    expect(v.spansByCat.migration).toBe(json.migrations);
    expect(v.asyncSpans).toBe(json.reads + json.writes + json.sweepReads);
    expect(doc.otherData.traceHash).toBe(json.traceHash);
    expect(r.stdout).toMatch(
      new RegExp(
        `trace: ${file.replace(/[.]/g, '\\.')} \\(.*, ${json.migrations} migration spans, ${v.asyncSpans} request spans\\)`,
      ),
    );
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('--trace-sample and --trace-window shrink the trace; --json keeps stdout pure', () => {
    const file = join(dir, 'small.json');
    const r = numasim(
      'run',
      '--seed',
      '2',
      '--accesses',
      '300',
      '--trace',
      file,
      '--trace-sample',
      '5',
      '--trace-window',
      '0:20000',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).seed).toBe(2); // one JSON object, nothing else
    expect(r.stderr).toMatch(/trace: .*small\.json/);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(validateChromeTrace(doc).problems).toEqual([]);
    expect(doc.otherData).toMatchObject({ requestSample: 5, window: [0, 20000] });
    const full = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(doc.traceEvents.length).toBeLessThan(full.traceEvents.length / 4);
  });

  test.each([
    [['--trace-sample', '4'], /need --trace FILE/],
    [['--trace', 'x.json', '--trace-window', '9:1'], /START must not exceed END/],
    [['--trace', 'x.json', '--trace-window', 'soon'], /START:END/],
    [['--trace', 'x.json', '--trace-sample', '0'], /at least 1/],
    [
      ['--trace', '/nonexistent-dir/x.json'],
      /--trace \/nonexistent-dir\/x.json: folder \/nonexistent-dir does not exist/,
    ],
  ])('bad trace flags %j exit 2 with one line', (flags, why) => {
    const r = numasim('run', '--accesses', '10', ...(flags as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(existsSync('x.json')).toBe(false);
  });
});
