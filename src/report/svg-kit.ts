import { escapeHtml } from './html-escape';

/** Ten distinguishable colours (Tableau 10), for phases and agents. @example PALETTE[0] === '#4e79a7' */
export const PALETTE: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** Colour number `i` of {@link PALETTE}, cycling. @example colour(11) === PALETTE[1] */
export function colour(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/**
 * About `count` round tick values covering `[0, max]` (steps of 1, 2 or 5
 * times a power of ten), starting at 0.
 *
 * @example
 * niceTicks(127900, 5); // [0, 20000, 40000, …, 120000]
 */
export function niceTicks(max: number, count: number): number[] {
  if (!(max > 0)) return [0];
  const raw = max / Math.max(1, count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

/**
 * A short label for a tick value: `12k`, `1.5M`, `350`.
 *
 * @example
 * shortNumber(120000) === '120k';
 */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(1)}`;
}

/** A number rounded for an SVG attribute (two decimals). @example fmt(1 / 3) === '0.33' */
export function fmt(v: number): string {
  return `${Math.round(v * 100) / 100}`;
}

/**
 * An `<svg>` element with a viewBox of `width`×`height`, scaling to its
 * container's width, with an accessible title.
 *
 * @example
 * svg('latency', 1000, 300, '<rect …/>', 'latency-chart');
 */
export function svg(title: string, width: number, height: number, body: string, id: string): string {
  return `<svg id="${escapeHtml(id)}" class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${body}</svg>`;
}

/**
 * A horizontal axis at `y` from `x0` to `x1` for values `[0, max]`, with
 * ticks, labels and vertical grid lines up to `gridTop`.
 *
 * @example
 * xAxis(60, 990, 280, 20, 127900, 'cycle');
 */
export function xAxis(
  x0: number,
  x1: number,
  y: number,
  gridTop: number,
  max: number,
  label: string,
): string {
  const parts: string[] = [`<line class="axis" x1="${x0}" y1="${y}" x2="${x1}" y2="${y}"/>`];
  for (const t of niceTicks(max, 8)) {
    const x = x0 + (max > 0 ? (t / max) * (x1 - x0) : 0);
    parts.push(`<line class="grid" x1="${fmt(x)}" y1="${gridTop}" x2="${fmt(x)}" y2="${y}"/>`);
    parts.push(
      `<text class="tick" x="${fmt(x)}" y="${y + 14}" text-anchor="middle">${shortNumber(t)}</text>`,
    );
  }
  parts.push(
    `<text class="axis-label" x="${x1}" y="${y + 28}" text-anchor="end">${escapeHtml(label)}</text>`,
  );
  return parts.join('');
}

/**
 * A vertical axis at `x` from `y0` (bottom) to `y1` (top) for `[0, max]`,
 * with ticks, labels and horizontal grid lines to `gridRight`.
 *
 * @example
 * yAxis(60, 280, 20, 990, 9000, 'cycles');
 */
export function yAxis(
  x: number,
  y0: number,
  y1: number,
  gridRight: number,
  max: number,
  label: string,
): string {
  const parts: string[] = [`<line class="axis" x1="${x}" y1="${y0}" x2="${x}" y2="${y1}"/>`];
  for (const t of niceTicks(max, 5)) {
    const y = y0 - (max > 0 ? (t / max) * (y0 - y1) : 0);
    parts.push(`<line class="grid" x1="${x}" y1="${fmt(y)}" x2="${gridRight}" y2="${fmt(y)}"/>`);
    parts.push(
      `<text class="tick" x="${x - 6}" y="${fmt(y + 4)}" text-anchor="end">${shortNumber(t)}</text>`,
    );
  }
  parts.push(`<text class="axis-label" x="4" y="${y1 - 10}">${escapeHtml(label)}</text>`);
  return parts.join('');
}
