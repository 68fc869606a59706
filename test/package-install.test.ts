import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/paths';

/**
 * The package as a user gets it: packed, installed into an empty project
 * from the tarball (dependencies from the registry), then used through
 * `npx numasim` and `require('numa-migration-sim')`.
 */
describe('the packed package, installed in an empty folder', () => {
  let dir: string;
  let install: { status: number | null; stderr: string };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'numasim-pack-'));
    execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: REPO_ROOT, stdio: 'pipe' });
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const app = join(dir, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', private: true }),
    );
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', join(dir, tgz)], {
      cwd: app,
      encoding: 'utf8',
    });
    install = { status: r.status, stderr: r.stderr };
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('installs without warnings about install scripts', () => {
    expect(install.status).toBe(0);
    expect(install.stderr).not.toMatch(/install-scripts|prepare/);
  });

  test('npx numasim run works from the installing project', () => {
    const r = spawnSync(
      'npx',
      ['--no-install', 'numasim', 'run', '--seed', '2', '--accesses', '100', '--json'],
      {
        cwd: join(dir, 'app'),
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('pass');
  });

  test('an embedding script subscribes to simulate() and gets the finished result', () => {
    const script = join(dir, 'app', 'embed.js');
    writeFileSync(
      script,
      `const { simulate, isEventOf } = require('numa-migration-sim');
const { filter } = require('rxjs');
simulate({ seed: 4, accesses: 100 }).pipe(filter(isEventOf('finished'))).subscribe((e) => console.log(e.result.status, e.result.traceHash));
`,
    );
    const r = spawnSync(process.execPath, [script], { cwd: join(dir, 'app'), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^pass [0-9a-f]{16}\n$/);
  });
});
