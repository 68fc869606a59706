import { type PlanStep, parsePlanStep } from '../controllers/migration-plan';
import type { Topology } from '../scenario/topology';
import type { SimRecord } from '../streams/kernel/simulation';
import {
  emptyHazardCounts,
  type HazardCounts,
  type HazardName,
  SOON_AFTER_ENABLE_CYCLES,
} from './hazard-names';
import { cacheHoldsFrame, tlbHoldsPage, translationInProgress } from './hazard-probes';

/** Options of {@link HazardTracker}. */
export interface HazardTrackerOptions {
  /** Rules that never fire (for tests that show a weakened tracker misses a case). */
  readonly disabled?: readonly HazardName[];
  /** Cycles after an Enable step that count as "soon" (default {@link SOON_AFTER_ENABLE_CYCLES}). */
  readonly soonCycles?: number;
}

interface Current {
  readonly number: number;
  readonly page: number;
  readonly vAddr: number;
  readonly srcAddr: number;
  readonly seen: Set<HazardName>;
}

interface SoonWindow {
  readonly migration: Current;
  readonly until: number;
}

/**
 * Counts, for one run, the hazard windows its migrations exercised (see
 * {@link HAZARD_NAMES}): fed every simulation event in order, it keeps the
 * agents' requests in flight and, at the moments that matter (a migration's
 * begin, a Drain/Pause/Flush/Invalidate step's begin, the repoint, an
 * Enable step's end — and their page-scoped counterparts: DrainPage and
 * FencePage quiesce, FlushPage flushes the L2 and drops the L1s' lines,
 * InvalidatePage drops translations, UnfencePage enables), looks into the
 * components' state. Each hazard counts
 * at most once per migration. Observation only: it never changes the run.
 *
 * @example
 * const t = new HazardTracker(topo);
 * sim.onEvent = (rec) => t.observe(rec);
 * // … run …
 * t.counts()['dirty-l2-line-at-flush'];
 */
export class HazardTracker {
  private readonly counts_ = emptyHazardCounts();
  private readonly disabled: ReadonlySet<HazardName>;
  private readonly soon: number;
  private readonly steps: readonly PlanStep[];
  /** Per agent: request id → virtual address, for requests issued and not yet completed. */
  private readonly inFlight: Array<Map<number, number>> = [];
  private inFlightTotal = 0;
  private current: Current | null = null;
  private previous: { page: number; fromDevice: number } | null = null;
  /** Per page: the device its last migration left. */
  private readonly lastFrom = new Map<number, number>();
  private windows: SoonWindow[] = [];

  constructor(
    private readonly topo: Topology,
    options: HazardTrackerOptions = {},
  ) {
    this.disabled = new Set(options.disabled ?? []);
    this.soon = options.soonCycles ?? SOON_AFTER_ENABLE_CYCLES;
    this.steps = topo.plan.map(parsePlanStep);
  }

  /** Per hazard, the migrations so far that exercised it (a copy). @example t.counts()['page-round-trip'] */
  counts(): HazardCounts {
    return { ...this.counts_ };
  }

  /** Takes one simulation event (call for every event, in order). @example t.observe(rec) */
  observe(rec: SimRecord): void {
    const e = rec.event;
    switch (e.type) {
      case 'request-issued': {
        let m = this.inFlight[e.agent];
        if (m === undefined) {
          m = new Map();
          this.inFlight[e.agent] = m;
        }
        m.set(e.id, e.address);
        this.inFlightTotal++;
        if (this.windows.length > 0) this.checkSoon(e.address, rec.cycle);
        break;
      }
      case 'request-completed': {
        if (this.inFlight[e.agent]?.delete(e.id)) this.inFlightTotal--;
        break;
      }
      case 'migration-begin': {
        const pageSize = this.topo.map.pageSize;
        const cur: Current = {
          number: e.migration,
          page: e.page,
          vAddr: e.page * pageSize,
          srcAddr: e.srcAddr,
          seen: new Set(),
        };
        this.current = cur;
        if (this.inFlightTotal > 0) this.hit(cur, 'migration-under-traffic');
        if (this.lastFrom.get(e.page) === e.toDevice) this.hit(cur, 'page-round-trip');
        if (this.previous !== null && this.previous.page === e.page) this.hit(cur, 'back-to-back-migration');
        this.lastFrom.set(e.page, e.fromDevice);
        this.previous = { page: e.page, fromDevice: e.fromDevice };
        break;
      }
      case 'phase-begin':
        if (this.current !== null) this.phaseBegin(this.current, this.steps[e.step]);
        break;
      case 'phase-end': {
        const step = this.steps[e.step];
        if (
          this.current !== null &&
          step?.op === 'control' &&
          (step.verb === 'Enable' || step.verb === 'UnfencePage')
        ) {
          const cur = this.current;
          if (this.pageInFlight(cur.vAddr)) this.hit(cur, 'access-soon-after-enable');
          else this.windows.push({ migration: cur, until: rec.cycle + this.soon });
        }
        break;
      }
      case 'repoint':
        if (this.current !== null && this.wants(this.current, 'walk-across-repoint')) {
          if (translationInProgress(this.topo, this.current.vAddr, this.topo.map.pageSize))
            this.hit(this.current, 'walk-across-repoint');
        }
        break;
      case 'migration-end':
        this.current = null;
        break;
      default:
        break;
    }
  }

  private phaseBegin(cur: Current, step: PlanStep | undefined): void {
    if (step === undefined || step.op !== 'control') return;
    const pageSize = this.topo.map.pageSize;
    switch (step.verb) {
      case 'Drain':
      case 'Pause':
      case 'DrainPage':
      case 'FencePage':
        if (this.wants(cur, 'request-in-flight-at-quiesce') && this.pageInFlight(cur.vAddr))
          this.hit(cur, 'request-in-flight-at-quiesce');
        break;
      case 'Flush':
        if (
          this.wants(cur, 'dirty-l2-line-at-flush') &&
          cacheHoldsFrame(this.topo, 'l2-dirty', cur.srcAddr, pageSize)
        )
          this.hit(cur, 'dirty-l2-line-at-flush');
        break;
      case 'FlushPage': {
        if (step.neighbour === true) break;
        const targets = this.topo.controller?.state.spec.targets[step.group] ?? [];
        if (
          this.wants(cur, 'dirty-l2-line-at-flush') &&
          targets.some((t) => t.startsWith('L2Cache')) &&
          cacheHoldsFrame(this.topo, 'l2-dirty', cur.srcAddr, pageSize)
        )
          this.hit(cur, 'dirty-l2-line-at-flush');
        if (
          this.wants(cur, 'l1-line-at-invalidate') &&
          targets.some((t) => t.startsWith('L1Cache')) &&
          cacheHoldsFrame(this.topo, 'l1-valid', cur.srcAddr, pageSize)
        )
          this.hit(cur, 'l1-line-at-invalidate');
        break;
      }
      case 'InvalidatePage':
      case 'Invalidate': {
        const targets = this.topo.controller?.state.spec.targets[step.group] ?? [];
        if (
          this.wants(cur, 'l1-line-at-invalidate') &&
          targets.some((t) => t.startsWith('L1Cache')) &&
          cacheHoldsFrame(this.topo, 'l1-valid', cur.srcAddr, pageSize)
        )
          this.hit(cur, 'l1-line-at-invalidate');
        if (
          this.wants(cur, 'tlb-entry-at-invalidate') &&
          targets.some((t) => t.startsWith('L1TLB') || t.startsWith('L2TLB')) &&
          tlbHoldsPage(this.topo, cur.vAddr)
        )
          this.hit(cur, 'tlb-entry-at-invalidate');
        break;
      }
      default:
        break;
    }
  }

  private checkSoon(address: number, cycle: number): void {
    const pageSize = this.topo.map.pageSize;
    this.windows = this.windows.filter(
      (w) => w.until >= cycle && !w.migration.seen.has('access-soon-after-enable'),
    );
    for (const w of this.windows) {
      if (address >= w.migration.vAddr && address < w.migration.vAddr + pageSize)
        this.hit(w.migration, 'access-soon-after-enable');
    }
  }

  private pageInFlight(vAddr: number): boolean {
    const end = vAddr + this.topo.map.pageSize;
    for (const m of this.inFlight) {
      if (m === undefined) continue;
      for (const a of m.values()) if (a >= vAddr && a < end) return true;
    }
    return false;
  }

  private wants(cur: Current, h: HazardName): boolean {
    return !this.disabled.has(h) && !cur.seen.has(h);
  }

  private hit(cur: Current, h: HazardName): void {
    if (!this.wants(cur, h)) return;
    cur.seen.add(h);
    this.counts_[h]++;
  }
}
