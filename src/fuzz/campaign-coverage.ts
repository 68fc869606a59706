import { emptyHazardCounts, HAZARD_NAMES, type HazardCounts } from '../oracle/hazard-names';

/**
 * What the runs of a campaign (or one batch) exercised: runs, runs in which
 * at least one migration started with requests in flight, and per hazard
 * the runs that exercised it at least once. Shrinking runs are not counted.
 *
 * @example
 * const c = emptyCoverage();
 * c.runsWithMigration / Math.max(1, c.runs);
 */
export interface CampaignCoverage {
  readonly runs: number;
  readonly runsWithMigration: number;
  readonly hazards: HazardCounts;
}

/**
 * No runs yet.
 *
 * @example
 * emptyCoverage().runs === 0;
 */
export function emptyCoverage(): CampaignCoverage {
  return { runs: 0, runsWithMigration: 0, hazards: emptyHazardCounts() };
}

/**
 * The coverage with one more run whose hazard counts are `h`.
 *
 * @example
 * addRunCoverage(emptyCoverage(), result.hazards).runs === 1;
 */
export function addRunCoverage(c: CampaignCoverage, h: HazardCounts): CampaignCoverage {
  const hazards = { ...c.hazards };
  for (const n of HAZARD_NAMES) if (h[n] > 0) hazards[n]++;
  return {
    runs: c.runs + 1,
    runsWithMigration: c.runsWithMigration + (h['migration-under-traffic'] > 0 ? 1 : 0),
    hazards,
  };
}

/**
 * Two coverages added up (e.g. a campaign's and its next batch's).
 *
 * @example
 * mergeCoverage(a, b).runs === a.runs + b.runs;
 */
export function mergeCoverage(a: CampaignCoverage, b: CampaignCoverage): CampaignCoverage {
  const hazards = { ...a.hazards };
  for (const n of HAZARD_NAMES) hazards[n] += b.hazards[n] ?? 0;
  return { runs: a.runs + b.runs, runsWithMigration: a.runsWithMigration + b.runsWithMigration, hazards };
}
