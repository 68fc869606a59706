import { accessSync, constants, fstatSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../scenario/scenario-config';

/** `statSync` that answers undefined for a path through a file (ENOTDIR) as for a missing one. */
function statOf(flag: string, path: string, p: string) {
  try {
    return statSync(p, { throwIfNoEntry: false });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return undefined;
    throw new ConfigError(`${flag} ${path}: cannot use it (${code ?? (e as Error).message})`);
  }
}

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
  const st = statOf(flag, path, path);
  if (st?.isDirectory()) throw new ConfigError(`${flag} ${path}: is a directory, not a file`);
  const dir = dirname(path);
  const parent = statOf(flag, path, dir);
  if (parent === undefined) throw new ConfigError(`${flag} ${path}: folder ${dir} does not exist`);
  if (!parent.isDirectory()) throw new ConfigError(`${flag} ${path}: ${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new ConfigError(`${flag} ${path}: cannot write in folder ${dir}`);
  }
}

/** An existing file's identity (device and inode: links and aliases alike), or the absolute path of a missing one. */
function fileKey(path: string): string {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st !== undefined) return `${st.dev}:${st.ino}`;
  } catch {
    // through a file (ENOTDIR): a path that cannot exist
  }
  return resolve(path);
}

/** What {@link checkDistinctOutputs} also checks the outputs against. */
export interface DistinctOutputsOptions {
  /** Files the command reads (`--config`, a replayed failure file): none may be overwritten. */
  readonly inputs?: readonly (readonly [string, string | undefined])[];
  /** `--json`: standard output carries the JSON object, so no output file may be it (`/dev/stdout`). */
  readonly json?: boolean;
}

/**
 * Refuses two output flags that name the same file (one would silently
 * overwrite the other), an output that is one of the command's input files
 * (it would be destroyed), and with `--json` an output that is standard
 * output (it would corrupt the JSON).
 *
 * @example
 * checkDistinctOutputs([['--trace', 't.json'], ['--report', 'r.html']], { inputs: [['--config', 'c.json']] });
 */
export function checkDistinctOutputs(
  outputs: readonly (readonly [string, string | undefined])[],
  options: DistinctOutputsOptions = {},
): void {
  const inputs = new Map<string, string>();
  for (const [what, path] of options.inputs ?? []) if (path !== undefined) inputs.set(fileKey(path), what);
  let stdout: string | null = null;
  try {
    const st = fstatSync(1);
    stdout = `${st.dev}:${st.ino}`;
  } catch {
    // no standard output
  }
  const seen = new Map<string, string>();
  for (const [flag, path] of outputs) {
    if (path === undefined) continue;
    const key = fileKey(path);
    const other = seen.get(key);
    if (other !== undefined) throw new ConfigError(`${other} and ${flag} name the same file (${path})`);
    const input = inputs.get(key);
    if (input !== undefined)
      throw new ConfigError(`${flag} ${path} is ${input}: writing it would destroy the input`);
    if (options.json === true && key === stdout)
      throw new ConfigError(`${flag} ${path} is standard output, where --json prints: give a file`);
    seen.set(key, flag);
  }
}
