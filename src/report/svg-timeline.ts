import type { MigrationStats, RunStats } from '../stats/run-stats';
import { escapeHtml } from './html-escape';
import { colour, fmt, svg, xAxis } from './svg-kit';

const W = 1000;
const LEFT = 90;
const RIGHT = 990;
const TOP = 12;

/** Colour of each phase name: the phase's position in the run's phase order. @example phaseColours(stats).get('copy') */
export function phaseColours(stats: RunStats): Map<string, string> {
  return new Map(stats.phases.map((p, i) => [p.name, colour(i)]));
}

function rowHeight(n: number): number {
  return Math.max(4, Math.min(16, Math.floor(420 / Math.max(1, n))));
}

function tip(m: MigrationStats): string {
  const phases = m.phases.map((p) => `${p.name} ${p.duration ?? 'unfinished'}`).join(', ');
  return `migration #${m.number}: page ${m.page}, device ${m.fromDevice}→${m.toDevice}, cycles ${m.start}–${m.end ?? '…'} (${m.duration ?? 'unfinished'} cycles): ${phases}`;
}

/**
 * The migration timeline: one row and one bar (`rect.migration-bar`) per
 * migration at its place in the run, its phases drawn inside it in their
 * colours, over a cycle axis. Hovering shows the details.
 *
 * @example
 * html += migrationTimelineSvg(result.stats, result.cycles);
 */
export function migrationTimelineSvg(stats: RunStats, cycles: number): string {
  const ms = stats.migrations;
  const rh = rowHeight(ms.length);
  const bottom = TOP + ms.length * rh;
  const end = Math.max(1, cycles);
  const x = (c: number) => LEFT + (Math.min(c, end) / end) * (RIGHT - LEFT);
  const colours = phaseColours(stats);
  const body: string[] = [xAxis(LEFT, RIGHT, bottom + 4, TOP, end, 'cycle')];
  ms.forEach((m, i) => {
    const y = TOP + i * rh;
    const stop = m.end ?? end;
    const x0 = x(m.start);
    const w = Math.max(2, x(stop) - x0);
    const parts = [
      `<rect class="migration-bar" x="${fmt(x0)}" y="${fmt(y + 1)}" width="${fmt(w)}" height="${rh - 2}"><title>${escapeHtml(tip(m))}</title></rect>`,
    ];
    for (const p of m.phases) {
      const px = x(p.start);
      const pw = x(p.end ?? stop) - px;
      if (pw < 0.3) continue;
      parts.push(
        `<rect class="phase" x="${fmt(px)}" y="${fmt(y + 1)}" width="${fmt(pw)}" height="${rh - 2}" fill="${colours.get(p.name)}"><title>${escapeHtml(`#${m.number} ${p.name}: ${p.start}–${p.end ?? '…'} (${p.duration ?? 'unfinished'} cycles)`)}</title></rect>`,
      );
    }
    if (rh >= 10)
      parts.push(
        `<text class="row-label" x="${LEFT - 6}" y="${fmt(y + rh - 3)}" text-anchor="end">#${m.number} p${m.page} ${m.fromDevice}→${m.toDevice}</text>`,
      );
    body.push(`<g class="migration" data-migration="${m.number}">${parts.join('')}</g>`);
  });
  if (ms.length === 0)
    body.push(`<text class="empty" x="${LEFT + 10}" y="${TOP + 16}">no migration ran</text>`);
  return svg(
    'Migrations over the run, one bar per migration, phases coloured',
    W,
    Math.max(bottom, TOP + 24) + 40,
    body.join(''),
    'migration-timeline',
  );
}

/**
 * Phases of each migration side by side: one stacked bar per migration, x =
 * cycles since the migration began (all bars on one scale), so the phase
 * mix and the slow migrations stand out.
 *
 * @example
 * html += phaseBreakdownSvg(result.stats);
 */
export function phaseBreakdownSvg(stats: RunStats): string {
  const ms = stats.migrations;
  const rh = rowHeight(ms.length);
  const bottom = TOP + ms.length * rh;
  const longest = Math.max(1, ...ms.map((m) => (m.end ?? m.phases.at(-1)?.end ?? m.start) - m.start));
  const x = (d: number) => LEFT + (d / longest) * (RIGHT - LEFT);
  const colours = phaseColours(stats);
  const body: string[] = [xAxis(LEFT, RIGHT, bottom + 4, TOP, longest, 'cycles since the migration began')];
  ms.forEach((m, i) => {
    const y = TOP + i * rh;
    const parts: string[] = [];
    for (const p of m.phases) {
      if (p.end === null) continue;
      const px = x(p.start - m.start);
      parts.push(
        `<rect class="phase-segment" x="${fmt(px)}" y="${fmt(y + 1)}" width="${fmt(Math.max(0.5, x(p.end - m.start) - px))}" height="${rh - 2}" fill="${colours.get(p.name)}"><title>${escapeHtml(`#${m.number} ${p.name}: ${p.duration} cycles`)}</title></rect>`,
      );
    }
    if (rh >= 10)
      parts.push(
        `<text class="row-label" x="${LEFT - 6}" y="${fmt(y + rh - 3)}" text-anchor="end">#${m.number} ${m.duration ?? '…'}</text>`,
      );
    body.push(`<g class="migration-phases" data-migration="${m.number}">${parts.join('')}</g>`);
  });
  return svg(
    'Phase durations of each migration',
    W,
    Math.max(bottom, TOP + 24) + 40,
    body.join(''),
    'phase-breakdown',
  );
}

/**
 * A legend of the phase colours (HTML).
 *
 * @example
 * html += phaseLegend(result.stats);
 */
export function phaseLegend(stats: RunStats): string {
  const colours = phaseColours(stats);
  return `<div class="legend">${[...colours]
    .map(([n, c]) => `<span><i style="background:${c}"></i>${escapeHtml(n)}</span>`)
    .join('')}</div>`;
}
