import { MigrationLog } from '../../src/scenario/migration-log';
import { Watchdog } from '../../src/scenario/watchdog';
import type { SimEvent } from '../../src/state/contract/sim-events';
import type { SimRecord } from '../../src/streams/kernel/simulation';

const rec = (cycle: number, event: SimEvent) => ({ cycle, event }) as unknown as SimRecord;

describe('Watchdog', () => {
  test('quiet while the mark moves; reports the stall once the window is reached, counted from the last move', () => {
    const dog = new Watchdog(100, 0);
    expect(dog.check(1, 50)).toBeNull();
    expect(dog.check(2, 120)).toBeNull();
    expect(dog.check(2, 219)).toBeNull();
    expect(dog.check(2, 220)).toBe(100);
    expect(dog.check(3, 400)).toBeNull();
    expect(dog.check(3, 450)).toBeNull();
  });
});

describe('MigrationLog', () => {
  test('records migrations and their phases from the event stream', () => {
    const log = new MigrationLog();
    const begin = (migration: number, page: number): SimEvent => ({
      type: 'migration-begin',
      migration,
      page,
      fromDevice: 0,
      toDevice: 1,
      srcAddr: 0x1000,
      dstAddr: 0x201000,
    });
    log.observe(rec(10, begin(0, 3)));
    log.observe(rec(10, { type: 'phase-begin', migration: 0, phase: 'drain-robs', step: 0 }));
    log.observe(rec(40, { type: 'phase-end', migration: 0, phase: 'drain-robs', step: 0 }));
    log.observe(rec(40, { type: 'phase-begin', migration: 0, phase: 'copy', step: 1 }));
    log.observe(rec(310, { type: 'phase-end', migration: 0, phase: 'copy', step: 1 }));
    log.observe(rec(311, { type: 'migration-end', migration: 0, page: 3 }));
    log.observe(rec(500, begin(1, 5)));
    log.observe(rec(900, begin(2, 3)));
    expect(log.records[0]).toMatchObject({
      number: 0,
      page: 3,
      begin: 10,
      end: 311,
      phases: [
        { name: 'drain-robs', start: 10, end: 40 },
        { name: 'copy', start: 40, end: 310 },
      ],
    });
    expect(log.records[1].end).toBeNull();
    expect(log.migrationsOf(3)).toEqual([0, 2]);
    expect(log.migrationsOf(4)).toEqual([]);
  });
});
