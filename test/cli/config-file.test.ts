import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupedMessage, replayCommand } from '../../src/cli/format';
import { defaultScenarioConfig } from '../../src/scenario/scenario-config';
import { CLI } from '../support/paths';

function file(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const numasim = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('config files (built dist)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'numasim-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a run's own --json config, fed back through --config, replays the same run (its seed honoured)", () => {
    const first = numasim(['run', '--seed', '5', '--accesses', '300', '--max-address', '16384', '--json']);
    expect(first.status).toBe(0);
    const a = JSON.parse(first.stdout);
    const file = join(dir, 'again.json');
    writeFileSync(file, JSON.stringify(a.config));
    const second = numasim(['run', '--config', file, '--json']);
    expect(second.status).toBe(0);
    const b = JSON.parse(second.stdout);
    expect(b.seed).toBe(5);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.cycles).toBe(a.cycles);
  });

  test('a config file that starts with a UTF-8 byte-order mark is read like one without', () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, '\uFEFF{"accesses": 20, "seed": 3}');
    const r = numasim(['run', '--config', file, '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).config).toMatchObject({ accesses: 20, seed: 3 });
  });

  test.each([
    ['a folder', (d: string) => d, 'is a folder, not a file'],
    ['a missing file', (d: string) => join(d, 'nope.json'), 'no such file'],
    ['invalid JSON', (d: string) => file(d, 'bad.json', '{agents: 2'), 'is not valid JSON ('],
    ['an array', (d: string) => file(d, 'arr.json', '[1, 2]'), 'is not a JSON object (it holds an array)'],
    ['a number', (d: string) => file(d, 'num.json', '42'), 'is not a JSON object (it holds a number)'],
  ])('a config file that is %s: exit 2, one line in words, no error code', (_what, make, words) => {
    const d = mkdtempSync(join(tmpdir(), 'numasim-cfg-'));
    try {
      const r = numasim(['run', '--config', make(d), '--accesses', '10']);
      expect(r.status).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^numasim: /);
      expect(lines[0]).toContain(words);
      expect(lines[0]).not.toMatch(/E[A-Z]{3,}/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  test('a value flag given without its value says so in numasim words', () => {
    const r = numasim(['run', '--seed']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('numasim: --seed needs a value');
  });

  test('a typo in a component override is refused by name: exit 2, one line, no stack trace', () => {
    const file = join(dir, 'typo.json');
    writeFileSync(file, JSON.stringify({ components: { l2: { totlBytes: 8192 } } }));
    const r = numasim(['run', '--config', file]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`numasim: config file ${file}: components.l2: unknown field "totlBytes"`);
  });

  test.each([
    ['--max-address', '3', 'maxAddress', 3, 'must be at least 4'],
    ['--agents', '65', 'agents', 65, 'must be at most 64'],
    ['--seed', '99999999999999999999', 'seed', 1e20, 'number too large'],
    ['--accesses', '1.5', 'accesses', 1.5, 'expected a whole number, got 1.5'],
    ['--oracle', 'bogus', 'oracle', 'bogus', 'must be strict or lenient'],
  ])("%s %s and a config file's %s say the same: %s", (flag, text, field, value, message) => {
    const byFlag = numasim(['run', flag, text]);
    expect(byFlag.status).toBe(2);
    const reason = byFlag.stderr.trim().replace(`numasim: ${flag} ${text}: `, '');
    const file = join(dir, `${field}.json`);
    writeFileSync(file, JSON.stringify({ [field]: value }));
    const byFile = numasim(['run', '--config', file]);
    expect(byFile.status).toBe(2);
    expect(byFile.stderr).toBe(`numasim: config file ${file}: ${field}: ${message}\n`);
    // the flag's reason, word for word (a file also says what it found when the type is wrong)
    expect(message.startsWith(reason)).toBe(true);
  });

  test('a failure file with a wrong or missing field is refused in the same words', () => {
    const file = join(dir, 'f.json');
    writeFileSync(file, JSON.stringify({ format: 'numasim-failure', formatVersion: 2 }));
    expect(numasim(['replay', file]).stderr).toBe(
      `numasim: failure file ${file}: formatVersion: must be 1\n`,
    );
    writeFileSync(
      file,
      JSON.stringify({ format: 'numasim-failure', formatVersion: 1, toolVersion: '0.1.0' }),
    );
    expect(numasim(['replay', file]).stderr).toBe(
      `numasim: failure file ${file}: foundBy: missing (must be one of fuzz, run, orderings)\n`,
    );
    writeFileSync(file, JSON.stringify({ format: 'numasim-failure', formatVersion: 1, toolVersion: 1 }));
    expect(numasim(['replay', file]).stderr).toBe(
      `numasim: failure file ${file}: toolVersion: expected a string, got 1\n`,
    );
  });

  test('a failing run with a config file: its reproduce line names that file, and pasted it reproduces the run', () => {
    writeFileSync(join(dir, 'my c.json'), JSON.stringify({ maxCycles: 5_000_000, accesses: 300 }));
    const cwd = { cwd: dir, encoding: 'utf8' as const };
    const r = spawnSync(
      process.execPath,
      [CLI, 'run', '--config', 'my c.json', '--fault', 'skip-flush', '--seed', '1'],
      cwd,
    );
    expect(r.status).toBe(1);
    const line = /reproduce: npx numasim (.*)\n/.exec(r.stdout)![1];
    expect(line).toBe("run --seed 1 --accesses 300 --fault skip-flush --config 'my c.json'");
    const again = spawnSync('bash', ['-c', `node ${JSON.stringify(CLI)} ${line} --json`], cwd);
    expect(again.status).toBe(1);
    const a = JSON.parse(again.stdout);
    expect(a.config.maxCycles).toBe(5_000_000);
    expect(r.stdout).toContain(`trace ${a.traceHash}`);
  });

  test('the reproduce line keeps fields that have no flag (maxCycles, bufferSize) via --config', () => {
    expect(replayCommand({ ...defaultScenarioConfig(), seed: 3, maxCycles: 5000 }, 'c.json')).toBe(
      'npx numasim run --seed 3 --config c.json',
    );
    expect(replayCommand({ ...defaultScenarioConfig(), seed: 3, maxCycles: 5000 })).toContain('--config');
    expect(replayCommand({ ...defaultScenarioConfig(), seed: 3, bufferSize: 2 })).toContain('--config');
    expect(replayCommand({ ...defaultScenarioConfig(), seed: 3 })).not.toContain('--config');
  });
});

test('failure messages in the summary group their cycle counts; other numbers and the JSON stay as recorded', () => {
  expect(groupedMessage('the workload made no progress for 200753 cycles (no agent request completed)')).toBe(
    'the workload made no progress for 200,753 cycles (no agent request completed)',
  );
  expect(groupedMessage('cycle cap 5000000 reached')).toBe('cycle cap 5,000,000 reached');
  expect(groupedMessage('agent 1 read 0x0 at 0x1787730 (virtual page 6023)')).toBe(
    'agent 1 read 0x0 at 0x1787730 (virtual page 6023)',
  );
});
