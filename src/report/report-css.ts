/**
 * The report's style sheet (inlined in the page).
 *
 * @example
 * `<style>${REPORT_CSS}</style>`;
 */
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1d2433; --muted: #5b6478; --line: #d9dee8; --bg: #ffffff; --panel: #f6f8fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 18px 28px 10px; border-bottom: 1px solid var(--line); background: var(--panel); }
h1 { margin: 0; font-size: 22px; }
h2 { margin: 26px 0 6px; font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { margin: 16px 0 4px; font-size: 15px; }
main { padding: 4px 28px 28px; max-width: 1280px; }
.sub { margin: 4px 0 0; color: var(--muted); }
.verdict { display: inline-block; padding: 1px 10px; border-radius: 4px; font-size: 16px; vertical-align: 2px; color: #fff; }
.verdict.pass { background: #2f8f46; } .verdict.fail { background: #c0392b; }
.figures { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 16px; }
.figure { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 7px 10px; min-width: 90px; }
.figure .value { font-size: 18px; font-weight: 600; }
.figure .label { color: var(--muted); font-size: 12px; }
.help { color: var(--muted); margin: 4px 0 8px; }
.note { color: #8a5a00; }
.failure { border-left: 4px solid #c0392b; padding-left: 12px; }
.failure pre { max-height: 320px; overflow: auto; background: var(--panel); padding: 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; color: var(--muted); margin: 4px 0; }
.legend i, .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.legend i.band { background: #e9ecf3; border: 1px solid #cfd5e2; }
svg.chart { display: block; max-width: 1000px; margin: 4px 0 10px; font-size: 11px; }
svg .axis { stroke: #7a8396; stroke-width: 1; }
svg .grid { stroke: #eceff5; stroke-width: 1; }
svg .tick, svg .axis-label, svg .row-label, svg .value, svg .empty { fill: var(--muted); }
svg .migration-bar { fill: #e3e7ef; stroke: #9aa3b5; stroke-width: 0.6; }
svg .migration-band { fill: #e9ecf3; }
svg .workload-end { stroke: #7a8396; stroke-dasharray: 4 3; }
svg .latency-line circle { stroke: none; }
table { border-collapse: collapse; margin: 10px 0 18px; font-size: 12.5px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 7px; text-align: left; white-space: nowrap; }
thead th { background: var(--panel); position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.none { color: #b0b6c3; text-align: center; }
td.wrap { white-space: normal; min-width: 160px; max-width: 300px; color: var(--muted); font-size: 11.5px; }
tr.group th { background: none; color: var(--muted); font-weight: 600; padding-top: 8px; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table.kv th { background: none; width: 160px; }
code { background: var(--panel); padding: 2px 6px; border-radius: 3px; }
footer { color: var(--muted); font-size: 12px; padding: 12px 28px; border-top: 1px solid var(--line); }
@media print { thead th { position: static; } }
`;
