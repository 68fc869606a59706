import {
  lstatSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Where an atomic write of `path` goes. A symlink is followed, so the link
 * stays and its target gets the new content. A path that exists and is not
 * a regular file — `/dev/stdout`, a named pipe, a terminal — is written
 * directly (`direct`): renaming a file over it would replace the device or
 * pipe with a regular file.
 *
 * @example
 * const t = atomicTarget('report.html');
 * if (!t.direct) console.log('written to', t.temp, 'then renamed to', t.target);
 */
export function atomicTarget(path: string): { target: string; temp: string; direct: boolean } {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st !== undefined && !st.isFile()) return { target: path, temp: path, direct: true };
  let target = path;
  if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink())
    // a link to a file, or to one not written yet
    target = st !== undefined ? realpathSync(path) : resolve(dirname(path), readlinkSync(path));
  return { target, temp: join(dirname(target), `.${basename(target)}.${process.pid}.tmp`), direct: false };
}

/**
 * Writes `data` to a temporary file beside `path` and renames it over
 * `path`, so readers see the old file or the whole new one, never a part
 * (see {@link atomicTarget} for links, pipes and devices).
 *
 * @example
 * writeFileAtomic('report.html', renderHtmlReport(result));
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const { target, temp, direct } = atomicTarget(path);
  if (direct) {
    writeFileSync(target, data);
    return;
  }
  try {
    writeFileSync(temp, data);
    renameSync(temp, target);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // never created
    }
    throw e;
  }
}
