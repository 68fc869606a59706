/**
 * The windows a migration protocol must survive, by name. Each is counted
 * once per migration that exercised it (see `HazardTracker`).
 *
 * @example
 * HAZARD_NAMES.includes('page-round-trip'); // true
 */
export const HAZARD_NAMES = [
  'migration-under-traffic',
  'request-in-flight-at-quiesce',
  'dirty-l2-line-at-flush',
  'l1-line-at-invalidate',
  'tlb-entry-at-invalidate',
  'walk-across-repoint',
  'access-soon-after-enable',
  'page-round-trip',
  'back-to-back-migration',
] as const;

/** One hazard's name. @example const h: HazardName = 'dirty-l2-line-at-flush'; */
export type HazardName = (typeof HAZARD_NAMES)[number];

/**
 * Per hazard, how many migrations of a run exercised it.
 *
 * @example
 * const h: HazardCounts = emptyHazardCounts();
 * h['page-round-trip'] === 0;
 */
export type HazardCounts = Record<HazardName, number>;

/**
 * "Soon" after the hierarchy is enabled: a request to the migrated page
 * issued within this many cycles of the end of an Enable step counts as
 * `access-soon-after-enable`.
 *
 * @example
 * SOON_AFTER_ENABLE_CYCLES === 200;
 */
export const SOON_AFTER_ENABLE_CYCLES = 200;

/**
 * One line per hazard: what the run must have had for it to count.
 *
 * @example
 * console.log(HAZARD_DESCRIPTIONS['walk-across-repoint']);
 */
export const HAZARD_DESCRIPTIONS: Readonly<Record<HazardName, string>> = {
  'migration-under-traffic': 'a migration began while at least one agent request was in flight',
  'request-in-flight-at-quiesce': 'a request to the page was in flight when a Drain or Pause step began',
  'dirty-l2-line-at-flush': 'the L2 held a dirty line of the page’s source frame when a Flush step began',
  'l1-line-at-invalidate':
    'an L1 held a valid line of the source frame when an Invalidate step of the L1s began',
  'tlb-entry-at-invalidate': 'a TLB held the page’s translation when an Invalidate step of the TLBs began',
  'walk-across-repoint': 'a page walk (or a TLB miss awaiting one) for the page was open at the repoint',
  'access-soon-after-enable': `a request to the page was in flight at the end of an Enable step or issued within ${SOON_AFTER_ENABLE_CYCLES} cycles of it`,
  'page-round-trip': 'the page went back to the device it left in its previous migration (A→B→A)',
  'back-to-back-migration': 'the page was also the one the migration just before moved',
};

/**
 * Every hazard at zero.
 *
 * @example
 * Object.values(emptyHazardCounts()).every((n) => n === 0);
 */
export function emptyHazardCounts(): HazardCounts {
  const c = {} as HazardCounts;
  for (const n of HAZARD_NAMES) c[n] = 0;
  return c;
}
