import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | null = null;

/**
 * This package's version (from its package.json, found from both `src/`
 * and `dist/`).
 *
 * @example
 * toolVersion(); // "0.1.0"
 */
export function toolVersion(): string {
  if (cached === null) {
    try {
      cached = (
        JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
      ).version;
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
