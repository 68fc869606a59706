import { type ComponentIdentity, firstMessageId } from '../contract/component';
import type { ControlReq, ReadReq, WriteReq } from '../contract/messages';
import type { BasicControlState } from '../control/basic-control-state';
import { Directory, type SetIndexing } from '../structures/cache-directory';
import { TimedPipeline } from '../structures/timed-pipeline';

/**
 * Deliberately broken variants of the L2, used only by tests to prove that
 * the fuzz test has teeth. Never set in a real simulation.
 *
 * @example
 * const faults: L2CacheFaults = { flushSkipsOneLine: true };
 */
export interface L2CacheFaults {
  /** Flush leaves the first collected dirty block unwritten but still marks it clean. */
  readonly flushSkipsOneLine?: boolean;
  /** Enable throws away the requests waiting in the `Top` buffer. */
  readonly enableDropsFrozen?: boolean;
}

/**
 * Configuration of the shared L2 write-back cache (components.md §7).
 *
 * @example
 * const spec = defaultL2CacheSpec(['MemCtrl[0].Top', 'MemCtrl[1].Top'], 0x200000);
 * spec.totalBytes === 524288;
 */
export interface L2CacheSpec {
  /** Capacity in bytes. Default 524288 (512 KiB). */
  readonly totalBytes: number;
  /** Line size in bytes. Default 64. */
  readonly lineSize: number;
  /** Associativity. Default 4. */
  readonly ways: number;
  /** Requests per cycle; also the bank pipeline's lane width. Default 2. */
  readonly numReqPerCycle: number;
  /** Bank pipeline stages. Default 10. */
  readonly bankLatency: number;
  /** MSHR capacity. Default 16. */
  readonly mshrEntries: number;
  /** Maximum pending + in-flight evictions. Default 1024. */
  readonly writeBufferCapacity: number;
  /** Maximum fetches in flight below. Default 128. */
  readonly maxInflightFetch: number;
  /** Maximum write-backs in flight below. Default 128. */
  readonly maxInflightEviction: number;
  /** Capacity of every internal buffer (dir input, dir post, dir→bank, wb→bank, MSHR input, wb input, bank post). Default 2. */
  readonly internalBufferSize: number;
  /** Full names of the memory controllers' `Top` ports. */
  readonly lowerPorts: readonly string[];
  /** Interleaving size: address `a` goes to `lowerPorts[floor(a / interleave) % lowerPorts.length]`. */
  readonly interleave: number;
  /** Set index function. Default (and the reference's) `'fmix64'`; `'modulo'` only for small test rigs. */
  readonly indexing?: SetIndexing;
  /** Test-only broken variants. */
  readonly faults?: L2CacheFaults;
}

/**
 * The spec's defaults (components.md §7): 512 KiB, 64-B lines, 4 ways
 * (2048 sets), 2 requests per cycle, bank latency 10, MSHR 16, write buffer
 * 1024, 128 fetches and 128 evictions in flight, internal buffers of 2,
 * fmix64 set index.
 *
 * @example
 * defaultL2CacheSpec(['MemCtrl[0].Top', 'MemCtrl[1].Top'], deviceStride);
 */
export function defaultL2CacheSpec(lowerPorts: string[], interleave: number): L2CacheSpec {
  return {
    totalBytes: 524288,
    lineSize: 64,
    ways: 4,
    numReqPerCycle: 2,
    bankLatency: 10,
    mshrEntries: 16,
    writeBufferCapacity: 1024,
    maxInflightFetch: 128,
    maxInflightEviction: 128,
    internalBufferSize: 2,
    lowerPorts: lowerPorts.slice(),
    interleave,
    indexing: 'fmix64',
  };
}

/**
 * The L2's lifecycle (control-protocol.md §5.1): the shared control words
 * plus its two flush sub-modes.
 *
 * @example
 * const m: L2Mode = 'pre-flushing';
 */
export type L2Mode = BasicControlState | 'pre-flushing' | 'flushing';

/**
 * What a transaction does next (the reference's `action`): bank actions are
 * finalized by the bank stage, write-buffer actions by the write-buffer stage.
 *
 * @example
 * const a: L2Action = 'bankEvictAndFetch';
 */
export type L2Action =
  | 'none'
  | 'bankReadHit'
  | 'bankWriteHit'
  | 'bankEvict'
  | 'bankEvictAndWrite'
  | 'bankEvictAndFetch'
  | 'bankWriteFetched'
  | 'wbFetch'
  | 'wbEvictAndFetch'
  | 'wbEvictAndWrite'
  | 'wbFlush';

/**
 * One transaction slot. Immutable in states; a step clones a slot before
 * changing it (see `L2Work.mut`). `req` is the original request (null for a
 * flush eviction). Unused numeric fields are -1 (block) or 0 (message ids).
 *
 * @example
 * t.kind === 'read' && t.action === 'bankReadHit';
 */
export interface L2Transaction {
  readonly kind: 'read' | 'write' | 'flush';
  readonly req: ReadReq | WriteReq | null;
  readonly action: L2Action;
  /** Block the transaction works on, or -1. */
  readonly setId: number;
  readonly wayId: number;
  /** The line being written back (victim tag or flushed block). */
  readonly evictAddr: number;
  readonly evictPid: number;
  readonly evictMask: Uint8Array | null;
  /** The victim's 64 bytes, read by the bank stage. */
  readonly evictData: Uint8Array | null;
  /** Line this transaction fetches, and with which PID. */
  readonly fetchAddr: number;
  readonly fetchPid: number;
  /** Id of the fetch `ReadReq` sent below, 0 if none. */
  readonly fetchReqId: number;
  /** Id of the write-back `WriteReq` sent below, 0 if none. */
  readonly evictReqId: number;
  /** The merged line of a fill, and the MSHR waiters it answers. */
  readonly mshrData: Uint8Array | null;
  readonly waiters: readonly number[];
  readonly removed: boolean;
}

/**
 * A mutable transaction, only ever a step-local clone (or a fresh one
 * before it is stored).
 *
 * @example
 * const t: MutableL2Transaction = w.mut(idx); t.removed = true;
 */
export type MutableL2Transaction = { -readonly [K in keyof L2Transaction]: L2Transaction[K] };

/**
 * One MSHR entry keyed by `(pid, address)`, with the fill block and the
 * waiting transactions in arrival order.
 *
 * @example
 * const e: L2MshrEntry = { pid: 0, address: 0x40, setId: 12, wayId: 0, waiters: [3] };
 */
export interface L2MshrEntry {
  readonly pid: number;
  readonly address: number;
  readonly setId: number;
  readonly wayId: number;
  readonly waiters: readonly number[];
}

/** A directory block reference. @example const r: L2BlockRef = { setId: 3, wayId: 1 }; */
export interface L2BlockRef {
  readonly setId: number;
  readonly wayId: number;
}

/**
 * Plain counters for statistics output.
 *
 * @example
 * state.stats.hits + state.stats.misses + state.stats.mshrHits; // accesses past the directory
 */
export interface L2Stats {
  readonly reads: number;
  readonly writes: number;
  readonly hits: number;
  readonly misses: number;
  readonly mshrHits: number;
  /** Dirty victims evicted by a miss. */
  readonly evictions: number;
  /** Write-backs sent below (evictions and flushes). */
  readonly writeBacks: number;
  readonly fetches: number;
  readonly flushedLines: number;
  readonly invalidatedLines: number;
  readonly controlCommands: number;
}

/** All-zero statistics. @example ZERO_L2_STATS.hits === 0 */
export const ZERO_L2_STATS: L2Stats = {
  reads: 0,
  writes: 0,
  hits: 0,
  misses: 0,
  mshrHits: 0,
  evictions: 0,
  writeBacks: 0,
  fetches: 0,
  flushedLines: 0,
  invalidatedLines: 0,
  controlCommands: 0,
};

/**
 * A writable copy of `s` (hand-unrolled: a step's draft copies the counters it bumps).
 *
 * @example
 * const c = copyL2Stats(state.stats); c.hits++;
 */
export function copyL2Stats(s: L2Stats): { -readonly [K in keyof L2Stats]: number } {
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

/**
 * The L2's complete state. Buffers hold transaction indices.
 *
 * @example
 * const s = l2CacheModel.init(spec, { name: 'L2Cache', index: 5 });
 * s.mode === 'enabled';
 */
export interface L2CacheState {
  readonly spec: L2CacheSpec;
  readonly mode: L2Mode;
  readonly directory: Directory;
  readonly mshr: readonly L2MshrEntry[];
  readonly transactions: readonly L2Transaction[];
  /** Lines of dirty victims whose write-back is not yet acknowledged. */
  readonly evicting: readonly number[];
  readonly dirBuf: readonly number[];
  readonly dirPost: readonly number[];
  readonly dirToBank: readonly number[];
  readonly wbToBank: readonly number[];
  readonly mshrBuf: readonly number[];
  readonly wbBuf: readonly number[];
  readonly bankPipeline: TimedPipeline<number>;
  readonly bankPost: readonly number[];
  readonly bankInflight: number;
  readonly bankDownward: number;
  readonly pendingEvictions: readonly number[];
  readonly inflightEvictions: readonly number[];
  readonly inflightFetches: readonly number[];
  /** Transaction whose MSHR waiters are being answered, or -1. */
  readonly mshrProcessing: number;
  readonly flushQueue: readonly L2BlockRef[];
  readonly flushedRefs: readonly L2BlockRef[];
  readonly flushReq: ControlReq | null;
  readonly drainReq: ControlReq | null;
  /** The FlushPage under way (l2-page-flusher.ts), or null. */
  readonly pageFlushReq: ControlReq | null;
  /** Whether the FlushPage under way has dropped its lines (and queued their write-backs). */
  readonly pageFlushCollected: boolean;
  readonly nextId: number;
  readonly stats: L2Stats;
}

/** Number of sets of a spec. @example l2NumSets(defaultL2CacheSpec([], 1)) === 2048 */
export function l2NumSets(spec: L2CacheSpec): number {
  return spec.totalBytes / (spec.ways * spec.lineSize);
}

/** A fresh (or reset) bank pipeline for `spec`. @example freshBankPipeline(spec).count === 0 */
export function freshBankPipeline(spec: L2CacheSpec): TimedPipeline<number> {
  return TimedPipeline.create<number>(spec.numReqPerCycle, Math.max(1, spec.bankLatency));
}

/**
 * The just-built L2 state.
 *
 * @example
 * initL2State(defaultL2CacheSpec(['M.Top'], 1 << 30), { name: 'L2Cache', index: 4 }).mode === 'enabled';
 */
export function initL2State(spec: L2CacheSpec, id: ComponentIdentity): L2CacheState {
  return {
    spec,
    mode: 'enabled',
    directory: Directory.create(l2NumSets(spec), spec.ways, spec.lineSize, spec.indexing ?? 'fmix64'),
    mshr: [],
    transactions: [],
    evicting: [],
    dirBuf: [],
    dirPost: [],
    dirToBank: [],
    wbToBank: [],
    mshrBuf: [],
    wbBuf: [],
    bankPipeline: freshBankPipeline(spec),
    bankPost: [],
    bankInflight: 0,
    bankDownward: 0,
    pendingEvictions: [],
    inflightEvictions: [],
    inflightFetches: [],
    mshrProcessing: -1,
    flushQueue: [],
    flushedRefs: [],
    flushReq: null,
    drainReq: null,
    pageFlushReq: null,
    pageFlushCollected: false,
    nextId: firstMessageId(id.index),
    stats: ZERO_L2_STATS,
  };
}

/**
 * The L2 Drain quiescence rule (control-protocol.md §3): every transaction
 * removed, write-buffer input empty, bank in-flight and downward counts 0.
 *
 * **[Latent] fixed:** the reference does not look at write-backs still
 * pending or in flight whose transaction is already removed, so its Drain
 * ack does not guarantee memory holds every write-back. We also require no
 * pending and no in-flight eviction (in-flight fetches always belong to a
 * live transaction). This is strictly stronger, cannot hang (the pipeline
 * runs while draining and memory is never paused), and the migration never
 * drains the L2 anyway.
 *
 * @example
 * l2Quiescent(state.transactions, state.wbBuf.length, state.bankInflight, state.bankDownward,
 *   state.pendingEvictions.length, state.inflightEvictions.length);
 */
export function l2Quiescent(
  transactions: readonly L2Transaction[],
  wbBufLength: number,
  bankInflight: number,
  bankDownward: number,
  pendingEvictions: number,
  inflightEvictions: number,
): boolean {
  if (wbBufLength > 0 || bankInflight > 0 || bankDownward > 0) return false;
  if (pendingEvictions > 0 || inflightEvictions > 0) return false;
  for (const t of transactions) if (!t.removed) return false;
  return true;
}
