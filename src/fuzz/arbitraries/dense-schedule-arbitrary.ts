import fc from 'fast-check';
import { type AddressMap, homeDevice } from '../../state/memory/address-map';
import type { ScheduledMigration } from './migration-schedule-arbitrary';

/** One group of a dense schedule: which touched page, and one migration, a round trip or two in a row. */
export interface DenseMigrationGroup {
  /** Index into the pages the agents touch (wrapped). */
  readonly pick: number;
  /** `one`: to the next device; `round-trip`: there and back (A→B→A); `back-to-back`: on again (A→B→C, or A→B→A with two devices). */
  readonly kind: 'one' | 'round-trip' | 'back-to-back';
  /** Cycles from this group's start to the next group's. */
  readonly gap: number;
}

/** A dense schedule before it is fitted to a workload: the first migration's cycle and the groups. */
export interface DenseSchedule {
  readonly firstAt: number;
  readonly groups: readonly DenseMigrationGroup[];
}

/**
 * Dense schedules: the first migration at a cycle in `[4, horizon]` (early,
 * so it starts while the agents' first requests are in flight), then 1 to
 * `maxGroups` groups of migrations of pages the agents touch, each a single
 * migration, a round trip or two back-to-back migrations of one page, the
 * later groups up to 300 cycles apart (they start as soon as the
 * controller is idle after that). Fit it to a workload with
 * {@link fitDenseSchedule}. Shrinks towards one migration of the first
 * touched page at cycle 4.
 *
 * @example
 * fc.sample(denseScheduleArbitrary(3, 48), 1)[0].groups.length <= 3;
 */
export function denseScheduleArbitrary(maxGroups: number, horizon: number): fc.Arbitrary<DenseSchedule> {
  const group: fc.Arbitrary<DenseMigrationGroup> = fc.record({
    pick: fc.nat({ max: 63 }),
    kind: fc.constantFrom<DenseMigrationGroup['kind']>('one', 'round-trip', 'back-to-back'),
    gap: fc.integer({ min: 0, max: 300 }),
  });
  return fc.record({
    firstAt: fc.integer({ min: 4, max: Math.max(4, horizon) }),
    groups: fc.array(group, { minLength: 1, maxLength: Math.max(1, maxGroups) }),
  });
}

/**
 * The pages the scripts touch (virtual page numbers, ascending), given the
 * address map they run on.
 *
 * @example
 * touchedPages([[{ op: 'write', word: 0, value: 1 }]], map); // [0]
 */
export function touchedPages(
  scripts: ReadonlyArray<ReadonlyArray<{ readonly word: number }>>,
  map: AddressMap,
): number[] {
  const pages = new Set<number>();
  scripts.forEach((s, agent) => {
    for (const a of s) pages.add(Math.floor((agent * map.agentStride + a.word * 4) / map.pageSize));
  });
  return [...pages].sort((a, b) => a - b);
}

/**
 * A dense schedule as explicit migrations of the touched `pages`, each with
 * its destination device (worked out from where the page is by then), in
 * order and with non-decreasing cycles.
 *
 * @example
 * fitDenseSchedule({ firstAt: 10, groups: [{ pick: 0, kind: 'round-trip', gap: 0 }] }, [0], map);
 * // [{ page: 0, toDevice: 1, at: 10 }, { page: 0, toDevice: 0, at: 10 }]
 */
export function fitDenseSchedule(
  schedule: DenseSchedule,
  pages: readonly number[],
  map: AddressMap,
): ScheduledMigration[] {
  const out: ScheduledMigration[] = [];
  if (pages.length === 0 || map.devices < 2) return out;
  const where = new Map<number, number>();
  let at = schedule.firstAt;
  for (const g of schedule.groups) {
    const page = pages[g.pick % pages.length];
    const from = where.get(page) ?? homeDevice(map, page);
    const to = (from + 1) % map.devices;
    out.push({ page, toDevice: to, at });
    let now = to;
    if (g.kind === 'round-trip') now = from;
    else if (g.kind === 'back-to-back') now = (to + 1) % map.devices;
    if (g.kind !== 'one') out.push({ page, toDevice: now, at });
    where.set(page, now);
    at += g.gap;
  }
  return out;
}
