import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtmlReport } from '../../src/report/html-report';
import type { RunResult } from '../../src/scenario/run-result';
import { runScenario } from '../../src/scenario/run-scenario';
import { defaultScenarioConfig } from '../../src/scenario/scenario-config';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  type HeadlessBrowser,
  launchHeadlessChromium,
} from '../../tools/screenshot/headless-chromium';
import { REPO_ROOT } from '../support/paths';

const HAVE_CHROMIUM = chromiumAvailable();
const SKIP_REASON = `SKIPPED: ${CHROMIUM_PATH} is not installed (apt-get install chromium; .ci/run installs it)`;
if (!HAVE_CHROMIUM) process.stderr.write(`report-browser.test.ts ${SKIP_REASON}\n`);

const suite = HAVE_CHROMIUM ? describe : describe.skip;

suite(`HTML report in headless Chromium${HAVE_CHROMIUM ? '' : ` — ${SKIP_REASON}`}`, () => {
  let dir: string;
  let browser: HeadlessBrowser;
  let result: RunResult;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'numasim-report-'));
    result = runScenario({ ...defaultScenarioConfig(), seed: 1 });
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport(result));
    url = pathToFileURL(file).href;
    browser = await launchHeadlessChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('loads with no console error and no request beyond the file itself', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.ok() ?? true).toBe(true);
    expect(await page.title()).toBe('numasim report — seed 1 — PASS');
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  test('the timeline has one visible bar per migration, in time order', async () => {
    const page = await browser.context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const bars = page.locator('#migration-timeline rect.migration-bar');
    expect(result.migrations).toBe(18);
    expect(await bars.count()).toBe(result.migrations);
    const boxes = await bars.evaluateAll((els) =>
      els.map((e) => {
        const b = e.getBoundingClientRect();
        return { x: b.x, y: b.y, w: b.width, h: b.height };
      }),
    );
    for (const b of boxes) {
      expect(b.w).toBeGreaterThan(0);
      expect(b.h).toBeGreaterThan(0);
    }
    for (let i = 1; i < boxes.length; i++) {
      expect(boxes[i].x).toBeGreaterThan(boxes[i - 1].x); // later migrations further right
      expect(boxes[i].y).toBeGreaterThan(boxes[i - 1].y); // one row each
    }
    const tips = await page
      .locator('#migration-timeline g.migration > rect.migration-bar > title')
      .allTextContents();
    expect(tips[0]).toContain(`migration #0: page ${result.migrationLog[0].page}`);
    await page.close();
  });

  test('the latency chart, the locality bars and the tables render', async () => {
    const page = await browser.context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    expect(await page.locator('#latency-over-time g.latency-line').count()).toBe(2);
    const pathLen = await page
      .locator('#latency-over-time g.latency-line path')
      .first()
      .evaluate((p) => (p as unknown as { getTotalLength(): number }).getTotalLength());
    expect(pathLen).toBeGreaterThan(100);
    expect(await page.locator('#locality g.locality-row').count()).toBe(3);
    const rows = await page.locator('#components-table tbody tr:not(.group)').count();
    expect(rows).toBe(result.stats.components.length);
    expect(await page.locator('#migrations-table tbody tr').count()).toBe(result.migrations);
    await page.close();
  });

  test('npm run report:screenshot (dist-tools/tools/screenshot/screenshot.js) saves a PNG of the page', () => {
    const png = join(dir, 'shot.png');
    const script = join(REPO_ROOT, 'dist-tools', 'tools', 'screenshot', 'screenshot.js');
    const html = join(dir, 'report.html');
    const r = spawnSync(process.execPath, [script, html, png, '--width', '900', '--max-height', '1200'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const bytes = readFileSync(png);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([900, 1200]); // IHDR width, height
    const bad = spawnSync(process.execPath, [script, html], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^usage: report:screenshot/);
  });
});
