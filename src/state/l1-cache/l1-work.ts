import type { Directory } from '../structures/cache-directory';
import type { TimedPipeline } from '../structures/timed-pipeline';
import {
  cloneTxn,
  type L1CacheSpec,
  type L1CacheState,
  type L1CacheStats,
  type L1MshrEntry,
  type L1Txn,
} from './l1-cache-state';

/**
 * The per-step working copy of an {@link L1CacheState}, copy-on-write: an
 * array or the counters are copied the first time the step changes them
 * (`…W()` accessors, {@link L1Work.st}), a transaction is cloned the first
 * time it is written ({@link L1Work.tx}), and {@link L1Work.finish} returns
 * the input state itself when nothing changed.
 *
 * @example
 * const w = new L1Work(state);
 * w.tx(0).done = true;
 * const next = w.finish();
 */
export class L1Work {
  readonly spec: L1CacheSpec;
  private txnsArr: Array<Readonly<L1Txn>> | null = null;
  /** Slots below 31 cloned (or inserted) in this step, one bit each. */
  private ownedLow = 0;
  /** The same for slots from 31 on (rare: more than 31 transactions). */
  private ownedHigh: boolean[] | null = null;
  directory: Directory;
  private mshrArr: readonly L1MshrEntry[];
  private dirBufArr: readonly number[];
  private dirPostArr: readonly number[];
  private bankBufArr: readonly number[];
  private bankPostArr: readonly number[];
  private copied = 0;
  dirPipe: TimedPipeline<number> | null;
  bankPipe: TimedPipeline<number> | null;
  nextId: number;
  /** Set when the directory stage stopped at a head that could not proceed (not at its width). */
  dirStalled = false;
  /**
   * Set when the last head the directory stage processed is a miss that
   * needs an MSHR entry: its line neither cached nor being fetched, and a
   * read or a partial write.
   */
  headMiss = false;
  private statsMut: L1CacheStats | null = null;

  constructor(readonly base: L1CacheState) {
    this.spec = base.spec;
    this.directory = base.directory;
    this.mshrArr = base.mshr;
    this.dirBufArr = base.dirBuf;
    this.dirPipe = base.dirPipe;
    this.dirPostArr = base.dirPost;
    this.bankBufArr = base.bankBuf;
    this.bankPipe = base.bankPipe;
    this.bankPostArr = base.bankPost;
    this.nextId = base.nextId;
  }

  /** The transactions (read-only; write through {@link tx}). */
  get txns(): ReadonlyArray<Readonly<L1Txn>> {
    return this.txnsArr ?? this.base.txns;
  }
  get mshr(): readonly L1MshrEntry[] {
    return this.mshrArr;
  }
  get dirBuf(): readonly number[] {
    return this.dirBufArr;
  }
  get dirPost(): readonly number[] {
    return this.dirPostArr;
  }
  get bankBuf(): readonly number[] {
    return this.bankBufArr;
  }
  get bankPost(): readonly number[] {
    return this.bankPostArr;
  }
  /** The counters (read-only; write through {@link st}). */
  get stats(): Readonly<L1CacheStats> {
    return this.statsMut ?? this.base.stats;
  }

  /** The MSHR, writable. @example w.mshrW().push(entry) */
  mshrW(): L1MshrEntry[] {
    if ((this.copied & 1) === 0) {
      this.mshrArr = this.mshrArr.slice();
      this.copied |= 1;
    }
    return this.mshrArr as L1MshrEntry[];
  }
  /** The directory input buffer, writable. */
  dirBufW(): number[] {
    if ((this.copied & 2) === 0) {
      this.dirBufArr = this.dirBufArr.slice();
      this.copied |= 2;
    }
    return this.dirBufArr as number[];
  }
  /** The directory post buffer, writable. */
  dirPostW(): number[] {
    if ((this.copied & 4) === 0) {
      this.dirPostArr = this.dirPostArr.slice();
      this.copied |= 4;
    }
    return this.dirPostArr as number[];
  }
  /** The bank input buffer, writable. */
  bankBufW(): number[] {
    if ((this.copied & 8) === 0) {
      this.bankBufArr = this.bankBufArr.slice();
      this.copied |= 8;
    }
    return this.bankBufArr as number[];
  }
  /** The bank post buffer, writable. */
  bankPostW(): number[] {
    if ((this.copied & 16) === 0) {
      this.bankPostArr = this.bankPostArr.slice();
      this.copied |= 16;
    }
    return this.bankPostArr as number[];
  }
  /** The counters, writable. @example w.st().reads++ */
  st(): L1CacheStats {
    if (this.statsMut === null) {
      const s = this.base.stats;
      this.statsMut = {
        reads: s.reads,
        writes: s.writes,
        readHits: s.readHits,
        readMisses: s.readMisses,
        writeHits: s.writeHits,
        writeMisses: s.writeMisses,
        mshrHits: s.mshrHits,
        fetches: s.fetches,
        writesToBottom: s.writesToBottom,
        earlyWriteAcks: s.earlyWriteAcks,
        controlCommands: s.controlCommands,
      };
    }
    return this.statsMut;
  }

  private ownTxns(): Array<Readonly<L1Txn>> {
    if (this.txnsArr === null) this.txnsArr = this.base.txns.slice();
    return this.txnsArr;
  }

  private isOwned(slot: number): boolean {
    if (slot < 31) return (this.ownedLow & (1 << slot)) !== 0;
    return this.ownedHigh !== null && this.ownedHigh[slot] === true;
  }

  private markOwned(slot: number): void {
    if (slot < 31) this.ownedLow |= 1 << slot;
    else {
      this.ownedHigh ??= [];
      this.ownedHigh[slot] = true;
    }
  }

  /** A writable transaction at `slot` (cloned on first write in this step). */
  tx(slot: number): L1Txn {
    const txns = this.ownTxns();
    if (!this.isOwned(slot)) {
      txns[slot] = cloneTxn(txns[slot]);
      this.markOwned(slot);
    }
    return txns[slot] as L1Txn;
  }

  /** Puts a brand-new transaction into the first removed slot, or appends one; returns its slot. */
  insert(t: L1Txn): number {
    const txns = this.ownTxns();
    for (let i = 0; i < txns.length; i++) {
      if (txns[i].removed) {
        txns[i] = t;
        this.markOwned(i);
        return i;
      }
    }
    txns.push(t);
    this.markOwned(txns.length - 1);
    return txns.length - 1;
  }

  /**
   * Accounts for `k` ticks slept through in which both pipelines only
   * advanced (or held items their full sinks could not take).
   *
   * @example
   * if (io.skipped > 0) w.skipTicks(io.skipped);
   */
  skipTicks(k: number): void {
    const spec = this.spec;
    this.dirPipe = this.dirPipe?.skip(k, spec.dirBufferCap - this.dirPostArr.length) ?? null;
    this.bankPipe = this.bankPipe?.skip(k, spec.bankBufferCap - this.bankPostArr.length) ?? null;
  }

  /** Number of transactions not yet removed. */
  liveCount(): number {
    let n = 0;
    for (const t of this.txns) if (!t.removed) n++;
    return n;
  }

  /** Index of the MSHR entry for `(pid, line)`, or -1. */
  mshrIndex(pid: number, line: number): number {
    const mshr = this.mshrArr;
    for (let i = 0; i < mshr.length; i++) {
      const e = mshr[i];
      if (e.pid === pid && e.line === line) return i;
    }
    return -1;
  }

  /** The line address containing `address`. */
  lineOf(address: number): number {
    return address - (address % this.spec.lineSize);
  }

  /** The new state, keeping the control fields of `base` (the base itself when nothing changed). */
  finish(): L1CacheState {
    const b = this.base;
    if (
      this.txnsArr === null &&
      this.copied === 0 &&
      this.statsMut === null &&
      this.directory === b.directory &&
      this.dirPipe === b.dirPipe &&
      this.bankPipe === b.bankPipe &&
      this.nextId === b.nextId
    ) {
      return b;
    }
    return {
      spec: this.spec,
      numSets: b.numSets,
      isPaused: b.isPaused,
      isDraining: b.isDraining,
      pendingDrain: b.pendingDrain,
      txns: this.txns,
      directory: this.directory,
      mshr: this.mshrArr,
      dirBuf: this.dirBufArr,
      dirPipe: this.dirPipe,
      dirPost: this.dirPostArr,
      bankBuf: this.bankBufArr,
      bankPipe: this.bankPipe,
      bankPost: this.bankPostArr,
      nextId: this.nextId,
      stats: this.stats,
    };
  }

  /** True when some stage still has work that advances without new input. */
  hasInternalWork(): boolean {
    if (this.hasBufferedWork()) return true;
    if ((this.dirPipe?.count ?? 0) > 0 || (this.bankPipe?.count ?? 0) > 0) return true;
    return false;
  }

  /**
   * True when a stage other than the two pipelines can act without new
   * input: a buffer holds an item, or a transaction can be answered.
   */
  hasBufferedWork(): boolean {
    if (
      this.dirBufArr.length > 0 ||
      this.dirPostArr.length > 0 ||
      this.bankBufArr.length > 0 ||
      this.bankPostArr.length > 0
    ) {
      return true;
    }
    for (const t of this.txns)
      if (!t.removed && (t.done || (t.acked === false && this.earlyAckable(t)))) return true;
    return false;
  }

  /** T8 only: a write that may be acknowledged upward before the L2 acked it. */
  earlyAckable(t: Readonly<L1Txn>): boolean {
    return this.spec.faults?.earlyWriteAck === true && !t.isRead && !t.acked && t.writeToBottomId >= 0;
  }
}
