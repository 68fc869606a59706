import type { ControlReq, TranslationReq } from '../contract/messages';
import type { TimedPipeline } from '../structures/timed-pipeline';
import type {
  TlbControl,
  TlbMshrEntry,
  TlbResponding,
  TlbSet,
  TlbSpec,
  TlbState,
  TlbStats,
} from './tlb-state';

/**
 * The step-local working copy of a {@link TlbState}, copy-on-write: the
 * set array, the MSHR, the pipeline output buffer and the counters are
 * copied the first time the step changes them, and {@link TlbWork.finish}
 * returns the input state itself when nothing changed. One instance can
 * serve step after step ({@link TlbWork.load} starts over from a state).
 *
 * @example
 * const w = new TlbWork(state);
 * w.st().hits++;
 * const next = w.finish();
 */
export class TlbWork {
  /** The state this step started from (never changed). */
  base: TlbState;
  spec: TlbSpec;
  control: TlbControl;
  pendingDrain: ControlReq | null;
  sets: readonly TlbSet[];
  private setsOwned = false;
  private mshrArr: readonly TlbMshrEntry[];
  private mshrOwned = false;
  responding: TlbResponding | null;
  pipeline: TimedPipeline<TranslationReq>;
  private pipeBufArr: readonly TranslationReq[];
  private pipeBufOwned = false;
  nextId: number;
  private statsMut: TlbStats | null = null;
  /** Set when the lookup stage stopped at a request that could not proceed (not at its width). */
  lookupStalled = false;

  constructor(base: TlbState) {
    this.base = base;
    this.spec = base.spec;
    this.control = base.control;
    this.pendingDrain = base.pendingDrain;
    this.sets = base.sets;
    this.mshrArr = base.mshr;
    this.responding = base.responding;
    this.pipeline = base.pipeline;
    this.pipeBufArr = base.pipeBuf;
    this.nextId = base.nextId;
  }

  /**
   * Starts over from `base`, as a fresh `new TlbWork(base)` would (nothing
   * copied or changed yet). Arrays handed out by an earlier {@link finish}
   * are never written again.
   *
   * @example
   * const w = WORK.load(state);
   */
  load(base: TlbState): this {
    this.base = base;
    this.spec = base.spec;
    this.control = base.control;
    this.pendingDrain = base.pendingDrain;
    this.sets = base.sets;
    this.setsOwned = false;
    this.mshrArr = base.mshr;
    this.mshrOwned = false;
    this.responding = base.responding;
    this.pipeline = base.pipeline;
    this.pipeBufArr = base.pipeBuf;
    this.pipeBufOwned = false;
    this.nextId = base.nextId;
    this.statsMut = null;
    this.lookupStalled = false;
    return this;
  }

  /** The MSHR (read-only; write through {@link mshrW}). */
  get mshr(): readonly TlbMshrEntry[] {
    return this.mshrArr;
  }
  /** The pipeline output buffer (read-only; write through {@link pipeBufW}). */
  get pipeBuf(): readonly TranslationReq[] {
    return this.pipeBufArr;
  }
  /** The counters (read-only; write through {@link st}). */
  get stats(): Readonly<TlbStats> {
    return this.statsMut ?? this.base.stats;
  }

  /** The MSHR, writable. @example w.mshrW().push(entry) */
  mshrW(): TlbMshrEntry[] {
    if (!this.mshrOwned) {
      this.mshrArr = this.mshrArr.slice();
      this.mshrOwned = true;
    }
    return this.mshrArr as TlbMshrEntry[];
  }
  /** The pipeline output buffer, writable. @example w.pipeBufW().shift() */
  pipeBufW(): TranslationReq[] {
    if (!this.pipeBufOwned) {
      this.pipeBufArr = this.pipeBufArr.slice();
      this.pipeBufOwned = true;
    }
    return this.pipeBufArr as TranslationReq[];
  }
  /** Replaces the MSHR and the output buffer (Reset). @example w.clearQueues() */
  clearQueues(): void {
    this.mshrArr = [];
    this.mshrOwned = true;
    this.pipeBufArr = [];
    this.pipeBufOwned = true;
  }
  /** The counters, writable. @example w.st().misses++ */
  st(): TlbStats {
    if (this.statsMut === null) {
      const st = this.base.stats;
      this.statsMut = {
        translations: st.translations,
        hits: st.hits,
        misses: st.misses,
        mshrHits: st.mshrHits,
        fills: st.fills,
        controlCommands: st.controlCommands,
      };
    }
    return this.statsMut;
  }

  /** Replaces set `i` (copying the set array once). @example w.setSet(3, tlbVisit(w.sets[3], way)) */
  setSet(i: number, set: TlbSet): void {
    if (!this.setsOwned) {
      this.sets = this.sets.slice();
      this.setsOwned = true;
    }
    (this.sets as TlbSet[])[i] = set;
  }

  /** Index of the MSHR entry for `(pid, vAddr)`, or -1. @example w.mshrIndex(1, 0x1000) */
  mshrIndex(pid: number, vAddr: number): number {
    const mshr = this.mshrArr;
    for (let i = 0; i < mshr.length; i++) if (mshr[i].pid === pid && mshr[i].vAddr === vAddr) return i;
    return -1;
  }

  /** The next state (the input state itself when nothing changed). @example return io.result(w.finish()) */
  finish(): TlbState {
    const b = this.base;
    if (
      !this.setsOwned &&
      !this.mshrOwned &&
      !this.pipeBufOwned &&
      this.statsMut === null &&
      this.sets === b.sets &&
      this.control === b.control &&
      this.pendingDrain === b.pendingDrain &&
      this.responding === b.responding &&
      this.pipeline === b.pipeline &&
      this.nextId === b.nextId
    ) {
      return b;
    }
    return {
      spec: this.spec,
      control: this.control,
      pendingDrain: this.pendingDrain,
      sets: this.sets,
      mshr: this.mshrArr,
      responding: this.responding,
      pipeline: this.pipeline,
      pipeBuf: this.pipeBufArr,
      nextId: this.nextId,
      stats: this.stats,
    };
  }
}
