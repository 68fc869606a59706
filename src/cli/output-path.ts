import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../scenario/scenario-config';

/**
 * Checks, before any work is done, that `path` can be written as the file
 * `flag` names: not empty, not a directory, in an existing folder that can
 * be written. Throws a {@link ConfigError} (exit 2, one line) otherwise, so a
 * long run never ends in a failed write.
 *
 * @example
 * checkOutputPath('--trace', 'run.trace.json');
 */
export function checkOutputPath(flag: string, path: string): void {
  if (path.trim() === '') throw new ConfigError(`${flag} is empty: give a file name`);
  const st = statSync(path, { throwIfNoEntry: false });
  if (st?.isDirectory()) throw new ConfigError(`${flag} ${path}: is a directory, not a file`);
  const dir = dirname(path);
  const parent = statSync(dir, { throwIfNoEntry: false });
  if (parent === undefined) throw new ConfigError(`${flag} ${path}: folder ${dir} does not exist`);
  if (!parent.isDirectory()) throw new ConfigError(`${flag} ${path}: ${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new ConfigError(`${flag} ${path}: cannot write in folder ${dir}`);
  }
}

/**
 * Refuses two output flags that name the same file (one would silently
 * overwrite the other).
 *
 * @example
 * checkDistinctOutputs([['--trace', 't.json'], ['--report', 'r.html']]);
 */
export function checkDistinctOutputs(outputs: readonly (readonly [string, string | undefined])[]): void {
  const seen = new Map<string, string>();
  for (const [flag, path] of outputs) {
    if (path === undefined) continue;
    const key = resolve(path);
    const other = seen.get(key);
    if (other !== undefined) throw new ConfigError(`${other} and ${flag} name the same file (${path})`);
    seen.set(key, flag);
  }
}
