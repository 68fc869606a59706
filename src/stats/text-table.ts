import { groupDigits } from './group-digits';
/** A table cell: text, a number (right-aligned, thousands grouped) or absent (`-`). @example const c: Cell = 1234; */
export type Cell = string | number | null;

function show(c: Cell): string {
  if (c === null) return '-';
  if (typeof c === 'number') {
    return groupDigits(c, Number.isInteger(c) ? 0 : 1);
  }
  return c;
}

/**
 * Lays out `rows` under `headers` as fixed-width text columns: text cells
 * left-aligned, numbers right-aligned, `null` shown as `-`. Each line starts
 * with `indent`.
 *
 * @example
 * textTable(['name', 'hits'], [['L2Cache', 87], ['IoMMU', null]]);
 * // ['name     hits', 'L2Cache    87', 'IoMMU       -']
 */
export function textTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  indent = '',
): string[] {
  const text = rows.map((r) => r.map(show));
  const numeric = headers.map((_, i) => rows.some((r) => typeof r[i] === 'number'));
  const width = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((c, i) => (numeric[i] ? c.padStart(width[i]) : c.padEnd(width[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...text.map(line)];
}

/**
 * A ratio as a percentage with one decimal, or `-` when null.
 *
 * @example
 * percent(0.4783) === '47.8%';
 */
export function percent(r: number | null): string {
  return r === null ? '-' : `${(r * 100).toFixed(1)}%`;
}
