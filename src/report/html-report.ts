import { replayCommand } from '../cli/format';
import type { PlanComparison } from '../compare/plan-comparison';
import type { RunResult } from '../scenario/run-result';
import type { ScenarioConfig } from '../scenario/scenario-config';
import { groupDigits } from '../stats/group-digits';
import { comparisonSection } from './comparison-html';
import { escapeHtml } from './html-escape';
import { REPORT_CSS } from './report-css';
import { statsTablesHtml } from './stats-html';
import { agentLegend, latencyOverTimeSvg } from './svg-latency';
import { LOCALITY_COLOURS, localitySvg } from './svg-locality';
import { migrationTimelineSvg, phaseBreakdownSvg, phaseLegend } from './svg-timeline';

/**
 * Options of {@link renderHtmlReport}.
 *
 * @example
 * renderHtmlReport(result, { generatedAt: new Date().toISOString() });
 */
export interface ReportOptions {
  /** Shown in the footer (e.g. an ISO time); omitted by default so equal runs give equal files. */
  readonly generatedAt?: string;
  /** A plan comparison to show after the headline figures (`numasim compare-plans --report`). */
  readonly comparison?: PlanComparison;
}

function configValue(key: string, v: unknown): string {
  if (Array.isArray(v)) {
    if (key === 'scripts') return `${v.length} scripted agent(s)`;
    if (key === 'schedule') return `${v.length} scheduled migration(s)`;
    return v.length === 0 ? '(none)' : v.join(', ');
  }
  if (typeof v === 'object' && v !== null)
    return Object.keys(v).length === 0 ? '(defaults)' : JSON.stringify(v);
  return String(v);
}

function configTable(c: ScenarioConfig): string {
  const rows = Object.entries(c)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(configValue(k, v))}</td></tr>`);
  return `<table id="config-table" class="kv">${rows.join('')}</table>`;
}

function figure(label: string, value: string, id: string): string {
  return `<div class="figure" id="fig-${id}"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`;
}

const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)}%`);

function failureSection(r: RunResult): string {
  const f = r.failure;
  if (f === null) return '';
  const lines = [`<p><b>${escapeHtml(f.kind)}</b> at cycle ${f.cycle}: ${escapeHtml(f.message)}</p>`];
  if (f.mismatch) {
    const m = f.mismatch;
    lines.push(
      `<p>agent ${m.agent}, address 0x${m.address.toString(16)}, virtual page ${m.virtualPage}, expected ${m.expected === null ? 'none' : `0x${m.expected.toString(16)}`}, actual 0x${m.actual.toString(16)}, migrations of this page: ${escapeHtml(m.migrationsOfPage.join(', ') || 'none')}</p>`,
    );
  }
  if (f.frame) {
    const v = f.frame;
    lines.push(
      `<p>frame oracle: migration #${v.migration} (began at cycle ${v.migrationBegin}), virtual page ${v.virtualPage}, frame 0x${v.frame.toString(16)} (physical page ${v.physicalPage})${v.requester ? `, requester ${escapeHtml(v.requester)}` : ''}</p>`,
    );
  }
  if (f.dump && f.dump.length > 0) lines.push(`<pre>${escapeHtml(f.dump.slice(0, 200).join('\n'))}</pre>`);
  return `<section id="failure" class="failure"><h2>Failure</h2>${lines.join('')}</section>`;
}

/**
 * The run as one self-contained HTML page (inline CSS and SVG, no script,
 * no network fetch): verdict, seed and headline figures, the configuration
 * and a command that replays it, a timeline of the migrations and their
 * phases, per-agent latency over time, local/remote access share per
 * device, and the statistics tables.
 *
 * @example
 * writeFileSync('report.html', renderHtmlReport(runScenario(defaultScenarioConfig())));
 */
export function renderHtmlReport(r: RunResult, options: ReportOptions = {}): string {
  const s = r.stats;
  const t = s.totals;
  const verdict = r.status === 'pass' ? 'PASS' : 'FAIL';
  const title = `numasim report — seed ${r.seed} — ${verdict}`;
  const figures = [
    figure('accesses', groupDigits(t.accesses), 'accesses'),
    figure('migrations', String(r.migrations), 'migrations'),
    figure('cycles', groupDigits(r.cycles), 'cycles'),
    figure('mean latency', groupDigits(t.latency.mean, 1), 'mean'),
    figure('p99 latency', groupDigits(t.latency.p99), 'p99'),
    figure('local accesses', pct(t.localAccesses + t.remoteAccesses > 0 ? t.localShare : null), 'local'),
    figure('L1 hit rate', pct(t.hitRates.l1), 'l1'),
    figure('L2 hit rate', pct(t.hitRates.l2), 'l2'),
    figure('mismatches', String(r.mismatches.length), 'mismatches'),
  ].join('');
  const warnings = r.warnings.map((w) => `<p class="note">note: ${escapeHtml(w)}</p>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>numasim run <span class="verdict ${r.status}">${verdict}</span></h1>
<p class="sub">latencies in simulated cycles · seed <b id="seed">${r.seed}</b> · ${r.config.agents} agent(s) × ${r.config.accesses} reads + ${r.config.accesses} writes · ${r.config.devices} device(s) · ${groupDigits(r.cycles)} cycles · ${(r.wallMs / 1000).toFixed(2)} s wall · trace hash ${escapeHtml(r.traceHash)}</p>
</header>
<main>
<section id="figures" class="figures">${figures}</section>
${warnings}
${options.comparison !== undefined ? comparisonSection(options.comparison) : ''}
${failureSection(r)}
<section id="timeline"><h2>Migrations</h2>
<p class="help">One row per migration at its place in the run; the bar spans the migration, its phases coloured inside. Hover for cycles.</p>
${phaseLegend(s)}
${migrationTimelineSvg(s, r.cycles)}
<h3>Phase durations per migration</h3>
${phaseBreakdownSvg(s)}
</section>
<section id="latency"><h2>Latency over time</h2>
<p class="help">Mean latency (cycles from issue to response) of the requests each agent completed in each of ${s.agents[0]?.latencyOverTime.length ?? 0} slices of the run; shaded: migrations.</p>
${agentLegend(s)}
${latencyOverTimeSvg(s, r.cycles)}
</section>
<section id="locality-section"><h2>Local and remote accesses per device</h2>
<p class="help">Agent <i>i</i> is attached to device <i>i</i> mod ${r.config.devices}; an access is local when its page is on the agent’s device when it is issued. <span class="swatch" style="background:${LOCALITY_COLOURS.local}"></span> local <span class="swatch" style="background:${LOCALITY_COLOURS.remote}"></span> remote</p>
${localitySvg(s)}
</section>
<section id="statistics"><h2>Statistics</h2>
${statsTablesHtml(s)}
</section>
<section id="config"><h2>Configuration</h2>
${configTable(r.config)}
<p>Replay: <code id="replay">${escapeHtml(replayCommand(r.config))}</code></p>
</section>
</main>
<footer>numasim · ${groupDigits(r.events)} events${options.generatedAt ? ` · generated ${escapeHtml(options.generatedAt)}` : ''}</footer>
</body>
</html>
`;
}
