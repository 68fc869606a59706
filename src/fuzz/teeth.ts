import { basePlanFor, FAULT_NAMES, type FaultName } from '../controllers/faults';
import { runCampaign } from './campaign';
import { counterexampleSize } from './describe-counterexample';
import { DEFAULT_FUZZ_SPACE, type FuzzSpace, fuzzArbitrary } from './fuzz-options';
import { inShard, type Shard } from './shard';

/**
 * How well the fuzzer catches one fault.
 *
 * @example
 * const undetected = rows.filter((r: TeethRow) => r.detected === 0).map((r) => r.fault);
 */
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
 * One campaign of `teeth`: a fault, a seed, and what the campaign found first (plain data: it crosses shards).
 *
 * @example
 * const missed = campaigns.filter((c: TeethCampaign) => c.found === null).length;
 */
export interface TeethCampaign {
  readonly fault: FaultName;
  readonly seed: number;
  readonly found: {
    readonly secondsToFind: number;
    readonly secondsToDetect: number;
    readonly shrinkSeconds: number;
    readonly runs: number;
    readonly size: number;
    readonly kind: string;
  } | null;
}

/** Options of {@link runTeethCampaigns}. @example const o: TeethOptions = { seeds: 5, runs: 400 }; */
export interface TeethOptions {
  /** Campaigns per fault, seeds 1…`seeds`. */
  readonly seeds: number;
  /** Budget of generated scenarios per campaign. */
  readonly runs: number;
  readonly faults?: readonly FaultName[];
  readonly space?: FuzzSpace;
  /** Run only this shard's campaigns (positions in fault-major order, see `inShard`). */
  readonly shard?: Shard | null;
  /** Asked between campaigns and between batches; true ends the work early (`interrupted`). */
  readonly shouldStop?: () => boolean;
  readonly onCampaign?: (c: TeethCampaign, done: number, total: number) => void;
}

/**
 * Runs the campaigns of `teeth` (or one shard's share of them): for each
 * fault, one campaign per seed 1…`seeds`, in that order, each a fuzz
 * campaign with a budget of `runs` scenarios that stops at its first
 * failure. Campaigns are independent, so any split gives the same ones.
 *
 * @example
 * const { campaigns } = await runTeethCampaigns({ seeds: 2, runs: 100, faults: ['skip-flush'] });
 * // shard 1 of 2: every other campaign; teethRows over both shards' campaigns gives the whole table
 * await runTeethCampaigns({ seeds: 5, runs: 400, shard: { index: 1, count: 2 } });
 */
export async function runTeethCampaigns(
  o: TeethOptions,
): Promise<{ campaigns: TeethCampaign[]; interrupted: boolean }> {
  const faults = o.faults ?? FAULT_NAMES;
  const all = faults.flatMap((fault) => Array.from({ length: o.seeds }, (_, k) => ({ fault, seed: k + 1 })));
  const mine = all.filter((_, i) => inShard(i, o.shard ?? null));
  const campaigns: TeethCampaign[] = [];
  for (const { fault, seed } of mine) {
    // a campaign that fails in its first batch never yields: yield here, so signals are seen
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (o.shouldStop?.()) return { campaigns, interrupted: true };
    const s = await runCampaign({
      arbitrary: fuzzArbitrary({
        ...(o.space ?? DEFAULT_FUZZ_SPACE),
        // a scoped fault runs on the scoped plan unless the space's plan has page steps
        plan: basePlanFor(fault, (o.space ?? DEFAULT_FUZZ_SPACE).plan),
        faults: [fault],
      }),
      seed,
      runs: o.runs,
      shouldStop: o.shouldStop,
    });
    if (s.interrupted) return { campaigns, interrupted: true };
    const f = s.failures[0];
    const c: TeethCampaign = {
      fault,
      seed,
      found:
        f === undefined
          ? null
          : {
              secondsToFind: f.secondsToFind,
              secondsToDetect: f.secondsToDetect,
              shrinkSeconds: f.shrinkSeconds,
              runs: f.foundAfterRuns,
              size: counterexampleSize(f.config),
              kind: f.result.failure?.kind ?? '?',
            },
    };
    campaigns.push(c);
    o.onCampaign?.(c, campaigns.length, mine.length);
  }
  return { campaigns, interrupted: false };
}

/**
 * The `teeth` table from its campaigns: one row per fault (in `faults`
 * order) with the campaigns that found it, the medians, the kinds seen.
 * Partial when some campaigns are missing (an interrupted run).
 *
 * @example
 * teethRows(['skip-flush'], campaigns);
 */
export function teethRows(faults: readonly FaultName[], campaigns: readonly TeethCampaign[]): TeethRow[] {
  const rows: TeethRow[] = [];
  for (const fault of faults) {
    const mine = campaigns.filter((c) => c.fault === fault).sort((a, b) => a.seed - b.seed);
    if (mine.length === 0) continue;
    const found = mine.flatMap((c) => (c.found === null ? [] : [c.found]));
    const kinds: Record<string, number> = {};
    for (const f of found) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
    rows.push({
      fault,
      detected: found.length,
      campaigns: mine.length,
      medianSecondsToFailure: median(found.map((f) => f.secondsToFind)),
      medianSecondsToDetect: median(found.map((f) => f.secondsToDetect)),
      medianShrinkSeconds: median(found.map((f) => f.shrinkSeconds)),
      medianRunsToFailure: median(found.map((f) => f.runs)),
      medianShrunkSize: median(found.map((f) => f.size)),
      kinds,
    });
  }
  return rows;
}

/**
 * Measures the oracle's teeth: for each fault, one fuzz campaign per seed
 * (seeds 1…`seeds`) with a budget of `runs` scenarios; reports how many
 * campaigns found it, the median time and runs to the first failure, and the
 * median size of the shrunk counterexample. A scoped fault
 * (`skip-page-drain`, …) runs on the scoped plan unless the space's plan
 * has page steps (`basePlanFor`).
 *
 * @example
 * const rows = await measureTeeth({ seeds: 5, runs: 400 });
 */
export async function measureTeeth(
  o: TeethOptions & { onRow?: (row: TeethRow) => void },
): Promise<TeethRow[]> {
  const faults = o.faults ?? FAULT_NAMES;
  const sofar: TeethCampaign[] = [];
  const { campaigns } = await runTeethCampaigns({
    ...o,
    onCampaign: (c, done, total) => {
      sofar.push(c);
      o.onCampaign?.(c, done, total);
      if (c.seed === o.seeds && o.onRow !== undefined) o.onRow(teethRows([c.fault], sofar)[0]);
    },
  });
  return teethRows(faults, campaigns);
}
