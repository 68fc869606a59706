import { setFlagsFromString } from 'node:v8';
import { LARGE_RUN_BYTES, type MemoryEstimate } from '../scenario/memory-estimate';

export { LARGE_RUN_BYTES };

/** The heap growing percentage `numasim` runs with (V8's default lets it reach 300 %). */
export const HEAP_GROWING_PERCENT = 100;

/** The heap growing percentage for a large run (estimated over {@link LARGE_RUN_BYTES}). */
export const LARGE_RUN_HEAP_GROWING_PERCENT = 25;

/**
 * The heap growing percentage for a run with memory estimate `estimate`:
 * {@link HEAP_GROWING_PERCENT}, or {@link LARGE_RUN_HEAP_GROWING_PERCENT} for
 * a large run (`estimate.large`, the one test of it), whose old generation
 * would otherwise reach twice a live heap of a few hundred MB. Measured at
 * 64 agents (docs/performance.md, section 7): 50 against 100, 20 MB less
 * peak RSS after 1,500 accesses each and ~75 MB less at the end of 100k
 * each, at no measurable cost in speed; 25 against 50, a further ~20 MB at
 * 5,000 and 20,000 accesses each for 2–3 % more time in full collections
 * (10 or 15 saved only ~8 MB more and cost ~25 % more CPU).
 *
 * @example
 * limitHeapGrowth(heapGrowingPercentFor(checkScenarioMemory(config)));
 */
export function heapGrowingPercentFor(estimate: Pick<MemoryEstimate, 'large'>): number {
  return estimate.large ? LARGE_RUN_HEAP_GROWING_PERCENT : HEAP_GROWING_PERCENT;
}

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
