import { performance } from 'node:perf_hooks';
import type { RunResult } from '../scenario/run-result';
import { addRunCoverage, type CampaignCoverage, emptyCoverage } from './campaign-coverage';

/**
 * Watches the runs of one fast-check batch: adds up their hazard coverage
 * until the first failing run (included) and notes when that failure was
 * detected, so shrinking runs count neither as runs nor as detection time.
 *
 * @example
 * const rec = new BatchRecorder();
 * const prop = scenarioProperty(arb, rec);
 * rec.reset(); fc.check(prop, { seed, numRuns: 25 }); rec.coverage.runsWithMigration;
 */
export class BatchRecorder {
  coverage: CampaignCoverage = emptyCoverage();
  /** `performance.now()` when the first failing run ended, or null. */
  detectedAt: number | null = null;

  /** Forgets everything (call before each batch). @example rec.reset() */
  reset(): void {
    this.coverage = emptyCoverage();
    this.detectedAt = null;
  }

  /** Takes one property run's result. @example rec.record(runScenario(config)) */
  record(r: RunResult): void {
    if (this.detectedAt !== null) return;
    this.coverage = addRunCoverage(this.coverage, r.hazards);
    if (r.status !== 'pass') this.detectedAt = performance.now();
  }
}
