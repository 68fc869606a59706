import type { PlanComparison } from '../compare/plan-comparison';
import { groupDigits } from '../stats/group-digits';
import { escapeHtml } from './html-escape';
import { colour, svg } from './svg-kit';

/**
 * The report's plan comparison: a table of cost and safety figures, one
 * column per plan, and bars of each plan's workload end against the
 * no-migration run's.
 *
 * @example
 * const html = comparisonSection(comparison);
 */
export function comparisonSection(c: PlanComparison): string {
  const p = c.plans;
  const name = (i: number) => `plan ${String.fromCharCode(65 + i)}`;
  const tr = (label: string, cells: readonly string[], cls = '') =>
    `<tr><th scope="row">${escapeHtml(label)}</th>${cells.map((x) => `<td${cls}>${escapeHtml(x)}</td>`).join('')}</tr>`;
  const rows = [
    tr(
      'steps',
      p.map((m) => m.plan.join(', ')),
      ' class="wrap"',
    ),
    tr(
      'workload end (cycle)',
      p.map((m) => groupDigits(m.workloadEnd)),
    ),
    tr(
      'vs no migration',
      p.map((m) => `${m.endRatio.toFixed(2)}×`),
    ),
    tr(
      'migrations completed',
      p.map((m) => groupDigits(m.migrations)),
    ),
    tr(
      'migration mean / max (cycles)',
      p.map((m) => `${groupDigits(Math.round(m.migrationMean))} / ${groupDigits(m.migrationMax)}`),
    ),
    tr(
      'blocked by migrations, per agent (cycles)',
      p.map((m) => m.blockedPerAgent.map((x) => groupDigits(x)).join(' · ')),
    ),
    tr(
      'latency p50 / p99 (cycles)',
      p.map((m) => `${groupDigits(m.latencyP50)} / ${groupDigits(m.latencyP99)}`),
    ),
    tr(
      'throughput (accesses per 1,000 cycles)',
      p.map((m) => m.throughput.toFixed(2)),
    ),
    tr(
      'fuzz runs (safety evidence)',
      p.map((m) => groupDigits(m.safety.runs)),
    ),
    tr(
      'hazards covered / required',
      p.map((m) => `${m.safety.covered.length} / ${m.safety.required.length}`),
    ),
    tr(
      'verdict',
      p.map((m) =>
        m.safety.failureKind ? `${m.safety.verdict} (${m.safety.failureKind})` : m.safety.verdict,
      ),
    ),
  ].join('');
  const max = Math.max(c.baselineEnd, ...p.map((m) => m.workloadEnd), 1);
  const bars = [
    { label: 'no migration', v: c.baselineEnd },
    ...p.map((m, i) => ({ label: name(i), v: m.workloadEnd })),
  ];
  const body = bars
    .map((b, i) => {
      const y = 10 + i * 34;
      const w = Math.max(1, Math.round((b.v / max) * 700));
      return `<text x="110" y="${y + 17}" text-anchor="end" font-size="13">${escapeHtml(b.label)}</text><rect x="120" y="${y}" width="${w}" height="24" fill="${colour(i)}"><title>${escapeHtml(`${b.label}: workload ends at cycle ${groupDigits(b.v)}`)}</title></rect><text x="${126 + w}" y="${y + 17}" font-size="13">${escapeHtml(groupDigits(b.v))}${i > 0 ? ` (${p[i - 1].endRatio.toFixed(2)}×)` : ''}</text>`;
    })
    .join('');
  const chart = svg('workload end per plan', 960, 20 + bars.length * 34, body, 'comparison-chart');
  return `<section id="comparison"><h2>Plan comparison</h2>
<p class="help">The same workload and seed (${c.seed}) under each plan; the figures above are plan A's run. Safety: a fuzz campaign of ${groupDigits(c.fuzzRuns)} runs per plan in the dense space.</p>
${chart}
<table class="stats comparison"><thead><tr><th></th>${p.map((_, i) => `<th scope="col">${name(i)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>
</section>`;
}
