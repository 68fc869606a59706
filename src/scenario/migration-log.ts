import type { SimRecord } from '../streams/kernel/simulation';
import type { MigrationRecord } from './run-result';

/**
 * The run's migration log, fed from the event stream: one record per
 * migration (page, devices, frames, begin and end) with its phases' start
 * and end cycles.
 *
 * @example
 * const log = new MigrationLog();
 * sim.events$.subscribe((rec) => log.observe(rec));
 * log.records.length; // migrations begun so far
 */
export class MigrationLog {
  /** Every migration begun, in order. */
  readonly records: MigrationRecord[] = [];

  /** Takes one simulation event (others are ignored). @example log.observe(rec) */
  observe(rec: SimRecord): void {
    const e = rec.event;
    switch (e.type) {
      case 'migration-begin':
        this.records.push({
          number: e.migration,
          page: e.page,
          fromDevice: e.fromDevice,
          toDevice: e.toDevice,
          srcAddr: e.srcAddr,
          dstAddr: e.dstAddr,
          begin: rec.cycle,
          end: null,
          phases: [],
        });
        break;
      case 'phase-begin':
        this.records[this.records.length - 1]?.phases.push({ name: e.phase, start: rec.cycle, end: null });
        break;
      case 'phase-end': {
        const ph = this.records[this.records.length - 1]?.phases;
        if (ph && ph.length > 0) ph[ph.length - 1].end = rec.cycle;
        break;
      }
      case 'migration-end': {
        const g = this.records[this.records.length - 1];
        if (g) g.end = rec.cycle;
        break;
      }
      default:
        break;
    }
  }

  /** The numbers of the migrations of virtual page `page`. @example log.migrationsOf(3) // [0, 4] */
  migrationsOf(page: number): number[] {
    return this.records.filter((g) => g.page === page).map((g) => g.number);
  }
}
