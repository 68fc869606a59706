import type { ControlReq, ReadReq, WriteReq } from '../contract/messages';
import { Directory, type SetIndexing } from '../structures/cache-directory';
import { TimedPipeline } from '../structures/timed-pipeline';

/**
 * Configuration of the write-through L1 data cache (components.md §4).
 *
 * @example
 * const spec: L1CacheSpec = defaultL1CacheSpec('L2Cache.Top');
 * spec.totalBytes / (spec.ways * spec.lineSize) === 32; // sets
 */
export interface L1CacheSpec {
  /** Capacity in bytes. Default 4096. */
  readonly totalBytes: number;
  /** Line size in bytes. Default 64. */
  readonly lineSize: number;
  /** Associativity. Default 2 (so 32 sets). */
  readonly ways: number;
  /** Width of every stage (intake, directory, bank, bottom parser, respond). Default 4. */
  readonly numReqPerCycle: number;
  /** Bank pipeline stages. Default 20. */
  readonly bankLatency: number;
  /** Directory pipeline stages. Default 2. */
  readonly dirLatency: number;
  /** Live transactions at most. Default 16. */
  readonly maxTransactions: number;
  /** MSHR capacity. Default 4. */
  readonly mshrEntries: number;
  /** Directory input buffer and directory post-pipeline buffer capacity. Default 4. */
  readonly dirBufferCap: number;
  /** Bank input buffer and bank post-pipeline buffer capacity. Default 4. */
  readonly bankBufferCap: number;
  /** Full name of the lower level's Top port (every fetch and write goes there). */
  readonly lowerPort: string;
  /** Directory set index: the L2's fmix64 hash (default) or a plain modulo (tests). */
  readonly indexing: SetIndexing;
  /** Fault injections (oracle.md §5). */
  readonly faults?: L1CacheFaults;
}

/**
 * Fault flags of the L1 cache.
 *
 * @example
 * const f: L1CacheFaults = { earlyWriteAck: true }; // T8
 */
export interface L1CacheFaults {
  /**
   * T8: acknowledge the agent's write as soon as it has been sent to the L2,
   * before the L2 acks it. The transaction stays live internally and retires
   * silently once it is complete, so the cache itself stays consistent.
   */
  readonly earlyWriteAck?: boolean;
}

/**
 * The spec's defaults (components.md §4, README §4).
 *
 * @example
 * const spec = defaultL1CacheSpec('L2Cache.Top');
 */
export function defaultL1CacheSpec(lowerPort: string): L1CacheSpec {
  return {
    totalBytes: 4096,
    lineSize: 64,
    ways: 2,
    numReqPerCycle: 4,
    bankLatency: 20,
    dirLatency: 2,
    maxTransactions: 16,
    mshrEntries: 4,
    dirBufferCap: 4,
    bankBufferCap: 4,
    lowerPort,
    indexing: 'fmix64',
  };
}

/** What the bank does with a transaction. @example const a: L1BankAction = 'readHit'; */
export type L1BankAction = 'none' | 'readHit' | 'write' | 'writeFetched';

/**
 * One L1 transaction (a slot of the slot array). Objects held by a state are
 * never mutated; the step clones a slot before changing it.
 *
 * @example
 * const live = state.txns.filter((t) => !t.removed).length;
 */
export interface L1Txn {
  /** The request from Top. */
  req: ReadReq | WriteReq;
  isRead: boolean;
  address: number;
  size: number;
  pid: number;
  /** Write data (writes); the answer slice (reads, once known). */
  data: Uint8Array | null;
  /** Write mask, all ones when the request had none. */
  mask: Uint8Array | null;
  /** Id of the line fetch sent below, or -1. */
  readToBottomId: number;
  /** Id of the write sent below, or -1. */
  writeToBottomId: number;
  bottomWriteDone: boolean;
  bankDone: boolean;
  fetchAndWrite: boolean;
  waitForMSHRFill: boolean;
  /** Slot of the fetcher whose fill this write waits on. */
  fetcherSlot: number;
  mshrFillDone: boolean;
  done: boolean;
  removed: boolean;
  /** T8 fault only: the write was already acknowledged upward. */
  acked: boolean;
  bankAction: L1BankAction;
  setId: number;
  wayId: number;
  /** The merged fetched line (fetcher only, for the fill finalize). */
  fill: Uint8Array | null;
}

/**
 * One MSHR entry: the line being fetched and the slots waiting on it.
 *
 * @example
 * const fetcher = state.txns[entry.txns[0]];
 */
export interface L1MshrEntry {
  readonly pid: number;
  readonly line: number;
  /** Waiting slots in arrival order; the first is the fetcher. */
  readonly txns: readonly number[];
  /** Id of the fetch sent below. */
  readonly fetchId: number;
  readonly setId: number;
  readonly wayId: number;
}

/**
 * Plain counters for statistics output.
 *
 * @example
 * state.stats.readHits / state.stats.reads;
 */
export interface L1CacheStats {
  reads: number;
  writes: number;
  readHits: number;
  readMisses: number;
  writeHits: number;
  writeMisses: number;
  mshrHits: number;
  fetches: number;
  writesToBottom: number;
  earlyWriteAcks: number;
  controlCommands: number;
}

/**
 * The L1 state. Arrays and objects are never mutated after a step returns.
 *
 * @example
 * const s: L1CacheState = l1CacheModel.init(defaultL1CacheSpec('L2Cache.Top'), { name: 'L1Cache[0]', index: 4 });
 */
export interface L1CacheState {
  readonly spec: L1CacheSpec;
  readonly numSets: number;
  readonly isPaused: boolean;
  readonly isDraining: boolean;
  readonly pendingDrain: ControlReq | null;
  readonly txns: readonly Readonly<L1Txn>[];
  readonly directory: Directory;
  readonly mshr: readonly L1MshrEntry[];
  readonly dirBuf: readonly number[];
  readonly dirPipe: TimedPipeline<number> | null;
  readonly dirPost: readonly number[];
  readonly bankBuf: readonly number[];
  readonly bankPipe: TimedPipeline<number> | null;
  readonly bankPost: readonly number[];
  readonly nextId: number;
  readonly stats: Readonly<L1CacheStats>;
}

/** Zeroed counters. @example const s = emptyL1Stats(); */
export function emptyL1Stats(): L1CacheStats {
  return {
    reads: 0,
    writes: 0,
    readHits: 0,
    readMisses: 0,
    writeHits: 0,
    writeMisses: 0,
    mshrHits: 0,
    fetches: 0,
    writesToBottom: 0,
    earlyWriteAcks: 0,
    controlCommands: 0,
  };
}

/**
 * The just-built (or just-reset) state: empty directory, MSHR, buffers and
 * pipelines, no transactions, both flags clear.
 *
 * @example
 * const s = freshL1State(defaultL1CacheSpec('L2Cache.Top'), firstMessageId(3), emptyL1Stats());
 */
export function freshL1State(spec: L1CacheSpec, nextId: number, stats: Readonly<L1CacheStats>): L1CacheState {
  const numSets = spec.totalBytes / (spec.ways * spec.lineSize);
  if (!Number.isInteger(numSets) || numSets < 1)
    throw new Error(`L1 cache: bad geometry ${JSON.stringify(spec)}`);
  return {
    spec,
    numSets,
    isPaused: false,
    isDraining: false,
    pendingDrain: null,
    txns: [],
    directory: Directory.create(numSets, spec.ways, spec.lineSize, spec.indexing),
    mshr: [],
    dirBuf: [],
    dirPipe: spec.dirLatency > 0 ? TimedPipeline.create<number>(spec.numReqPerCycle, spec.dirLatency) : null,
    dirPost: [],
    bankBuf: [],
    bankPipe:
      spec.bankLatency > 0 ? TimedPipeline.create<number>(spec.numReqPerCycle, spec.bankLatency) : null,
    bankPost: [],
    nextId,
    stats,
  };
}

/** A shallow copy of a transaction (the step mutates only its own copies). @example const t2 = cloneTxn(t); */
export function cloneTxn(t: Readonly<L1Txn>): L1Txn {
  return {
    req: t.req,
    isRead: t.isRead,
    address: t.address,
    size: t.size,
    pid: t.pid,
    data: t.data,
    mask: t.mask,
    readToBottomId: t.readToBottomId,
    writeToBottomId: t.writeToBottomId,
    bottomWriteDone: t.bottomWriteDone,
    bankDone: t.bankDone,
    fetchAndWrite: t.fetchAndWrite,
    waitForMSHRFill: t.waitForMSHRFill,
    fetcherSlot: t.fetcherSlot,
    mshrFillDone: t.mshrFillDone,
    done: t.done,
    removed: t.removed,
    acked: t.acked,
    bankAction: t.bankAction,
    setId: t.setId,
    wayId: t.wayId,
    fill: t.fill,
  };
}

/**
 * Write-readiness (components.md §4): the write sent below is acked, the bank
 * step is done if one was needed, and the MSHR fill is done if it waited on one.
 *
 * @example
 * if (!t.done && writeTxnIsReady(t)) t.done = true;
 */
export function writeTxnIsReady(t: Readonly<L1Txn>): boolean {
  if (t.writeToBottomId >= 0 && !t.bottomWriteDone) return false;
  const needsBank = t.fetchAndWrite || t.bankAction === 'write' || t.bankAction === 'writeFetched';
  if (needsBank && !t.bankDone) return false;
  if (t.waitForMSHRFill && !t.mshrFillDone) return false;
  return true;
}

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
