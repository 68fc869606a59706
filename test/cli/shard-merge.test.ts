import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentChecksum } from '../../src/fuzz/checksum';
import { CLI } from '../support/paths';

interface Out {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `numasim args` in `cwd`, as a separate process. */
function numasim(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Out> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr })));
}

/**
 * Runs `args` unsharded in `dir/whole`, and as three shards side by side
 * (shard 3 from a Kubernetes Indexed Job's environment) in `dir/shards`,
 * merging their results there as text and as JSON.
 */
async function shardedAndWhole(dir: string, args: readonly string[]) {
  const whole = join(dir, 'whole');
  const shards = join(dir, 'shards');
  mkdirSync(whole);
  mkdirSync(shards);
  const [w, w2, ...parts] = await Promise.all([
    numasim(whole, [...args, '--json']),
    numasim(whole, [...args]),
    numasim(shards, [...args, '--json', '--shard', '1/3']),
    numasim(shards, [...args, '--json', '--shard', '2/3']),
    numasim(shards, [...args, '--json'], { JOB_COMPLETION_INDEX: '2', NUMASIM_SHARDS: '3' }),
  ]);
  parts.forEach((p, i) => {
    expect(p.stderr).toBe('');
    const r = JSON.parse(p.stdout);
    expect(r).toMatchObject({ format: 'numasim-shard', shard: { index: i + 1, count: 3 } });
    writeFileSync(join(shards, `s${i + 1}.json`), p.stdout);
  });
  const files = ['s3.json', 's1.json', 's2.json']; // any order
  const mj = await numasim(shards, ['merge', ...files, '--json']);
  const mt = await numasim(shards, ['merge', ...files]);
  return { whole: w, wholeText: w2, merged: mj, mergedText: mt, wholeDir: whole, shardDir: shards };
}

/** Fuzz JSON without its timings. */
function fuzzFields(text: string) {
  const {
    elapsedSeconds: _e,
    runsPerSecond: _r,
    secondsToFirstFailure: _f,
    secondsToDetect: _d,
    shrinkSeconds: _s,
    ...rest
  } = JSON.parse(text);
  return rest;
}

/** A text report without its timings. */
const untimed = (text: string) =>
  text
    .replace(/\d+(\.\d+)? s\b/g, 'T s')
    .replace(/\(\d+ runs\/s\)/g, '(R runs/s)')
    .replace(/\d+\.\d+/g, 'T');

const failureFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => /^numasim-failure-\d+(-\d+)?\.json$/.test(f))
    .sort()
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')]);

describe('three shards in separate processes, merged, equal the unsharded run (built dist)', () => {
  const root = mkdtempSync(join(tmpdir(), 'numasim-shard-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const small = ['--fault', 'early-write-ack', '--max-accesses', '4', '--max-agents', '2'];

  test.each([
    ['stopping at the first failure (found by shard 2)', [...small, '--seed', '1', '--runs', '100'], 1],
    [
      '--keep-going (merge runs the batches after short failing ones)',
      [...small, '--seed', '2', '--runs', '40', '--keep-going'],
      1,
    ],
    ['no failure', ['--seed', '3', '--runs', '60', '--max-accesses', '8'], 0],
  ])(
    'fuzz, %s',
    async (name, args, code) => {
      const dir = join(root, `fuzz-${name.replace(/\W+/g, '-')}`);
      mkdirSync(dir);
      const r = await shardedAndWhole(dir, ['fuzz', ...args]);
      expect(r.whole.code).toBe(code);
      expect(r.merged.code).toBe(code);
      expect(r.mergedText.code).toBe(code);
      expect(fuzzFields(r.merged.stdout)).toEqual(fuzzFields(r.whole.stdout));
      expect(untimed(r.mergedText.stdout)).toBe(untimed(r.wholeText.stdout));
      // the merge writes the failure files the unsharded run writes, byte for byte
      expect(failureFiles(r.shardDir)).toEqual(failureFiles(r.wholeDir));
      if (code === 1) expect(failureFiles(r.shardDir).length).toBeGreaterThan(0);
    },
    180_000,
  );

  test('orderings on a small --steps set: the same table', async () => {
    const dir = join(root, 'orderings');
    mkdirSync(dir);
    const args = [
      'orderings',
      '--steps',
      'drain-robs,flush-l2,copy',
      '--hazard-min',
      '3',
      '--max-runs',
      '50',
    ];
    const r = await shardedAndWhole(dir, [...args, '--seed', '1', '--jobs', '1']);
    expect([r.whole.code, r.merged.code]).toEqual([0, 0]);
    const { timing: _a, ...merged } = JSON.parse(r.merged.stdout);
    const { timing: _b, ...whole } = JSON.parse(r.whole.stdout);
    expect(merged.orderings).toHaveLength(9);
    expect(merged).toEqual(whole);
    expect(untimed(r.mergedText.stdout)).toBe(untimed(r.wholeText.stdout));
  }, 180_000);

  test('teeth with a small budget: the same rows', async () => {
    const dir = join(root, 'teeth');
    mkdirSync(dir);
    const args = [
      'teeth',
      '--fault',
      'skip-flush',
      '--fault',
      'copy-before-flush',
      '--seeds',
      '2',
      '--runs',
      '60',
    ];
    const r = await shardedAndWhole(dir, args);
    expect([r.whole.code, r.merged.code]).toEqual([0, 0]);
    const strip = (text: string) =>
      JSON.parse(text).map(
        ({
          medianSecondsToFailure: _f,
          medianSecondsToDetect: _d,
          medianShrinkSeconds: _s,
          ...rest
        }: Record<string, unknown>) => rest,
      );
    expect(strip(r.merged.stdout)).toEqual(strip(r.whole.stdout));
    expect(strip(r.merged.stdout)).toHaveLength(2);
  }, 180_000);
});

describe('merge refuses mismatched inputs, and --shard its misuses: exit 2, one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'numasim-merge-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [CLI, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  const shard = (k: number, extra: string[] = []) => {
    const r = run([
      'fuzz',
      '--seed',
      '5',
      '--runs',
      '20',
      '--max-accesses',
      '4',
      '--json',
      '--shard',
      `${k}/2`,
      ...extra,
    ]);
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout);
  };
  const write = (name: string, o: unknown) => writeFileSync(join(dir, name), JSON.stringify(o));
  /** A shard result changed on purpose, with its checksum made again (as a different run would have it). */
  const reseal = ({ checksum: _c, ...body }: Record<string, unknown>) => ({
    ...body,
    checksum: contentChecksum(body),
  });

  beforeAll(() => {
    const a = shard(1);
    const b = shard(2);
    write('a.json', a);
    write('b.json', b);
    write('other-seed.json', reseal({ ...b, campaign: { ...b.campaign, seed: 6 } }));
    write('other-version.json', reseal({ ...b, toolVersion: '0.0.1' }));
    write('other-count.json', reseal({ ...b, shard: { index: 2, count: 3 } }));
    write('stopped.json', reseal({ ...b, interrupted: true }));
    write('not-a-shard.json', { seed: 5 });
    write('edited.json', { ...b, elapsedSeconds: b.elapsedSeconds + 1 });
    const orderings = run([
      'orderings',
      '--steps',
      'copy',
      '--max-runs',
      '5',
      '--seed',
      '1',
      '--shard',
      '2/2',
      '--json',
    ]);
    write('orderings.json', JSON.parse(orderings.stdout));
  }, 120_000);

  test('the two shards merge', () => {
    const r = run(['merge', 'a.json', 'b.json', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ seed: 5, runs: 20, failures: 0 });
  });

  test.each([
    [['a.json'], 'numasim: shard 2/2 missing'],
    [['a.json', 'a.json', 'b.json'], 'numasim: shard 1/2 given twice (a.json and a.json)'],
    [
      ['a.json', 'other-seed.json'],
      'numasim: other-seed.json and a.json are shards of different campaigns (seed differs)',
    ],
    [
      ['a.json', 'other-count.json'],
      'numasim: other-count.json and a.json are shards of different campaigns (3 vs 2 shards)',
    ],
    [
      ['a.json', 'orderings.json'],
      'numasim: orderings.json and a.json are shards of different campaigns (orderings vs fuzz)',
    ],
    [
      ['a.json', 'other-version.json'],
      /^numasim: other-version\.json was made by numasim 0\.0\.1, this is numasim /,
    ],
    [['a.json', 'stopped.json'], 'numasim: stopped.json: shard 2/2 was interrupted; run it again'],
    [
      ['not-a-shard.json'],
      'numasim: not-a-shard.json is not a shard result (make one with --shard k/n --json)',
    ],
    [['missing.json'], 'numasim: cannot read missing.json: no such file'],
    [['a.json', 'edited.json'], 'numasim: edited.json was modified after it was written (checksum mismatch)'],
  ])('merge %j', (files, line) => {
    const r = run(['merge', ...files]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^numasim: [^\n]+\n$/);
    if (typeof line === 'string') expect(r.stderr.trim()).toBe(line);
    else expect(r.stderr.trim()).toMatch(line);
    expect(r.stdout).toBe('');
  });

  test.each([
    [
      ['fuzz', '--shard', '1/2', '--runs', '10'],
      'numasim: --shard needs --seed: every shard must run the same campaign',
    ],
    [
      ['fuzz', '--shard', '1/2', '--seed', '1', '--time', '5'],
      'numasim: --shard needs --runs, not --time: shards of a time budget cannot be merged exactly',
    ],
    [
      ['fuzz', '--shard', '1/2', '--seed', '1', '--jobs', '2'],
      'numasim: --shard runs in one thread: use more shards instead of --jobs',
    ],
    [['fuzz', '--shard', '3/2'], 'numasim: --shard 3/2: k must be 1 to n'],
    [['teeth', '--shard', '0/2'], 'numasim: --shard 0/2: k must be 1 to n'],
    [
      ['orderings', '--shard', '1/2'],
      'numasim: --shard needs --seed: every shard must classify with the same seed',
    ],
    [['merge'], "numasim: missing required argument 'result'"],
    [
      ['merge', 'a.json', 'b.json', '--all'],
      'numasim: merge --all is for orderings results; these are fuzz results',
    ],
  ])('%j is refused', (args, line) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(line);
  });

  test('NUMASIM_SHARDS without JOB_COMPLETION_INDEX is refused; an index without a count is no shard', () => {
    const r = run(['fuzz', '--seed', '1', '--runs', '5'], { NUMASIM_SHARDS: '3', JOB_COMPLETION_INDEX: '' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      'numasim: NUMASIM_SHARDS is set but JOB_COMPLETION_INDEX is not (or use --shard k/n)',
    );
    const big = run(['fuzz', '--seed', '1', '--runs', '5'], {
      NUMASIM_SHARDS: '3',
      JOB_COMPLETION_INDEX: '3',
    });
    expect(big.status).toBe(2);
    expect(big.stderr.trim()).toBe('numasim: JOB_COMPLETION_INDEX=3 NUMASIM_SHARDS=3: k must be 1 to n');
    const plain = run(['fuzz', '--seed', '1', '--runs', '5', '--json', '--max-accesses', '4'], {
      JOB_COMPLETION_INDEX: '1',
    });
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ runs: 5 });
  });
});
