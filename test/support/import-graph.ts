import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Every `.ts` file under `dir`, in a stable (sorted) order.
 *
 * @example
 * tsFiles('src').length > 0;
 */
export function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/**
 * The relative imports of a source text (`import … from`, `export … from`,
 * `import type`, dynamic `import()` and `require()`), as written.
 *
 * @example
 * relativeImports("import { a } from './a';") // ['./a']
 */
export function relativeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom|\bimport|\brequire)\s*\(?\s*'(\.{1,2}\/[^']*|\.{1,2})'/g))
    out.push(m[1]);
  return out;
}

/**
 * The import graph of `files` (repository-relative paths): each file with
 * the files it imports, type-only imports included.
 *
 * @example
 * const g = importGraph(tsFiles('src'));
 */
export function importGraph(
  files: readonly string[],
  read = (f: string) => readFileSync(f, 'utf8'),
): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files) {
    const deps: string[] = [];
    for (const spec of relativeImports(read(f))) {
      const base = resolve(dirname(f), spec);
      for (const c of [`${base}.ts`, join(base, 'index.ts')]) {
        const rel = relative(process.cwd(), c);
        if (files.includes(rel) || existsSync(c)) {
          deps.push(rel);
          break;
        }
      }
    }
    g.set(f, deps);
  }
  return g;
}

/**
 * The import cycles of a graph: its strongly connected components with more
 * than one file, plus files that import themselves (Tarjan's algorithm).
 *
 * @example
 * importCycles(new Map([['a', ['b']], ['b', ['a']]])) // [['a', 'b']]
 */
export function importCycles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) cycles.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
