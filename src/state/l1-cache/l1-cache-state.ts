import type { ControlReq, ReadReq, WriteReq } from '../contract/messages';
import type { BasicControlState } from '../control/basic-control-state';
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
 * A copy of `s` (hand-unrolled: a step's draft copies the counters it bumps).
 *
 * @example
 * const c = copyL1Stats(state.stats); c.reads++;
 */
export function copyL1Stats(s: Readonly<L1CacheStats>): L1CacheStats {
  return {
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

/**
 * The L1 state. Arrays and objects are never mutated after a step returns.
 *
 * @example
 * const s: L1CacheState = l1CacheModel.init(defaultL1CacheSpec('L2Cache.Top'), { name: 'L1Cache[0]', index: 4 });
 */
export interface L1CacheState {
  readonly spec: L1CacheSpec;
  readonly numSets: number;
  /** The control words every component uses (`draining` ends in `paused`). */
  readonly control: BasicControlState;
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
    control: 'enabled',
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
