import { groupDigits } from '../stats/group-digits';
import type { RunStats } from '../stats/run-stats';
import { agentRows, deviceRows, migrationRows, phaseRows, shareText } from '../stats/stats-rows';
import { escapeHtml } from './html-escape';

type Cell = string | number | null;

/** Migrations listed in the report's migration table before it is cut short. */
const MAX_MIGRATION_ROWS = 500;

function cell(c: Cell, wrap: boolean): string {
  if (c === null) return '<td class="none">–</td>';
  if (wrap && typeof c === 'string') return `<td class="wrap">${escapeHtml(c)}</td>`;
  if (typeof c === 'number') {
    const s = groupDigits(c, Number.isInteger(c) ? 0 : 1);
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
      .map(([k, v]) => `${k} ${groupDigits(v)}`)
      .join(', ');
    const total = (c.hits ?? 0) + (c.misses ?? 0);
    const cells: Cell[] = [
      c.name,
      c.ticks,
      c.hits,
      c.misses,
      shareText(c.hits !== null && total > 0 ? c.hits / total : null),
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
  const agents = agentRows(s, { splitLatency: true });
  parts.push(
    htmlTable(
      'agents-table',
      'Agents (latency in cycles from issue to response; local = page on the agent’s home device at issue)',
      agents.headers,
      agents.rows,
    ),
  );
  const devices = deviceRows(s);
  parts.push(
    htmlTable(
      'devices-table',
      'Devices (workload accesses to pages on the device)',
      devices.headers,
      devices.rows,
    ),
  );
  if (s.migrations.length > 0) {
    const phases = phaseRows(s);
    parts.push(htmlTable('phases-table', 'Migration phases (cycles)', phases.headers, phases.rows));
    const migrations = migrationRows(s, MAX_MIGRATION_ROWS);
    parts.push(
      htmlTable(
        'migrations-table',
        `Migrations (cycles)${s.migrations.length > MAX_MIGRATION_ROWS ? ` — first ${MAX_MIGRATION_ROWS} of ${s.migrations.length}` : ''}`,
        migrations.headers,
        migrations.rows,
      ),
    );
  }
  return parts.join('\n');
}
