import { Draft, type Mutable } from '../structures/draft';
import {
  cloneTxn,
  copyL1Stats,
  type L1CacheState,
  type L1CacheStats,
  type L1MshrEntry,
  type L1Txn,
} from './l1-cache-state';

/**
 * The per-step working copy of an {@link L1CacheState}: a {@link Draft}
 * (read through `s`; write through `edit`, {@link L1Work.stats}, the named
 * array accessors {@link L1Work.mshr} … {@link L1Work.bankPost} and
 * {@link L1Work.tx}) plus the L1's helpers and the directory stage's
 * step-local flags.
 *
 * @example
 * const w = new L1Work(state);
 * w.tx(0).done = true;
 * const next = w.finish();
 */
export class L1Work extends Draft<L1CacheState> {
  /** Set when the directory stage stopped at a head that could not proceed (not at its width). */
  dirStalled = false;
  /**
   * Set when the last head the directory stage processed is a miss that
   * needs an MSHR entry: its line neither cached nor being fetched, and a
   * read or a partial write.
   */
  headMiss = false;

  /** Hand-unrolled (a spread and a field loop cost more; A/B in docs/performance.md). */
  protected override copy(s: L1CacheState): Mutable<L1CacheState> {
    return {
      spec: s.spec,
      numSets: s.numSets,
      control: s.control,
      pendingDrain: s.pendingDrain,
      txns: s.txns,
      directory: s.directory,
      mshr: s.mshr,
      dirBuf: s.dirBuf,
      dirPipe: s.dirPipe,
      dirPost: s.dirPost,
      bankBuf: s.bankBuf,
      bankPipe: s.bankPipe,
      bankPost: s.bankPost,
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
   * w.stats().readHits++;
   */
  stats(): L1CacheStats {
    if (!this.owns(this.s.stats)) this.edit.stats = this.adopt(copyL1Stats(this.s.stats));
    return this.s.stats as L1CacheStats;
  }

  /** Hand-unrolled, as {@link copy}. */
  protected override same(a: L1CacheState, b: L1CacheState, except?: keyof L1CacheState): boolean {
    return (
      (except === 'txns' || a.txns === b.txns) &&
      (except === 'stats' || a.stats === b.stats) &&
      (except === 'nextId' || a.nextId === b.nextId) &&
      (except === 'dirPipe' || a.dirPipe === b.dirPipe) &&
      (except === 'bankPipe' || a.bankPipe === b.bankPipe) &&
      (except === 'dirBuf' || a.dirBuf === b.dirBuf) &&
      (except === 'dirPost' || a.dirPost === b.dirPost) &&
      (except === 'bankBuf' || a.bankBuf === b.bankBuf) &&
      (except === 'bankPost' || a.bankPost === b.bankPost) &&
      (except === 'mshr' || a.mshr === b.mshr) &&
      (except === 'directory' || a.directory === b.directory) &&
      (except === 'control' || a.control === b.control) &&
      (except === 'pendingDrain' || a.pendingDrain === b.pendingDrain) &&
      (except === 'numSets' || a.numSets === b.numSets) &&
      (except === 'spec' || a.spec === b.spec)
    );
  }

  // The array fields a step writes, each by name (see Draft): copied on
  // first use in this step.

  /** `txns`, writable (transactions are cloned one by one through {@link tx}). @example w.txns().length */
  txns(): L1Txn[] {
    if (!this.owns(this.s.txns)) this.edit.txns = this.adopt(this.s.txns.slice());
    return this.s.txns as L1Txn[];
  }

  /** `mshr`, writable. @example w.mshr().splice(i, 1) */
  mshr(): L1MshrEntry[] {
    if (!this.owns(this.s.mshr)) this.edit.mshr = this.adopt(this.s.mshr.slice());
    return this.s.mshr as L1MshrEntry[];
  }

  /** `dirBuf`, writable. @example w.dirBuf().push(slot) */
  dirBuf(): number[] {
    if (!this.owns(this.s.dirBuf)) this.edit.dirBuf = this.adopt(this.s.dirBuf.slice());
    return this.s.dirBuf as number[];
  }

  /** `dirPost`, writable. @example w.dirPost().shift() */
  dirPost(): number[] {
    if (!this.owns(this.s.dirPost)) this.edit.dirPost = this.adopt(this.s.dirPost.slice());
    return this.s.dirPost as number[];
  }

  /** `bankBuf`, writable. @example w.bankBuf().push(slot) */
  bankBuf(): number[] {
    if (!this.owns(this.s.bankBuf)) this.edit.bankBuf = this.adopt(this.s.bankBuf.slice());
    return this.s.bankBuf as number[];
  }

  /** `bankPost`, writable. @example w.bankPost().shift() */
  bankPost(): number[] {
    if (!this.owns(this.s.bankPost)) this.edit.bankPost = this.adopt(this.s.bankPost.slice());
    return this.s.bankPost as number[];
  }

  /** A writable transaction at `slot` (cloned on first write in this step). @example w.tx(2).done = true */
  tx(slot: number): L1Txn {
    return this.itemOwned(slot) ? (this.s.txns[slot] as L1Txn) : this.cloneItem(this.txns(), slot, cloneTxn);
  }

  /** Puts a brand-new transaction into the first removed slot, or appends one; returns its slot. @example const slot = w.insert(t) */
  insert(t: L1Txn): number {
    const txns = this.s.txns;
    let i = 0;
    while (i < txns.length && !txns[i].removed) i++;
    this.txns()[i] = t;
    this.markItem(i, true);
    return i;
  }

  /**
   * Accounts for `k` ticks slept through in which both pipelines only
   * advanced (or held items their full sinks could not take).
   *
   * @example
   * w.skipTicks(3);
   */
  skipTicks(k: number): void {
    const s = this.s;
    const spec = s.spec;
    const dirPipe = s.dirPipe?.skip(k, spec.dirBufferCap - s.dirPost.length) ?? null;
    const bankPipe = s.bankPipe?.skip(k, spec.bankBufferCap - s.bankPost.length) ?? null;
    if (dirPipe !== s.dirPipe) this.edit.dirPipe = dirPipe;
    if (bankPipe !== s.bankPipe) this.edit.bankPipe = bankPipe;
  }

  /** Number of transactions not yet removed. @example w.liveCount() < spec.maxTransactions */
  liveCount(): number {
    let n = 0;
    for (const t of this.s.txns) if (!t.removed) n++;
    return n;
  }

  /** Index of the MSHR entry for `(pid, line)`, or -1. @example w.mshrIndex(1, 0x40) */
  mshrIndex(pid: number, line: number): number {
    const mshr = this.s.mshr;
    for (let i = 0; i < mshr.length; i++) {
      const e = mshr[i];
      if (e.pid === pid && e.line === line) return i;
    }
    return -1;
  }

  /** The line address containing `address`. @example w.lineOf(0x47) === 0x40 */
  lineOf(address: number): number {
    return address - (address % this.s.spec.lineSize);
  }

  /** True when some stage still has work that advances without new input. @example if (w.hasInternalWork()) io.progress() */
  hasInternalWork(): boolean {
    if (this.hasBufferedWork()) return true;
    if ((this.s.dirPipe?.count ?? 0) > 0 || (this.s.bankPipe?.count ?? 0) > 0) return true;
    return false;
  }

  /**
   * True when a stage other than the two pipelines can act without new
   * input: a buffer holds an item, or a transaction can be answered.
   *
   * @example
   * w.hasBufferedWork();
   */
  hasBufferedWork(): boolean {
    const s = this.s;
    if (s.dirBuf.length > 0 || s.dirPost.length > 0 || s.bankBuf.length > 0 || s.bankPost.length > 0)
      return true;
    for (const t of s.txns)
      if (!t.removed && (t.done || (t.acked === false && this.earlyAckable(t)))) return true;
    return false;
  }

  /** T8 only: a write that may be acknowledged upward before the L2 acked it. @example w.earlyAckable(t) */
  earlyAckable(t: Readonly<L1Txn>): boolean {
    return this.s.spec.faults?.earlyWriteAck === true && !t.isRead && !t.acked && t.writeToBottomId >= 0;
  }
}
