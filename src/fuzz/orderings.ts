import { performance } from 'node:perf_hooks';
import { DEFAULT_PLAN_NAMES } from '../controllers/migration-plan';
import type { HazardCounts, HazardName } from '../oracle/hazard-names';
import { requiredHazards } from '../oracle/hazard-requirements';
import type { FailureKind } from '../scenario/run-result';
import { DENSE_SCENARIO_BOUNDS } from './arbitraries/scenario-bounds';
import { batchSeed, CAMPAIGN_BATCH } from './campaign';
import { emptyCoverage, mergeCoverage } from './campaign-coverage';
import { counterexampleSize } from './describe-counterexample';
import { DEFAULT_FUZZ_SPACE, type FuzzSpace, fuzzArbitrary } from './fuzz-options';
import { permutations } from './permutations';
import { runStepBoundedBatch } from './step-bounded-batch';

export { permutations } from './permutations';

/**
 * Scenario bounds of the ordering map: the dense fuzz space's (1–4 agents
 * on 2–3 devices, ranges up to 4 pages, migrations under traffic, round
 * trips, fuzzed timing), so a row's runs are the first runs of
 * `fuzz --plan <ordering> --seed <seed>`.
 *
 * @example
 * classifyOrderings({ ...DEFAULT_ORDERINGS_OPTIONS, bounds: ORDERINGS_BOUNDS });
 */
export const ORDERINGS_BOUNDS = DENSE_SCENARIO_BOUNDS;

/** The verdict on one ordering of plan steps, with its evidence. Holds no timing: it is reproducible. */
export interface OrderingVerdict {
  readonly plan: readonly string[];
  /** `permutation` of all steps, or `omission` of one step from the base order. */
  readonly variant: 'permutation' | 'omission';
  /** No failure found in `runs` runs. */
  readonly safe: boolean;
  /** Safe, and every required hazard was exercised in at least `hazardMin` runs (false when the run cap came first). */
  readonly covered: boolean;
  readonly kind: FailureKind | null;
  /** Accesses + migrations of the shrunk counterexample, or null when safe. */
  readonly size: number | null;
  readonly message: string | null;
  /** Generated runs made (up to and including the failing one; shrinking runs excluded). */
  readonly runs: number;
  /** Per hazard, the runs that exercised it. */
  readonly hazards: HazardCounts;
  /** The hazards this ordering's plan can exercise (see `requiredHazards`). */
  readonly required: readonly HazardName[];
  /** Shrinking runs spent on the counterexample, or null when safe. */
  readonly shrinkRuns: number | null;
  /** fast-check seed and path of the counterexample (`replay --seed S --path P --plan …`), or null. */
  readonly seed: number | null;
  readonly path: string | null;
}

/** Options of {@link classifyOrderings}. */
export interface OrderingsOptions {
  readonly steps?: readonly string[];
  readonly seed: number;
  /** Scenario space (its plan, faults and mutation are ignored: the ordering is the plan). */
  readonly space?: FuzzSpace;
  /** A safe ordering runs until each required hazard was exercised in this many runs … */
  readonly hazardMin: number;
  /** … or until this many runs (the cap). */
  readonly maxRuns: number;
  /** Most shrinking runs per counterexample. */
  readonly shrinkSteps: number;
  /** Runs per fast-check batch (25, as `fuzz`: batch i has seed `batchSeed(seed, i)`). */
  readonly batch?: number;
  /** The hazards a plan must have exercised (default `requiredHazards`; tests swap it). */
  readonly required?: (plan: readonly string[]) => readonly HazardName[];
  readonly onVerdict?: (v: OrderingVerdict, done: number, total: number, seconds: number) => void;
  /** Classify these orderings instead of all of them. */
  readonly plans?: ReadonlyArray<{ plan: string[]; variant: OrderingVerdict['variant'] }>;
}

/**
 * Defaults of `numasim orderings`: each hazard ≥ 100 runs, at most 10000
 * runs, 100 shrinking runs, seed 1, the dense space.
 *
 * @example
 * classifyOrderings({ ...DEFAULT_ORDERINGS_OPTIONS, plans: [{ plan: ['copy'], variant: 'omission' }] });
 */
export const DEFAULT_ORDERINGS_OPTIONS = {
  seed: 1,
  hazardMin: 100,
  maxRuns: 10000,
  shrinkSteps: 100,
} as const satisfies Omit<OrderingsOptions, 'space'>;

/**
 * The orderings {@link classifyOrderings} covers, in order: every
 * permutation of `steps`, then each single-step omission of `steps`.
 *
 * @example
 * orderingPlans(['a', 'b']).length === 4;
 */
export function orderingPlans(
  steps: readonly string[],
): Array<{ plan: string[]; variant: OrderingVerdict['variant'] }> {
  return [
    ...permutations(steps).map((plan) => ({ plan, variant: 'permutation' as const })),
    ...steps.map((_, i) => ({ plan: steps.filter((_, k) => k !== i), variant: 'omission' as const })),
  ];
}

/** Whether a run of `space` can migrate one page twice. */
function repeatMigrations(space: FuzzSpace): boolean {
  if (space.bounds.maxDevices < 2) return false;
  return space.kind === 'classic' ? space.bounds.maxMigrations >= 2 : space.bounds.maxMigrations >= 1;
}

/**
 * Classifies one ordering: batches of generated scenarios (the same seeds
 * as `fuzz --seed`) until a run fails — then shrinks it with at most
 * `shrinkSteps` runs — or until every required hazard was exercised in
 * `hazardMin` runs (after one batch at least), or until `maxRuns`.
 *
 * @example
 * classifyOrdering(plan, 'permutation', { ...DEFAULT_ORDERINGS_OPTIONS }).covered;
 */
export function classifyOrdering(
  plan: string[],
  variant: OrderingVerdict['variant'],
  o: Omit<OrderingsOptions, 'onVerdict' | 'plans'>,
): OrderingVerdict {
  const steps = classifyOrderingSteps(plan, variant, o);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * {@link classifyOrdering} one batch at a time: yields the runs made so far
 * after each batch that does not settle the verdict, and returns the
 * verdict. A caller that turns the event loop between batches (and may stop
 * there) stays responsive to signals within an ordering; driven to the end
 * it gives the same verdict as {@link classifyOrdering}.
 *
 * @example
 * const steps = classifyOrderingSteps(plan, 'permutation', { ...DEFAULT_ORDERINGS_OPTIONS });
 * let r = steps.next();
 * while (!r.done) r = steps.next();
 * r.value.safe;
 */
export function* classifyOrderingSteps(
  plan: string[],
  variant: OrderingVerdict['variant'],
  o: Omit<OrderingsOptions, 'onVerdict' | 'plans'>,
): Generator<number, OrderingVerdict, void> {
  const space = o.space ?? DEFAULT_FUZZ_SPACE;
  const arb = fuzzArbitrary({ ...space, plan, mutatePlan: false, faults: [] });
  const required = o.required?.(plan) ?? requiredHazards(plan, { repeatMigrations: repeatMigrations(space) });
  const batch = o.batch ?? CAMPAIGN_BATCH;
  let coverage = emptyCoverage();
  const enough = () => required.every((h) => coverage.hazards[h] >= o.hazardMin);
  // at least one batch, even when no hazard is required (or hazardMin is 0)
  for (let i = 0; coverage.runs < o.maxRuns && (i === 0 || !enough()); i++) {
    if (i > 0) yield coverage.runs;
    const seed = batchSeed(o.seed, i);
    const out = runStepBoundedBatch(arb, seed, Math.min(batch, o.maxRuns - coverage.runs), o.shrinkSteps);
    coverage = mergeCoverage(coverage, out.coverage);
    const f = out.failure;
    if (f !== null) {
      const failure = f.result.failure!;
      return {
        plan,
        variant,
        safe: false,
        covered: false,
        kind: failure.kind,
        size: counterexampleSize(f.config),
        message: failure.message,
        runs: coverage.runs,
        hazards: coverage.hazards,
        required,
        shrinkRuns: f.shrinkRuns,
        seed,
        path: f.path,
      };
    }
  }
  return {
    plan,
    variant,
    safe: true,
    covered: enough(),
    kind: null,
    size: null,
    message: null,
    runs: coverage.runs,
    hazards: coverage.hazards,
    required,
    shrinkRuns: null,
    seed: null,
    path: null,
  };
}

/**
 * The map of which migration orderings are correct: every permutation of
 * the plan steps, plus each single-step omission, each fuzzed until it
 * fails or has the evidence a "safe" needs (see {@link classifyOrdering}).
 * Deterministic: the same options give the same verdicts, kinds and shrunk
 * sizes, in any thread and under any load (timing goes to `onVerdict` only).
 *
 * @example
 * const table = classifyOrderings({ ...DEFAULT_ORDERINGS_OPTIONS });
 * table.filter((v) => v.safe && v.covered).map((v) => v.plan.join(','));
 */
export function classifyOrderings(o: OrderingsOptions): OrderingVerdict[] {
  const plans = o.plans ?? orderingPlans(o.steps ?? DEFAULT_PLAN_NAMES);
  const out: OrderingVerdict[] = [];
  for (const { plan, variant } of plans) {
    const t0 = performance.now();
    const v = classifyOrdering(plan, variant, o);
    out.push(v);
    o.onVerdict?.(v, out.length, plans.length, (performance.now() - t0) / 1000);
  }
  return out;
}
