import type { ControlReq, TranslationReq } from '../contract/messages';
import type { BasicControlState } from '../control/basic-control-state';
import { EMPTY_PAGE, type Page } from '../memory/page';
import { TimedPipeline } from '../structures/timed-pipeline';

/**
 * Configuration of a TLB (components.md §5), used both as the private L1 TLB
 * and as the shared L2 TLB.
 *
 * @example
 * const spec: TlbSpec = defaultL1TlbSpec('L2TLB.Top');
 */
export interface TlbSpec {
  /** Sets. L1 TLB 8, L2 TLB 64. */
  readonly numSets: number;
  /** Ways per set. L1 TLB 8, L2 TLB 64. */
  readonly numWays: number;
  /** Requests per cycle in every stage, and the pipeline width. L1 TLB 2, L2 TLB 4. */
  readonly numReqPerCycle: number;
  /** Pipeline stages (each request also dwells one extra cycle at stage 0). Default 4. */
  readonly latency: number;
  /** MSHR capacity. Default 4. */
  readonly mshrSize: number;
  /** log2 of the page size. Default 12. */
  readonly log2PageSize: number;
  /** Full name of the next level's Top port (`L2TLB.Top` or `IoMMU.Top`). */
  readonly lowerPort: string;
}

/**
 * The L1 TLB's defaults: 8 sets × 8 ways, 2 per cycle, latency 4, MSHR 4.
 *
 * @example
 * defaultL1TlbSpec('L2TLB.Top').numSets === 8;
 */
export function defaultL1TlbSpec(lowerPort: string): TlbSpec {
  return { numSets: 8, numWays: 8, numReqPerCycle: 2, latency: 4, mshrSize: 4, log2PageSize: 12, lowerPort };
}

/**
 * The L2 TLB's defaults: 64 sets × 64 ways, 4 per cycle, latency 4, MSHR 4.
 *
 * @example
 * defaultL2TlbSpec('IoMMU.Top').numWays === 64;
 */
export function defaultL2TlbSpec(lowerPort: string): TlbSpec {
  return {
    numSets: 64,
    numWays: 64,
    numReqPerCycle: 4,
    latency: 4,
    mshrSize: 4,
    log2PageSize: 12,
    lowerPort,
  };
}

/**
 * One set: a page copy per way, the recency order (least recently used
 * first) and, per way, the lookup key: the page's `vAddr` when it is valid,
 * -1 otherwise (so a lookup scans numbers instead of page records).
 *
 * @example
 * const lruWay = set.lru[0];
 */
export interface TlbSet {
  readonly pages: readonly Page[];
  readonly lru: readonly number[];
  readonly keys: readonly number[];
}

/**
 * The lookup key of a way holding `page`: its `vAddr` when valid, else -1.
 *
 * @example
 * tlbKey(EMPTY_PAGE) === -1;
 */
export function tlbKey(page: Page): number {
  return page.valid ? page.vAddr : -1;
}

/** An outstanding miss: the requests waiting for `(pid, vAddr)` and the id of the request sent below. @example state.mshr.map((e) => e.vAddr) */
export interface TlbMshrEntry {
  readonly pid: number;
  readonly vAddr: number;
  readonly requests: readonly TranslationReq[];
  readonly reqToBottomId: number;
}

/** The entry being answered after its fill: one TranslationRsp per waiting request. @example state.responding?.requests.length */
export interface TlbResponding {
  readonly page: Page;
  readonly requests: readonly TranslationReq[];
}

/** The TLB's control state: the shared words (control-protocol.md §5.1). @example const c: TlbControl = 'draining'; */
export type TlbControl = BasicControlState;

/**
 * Plain counters for statistics output.
 *
 * @example
 * state.stats.hits / state.stats.translations;
 */
export interface TlbStats {
  translations: number;
  hits: number;
  misses: number;
  mshrHits: number;
  fills: number;
  controlCommands: number;
}

/**
 * A copy of `s` (hand-unrolled: a step's draft copies the counters it bumps).
 *
 * @example
 * const c = copyTlbStats(state.stats); c.hits++;
 */
export function copyTlbStats(s: Readonly<TlbStats>): TlbStats {
  return {
    translations: s.translations,
    hits: s.hits,
    misses: s.misses,
    mshrHits: s.mshrHits,
    fills: s.fills,
    controlCommands: s.controlCommands,
  };
}

/**
 * The TLB state; never mutated after a step returns.
 *
 * @example
 * const s: TlbState = tlbModel.init(defaultL1TlbSpec('L2TLB.Top'), { name: 'L1TLB[0]', index: 5 });
 */
export interface TlbState {
  readonly spec: TlbSpec;
  readonly control: TlbControl;
  /** The Drain being processed (its ack goes out once `control` is `pause`). */
  readonly pendingDrain: ControlReq | null;
  readonly sets: readonly TlbSet[];
  readonly mshr: readonly TlbMshrEntry[];
  readonly responding: TlbResponding | null;
  readonly pipeline: TimedPipeline<TranslationReq>;
  readonly pipeBuf: readonly TranslationReq[];
  readonly nextId: number;
  readonly stats: Readonly<TlbStats>;
}

/** Extra cycles a request dwells at stage 0 on insertion (the reference's `AcceptWithDelay(…, 1)`). @example pipeline.accept(req, TLB_INSERT_DWELL) */
export const TLB_INSERT_DWELL = 1;

/**
 * Every set empty: each way holds an invalid page, recency order `0 … ways-1`.
 *
 * @example
 * emptyTlbSets(1, 32)[0].lru.length === 32;
 */
export function emptyTlbSets(numSets: number, numWays: number): TlbSet[] {
  const pages: Page[] = new Array(numWays).fill(EMPTY_PAGE);
  const keys: number[] = new Array(numWays).fill(tlbKey(EMPTY_PAGE));
  const lru: number[] = [];
  for (let w = 0; w < numWays; w++) lru.push(w);
  // Sets are immutable, so every fresh set can share the same arrays.
  const set: TlbSet = { pages, lru, keys };
  return new Array(numSets).fill(set);
}

/** Zeroed counters. @example emptyTlbStats().hits === 0 */
export function emptyTlbStats(): TlbStats {
  return { translations: 0, hits: 0, misses: 0, mshrHits: 0, fills: 0, controlCommands: 0 };
}

/**
 * The just-built (or just-reset) TLB state.
 *
 * @example
 * const s = freshTlbState(defaultL1TlbSpec('L2TLB.Top'), 1, emptyTlbStats());
 */
export function freshTlbState(spec: TlbSpec, nextId: number, stats: Readonly<TlbStats>): TlbState {
  return {
    spec,
    control: 'enabled',
    pendingDrain: null,
    sets: emptyTlbSets(spec.numSets, spec.numWays),
    mshr: [],
    responding: null,
    pipeline: TimedPipeline.create<TranslationReq>(spec.numReqPerCycle, spec.latency),
    pipeBuf: [],
    nextId,
    stats,
  };
}

/**
 * The set a virtual address maps to: `(vAddr div pageSize) mod numSets`
 * (a plain modulo, not the cache hash).
 *
 * @example
 * tlbSetIndex(defaultL1TlbSpec('x'), 0x9000) === 1;
 */
export function tlbSetIndex(spec: TlbSpec, vAddr: number): number {
  const log2 = spec.log2PageSize;
  // An integer address below 2^32: a shift and an integer modulo (no floating-point fmod).
  if (vAddr >>> 0 === vAddr && log2 >>> 0 === log2 && log2 < 32) return (vAddr >>> log2) % spec.numSets;
  return Math.floor(vAddr / 2 ** log2) % spec.numSets;
}

/**
 * The way holding a *valid* page for `(pid, vAddr)`, or -1.
 *
 * Lookups scan the set's ways instead of keeping the reference's per-set key
 * map. That drops the [Latent] key-map quirk (a refill after an invalidation
 * could make the valid entry unreachable and cost one extra miss); the spec
 * calls the quirk harmless, and without a key map it cannot arise.
 *
 * @example
 * const way = tlbFindWay(set, 1, 0x1000);
 */
export function tlbFindWay(set: TlbSet, pid: number, vAddr: number): number {
  const keys = set.keys;
  for (let w = 0; w < keys.length; w++) {
    // A key equal to a (non-negative) vAddr means the way holds a valid page.
    if (keys[w] === vAddr && set.pages[w].pid === pid) return w;
  }
  return -1;
}

/**
 * Moves `way` to the most recently used end.
 *
 * @example
 * set = tlbVisit(set, 3);
 */
export function tlbVisit(set: TlbSet, way: number): TlbSet {
  const lru = set.lru;
  const last = lru.length - 1;
  if (lru[last] === way) return set;
  // An exact-size copy with `way` moved to the end (no growing array).
  const next = lru.slice();
  let i = 0;
  while (i < last && next[i] !== way) i++;
  for (; i < last; i++) next[i] = lru[i + 1];
  next[last] = way;
  return { pages: set.pages, lru: next, keys: set.keys };
}

/**
 * Installs `page` in the set's least recently used way (the front of the
 * recency list; invalid ways get no preference) and makes it most recent.
 *
 * @example
 * set = tlbInstall(set, page);
 */
export function tlbInstall(set: TlbSet, page: Page): TlbSet {
  const way = set.lru[0];
  const pages = set.pages.slice();
  pages[way] = page;
  const keys = set.keys.slice();
  keys[way] = tlbKey(page);
  // An exact-size copy with the front moved to the end (no growing array).
  const lru = set.lru.slice();
  const last = lru.length - 1;
  for (let i = 0; i < last; i++) lru[i] = lru[i + 1];
  lru[last] = way;
  return { pages, lru, keys };
}

/**
 * Replays `ticks` slept-through ticks of the TLB pipeline whose lookup stage
 * did nothing in them (its output buffer was empty, or its head stalled on
 * something only a message or a drain can change): each tick moves the items
 * at the last stage into the buffer while it has room (`width - buffered`
 * minus what already left), exactly as ticking the pipeline once per tick
 * would. Appends the items that left to `out`, in order, and returns the
 * pipeline; the input pipeline is not changed.
 *
 * @example
 * const out: TranslationReq[] = [];
 * const p = replayTlbPipeline(s.pipeline, s.pipeBuf.length, skipped, s.spec.numReqPerCycle, out);
 */
export function replayTlbPipeline(
  pipeline: TimedPipeline<TranslationReq>,
  buffered: number,
  ticks: number,
  width: number,
  out: TranslationReq[],
): TimedPipeline<TranslationReq> {
  let p = pipeline;
  let left = ticks;
  const room0 = width - buffered + out.length;
  while (left > 0 && p.count > 0) {
    const room = room0 - out.length;
    if (room <= 0) return p.skip(left, 0);
    const t = p.ticksToExit();
    if (t > left) return p.skip(left, room);
    if (t > 1) p = p.skip(t - 1, room);
    const r = p.tick(room);
    p = r[0];
    const leaving = r[1];
    for (let i = 0; i < leaving.length; i++) out.push(leaving[i]);
    left -= t;
  }
  return p;
}
