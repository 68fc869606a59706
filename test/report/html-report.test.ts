import { escapeHtml } from '../../src/report/html-escape';
import { renderHtmlReport } from '../../src/report/html-report';
import { niceTicks, shortNumber } from '../../src/report/svg-kit';
import type { RunResult } from '../../src/scenario/run-result';
import { runScenario } from '../../src/scenario/run-scenario';
import {
  defaultScenarioConfig,
  parseScenarioConfig,
  type ScenarioConfig,
} from '../../src/scenario/scenario-config';

const run = (over: Partial<ScenarioConfig>) =>
  runScenario(parseScenarioConfig({ ...defaultScenarioConfig(), ...over }));
const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

describe('HTML report', () => {
  let r: RunResult;
  let html: string;
  beforeAll(() => {
    r = run({ seed: 1 });
    html = renderHtmlReport(r);
  });

  test('is one self-contained page: no script, stylesheet link, image or font fetched', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    // the only URL is the SVG namespace, which is never fetched
    const urls = html.match(/https?:\/\/[^"'\s)]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
  });

  test('shows the config, the seed and a replay command', () => {
    expect(html).toContain(`<b id="seed">1</b>`);
    expect(html).toContain('<title>numasim report — seed 1 — PASS</title>');
    expect(html).toContain('<code id="replay">npx numasim run --seed 1</code>');
    for (const k of Object.keys(r.config)) expect(html).toContain(`<th>${k}</th>`);
  });

  test('one timeline bar per migration, its phases inside, one breakdown row each', () => {
    expect(r.migrations).toBe(18); // the default scenario, seed 1
    expect(count(html, /class="migration-bar"/g)).toBe(r.migrations);
    expect(count(html, /<g class="migration" data-migration=/g)).toBe(r.migrations);
    // phases narrower than a third of a pixel on the run's scale are left out of the timeline…
    const phases = r.migrationLog.flatMap((m) => m.phases);
    const drawn = count(html, /class="phase"/g);
    expect(drawn).toBeGreaterThanOrEqual(phases.filter((p) => p.end! - p.start >= 100).length);
    expect(drawn).toBeLessThanOrEqual(phases.length);
    // …but every phase has a segment in the per-migration breakdown
    expect(count(html, /<g class="migration-phases"/g)).toBe(r.migrations);
    expect(count(html, /class="phase-segment"/g)).toBe(
      r.migrationLog.reduce((s, m) => s + m.phases.length, 0),
    );
  });

  test('latency lines per agent, locality bars per device, statistics tables', () => {
    expect(count(html, /<g class="latency-line"/g)).toBe(r.config.agents);
    expect(count(html, /<g class="locality-row"/g)).toBe(r.config.devices + 1);
    for (const id of [
      'components-table',
      'agents-table',
      'devices-table',
      'phases-table',
      'migrations-table',
    ])
      expect(html).toContain(`id="${id}"`);
    for (const c of r.stats.components) expect(html).toContain(`<td>${escapeHtml(c.name)}</td>`);
    expect(html).toContain(
      `<div class="value">${r.stats.totals.latency.p99.toLocaleString('en-US')}</div><div class="label">p99 latency</div>`,
    );
  });

  test('the same result gives the same page (timestamps only when asked)', () => {
    expect(renderHtmlReport(r)).toBe(html);
    expect(renderHtmlReport(r, { generatedAt: '2026-01-01T00:00:00Z' })).toContain(
      'generated 2026-01-01T00:00:00Z',
    );
  });

  test('a failing run shows FAIL and the failure', () => {
    const f = run({ seed: 1, faults: ['skip-flush'] });
    const page = renderHtmlReport(f);
    expect(page).toContain('<span class="verdict fail">FAIL</span>');
    expect(page).toContain('<section id="failure"');
    expect(page).toContain(escapeHtml(f.failure!.message));
    expect(page).toContain('--fault skip-flush');
  });

  test('a run without migrations says so and still draws', () => {
    const n = run({ seed: 1, migrate: false, accesses: 50 });
    const page = renderHtmlReport(n);
    expect(page).toContain('no migration ran');
    expect(count(page, /class="migration-bar"/g)).toBe(0);
  });

  test('chart helpers', () => {
    expect(niceTicks(127900, 5)).toEqual([0, 50000, 100000]);
    expect(niceTicks(9, 5)).toEqual([0, 2, 4, 6, 8]);
    expect(shortNumber(120000)).toBe('120k');
    expect(shortNumber(1_500_000)).toBe('1.5M');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
