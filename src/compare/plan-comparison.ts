import { runCampaign } from '../fuzz/campaign';
import { DEFAULT_FUZZ_SPACE, fuzzArbitrary } from '../fuzz/fuzz-options';
import { HAZARD_NAMES, type HazardName } from '../oracle/hazard-names';
import { requiredHazards } from '../oracle/hazard-requirements';
import type { RunResult } from '../scenario/run-result';
import { runScenarioSteps } from '../scenario/run-scenario';
import type { ScenarioConfig } from '../scenario/scenario-config';
import type { SimRecord } from '../streams/kernel/simulation';
import { BlockedTime } from './blocked-time';

/**
 * One plan's side of a comparison: its cost on the workload and its safety
 * evidence.
 *
 * @example
 * const m: PlanMetrics = comparison.plans[0];
 * m.endRatio; // workload end / no-migration workload end
 */
export interface PlanMetrics {
  readonly plan: readonly string[];
  readonly status: 'pass' | 'fail';
  /** Cycle of the last workload response. */
  readonly workloadEnd: number;
  /** `workloadEnd` over the no-migration run's (2 decimals). */
  readonly endRatio: number;
  readonly migrations: number;
  /** Per completed migration: mean and max duration in cycles. */
  readonly migrationMean: number;
  readonly migrationMax: number;
  /** Per agent, cycles blocked by migrations ({@link BlockedTime}). */
  readonly blockedPerAgent: readonly number[];
  readonly latencyP50: number;
  readonly latencyP99: number;
  /** Workload accesses per 1,000 cycles (2 decimals). */
  readonly throughput: number;
  readonly safety: SafetyEvidence;
}

/**
 * A fuzz campaign's verdict on a plan: runs made, failures, the required
 * hazards ({@link requiredHazards}) and those exercised at least once.
 *
 * @example
 * s.verdict === 'safe' && s.covered.length === s.required.length;
 */
export interface SafetyEvidence {
  readonly runs: number;
  readonly seed: number;
  readonly failures: number;
  readonly required: readonly HazardName[];
  readonly covered: readonly HazardName[];
  /** `unsafe` on a failure; `safe` with every required hazard covered; `safe?` otherwise; `skipped` with a budget of 0. */
  readonly verdict: 'safe' | 'safe?' | 'unsafe' | 'skipped';
  /** The first failure's kind, if any. */
  readonly failureKind: string | null;
}

/**
 * A side-by-side comparison of plans on one workload and seed.
 *
 * @example
 * const c = await comparePlans(config, [planA, planB], { fuzzRuns: 400 });
 * c.plans.map((p) => p.endRatio);
 */
export interface PlanComparison {
  readonly config: ScenarioConfig;
  readonly seed: number;
  /** The no-migration run's workload end. */
  readonly baselineEnd: number;
  readonly fuzzRuns: number;
  readonly plans: readonly PlanMetrics[];
  /** Set when a signal stopped the comparison early (plans after it missing). */
  readonly interrupted: boolean;
}

/** Options of {@link comparePlans}. */
export interface CompareOptions {
  /** Fuzz runs per plan for the safety evidence (0: none). */
  readonly fuzzRuns: number;
  /** The campaigns' seed (default 1). */
  readonly fuzzSeed?: number;
  /** Asked between slices of work; true stops the comparison. */
  readonly shouldStop?: () => boolean;
  /** Awaited between slices of work (lets signals in). */
  readonly yieldTurn?: () => Promise<void>;
  /** Called with each plan's run result (e.g. for a report). */
  readonly onRun?: (plan: readonly string[], result: RunResult) => void;
}

async function runSliced(
  config: ScenarioConfig,
  onEvent: ((r: SimRecord) => void) | undefined,
  o: CompareOptions,
): Promise<RunResult | null> {
  const steps = runScenarioSteps(config, { onEvent });
  for (let n = 0; ; n++) {
    const r = steps.next();
    if (r.done) return r.value;
    if (n % 4 === 3 && o.yieldTurn !== undefined) await o.yieldTurn();
    if (o.shouldStop?.()) {
      steps.return(undefined as never);
      return null;
    }
  }
}

async function safetyOf(plan: readonly string[], o: CompareOptions): Promise<SafetyEvidence> {
  const seed = o.fuzzSeed ?? 1;
  const required = requiredHazards(plan);
  if (o.fuzzRuns === 0)
    return { runs: 0, seed, failures: 0, required, covered: [], verdict: 'skipped', failureKind: null };
  const s = await runCampaign({
    arbitrary: fuzzArbitrary({ ...DEFAULT_FUZZ_SPACE, plan }),
    seed,
    runs: o.fuzzRuns,
    shouldStop: o.shouldStop,
  });
  const covered = HAZARD_NAMES.filter((h) => s.coverage.hazards[h] > 0 && required.includes(h));
  const failures = s.failures.length;
  const verdict = failures > 0 ? 'unsafe' : covered.length === required.length ? 'safe' : 'safe?';
  return {
    runs: s.runs,
    seed,
    failures,
    required,
    covered,
    verdict,
    failureKind: s.failures[0]?.result.failure?.kind ?? null,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Runs the same workload and seed without migration and under each plan,
 * and a fuzz campaign of `fuzzRuns` runs per plan; returns the figures side
 * by side. Deterministic but for a signal (which ends it early).
 *
 * @example
 * const c = await comparePlans({ ...defaultScenarioConfig(), seed: 1, sweep: false },
 *   [DEFAULT_PLAN_NAMES, SCOPED_PLAN_NAMES], { fuzzRuns: 400 });
 */
export async function comparePlans(
  config: ScenarioConfig,
  plans: readonly (readonly string[])[],
  o: CompareOptions,
): Promise<PlanComparison> {
  const base = await runSliced({ ...config, migrate: false }, undefined, o);
  const out: PlanMetrics[] = [];
  const baselineEnd = base?.stats.totals.workloadEnd ?? 0;
  const done = (interrupted: boolean): PlanComparison => ({
    config,
    seed: config.seed,
    baselineEnd,
    fuzzRuns: o.fuzzRuns,
    plans: out,
    interrupted,
  });
  if (base === null) return done(true);
  for (const plan of plans) {
    const blocked = new BlockedTime();
    const r = await runSliced({ ...config, plan: plan.slice() }, (rec) => blocked.observe(rec), o);
    if (r === null) return done(true);
    o.onRun?.(plan, r);
    const safety = await safetyOf(plan, o);
    if (o.shouldStop?.()) return done(true);
    const t = r.stats.totals;
    const durations = r.stats.migrations.flatMap((m) => (m.duration === null ? [] : [m.duration]));
    out.push({
      plan,
      status: r.status,
      workloadEnd: t.workloadEnd,
      endRatio: baselineEnd > 0 ? round2(t.workloadEnd / baselineEnd) : 0,
      migrations: r.migrations,
      migrationMean:
        durations.length > 0 ? round2(durations.reduce((a, b) => a + b, 0) / durations.length) : 0,
      migrationMax: durations.length > 0 ? Math.max(...durations) : 0,
      blockedPerAgent: Array.from({ length: config.agents }, (_, i) => blocked.perAgent()[i] ?? 0),
      latencyP50: t.latency.p50,
      latencyP99: t.latency.p99,
      throughput: t.workloadEnd > 0 ? round2((t.accesses * 1000) / t.workloadEnd) : 0,
      safety,
    });
  }
  return done(false);
}
