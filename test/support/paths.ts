import { join } from 'node:path';

/**
 * The repository root, for tests that run the built command or tools.
 *
 * @example
 * join(REPO_ROOT, 'dist', 'cli', 'numasim.js');
 */
export const REPO_ROOT = join(__dirname, '..', '..');

/**
 * The built `numasim` command (`npm test` builds it first: see `pretest`).
 *
 * @example
 * spawnSync(process.execPath, [CLI, 'run', '--seed', '1']);
 */
export const CLI = join(REPO_ROOT, 'dist', 'cli', 'numasim.js');
