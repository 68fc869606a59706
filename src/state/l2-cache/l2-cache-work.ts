import type { Block } from '../structures/cache-directory';
import { Draft, type Mutable } from '../structures/draft';
import type { L2CacheState, L2Stats, L2Transaction, MutableL2Transaction } from './l2-cache-state';
import { copyL2Stats, l2Quiescent } from './l2-cache-state';

type Counter = keyof L2Stats;

/**
 * The step-local working copy of an {@link L2CacheState}: a {@link Draft}
 * (read through `s`, write through `edit`; array fields are replaced, never
 * written in place, except the transactions: {@link L2Work.mut} clones a
 * transaction once per step) plus the L2's helpers.
 *
 * @example
 * const w = new L2Work(state);
 * w.edit.dirBuf = w.s.dirBuf.concat([w.alloc(t)]);
 * const next = w.finish();
 */
export class L2Work extends Draft<L2CacheState> {
  /** Transaction `i`. @example w.t(idx).action */
  t(i: number): L2Transaction {
    return this.s.transactions[i];
  }

  /** `transactions`, writable (copied on first use in this step). @example w.transactions().length */
  transactions(): L2Transaction[] {
    if (!this.owns(this.s.transactions)) this.edit.transactions = this.adopt(this.s.transactions.slice());
    return this.s.transactions as L2Transaction[];
  }

  /** A step-local mutable clone of transaction `i`, stored in place. @example w.mut(i).removed = true */
  mut(i: number): MutableL2Transaction {
    return (
      this.itemOwned(i) ? this.s.transactions[i] : this.cloneItem(this.transactions(), i, cloneTransaction)
    ) as MutableL2Transaction;
  }

  /**
   * Stores a new transaction in the first reusable slot — removed, not the
   * MSHR entry being answered, and with no eviction or fetch pending or in
   * flight — or appends it. Returns its index.
   *
   * @example
   * const idx = w.alloc(newTransaction('read', req));
   */
  alloc(t: L2Transaction): number {
    const s = this.s;
    const arr = s.transactions;
    let idx = arr.length;
    for (let i = 0; i < arr.length; i++) {
      if (!arr[i].removed || i === s.mshrProcessing) continue;
      if (s.pendingEvictions.includes(i) || s.inflightEvictions.includes(i)) continue;
      if (s.inflightFetches.includes(i)) continue;
      idx = i;
      break;
    }
    // Not owned: a later `mut` clones it (the caller may still hold `t`).
    this.transactions()[idx] = t;
    this.markItem(idx, false);
    return idx;
  }

  /** Drops every transaction (Reset). @example w.clearTransactions() */
  clearTransactions(): void {
    this.replace('transactions', []);
  }

  /** Takes the next message id. @example const id = w.newId() */
  newId(): number {
    return this.edit.nextId++;
  }

  /** Increments a statistics counter. @example w.bump('hits') */
  bump(key: Counter, by = 1): void {
    this.stats()[key] += by;
  }

  /** The controller port that owns `address`. @example w.lowerPort(0x300000) */
  lowerPort(address: number): string {
    const spec = this.s.spec;
    const ports = spec.lowerPorts;
    return ports[Math.floor(address / spec.interleave) % ports.length];
  }

  /** `address` rounded down to the line. @example w.lineOf(0x47) === 0x40 */
  lineOf(address: number): number {
    return address - (address % this.s.spec.lineSize);
  }

  /** Replaces a block in the directory. @example w.setBlock(withLock(b, false)) */
  setBlock(b: Block): void {
    this.edit.directory = this.s.directory.updateBlock(b);
  }

  /** The L2 quiescence rule on the working state. @example if (w.quiescent()) ackDrain(); */
  quiescent(): boolean {
    const s = this.s;
    return l2Quiescent(
      s.transactions,
      s.wbBuf.length,
      s.bankInflight,
      s.bankDownward,
      s.pendingEvictions.length,
      s.inflightEvictions.length,
    );
  }

  /** Hand-unrolled (the L2 state is wide and its steps many; A/B in docs/performance.md). */
  protected override copy(s: L2CacheState): Mutable<L2CacheState> {
    return {
      spec: s.spec,
      mode: s.mode,
      directory: s.directory,
      mshr: s.mshr,
      transactions: s.transactions,
      evicting: s.evicting,
      dirBuf: s.dirBuf,
      dirPost: s.dirPost,
      dirToBank: s.dirToBank,
      wbToBank: s.wbToBank,
      mshrBuf: s.mshrBuf,
      wbBuf: s.wbBuf,
      bankPipeline: s.bankPipeline,
      bankPost: s.bankPost,
      bankInflight: s.bankInflight,
      bankDownward: s.bankDownward,
      pendingEvictions: s.pendingEvictions,
      inflightEvictions: s.inflightEvictions,
      inflightFetches: s.inflightFetches,
      mshrProcessing: s.mshrProcessing,
      flushQueue: s.flushQueue,
      flushedRefs: s.flushedRefs,
      flushReq: s.flushReq,
      drainReq: s.drainReq,
      pageFlushReq: s.pageFlushReq,
      pageFlushCollected: s.pageFlushCollected,
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
  stats(): Mutable<L2Stats> {
    if (!this.owns(this.s.stats)) this.edit.stats = this.adopt(copyL2Stats(this.s.stats));
    return this.s.stats as Mutable<L2Stats>;
  }

  /** Hand-unrolled, as {@link copy}; `except` is only ever the bank pipeline. */
  protected override same(a: L2CacheState, b: L2CacheState, except?: keyof L2CacheState): boolean {
    return (
      (except === 'bankPipeline' || a.bankPipeline === b.bankPipeline) &&
      a.transactions === b.transactions &&
      a.stats === b.stats &&
      a.nextId === b.nextId &&
      a.mode === b.mode &&
      a.directory === b.directory &&
      a.mshr === b.mshr &&
      a.evicting === b.evicting &&
      a.dirBuf === b.dirBuf &&
      a.dirPost === b.dirPost &&
      a.dirToBank === b.dirToBank &&
      a.wbToBank === b.wbToBank &&
      a.mshrBuf === b.mshrBuf &&
      a.wbBuf === b.wbBuf &&
      a.bankPost === b.bankPost &&
      a.bankInflight === b.bankInflight &&
      a.bankDownward === b.bankDownward &&
      a.pendingEvictions === b.pendingEvictions &&
      a.inflightEvictions === b.inflightEvictions &&
      a.inflightFetches === b.inflightFetches &&
      a.mshrProcessing === b.mshrProcessing &&
      a.flushQueue === b.flushQueue &&
      a.flushedRefs === b.flushedRefs &&
      a.flushReq === b.flushReq &&
      a.drainReq === b.drainReq &&
      a.pageFlushReq === b.pageFlushReq &&
      a.pageFlushCollected === b.pageFlushCollected &&
      a.spec === b.spec
    );
  }

  /**
   * True when the step changed nothing but the bank pipeline's clock (no
   * item left it): every field is still the input state's.
   *
   * @example
   * if (!io.madeProgress && w.unchangedButPipeline()) sleep();
   */
  unchangedButPipeline(): boolean {
    return this.unchanged('bankPipeline') && this.s.bankPipeline.count === this.base.bankPipeline.count;
  }
}

/** An explicit field-by-field copy of a transaction (faster than spread on Node 20). */
function cloneTransaction(t: L2Transaction): MutableL2Transaction {
  return {
    kind: t.kind,
    req: t.req,
    action: t.action,
    setId: t.setId,
    wayId: t.wayId,
    evictAddr: t.evictAddr,
    evictPid: t.evictPid,
    evictMask: t.evictMask,
    evictData: t.evictData,
    fetchAddr: t.fetchAddr,
    fetchPid: t.fetchPid,
    fetchReqId: t.fetchReqId,
    evictReqId: t.evictReqId,
    mshrData: t.mshrData,
    waiters: t.waiters,
    removed: t.removed,
  };
}
