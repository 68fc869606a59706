import { spawn, spawnSync } from 'node:child_process';
import { CLI } from '../support/paths';

function numasim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('numasim CLI (built dist, see "pretest")', () => {
  test('a reader that closes standard output early ends it quietly (no EPIPE stack trace)', async () => {
    const child = spawn(process.execPath, [CLI, 'run', '--seed', '3', '--accesses', '60', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // like `| head -c 0`
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(stderr).toBe('');
    expect(stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(code).toBe(0);
  });

  test('run --json prints one JSON object with the documented keys', () => {
    const r = numasim('run', '--seed', '3', '--accesses', '60', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const k of [
      'config',
      'seed',
      'reads',
      'writes',
      'migrations',
      'mismatches',
      'cycles',
      'wallMs',
      'accessesPerSec',
      'traceHash',
    ]) {
      expect(out).toHaveProperty(k);
    }
    expect(out.seed).toBe(3);
    expect(out.reads + out.writes).toBe(240);
    expect(r.stderr).toBe(''); // the seed is printed once: in the JSON
  });

  test('with no subcommand it runs the default scenario and prints a summary with the seed', () => {
    const r = numasim('--accesses', '50');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(''); // the seed is printed once: in the summary
    expect(r.stdout).toMatch(/^numasim run — seed \d+/);
    expect(r.stdout).toMatch(/PASS {2}200 accesses/);
  });

  test('the same seed twice gives the same trace hash', () => {
    const a = JSON.parse(numasim('run', '--seed', '9', '--accesses', '80', '--json').stdout);
    const b = JSON.parse(numasim('run', '--seed', '9', '--accesses', '80', '--json').stdout);
    expect(a.traceHash).toBe(b.traceHash);
  });

  test('a failure exits 1 and prints a one-line command that reproduces it', () => {
    const r = numasim('run', '--seed', '1', '--fault', 'skip-flush');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL');
    const cmd = /reproduce: (npx numasim run .*)$/m.exec(r.stdout)![1];
    expect(cmd).toBe('npx numasim run --seed 1 --fault skip-flush');
    const again = numasim(...cmd.split(' ').slice(2), '--json');
    expect(again.code).toBe(1);
    const first = /failure \((\S+)\) at cycle ([\d,]+)/.exec(r.stdout)!;
    const f = JSON.parse(again.stdout).failure;
    expect(f.kind).toBe(first[1]);
    expect(f.cycle).toBe(Number(first[2].replace(/,/g, '')));
  });

  test('--debug logs phase transitions on stderr', () => {
    const r = numasim(
      'run',
      '--seed',
      '2',
      '--accesses',
      '300',
      '--debug',
      '--max-address',
      '1024',
      '--interval',
      '200',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/migration #0: page 0 dev 0->1 \(0x100000->0x300000\)/);
    expect(r.stderr).toMatch(/-> flush-l2/);
  });

  test.each([
    [['--agents', '0'], /agents/],
    [['--agents', '-3'], /agents/],
    [['--accesses', 'many'], /accesses/],
    [['--max-address', '2'], /max-address/],
    [['--devices', '17'], /devices/],
    [['--fault', 'gremlins'], /unknown fault 'gremlins'/],
    [['--plan', 'drain-robs,teleport'], /unknown plan step 'teleport'/],
    [['--oracle', 'psychic'], /oracle/],
    [['--frobnicate'], /unknown option/],
    [['--config', '/nonexistent/file.json'], /cannot read config file/],
  ])('bad input %j → exit 2, one line, no stack trace', (args, pattern) => {
    const r = numasim('run', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});

describe('numasim conventions (built dist)', () => {
  test('--version prints the package version; help and help <command> exit 0', () => {
    const v = numasim('--version');
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(require('../../package.json').version);
    const h = numasim('help');
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Examples:');
    expect(h.stdout).toContain('Exit status:');
    const hr = numasim('help', 'run');
    expect(hr.code).toBe(0);
    expect(hr.stdout).toMatch(/^Usage: numasim run/);
  });

  test('a mistyped subcommand gets a suggestion, exit 2', () => {
    const r = numasim('fuz');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("numasim: unknown command 'fuz' (did you mean fuzz?); see numasim --help");
  });

  test.each([
    [['run', '--oracle', 'bogus'], 'numasim: --oracle bogus: must be strict or lenient'],
    [['fuzz', '--oracle', 'bogus'], 'numasim: --oracle bogus: must be strict or lenient'],
    [['run', '--seed', '-1'], 'numasim: --seed -1: must be at least 0'],
    [['fuzz', '--seed', '-1'], 'numasim: --seed -1: must be at least 0'],
    [['run', '--bogus'], "numasim: unknown option '--bogus'"],
  ])('%j: one error style, one line, exit 2', (args, line) => {
    const r = numasim(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(line);
  });
});
