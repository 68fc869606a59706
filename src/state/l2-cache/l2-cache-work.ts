import type { ControlReq } from '../contract/messages';
import type { Block, Directory } from '../structures/cache-directory';
import type { TimedPipeline } from '../structures/timed-pipeline';
import type {
  L2BlockRef,
  L2CacheSpec,
  L2CacheState,
  L2Mode,
  L2MshrEntry,
  L2Stats,
  L2Transaction,
  MutableL2Transaction,
} from './l2-cache-state';
import { l2Quiescent } from './l2-cache-state';

type Counter = keyof L2Stats;

/**
 * The step-local, mutable working copy of an {@link L2CacheState}. Stages
 * change its fields; array fields are replaced (never mutated in place)
 * except `transactions`, which is copied once on first change, and each
 * changed transaction is cloned once per step. The input state is therefore
 * never mutated, and `toState()` builds the next state.
 *
 * One instance can serve step after step ({@link L2Work.scratch},
 * {@link reset}): nothing in a state refers to it, so the L2 does not
 * allocate a working copy per step.
 *
 * @example
 * const w = new L2Work(state);
 * w.dirBuf = w.dirBuf.concat([w.alloc(t)]);
 * const next = w.toState();
 */
export class L2Work {
  spec!: L2CacheSpec;
  mode!: L2Mode;
  dir!: Directory;
  mshr!: readonly L2MshrEntry[];
  evicting!: readonly number[];
  dirBuf!: readonly number[];
  dirPost!: readonly number[];
  dirToBank!: readonly number[];
  wbToBank!: readonly number[];
  mshrBuf!: readonly number[];
  wbBuf!: readonly number[];
  bankPipeline!: TimedPipeline<number>;
  bankPost!: readonly number[];
  bankInflight!: number;
  bankDownward!: number;
  pendingEvictions!: readonly number[];
  inflightEvictions!: readonly number[];
  inflightFetches!: readonly number[];
  mshrProcessing!: number;
  flushQueue!: readonly L2BlockRef[];
  flushedRefs!: readonly L2BlockRef[];
  flushReq!: ControlReq | null;
  drainReq!: ControlReq | null;
  nextId!: number;
  private base!: L2CacheState;
  private trans!: readonly L2Transaction[];
  /** True once `trans` is this step's own copy. */
  private transCopied = false;
  /** `owned[i] === epoch` when transaction i is this step's own (clone or new). */
  private readonly owned: number[] = [];
  private epoch = 1;
  private statsSrc!: L2Stats;
  private statsMut: Record<Counter, number> | null = null;

  /** A working copy of `base`. @example new L2Work(state).mode */
  constructor(base: L2CacheState) {
    this.reset(base);
  }

  /**
   * Makes this a fresh working copy of `base` (as `new L2Work(base)`) and
   * returns it. Only for a working copy no earlier step's result refers to
   * — {@link toState} never hands it out, so the L2's own scratch qualifies.
   *
   * @example
   * const w = L2Work.scratch(state);
   */
  reset(base: L2CacheState): this {
    const s = base;
    this.base = s;
    this.spec = s.spec;
    this.mode = s.mode;
    this.dir = s.directory;
    this.mshr = s.mshr;
    this.trans = s.transactions;
    this.transCopied = false;
    // A new epoch disowns every transaction of the previous step.
    this.epoch++;
    this.evicting = s.evicting;
    this.dirBuf = s.dirBuf;
    this.dirPost = s.dirPost;
    this.dirToBank = s.dirToBank;
    this.wbToBank = s.wbToBank;
    this.mshrBuf = s.mshrBuf;
    this.wbBuf = s.wbBuf;
    this.bankPipeline = s.bankPipeline;
    this.bankPost = s.bankPost;
    this.bankInflight = s.bankInflight;
    this.bankDownward = s.bankDownward;
    this.pendingEvictions = s.pendingEvictions;
    this.inflightEvictions = s.inflightEvictions;
    this.inflightFetches = s.inflightFetches;
    this.mshrProcessing = s.mshrProcessing;
    this.flushQueue = s.flushQueue;
    this.flushedRefs = s.flushedRefs;
    this.flushReq = s.flushReq;
    this.drainReq = s.drainReq;
    this.nextId = s.nextId;
    this.statsSrc = s.stats;
    this.statsMut = null;
    return this;
  }

  /**
   * The shared working copy of the L2 steps, reset to `base`. Steps do not
   * nest, and a step's result never refers to it, so one instance serves all.
   *
   * @example
   * const w = L2Work.scratch(state); runPipeline(w, io); return io.result(w.toState());
   */
  static scratch(base: L2CacheState): L2Work {
    if (SCRATCH === null) {
      SCRATCH = new L2Work(base);
      return SCRATCH;
    }
    return SCRATCH.reset(base);
  }

  /** The transactions (read-only view). @example w.transactions.length */
  get transactions(): readonly L2Transaction[] {
    return this.trans;
  }

  /** Transaction `i`. @example w.t(idx).action */
  t(i: number): L2Transaction {
    return this.trans[i];
  }

  /** A step-local mutable clone of transaction `i`, stored in place. @example w.mut(i).removed = true */
  mut(i: number): MutableL2Transaction {
    if (!this.transCopied) this.copyTransactions();
    if (this.owned[i] === this.epoch) return this.trans[i] as MutableL2Transaction;
    const c = cloneTransaction(this.trans[i]);
    (this.trans as L2Transaction[])[i] = c;
    this.own(i);
    return c;
  }

  private copyTransactions(): void {
    this.trans = this.trans.slice();
    this.transCopied = true;
  }

  private own(i: number): void {
    const owned = this.owned;
    while (owned.length <= i) owned.push(-1);
    owned[i] = this.epoch;
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
    if (!this.transCopied) this.copyTransactions();
    const arr = this.trans as L2Transaction[];
    let idx = arr.length;
    for (let i = 0; i < arr.length; i++) {
      if (!arr[i].removed || i === this.mshrProcessing) continue;
      if (this.pendingEvictions.includes(i) || this.inflightEvictions.includes(i)) continue;
      if (this.inflightFetches.includes(i)) continue;
      idx = i;
      break;
    }
    arr[idx] = t;
    // Not owned: a later `mut` clones it (the caller may still hold `t`).
    if (idx < this.owned.length) this.owned[idx] = -1;
    return idx;
  }

  /** Drops every transaction (Reset). @example w.clearTransactions() */
  clearTransactions(): void {
    this.trans = [];
    this.transCopied = true;
    this.epoch++;
  }

  /** Takes the next message id. @example const id = w.newId() */
  newId(): number {
    return this.nextId++;
  }

  /** Increments a statistics counter. @example w.bump('hits') */
  bump(key: Counter, by = 1): void {
    if (this.statsMut === null) this.statsMut = copyStats(this.statsSrc);
    this.statsMut[key] += by;
  }

  /** The controller port that owns `address`. @example w.lowerPort(0x300000) */
  lowerPort(address: number): string {
    const ports = this.spec.lowerPorts;
    return ports[Math.floor(address / this.spec.interleave) % ports.length];
  }

  /** `address` rounded down to the line. @example w.lineOf(0x47) === 0x40 */
  lineOf(address: number): number {
    return address - (address % this.spec.lineSize);
  }

  /** Replaces a block in the directory. @example w.setBlock(withLock(b, false)) */
  setBlock(b: Block): void {
    this.dir = this.dir.updateBlock(b);
  }

  /** The L2 quiescence rule on the working state. @example if (w.quiescent()) ackDrain(); */
  quiescent(): boolean {
    return l2Quiescent(
      this.trans,
      this.wbBuf.length,
      this.bankInflight,
      this.bankDownward,
      this.pendingEvictions.length,
      this.inflightEvictions.length,
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
    const b = this.base;
    return (
      !this.transCopied &&
      this.statsMut === null &&
      this.nextId === b.nextId &&
      this.mode === b.mode &&
      this.dir === b.directory &&
      this.mshr === b.mshr &&
      this.evicting === b.evicting &&
      this.dirBuf === b.dirBuf &&
      this.dirPost === b.dirPost &&
      this.dirToBank === b.dirToBank &&
      this.wbToBank === b.wbToBank &&
      this.mshrBuf === b.mshrBuf &&
      this.wbBuf === b.wbBuf &&
      this.bankPost === b.bankPost &&
      this.bankInflight === b.bankInflight &&
      this.bankDownward === b.bankDownward &&
      this.pendingEvictions === b.pendingEvictions &&
      this.inflightEvictions === b.inflightEvictions &&
      this.inflightFetches === b.inflightFetches &&
      this.mshrProcessing === b.mshrProcessing &&
      this.flushQueue === b.flushQueue &&
      this.flushedRefs === b.flushedRefs &&
      this.flushReq === b.flushReq &&
      this.drainReq === b.drainReq &&
      this.bankPipeline.count === b.bankPipeline.count
    );
  }

  /** The next immutable state (the input state itself when nothing changed). @example return io.result(w.toState()) */
  toState(): L2CacheState {
    if (this.bankPipeline === this.base.bankPipeline && this.unchangedButPipeline()) return this.base;
    return {
      spec: this.spec,
      mode: this.mode,
      directory: this.dir,
      mshr: this.mshr,
      transactions: this.trans,
      evicting: this.evicting,
      dirBuf: this.dirBuf,
      dirPost: this.dirPost,
      dirToBank: this.dirToBank,
      wbToBank: this.wbToBank,
      mshrBuf: this.mshrBuf,
      wbBuf: this.wbBuf,
      bankPipeline: this.bankPipeline,
      bankPost: this.bankPost,
      bankInflight: this.bankInflight,
      bankDownward: this.bankDownward,
      pendingEvictions: this.pendingEvictions,
      inflightEvictions: this.inflightEvictions,
      inflightFetches: this.inflightFetches,
      mshrProcessing: this.mshrProcessing,
      flushQueue: this.flushQueue,
      flushedRefs: this.flushedRefs,
      flushReq: this.flushReq,
      drainReq: this.drainReq,
      nextId: this.nextId,
      stats: this.statsMut ?? this.statsSrc,
    };
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

function copyStats(s: L2Stats): Record<Counter, number> {
  return {
    reads: s.reads,
    writes: s.writes,
    hits: s.hits,
    misses: s.misses,
    mshrHits: s.mshrHits,
    evictions: s.evictions,
    writeBacks: s.writeBacks,
    fetches: s.fetches,
    flushedLines: s.flushedLines,
    invalidatedLines: s.invalidatedLines,
    controlCommands: s.controlCommands,
  };
}

let SCRATCH: L2Work | null = null;
