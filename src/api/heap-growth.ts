import { setFlagsFromString } from 'node:v8';

/** The heap growing percentage `numasim` runs with (V8's default lets it reach 300 %). */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Limits how far V8 lets the old generation grow past the live heap after
 * a full garbage collection, to `1 + percent / 100` times it. A simulation
 * promotes short-lived objects (requests in flight for thousands of cycles,
 * cache lines) fast enough that V8 otherwise picks its largest factor, 4×,
 * so a large run's peak RSS is several times its live heap. With 100 % the
 * 8-agent × 100k-access run peaks ~30 % lower at no measured cost in speed
 * (docs/performance.md). `numasim` calls this at start-up; call it in your
 * own process for the same effect. It changes no simulated behaviour.
 *
 * Does nothing and returns false when the process chose a value already
 * (`node --heap-growing-percent=N …`).
 *
 * @example
 * import { limitHeapGrowth } from 'numa-migration-sim';
 * limitHeapGrowth(); // before running large scenarios
 */
export function limitHeapGrowth(percent: number = HEAP_GROWING_PERCENT): boolean {
  if (!Number.isInteger(percent) || percent < 1)
    throw new RangeError(`heap growing percent ${percent}: a whole number ≥ 1`);
  const chosen = process.execArgv.some((a) => /heap[-_]growing[-_]percent/.test(a));
  if (chosen) return false;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return true;
}
