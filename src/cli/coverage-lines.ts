import type { CampaignCoverage } from '../fuzz/campaign-coverage';
import { HAZARD_NAMES } from '../oracle/hazard-names';

/**
 * The text summary's coverage lines: runs with a migration under traffic
 * (count and share) and, per hazard, the runs that exercised it.
 *
 * @example
 * coverageLines(summary.coverage, 'dense').join('\n');
 */
export function coverageLines(c: CampaignCoverage, space: string): string[] {
  const pct = (n: number) => (c.runs > 0 ? `${((100 * n) / c.runs).toFixed(1)} %` : '-');
  return [
    `  space ${space}: ${c.runsWithMigration} of ${c.runs} runs (${pct(c.runsWithMigration)}) started a migration with requests in flight`,
    `  hazards (runs that exercised each): ${HAZARD_NAMES.filter((h) => h !== 'migration-under-traffic')
      .map((h) => `${h} ${c.hazards[h]}`)
      .join(', ')}`,
  ];
}
