import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { DEFAULT_PLAN_NAMES } from '../controllers/migration-plan';
import type { FailureKind } from '../scenario/run-result';
import type { ScenarioBounds } from './arbitraries/scenario-arbitrary';
import { scenarioArbitrary } from './arbitraries/scenario-arbitrary';
import { counterexampleSize } from './describe-counterexample';
import { ScenarioFailure, scenarioProperty } from './scenario-property';

/**
 * Scenario bounds for ordering maps: two agents on two devices with up to
 * 40 accesses each over 512 B–1 KiB (more lines than the tiny L2s hold) and
 * up to 4 early migrations — small and fast, yet with evictions and pages
 * that come back to a slot they left.
 *
 * @example
 * classifyOrderings({ budget: 40, seed: 1, bounds: ORDERINGS_BOUNDS, perOrderingMs: 100 });
 */
export const ORDERINGS_BOUNDS: ScenarioBounds = {
  maxAgents: 2,
  maxDevices: 2,
  maxAccesses: 40,
  maxMigrations: 4,
  ranges: [512, 1024],
  horizon: 400,
};

/** The verdict on one ordering of plan steps. */
export interface OrderingVerdict {
  readonly plan: readonly string[];
  /** `permutation` of all steps, or `omission` of one step from the base order. */
  readonly variant: 'permutation' | 'omission';
  readonly safe: boolean;
  readonly kind: FailureKind | null;
  /** Accesses + migrations of the smallest counterexample found, or null when safe. */
  readonly size: number | null;
  readonly message: string | null;
  readonly runs: number;
  readonly seconds: number;
}

/**
 * All permutations of `steps` (Heap's algorithm, deterministic order,
 * starting with `steps` itself).
 *
 * @example
 * permutations(['a', 'b']); // [['a','b'], ['b','a']]
 */
export function permutations<T>(steps: readonly T[]): T[][] {
  const a = steps.slice();
  const out: T[][] = [a.slice()];
  const c = new Array(a.length).fill(0);
  let i = 1;
  while (i < a.length) {
    if (c[i] < i) {
      const k = i % 2 === 0 ? 0 : c[i];
      [a[k], a[i]] = [a[i], a[k]];
      out.push(a.slice());
      c[i]++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}

/** Options of {@link classifyOrderings}. */
export interface OrderingsOptions {
  readonly steps?: readonly string[];
  /** Generated scenarios per permutation. */
  readonly budget: number;
  /** Generated scenarios per single-step omission (default 15 × budget: omissions are few and some fail rarely). */
  readonly omissionBudget?: number;
  readonly seed: number;
  readonly bounds: ScenarioBounds;
  /** Longest time spent on one ordering (generation plus shrinking), in milliseconds. */
  readonly perOrderingMs: number;
  readonly onVerdict?: (v: OrderingVerdict, done: number, total: number) => void;
  /** Classify these orderings instead of all of them. */
  readonly plans?: ReadonlyArray<{ plan: string[]; variant: OrderingVerdict['variant'] }>;
  /** Only classify the orderings whose index `i` has `i % shards === shard` (for parallel workers). */
  readonly shard?: number;
  readonly shards?: number;
}

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

/**
 * The map of which migration orderings are correct: every permutation of
 * the plan steps, plus each single-step omission, fuzzed against the same
 * generated scenarios (same seed), each failure shrunk within a time budget.
 *
 * @example
 * const table = classifyOrderings({ budget: 50, seed: 1, bounds, perOrderingMs: 500 });
 * table.filter((v) => v.safe).map((v) => v.plan.join(','));
 */
export function classifyOrderings(o: OrderingsOptions): OrderingVerdict[] {
  const shards = o.shards ?? 1;
  const plans = (o.plans ?? orderingPlans(o.steps ?? DEFAULT_PLAN_NAMES)).filter(
    (_, i) => i % shards === (o.shard ?? 0),
  );
  const out: OrderingVerdict[] = [];
  for (const { plan, variant } of plans) {
    const t0 = performance.now();
    const prop = scenarioProperty(scenarioArbitrary({ bounds: o.bounds, plan }));
    // Search the whole budget without a time limit, stopping at the first failure ...
    const numRuns = variant === 'omission' ? (o.omissionBudget ?? 15 * o.budget) : o.budget;
    const found = fc.check(prop, { seed: o.seed, numRuns, endOnFailure: true });
    // ... then shrink that failure within the time budget.
    const r =
      found.failed && found.counterexamplePath !== null
        ? fc.check(prop, {
            seed: o.seed,
            path: found.counterexamplePath,
            interruptAfterTimeLimit: o.perOrderingMs,
            markInterruptAsFailure: false,
          })
        : found;
    const runs = found.numRuns;
    let v: OrderingVerdict;
    if (r.failed && r.errorInstance instanceof ScenarioFailure && r.counterexample !== null) {
      const f = r.errorInstance.result.failure!;
      v = {
        plan,
        variant,
        safe: false,
        kind: f.kind,
        size: counterexampleSize(r.counterexample[0]),
        message: f.message,
        runs,
        seconds: (performance.now() - t0) / 1000,
      };
    } else if (r.failed) {
      throw r.errorInstance instanceof Error ? r.errorInstance : new Error(String(r.errorInstance));
    } else {
      v = {
        plan,
        variant,
        safe: true,
        kind: null,
        size: null,
        message: null,
        runs,
        seconds: (performance.now() - t0) / 1000,
      };
    }
    out.push(v);
    o.onVerdict?.(v, out.length, plans.length);
  }
  return out;
}
