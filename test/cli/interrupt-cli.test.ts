import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interrupted } from '../support/interrupted';
import { CLI } from '../support/paths';

describe('signals and output files (built dist)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'numasim-interrupt-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s during run --trace: a summary line, exit %i, no temporary file left',
    async (signal, status) => {
      const cwd = join(dir, signal);
      mkdirSync(cwd);
      const r = await interrupted(
        ['run', '--seed', '1', '--agents', '4', '--accesses', '200000', '--trace', 't.json'],
        cwd,
        signal,
        1500,
      );
      expect(r.code).toBe(status);
      expect(r.stdout).toMatch(
        new RegExp(
          `^INTERRUPTED \\(${signal}\\) at cycle [\\d,]+: .*; seed 1\\n  reproduce: npx numasim run --seed 1`,
        ),
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  test.each([
    [['run', '--accesses', '20', '--trace', ''], 'numasim: --trace is empty: give a file name'],
    [['run', '--accesses', '20', '--trace', '.'], 'numasim: --trace .: is a directory, not a file'],
    [
      ['run', '--accesses', '20', '--report', 'r.html', '--trace', 'r.html'],
      'numasim: --trace and --report name the same file (r.html)',
    ],
    [
      ['run', '--accesses', '20', '--report', 'no/such/r.html'],
      'numasim: --report no/such/r.html: folder no/such does not exist',
    ],
    [['fuzz', '--failure-file', '.', '--runs', '5'], 'numasim: --failure-file .: is a directory, not a file'],
    [
      ['fuzz', '--failure-file', 'no/dir/f.json', '--runs', '5'],
      'numasim: --failure-file no/dir/f.json: folder no/dir does not exist',
    ],
  ])('%j is refused before any work: exit 2, one line, no file left', (args, line) => {
    const cwd = mkdtempSync(join(dir, 'paths-'));
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(line);
    expect(readdirSync(cwd)).toEqual([]);
  });

  test.each([
    [
      ['run', '--accesses', '20', '--trace', 'c.json/t.json'],
      'numasim: --trace c.json/t.json: c.json is not a folder',
    ],
    [
      ['run', '--config', 'c.json', '--report', 'c.json'],
      'numasim: --report c.json is the --config file: writing it would destroy the input',
    ],
    [
      ['run', '--config', 'c.json', '--trace', 'c-link.json'],
      'numasim: --trace c-link.json is the --config file: writing it would destroy the input',
    ],
    [
      ['replay', 'f.json', '--report', 'f.json'],
      'numasim: --report f.json is the replayed failure file: writing it would destroy the input',
    ],
    [
      ['run', '--accesses', '20', '--json', '--report', 'stdout-link'],
      'numasim: --report stdout-link is standard output, where --json prints: give a file',
    ],
    [
      ['fuzz', '--runs', '5', '--json', '--failure-file', 'stdout-link'],
      'numasim: --failure-file stdout-link is standard output, where --json prints: give a file',
    ],
  ])('%j (an input, standard output or a path through a file) is refused, nothing written', (args, line) => {
    const cwd = mkdtempSync(join(dir, 'inputs-'));
    writeFileSync(join(cwd, 'c.json'), '{"accesses": 20}');
    symlinkSync('c.json', join(cwd, 'c-link.json'));
    symlinkSync('/proc/self/fd/1', join(cwd, 'stdout-link'));
    writeFileSync(join(cwd, 'f.json'), '{"format": "numasim-failure"}');
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
    expect(r.stderr.trim()).toBe(line);
    expect(r.status).toBe(2);
    expect(readdirSync(cwd).sort()).toEqual(['c-link.json', 'c.json', 'f.json', 'stdout-link']);
    expect(readFileSync(join(cwd, 'c.json'), 'utf8')).toBe('{"accesses": 20}');
  });
});
