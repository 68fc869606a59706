import type { RunStats } from '../stats/run-stats';
import { escapeHtml } from './html-escape';
import { colour, fmt, svg, xAxis, yAxis } from './svg-kit';

const W = 1000;
const H = 320;
const LEFT = 70;
const RIGHT = 990;
const TOP = 24;
const BOTTOM = 280;

/**
 * Per-agent mean latency over time: one line per agent through its
 * {@link AgentStats.latencyOverTime} buckets (gaps where it completed
 * nothing), over shaded bands where migrations ran.
 *
 * @example
 * html += latencyOverTimeSvg(result.stats, result.cycles);
 */
export function latencyOverTimeSvg(stats: RunStats, cycles: number): string {
  const end = Math.max(1, cycles);
  let max = 1;
  for (const a of stats.agents)
    for (const b of a.latencyOverTime) if (b.count > 0 && b.mean > max) max = b.mean;
  max *= 1.1;
  const x = (c: number) => LEFT + (Math.min(c, end) / end) * (RIGHT - LEFT);
  const y = (v: number) => BOTTOM - (v / max) * (BOTTOM - TOP);
  const body: string[] = [];
  for (const m of stats.migrations) {
    const x0 = x(m.start);
    body.push(
      `<rect class="migration-band" x="${fmt(x0)}" y="${TOP}" width="${fmt(Math.max(1, x(m.end ?? end) - x0))}" height="${BOTTOM - TOP}"><title>migration #${m.number}</title></rect>`,
    );
  }
  body.push(xAxis(LEFT, RIGHT, BOTTOM, TOP, end, 'cycle'));
  const we = stats.totals.workloadEnd;
  if (we > 0 && we < end) {
    const xw = fmt(x(we));
    body.push(
      `<line class="workload-end" x1="${xw}" y1="${TOP}" x2="${xw}" y2="${BOTTOM}"/><text class="tick" x="${fmt(x(we) + 6)}" y="${TOP + 12}"><title>the workload's last response came at cycle ${we}; the final sweep runs after it</title>sweep →</text>`,
    );
  }
  body.push(yAxis(LEFT, BOTTOM, TOP, RIGHT, max, 'mean latency (cycles)'));
  for (const a of stats.agents) {
    let d = '';
    let pen = false;
    const dots: string[] = [];
    for (const b of a.latencyOverTime) {
      if (b.count === 0) {
        pen = false;
        continue;
      }
      const px = fmt(x((b.start + b.end) / 2));
      const py = fmt(y(b.mean));
      d += `${pen ? 'L' : 'M'}${px} ${py} `;
      pen = true;
      dots.push(
        `<circle cx="${px}" cy="${py}" r="2.5"><title>${escapeHtml(`agent ${a.agent}, cycles ${b.start}–${b.end}: ${b.count} requests, mean ${b.mean}, max ${b.max}`)}</title></circle>`,
      );
    }
    const c = colour(a.agent);
    body.push(
      `<g class="latency-line" data-agent="${a.agent}" stroke="${c}" fill="${c}"><path d="${d.trim()}" fill="none" stroke-width="1.8"/>${dots.join('')}</g>`,
    );
  }
  return svg('Mean request latency per agent over time', W, H + 10, body.join(''), 'latency-over-time');
}

/**
 * A legend of the agent colours (HTML).
 *
 * @example
 * html += agentLegend(result.stats);
 */
export function agentLegend(stats: RunStats): string {
  const items = stats.agents.map(
    (a) => `<span><i style="background:${colour(a.agent)}"></i>agent ${a.agent}</span>`,
  );
  return `<div class="legend">${items.join('')}<span><i class="band"></i>migration in progress</span></div>`;
}
