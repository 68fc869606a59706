import type { TeethRow } from '../fuzz/teeth';

/**
 * The text form of the `teeth` table: one row per fault with its detections,
 * median seconds to detect and to shrink, median runs and shrunk size, kinds.
 *
 * @example
 * process.stdout.write(`${teethTableLines(rows).join('\n')}\n`);
 */
export function teethTableLines(rows: readonly TeethRow[]): string[] {
  const f = (x: number | null, d = 0) => (x === null ? '-' : x.toFixed(d));
  return [
    `fault                       detected  median s to detect  median s shrinking  median runs  median shrunk size  kinds`,
    ...rows.map(
      (r) =>
        `${r.fault.padEnd(28)}${`${r.detected}/${r.campaigns}`.padEnd(10)}${f(r.medianSecondsToDetect, 2).padEnd(20)}${f(r.medianShrinkSeconds, 2).padEnd(20)}${f(r.medianRunsToFailure).padEnd(13)}${f(r.medianShrunkSize).padEnd(20)}${Object.entries(
          r.kinds,
        )
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
    ),
  ];
}
