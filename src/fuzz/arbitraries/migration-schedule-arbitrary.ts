import fc from 'fast-check';

/** One scheduled migration: page, optional destination device, earliest start cycle. */
export interface ScheduledMigration {
  readonly page: number;
  readonly toDevice?: number;
  readonly at: number;
}

/**
 * Migration schedules: which page, to which device (or the next one), from
 * which cycle on. Sorted by cycle. Pages and devices are drawn below
 * `maxPages`/`maxDevices`; wrap them to a machine with
 * {@link normalizeSchedule}. Shrinks towards fewer, earlier migrations of
 * page 0 to the next device.
 *
 * @example
 * fc.sample(migrationScheduleArbitrary(4, 2, 3, 2000), 1)[0].length <= 3;
 */
export function migrationScheduleArbitrary(
  maxPages: number,
  maxDevices: number,
  maxMigrations: number,
  horizon: number,
): fc.Arbitrary<ScheduledMigration[]> {
  const one = fc.record(
    {
      page: fc.integer({ min: 0, max: Math.max(0, maxPages - 1) }),
      toDevice: fc.integer({ min: 0, max: Math.max(0, maxDevices - 1) }),
      at: fc.integer({ min: 0, max: horizon }),
    },
    { requiredKeys: ['page', 'at'] },
  );
  return fc
    .array(one, { minLength: 1, maxLength: maxMigrations })
    .map((list) => list.slice().sort((a, b) => a.at - b.at));
}

/**
 * Wraps a schedule's pages and devices to a machine with `numPages` pages and
 * `devices` devices.
 *
 * @example
 * normalizeSchedule([{ page: 5, at: 0 }], 4, 2); // [{ page: 1, at: 0 }]
 */
export function normalizeSchedule(
  schedule: readonly ScheduledMigration[],
  numPages: number,
  devices: number,
): ScheduledMigration[] {
  return schedule.map((m) =>
    m.toDevice === undefined
      ? { page: m.page % numPages, at: m.at }
      : { page: m.page % numPages, toDevice: m.toDevice % devices, at: m.at },
  );
}
