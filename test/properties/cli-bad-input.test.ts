import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import fc from 'fast-check';
import { comparePlansCommand } from '../../src/cli/compare-plans-command';
import { fuzzCommand } from '../../src/cli/fuzz-command';
import { mergeCommand } from '../../src/cli/merge-command';
import { orderingsCommand } from '../../src/cli/orderings-command';
import { replayCommand } from '../../src/cli/replay-command';
import { runCommand } from '../../src/cli/run-command';
import { teethCommand } from '../../src/cli/teeth-command';
import { CLI } from '../support/paths';

/**
 * Malformed input never gets a stack trace, a second line or a stray file:
 * fast-check generates bad argv for every subcommand and every flag that
 * takes a value, bad config files and damaged failure files; each must
 * exit 2 with one `numasim: …` line on stderr and leave the folder as it was.
 */

const COMMANDS: Record<string, () => Command> = {
  run: runCommand,
  fuzz: fuzzCommand,
  replay: replayCommand,
  orderings: orderingsCommand,
  teeth: teethCommand,
  'compare-plans': comparePlansCommand,
  merge: mergeCommand,
};

/** Every (subcommand, flag) that takes a value. */
const VALUE_FLAGS: [string, string][] = Object.entries(COMMANDS).flatMap(([name, make]) =>
  make()
    .options.filter((o) => o.required || o.optional)
    .map((o) => [name, o.long!] as [string, string]),
);

/** Flags naming a file to write: any name is a good name, so their bad values are paths that cannot be written. */
const OUTPUT_FLAGS = new Set(['--trace', '--report', '--failure-file']);

const badValue = (flag: string) =>
  OUTPUT_FLAGS.has(flag)
    ? fc.constantFrom('', ' ', '.', 'no/such/folder/out.json')
    : fc.oneof(
        fc.constantFrom(
          '',
          ' ',
          '-5',
          '1.5',
          '1e99',
          '99999999999999999999999',
          'NaN',
          'zz!',
          ',',
          '0x',
          '--',
        ),
        fc
          .stringMatching(/^[a-z!]{1,6}$/)
          .filter((s) => !['dense', 'classic', 'strict', 'lenient'].includes(s)),
      );

let dir: string;
let failureFile: string;
let shardFile: string;

function numasim(args: readonly string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** Exit 2, one `numasim:` line, no stack trace, no new file in `cwd`. */
function expectRefused(args: readonly string[], cwd: string): void {
  const before = readdirSync(cwd).sort();
  const r = numasim(args, cwd);
  const why = `numasim ${JSON.stringify(args)} → ${r.code}: ${r.stderr}`;
  expect({ why, code: r.code }).toEqual({ why, code: 2 });
  expect(r.stderr).toMatch(/^numasim: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(readdirSync(cwd).sort()).toEqual(before);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'numasim-bad-input-'));
  const r = numasim(
    ['fuzz', '--fault', 'skip-flush', '--seed', '1', '--runs', '300', '--failure-file', 'good.json'],
    dir,
  );
  expect(r.code).toBe(1);
  failureFile = readFileSync(join(dir, 'good.json'), 'utf8');
  const s = numasim(
    ['fuzz', '--fault', 'skip-flush', '--seed', '1', '--runs', '30', '--shard', '1/1', '--json'],
    dir,
  );
  expect(s.code).toBe(1);
  shardFile = s.stdout;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test(`a bad value for any of the ${VALUE_FLAGS.length} value flags of any subcommand is refused`, () => {
  const flagAndValue = fc
    .constantFrom(...VALUE_FLAGS)
    .chain(([cmd, flag]) => badValue(flag).map((v) => [cmd, flag, v] as const));
  fc.assert(
    fc.property(flagAndValue, ([cmd, flag, value]) => {
      const cwd = mkdtempSync(join(dir, 'argv-'));
      expectRefused([cmd, `${flag}=${value}`], cwd);
    }),
    { seed: 7, numRuns: 60 },
  );
});

test('unknown flags and unknown subcommands are refused', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('', ...Object.keys(COMMANDS)),
      fc.stringMatching(/^[a-z][a-z-]{0,10}$/),
      (cmd, word) => {
        const cwd = mkdtempSync(join(dir, 'unknown-'));
        const known = cmd === '' ? ['run'] : [cmd];
        const flags = COMMANDS[known[0]]().options.map((o) => o.long);
        fc.pre(!flags.includes(`--x-${word}`));
        expectRefused([...(cmd === '' ? [] : [cmd]), `--x-${word}`], cwd);
        if (cmd === '') {
          fc.pre(!Object.keys(COMMANDS).includes(`x${word}`));
          expectRefused([`x${word}`], cwd);
        }
      },
    ),
    { seed: 8, numRuns: 20 },
  );
});

/** A config-file field set to a value of the wrong type or out of range. */
const badConfig = fc.oneof(
  fc
    .record({
      key: fc.constantFrom(
        'agents',
        'accesses',
        'maxAddress',
        'devices',
        'interval',
        'seed',
        'watchdogCycles',
        'maxCycles',
        'bufferSize',
      ),
      value: fc.constantFrom(-1, 0.5, 1e300, '8', null, [], {}, true),
    })
    .map(({ key, value }) => ({
      [key]: key === 'accesses' || key === 'interval' ? (value === 0.5 ? 0.5 : -1) : value,
    })),
  fc
    .record({
      kind: fc.constantFrom('rob', 'at', 'l1', 'l1tlb', 'l2', 'l2tlb', 'mmu', 'memctrl', 'mover'),
      field: fc.constantFrom(
        'totalBytes',
        'ways',
        'lineSize',
        'latency',
        'numSets',
        'numReqPerCycle',
        'bufferSize',
        'typo',
      ),
      value: fc.constantFrom(-1, 0, 3, 1e15, '64', null),
    })
    .map(({ kind, field, value }) => ({ components: { [kind]: { [field]: value } } })),
  fc.constantFrom(
    { plan: ['teleport'] },
    { faults: ['bogus'] },
    { oracle: 'loose' },
    { unknownField: 1 },
    { components: { cache: {} } },
  ),
);

test('bad config files are refused, field named', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        badConfig.map((o) => JSON.stringify(o)),
        fc.constantFrom('', '{', '[]', 'null', '{"agents": 2,}'),
      ),
      (text) => {
        const cwd = mkdtempSync(join(dir, 'config-'));
        writeFileSync(join(cwd, 'c.json'), text);
        expectRefused(['run', '--config', 'c.json', '--accesses', '10'], cwd);
      },
    ),
    { seed: 9, numRuns: 40 },
  );
});

test('damaged failure files are refused by replay', () => {
  const damage = fc.oneof(
    fc.nat({ max: failureFile.length - 2 }).map((n) => failureFile.slice(0, n)),
    fc.nat({ max: failureFile.length - 1 }).map((n) => {
      const c = failureFile[n];
      const to = /\d/.test(c) ? String((Number(c) + 1) % 10) : c === 'a' ? 'b' : 'a';
      return failureFile.slice(0, n) + to + failureFile.slice(n + 1);
    }),
    fc.constantFrom('format', 'config', 'failure', 'traceHash', 'checksum').map((k) => {
      const o = JSON.parse(failureFile);
      delete o[k];
      return JSON.stringify(o);
    }),
  );
  fc.assert(
    fc.property(damage, (text) => {
      fc.pre(text !== failureFile && text.trim() !== failureFile.trim());
      const cwd = mkdtempSync(join(dir, 'replay-'));
      writeFileSync(join(cwd, 'f.json'), text);
      expectRefused(['replay', 'f.json'], cwd);
    }),
    { seed: 10, numRuns: 40 },
  );
});

test('damaged shard results are refused by merge', () => {
  const damage = fc.oneof(
    fc.nat({ max: shardFile.length - 2 }).map((n) => shardFile.slice(0, n)),
    fc.nat({ max: shardFile.length - 1 }).map((n) => {
      const c = shardFile[n];
      const to = /\d/.test(c) ? String((Number(c) + 1) % 10) : c === 'a' ? 'b' : 'a';
      return shardFile.slice(0, n) + to + shardFile.slice(n + 1);
    }),
    fc.constantFrom('format', 'campaign', 'shard', 'result', 'toolVersion', 'checksum').map((k) => {
      const o = JSON.parse(shardFile);
      delete o[k];
      return JSON.stringify(o);
    }),
  );
  fc.assert(
    fc.property(damage, (text) => {
      fc.pre(text !== shardFile && text.trim() !== shardFile.trim());
      const cwd = mkdtempSync(join(dir, 'merge-'));
      writeFileSync(join(cwd, 's.json'), text);
      expectRefused(['merge', 's.json'], cwd);
    }),
    { seed: 11, numRuns: 30 },
  );
});
