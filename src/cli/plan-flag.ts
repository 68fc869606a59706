import { parsePlan } from '../controllers/migration-plan';
import { ConfigError } from '../scenario/scenario-config';

/**
 * The step names of a `--plan` flag: known steps, comma-separated, at least
 * one (an empty plan would run "migrations" that move nothing; use
 * `--no-migrate` for none). Throws a {@link ConfigError} naming the problem.
 *
 * @example
 * planFlag('--plan', 'drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all').length === 7;
 */
export function planFlag(flag: string, text: string): string[] {
  let names: string[];
  try {
    names = parsePlan(text).map((s) => s.name);
  } catch (e) {
    throw new ConfigError(`${flag}: ${(e as Error).message}`);
  }
  if (names.length === 0)
    throw new ConfigError(`${flag} is empty: give at least one step (or use --no-migrate)`);
  return names;
}
