import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/**
 * The browser used: Debian's `chromium` package (`/usr/bin/chromium`), or
 * the executable named by `NUMASIM_CHROMIUM`.
 *
 * @example
 * existsSync(CHROMIUM_PATH);
 */
export const CHROMIUM_PATH = process.env.NUMASIM_CHROMIUM || '/usr/bin/chromium';

/** Flags for a quiet, offline, sandbox-less headless Chromium (CI runs as root). @example CHROMIUM_ARGS.includes('--no-sandbox') */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * True when the system Chromium is installed (the browser test and the
 * screenshot need it).
 *
 * @example
 * if (!chromiumAvailable()) console.log('skipping: no /usr/bin/chromium');
 */
export function chromiumAvailable(path = CHROMIUM_PATH): boolean {
  return existsSync(path);
}

/**
 * A running headless browser and how to shut it down.
 *
 * @example
 * const b: HeadlessBrowser = await launchHeadlessChromium();
 * await b.close();
 */
export interface HeadlessBrowser {
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

/**
 * Starts the system Chromium headless through playwright-core (never a
 * downloaded browser), with {@link CHROMIUM_ARGS} and a fresh profile
 * directory (`--user-data-dir`, removed on close).
 *
 * @example
 * const b = await launchHeadlessChromium();
 * const page = await b.context.newPage();
 * await page.goto('file:///tmp/report.html');
 * await b.close();
 */
export async function launchHeadlessChromium(
  options: { readonly executablePath?: string; readonly viewport?: { width: number; height: number } } = {},
): Promise<HeadlessBrowser> {
  // loaded on demand: playwright-core is a development dependency
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'numasim-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: options.executablePath ?? CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: options.viewport ?? { width: 1200, height: 900 },
      offline: true,
    });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
