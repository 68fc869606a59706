import { basePlanFor, FAULT_NAMES, type FaultName } from '../controllers/faults';
import { runCampaign } from './campaign';
import { counterexampleSize } from './describe-counterexample';
import { DEFAULT_FUZZ_SPACE, type FuzzSpace, fuzzArbitrary } from './fuzz-options';

/** How well the fuzzer catches one fault. */
export interface TeethRow {
  readonly fault: FaultName;
  /** Campaigns (one per seed) that found a failure within the budget. */
  readonly detected: number;
  readonly campaigns: number;
  /** Median over detecting campaigns, shrinking included; null when none detected it. */
  readonly medianSecondsToFailure: number | null;
  /** Median seconds to the failing run (detection), shrinking excluded. */
  readonly medianSecondsToDetect: number | null;
  /** Median seconds spent shrinking. */
  readonly medianShrinkSeconds: number | null;
  readonly medianRunsToFailure: number | null;
  readonly medianShrunkSize: number | null;
  /** Failure kinds seen, with counts. */
  readonly kinds: Readonly<Record<string, number>>;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = xs.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Measures the oracle's teeth: for each fault, one fuzz campaign per seed
 * (seeds 1…`seeds`) with a budget of `runs` scenarios; reports how many
 * campaigns found it, the median time and runs to the first failure, and the
 * median size of the shrunk counterexample. A scoped fault
 * (`skip-page-drain`, …) runs on the scoped plan unless the space's plan
 * has page steps ({@link basePlanFor}).
 *
 * @example
 * const rows = await measureTeeth({ seeds: 5, runs: 400 });
 */
export async function measureTeeth(o: {
  seeds: number;
  runs: number;
  faults?: readonly FaultName[];
  space?: FuzzSpace;
  onRow?: (row: TeethRow) => void;
}): Promise<TeethRow[]> {
  const rows: TeethRow[] = [];
  for (const fault of o.faults ?? FAULT_NAMES) {
    const secs: number[] = [];
    const detect: number[] = [];
    const shrink: number[] = [];
    const runs: number[] = [];
    const sizes: number[] = [];
    const kinds: Record<string, number> = {};
    const space = o.space ?? DEFAULT_FUZZ_SPACE;
    const plan = basePlanFor(fault, space.plan);
    for (let seed = 1; seed <= o.seeds; seed++) {
      const s = await runCampaign({
        arbitrary: fuzzArbitrary({ ...space, plan, faults: [fault] }),
        seed,
        runs: o.runs,
      });
      const f = s.failures[0];
      if (f === undefined) continue;
      secs.push(f.secondsToFind);
      detect.push(f.secondsToDetect);
      shrink.push(f.shrinkSeconds);
      runs.push(f.foundAfterRuns);
      sizes.push(counterexampleSize(f.config));
      const k = f.result.failure?.kind ?? '?';
      kinds[k] = (kinds[k] ?? 0) + 1;
    }
    const row: TeethRow = {
      fault,
      detected: secs.length,
      campaigns: o.seeds,
      medianSecondsToFailure: median(secs),
      medianSecondsToDetect: median(detect),
      medianShrinkSeconds: median(shrink),
      medianRunsToFailure: median(runs),
      medianShrunkSize: median(sizes),
      kinds,
    };
    rows.push(row);
    o.onRow?.(row);
  }
  return rows;
}
