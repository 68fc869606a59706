import type { RunStats } from '../stats/run-stats';
import { escapeHtml } from './html-escape';

type Cell = string | number | null;

/** Migrations listed in the report's migration table before it is cut short. */
const MAX_MIGRATION_ROWS = 500;

function cell(c: Cell, wrap: boolean): string {
  if (c === null) return '<td class="none">–</td>';
  if (wrap && typeof c === 'string') return `<td class="wrap">${escapeHtml(c)}</td>`;
  if (typeof c === 'number') {
    const s = Number.isInteger(c)
      ? c.toLocaleString('en-US')
      : c.toLocaleString('en-US', { maximumFractionDigits: 1 });
    return `<td class="num">${s}</td>`;
  }
  return `<td>${escapeHtml(c)}</td>`;
}

/**
 * An HTML table with a caption, header row and body rows (numbers
 * right-aligned, `null` as a dash).
 *
 * @example
 * htmlTable('devices', 'devices', ['device', 'accesses'], [[0, 2035]]);
 */
export function htmlTable(
  id: string,
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  wrapLast = false,
): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => cell(c, wrapLast && i === r.length - 1)).join('')}</tr>`)
    .join('');
  return `<div class="table-wrap"><table id="${escapeHtml(id)}"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

const pct = (r: number | null) => (r === null ? null : `${(r * 100).toFixed(1)}%`);

const SHOWN =
  /^(hits|misses|readHits|writeHits|readMisses|writeMisses|mshrHits|evictions|writeBacks|translations|walks|controlCommands)$/;

function componentsTable(s: RunStats): string {
  const headers = [
    'component',
    'ticks',
    'hits',
    'misses',
    'hit rate',
    'MSHR',
    'evictions',
    'write-backs',
    'translations',
    'walks',
    'control',
    'other counters',
  ];
  const rows: string[] = [];
  let group = '';
  for (const c of s.components) {
    if (c.group.label !== group) {
      group = c.group.label;
      rows.push(`<tr class="group"><th colspan="${headers.length}">${escapeHtml(group)}</th></tr>`);
    }
    const other = Object.entries(c.counters)
      .filter(([k]) => !SHOWN.test(k))
      .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
      .join(', ');
    const total = (c.hits ?? 0) + (c.misses ?? 0);
    const cells: Cell[] = [
      c.name,
      c.ticks,
      c.hits,
      c.misses,
      pct(c.hits !== null && total > 0 ? c.hits / total : null),
      c.mshrHits,
      c.evictions,
      c.writeBacks,
      c.translations,
      c.pageWalks,
      c.controlCommands,
    ];
    rows.push(`<tr>${cells.map((x) => cell(x, false)).join('')}${cell(other || null, true)}</tr>`);
  }
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  return `<div class="table-wrap"><table id="components-table"><caption>Components</caption><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/**
 * The statistics as HTML tables: components, agents, devices, phases and
 * migrations.
 *
 * @example
 * html += statsTablesHtml(result.stats);
 */
export function statsTablesHtml(s: RunStats): string {
  const parts: string[] = [];
  parts.push(componentsTable(s));
  parts.push(
    htmlTable(
      'agents-table',
      'Agents (latency in cycles from issue to response; local = page on the agent’s home device at issue)',
      [
        'agent',
        'home device',
        'reads',
        'writes',
        'mean',
        'p50',
        'p99',
        'max',
        'read p99',
        'write p99',
        'local',
        'remote',
        'local share',
        'sweep reads',
      ],
      s.agents.map((a) => [
        a.agent,
        a.homeDevice,
        a.reads,
        a.writes,
        a.latency.mean,
        a.latency.p50,
        a.latency.p99,
        a.latency.max,
        a.readLatency.p99,
        a.writeLatency.p99,
        a.localAccesses,
        a.remoteAccesses,
        pct(
          a.localAccesses + a.remoteAccesses > 0
            ? a.localAccesses / (a.localAccesses + a.remoteAccesses)
            : null,
        ),
        a.sweepReads,
      ]),
    ),
  );
  parts.push(
    htmlTable(
      'devices-table',
      'Devices (workload accesses to pages on the device)',
      ['device', 'accesses', 'local', 'remote', 'local share'],
      s.devices.map((d) => [
        d.device,
        d.accesses,
        d.local,
        d.remote,
        pct(d.accesses > 0 ? d.localShare : null),
      ]),
    ),
  );
  if (s.migrations.length > 0) {
    parts.push(
      htmlTable(
        'phases-table',
        'Migration phases (cycles)',
        ['phase', 'count', 'mean', 'max', 'total'],
        s.phases.map((p) => [p.name, p.count, p.mean, p.max, p.total]),
      ),
    );
    const names = s.phases.map((p) => p.name);
    parts.push(
      htmlTable(
        'migrations-table',
        `Migrations (cycles)${s.migrations.length > MAX_MIGRATION_ROWS ? ` — first ${MAX_MIGRATION_ROWS} of ${s.migrations.length}` : ''}`,
        ['#', 'page', 'from → to', 'start', 'end', 'duration', ...names],
        s.migrations
          .slice(0, MAX_MIGRATION_ROWS)
          .map((m) => [
            m.number,
            m.page,
            `${m.fromDevice} → ${m.toDevice}`,
            m.start,
            m.end,
            m.duration,
            ...names.map((n) => m.phases.find((p) => p.name === n)?.duration ?? null),
          ]),
      ),
    );
  }
  return parts.join('\n');
}
