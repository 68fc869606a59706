#!/usr/bin/env node
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_PATH, chromiumAvailable, launchHeadlessChromium } from './headless-chromium';

/**
 * Options of {@link screenshotReport}.
 *
 * @example
 * await screenshotReport('report.html', 'top.png', { width: 1100, maxHeight: 1800 });
 */
export interface ScreenshotOptions {
  /** Viewport width in CSS pixels (1100). */
  readonly width?: number;
  /** Capture the whole page (true) or only the first screen. */
  readonly fullPage?: boolean;
  /** Cut the capture to the top `maxHeight` CSS pixels of the page. */
  readonly maxHeight?: number;
  /** Start the capture this many CSS pixels down the page (with `maxHeight`). */
  readonly offsetY?: number;
}

/**
 * Opens an HTML report in headless Chromium and saves a PNG screenshot.
 * Fails when the page logs a console error or throws.
 *
 * @example
 * await screenshotReport('report.html', 'report.png');
 */
export async function screenshotReport(
  html: string,
  png: string,
  options: ScreenshotOptions = {},
): Promise<void> {
  const browser = await launchHeadlessChromium({ viewport: { width: options.width ?? 1100, height: 900 } });
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(resolve(html)).href, { waitUntil: 'load' });
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
    if (options.maxHeight !== undefined) {
      const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
      const y = Math.min(options.offsetY ?? 0, Math.max(0, height - 1));
      await page.screenshot({
        path: png,
        fullPage: true,
        clip: { x: 0, y, width: options.width ?? 1100, height: Math.min(options.maxHeight, height - y) },
      });
    } else await page.screenshot({ path: png, fullPage: options.fullPage ?? true });
  } finally {
    await browser.close();
  }
}

const USAGE =
  'usage: report:screenshot REPORT.html OUT.png [--width N] [--max-height N] [--offset-y N] [--viewport-only]\n';

/**
 * `npm run report:screenshot -- REPORT.html OUT.png [--width N] [--max-height N] [--offset-y N] [--viewport-only]`.
 *
 * @example
 * await main(['report.html', 'report.png', '--max-height', '1800']);
 */
export async function main(argv: readonly string[]): Promise<number> {
  const args: string[] = [];
  const num: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--width' || a === '--max-height' || a === '--offset-y') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) {
        process.stderr.write(USAGE);
        return 2;
      }
      num[a] = v;
    } else if (a !== '--viewport-only') args.push(a);
  }
  if (args.length !== 2 || num['--width'] === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!chromiumAvailable()) {
    process.stderr.write(`report:screenshot needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium)\n`);
    return 2;
  }
  await screenshotReport(args[0], args[1], {
    width: num['--width'],
    fullPage: !argv.includes('--viewport-only'),
    maxHeight: num['--max-height'],
    offsetY: num['--offset-y'],
  });
  process.stdout.write(`${args[1]}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: Error) => {
      process.stderr.write(`report:screenshot: ${e.message}\n`);
      process.exitCode = 1;
    },
  );
}
