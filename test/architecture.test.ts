import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { importCycles, importGraph, relativeImports, tsFiles } from './support/import-graph';
import { REPO_ROOT } from './support/paths';

/** The layout rules of docs/architecture.md ("Where things live"), checked. */
describe('source layout', () => {
  const files = tsFiles('src');

  test('the cycle finder finds cycles (two-file, longer, self-import) and no false ones', () => {
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b']]);
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(importCycles(new Map([['a', ['a']]]))).toEqual([['a']]);
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
    expect(
      relativeImports("import type { A } from './a';\nexport { b } from '../b';\nrequire('./c')"),
    ).toEqual(['./a', '../b', './c']);
  });

  test('no import cycle in src (type-only imports included)', () => {
    expect(importCycles(importGraph(files))).toEqual([]);
  });

  test('no file in src over 450 lines', () => {
    const long = files
      .map((f) => [f, readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, n]) => n > 450);
    expect(long).toEqual([]);
  });

  test('src/state keeps its files in folders (a handful at its root at most)', () => {
    const root = readdirSync('src/state').filter((n) => n.endsWith('.ts'));
    expect(root.length).toBeLessThanOrEqual(5);
  });

  test('the package ships runtime code only: no benchmark, screenshot or test-support code', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    const paths: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    expect(paths).toContain('dist/cli/numasim.js');
    expect(
      paths.filter((p) =>
        /bench|screenshot|headless-chromium|component-rig|fake-controllable|^test\//.test(p),
      ),
    ).toEqual([]);
  });
});
