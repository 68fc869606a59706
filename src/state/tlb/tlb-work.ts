import type { TranslationReq } from '../contract/messages';
import { Draft, type Mutable } from '../structures/draft';
import { copyTlbStats, type TlbMshrEntry, type TlbSet, type TlbState, type TlbStats } from './tlb-state';

/**
 * The step-local working copy of a {@link TlbState}: a {@link Draft} (read
 * through `s`, write through `edit`, {@link TlbWork.mshr},
 * {@link TlbWork.pipeBuf}, {@link TlbWork.stats}) plus the TLB's own helpers
 * and step-local flags.
 *
 * @example
 * const w = new TlbWork(state);
 * w.stats().hits++;
 * const next = w.finish();
 */
export class TlbWork extends Draft<TlbState> {
  /** Set when the lookup stage stopped at a request that could not proceed (not at its width). */
  lookupStalled = false;

  /** Hand-unrolled (a spread and a field loop cost more; A/B in docs/performance.md). */
  protected override copy(s: TlbState): Mutable<TlbState> {
    return {
      spec: s.spec,
      control: s.control,
      pendingDrain: s.pendingDrain,
      sets: s.sets,
      mshr: s.mshr,
      responding: s.responding,
      pipeline: s.pipeline,
      pipeBuf: s.pipeBuf,
      nextId: s.nextId,
      stats: s.stats,
    };
  }

  /**
   * `stats`, writable: copied hand-unrolled on first use in this step (a
   * spread or a keyed copy shared by every statistics shape was the
   * draft's hottest line).
   *
   * @example
   * w.stats().hits++;
   */
  stats(): TlbStats {
    if (!this.owns(this.s.stats)) this.edit.stats = this.adopt(copyTlbStats(this.s.stats));
    return this.s.stats as TlbStats;
  }

  /** Hand-unrolled, as {@link copy}. */
  protected override same(a: TlbState, b: TlbState, except?: keyof TlbState): boolean {
    return (
      (except === 'pipeline' || a.pipeline === b.pipeline) &&
      (except === 'stats' || a.stats === b.stats) &&
      (except === 'nextId' || a.nextId === b.nextId) &&
      (except === 'mshr' || a.mshr === b.mshr) &&
      (except === 'pipeBuf' || a.pipeBuf === b.pipeBuf) &&
      (except === 'sets' || a.sets === b.sets) &&
      (except === 'responding' || a.responding === b.responding) &&
      (except === 'control' || a.control === b.control) &&
      (except === 'pendingDrain' || a.pendingDrain === b.pendingDrain) &&
      (except === 'spec' || a.spec === b.spec)
    );
  }

  /** `mshr`, writable (copied on first use in this step). @example w.mshr().splice(i, 1) */
  mshr(): TlbMshrEntry[] {
    if (!this.owns(this.s.mshr)) this.edit.mshr = this.adopt(this.s.mshr.slice());
    return this.s.mshr as TlbMshrEntry[];
  }

  /** `pipeBuf`, writable (as {@link mshr}). @example w.pipeBuf().shift() */
  pipeBuf(): TranslationReq[] {
    if (!this.owns(this.s.pipeBuf)) this.edit.pipeBuf = this.adopt(this.s.pipeBuf.slice());
    return this.s.pipeBuf as TranslationReq[];
  }

  /** Replaces set `i` (copying the set array once). @example w.setSet(3, tlbVisit(w.s.sets[3], way)) */
  setSet(i: number, set: TlbSet): void {
    if (!this.owns(this.s.sets)) this.edit.sets = this.adopt(this.s.sets.slice());
    (this.s.sets as TlbSet[])[i] = set;
  }

  /** Replaces the MSHR and the output buffer by empty ones (Reset). @example w.clearQueues() */
  clearQueues(): void {
    this.replace('mshr', []);
    this.replace('pipeBuf', []);
  }

  /** Index of the MSHR entry for `(pid, vAddr)`, or -1. @example w.mshrIndex(1, 0x1000) */
  mshrIndex(pid: number, vAddr: number): number {
    const mshr = this.s.mshr;
    for (let i = 0; i < mshr.length; i++) if (mshr[i].pid === pid && mshr[i].vAddr === vAddr) return i;
    return -1;
  }
}
