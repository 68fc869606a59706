import type { RunStats } from '../stats/run-stats';
import { escapeHtml } from './html-escape';
import { fmt, svg } from './svg-kit';

const W = 1000;
const LEFT = 110;
const RIGHT = 780;
const ROW = 30;

/** Colours of local and remote accesses. @example LOCALITY_COLOURS.local */
export const LOCALITY_COLOURS = { local: '#59a14f', remote: '#f28e2b' } as const;

/**
 * Local and remote share of the workload accesses served by each device
 * (and by all of them): one stacked bar per device, local first, with the
 * counts and the local percentage beside it.
 *
 * @example
 * html += localitySvg(result.stats);
 */
export function localitySvg(stats: RunStats): string {
  const t = stats.totals;
  const rows = [
    ...stats.devices.map((d) => ({
      label: `device ${d.device}`,
      local: d.local,
      remote: d.remote,
      id: d.device,
    })),
    { label: 'all devices', local: t.localAccesses, remote: t.remoteAccesses, id: -1 },
  ];
  const body: string[] = [];
  rows.forEach((r, i) => {
    const y = 10 + i * ROW;
    const n = r.local + r.remote;
    const share = n > 0 ? r.local / n : 0;
    const xl = LEFT + share * (RIGHT - LEFT);
    const pct = n > 0 ? `${(share * 100).toFixed(1)}% local` : 'no accesses';
    body.push(`<g class="locality-row" data-device="${r.id}">`);
    body.push(
      `<text class="row-label" x="${LEFT - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(r.label)}</text>`,
    );
    if (n === 0) {
      body.push(`<rect x="${LEFT}" y="${y + 2}" width="${RIGHT - LEFT}" height="${ROW - 8}" fill="#eee"/>`);
    } else {
      body.push(
        `<rect class="local" x="${LEFT}" y="${y + 2}" width="${fmt(xl - LEFT)}" height="${ROW - 8}" fill="${LOCALITY_COLOURS.local}"><title>${escapeHtml(`${r.label}: ${r.local} local accesses`)}</title></rect>`,
        `<rect class="remote" x="${fmt(xl)}" y="${y + 2}" width="${fmt(RIGHT - xl)}" height="${ROW - 8}" fill="${LOCALITY_COLOURS.remote}"><title>${escapeHtml(`${r.label}: ${r.remote} remote accesses`)}</title></rect>`,
      );
    }
    body.push(
      `<text class="value" x="${RIGHT + 8}" y="${y + 16}">${escapeHtml(`${pct} (${r.local}/${n})`)}</text>`,
    );
    body.push('</g>');
  });
  return svg(
    'Local and remote share of the accesses served by each device',
    W,
    rows.length * ROW + 16,
    body.join(''),
    'locality',
  );
}
