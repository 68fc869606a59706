import { type ComponentModel, firstMessageId } from '../contract/component';
import { type ControlReq, isMemReq, type MemReq } from '../contract/messages';
import { SimPanic } from '../contract/sim-panic';
import { StepIo } from '../contract/step-io';
import type { BasicControlState } from '../control/basic-control-state';
import { handleUniversalControl, type UniversalControlHost } from '../control/universal-control';
import {
  type ChunkList,
  chunkListGet,
  chunkListIndexOfKey,
  chunkListPush,
  chunkListRemoveAt,
  chunkListToArray,
  emptyChunkList,
} from '../structures/chunk-list';
import {
  type AtFence,
  atPageControl,
  atPageDrainAck,
  fenceHolds,
  headIsPageVerb,
  pageQuiet,
} from './at-page-control';

/**
 * Configuration of an address translator (components.md §3).
 *
 * @example
 * const spec = defaultAddressTranslatorSpec('L1Cache[0].Top', 'L1TLB[0].Top');
 */
export interface AddressTranslatorSpec {
  /** Attempts per stage per tick. Default 4. */
  readonly numReqPerCycle: number;
  /** log2 of the page size. Default 12 (4 KiB). */
  readonly log2PageSize: number;
  /** Put into translation requests (unused downstream). Default 1. */
  readonly deviceID: number;
  /** Full port name physical requests go to (`L1Cache[i].Top`). */
  readonly memoryProvider: string;
  /** Full port name translation requests go to (`L1TLB[i].Top`). */
  readonly translationProvider: string;
}

/**
 * The spec's defaults with the two providers' full port names.
 *
 * @example
 * defaultAddressTranslatorSpec('L1Cache[0].Top', 'L1TLB[0].Top').log2PageSize === 12;
 */
export function defaultAddressTranslatorSpec(
  memoryProvider: string,
  translationProvider: string,
): AddressTranslatorSpec {
  return { numReqPerCycle: 4, log2PageSize: 12, deviceID: 1, memoryProvider, translationProvider };
}

/**
 * A request waiting for its translation.
 *
 * @example
 * const t: AtTransaction = { req, translationId: 42 };
 */
export interface AtTransaction {
  readonly req: MemReq;
  readonly translationId: number;
}

/**
 * A translated request sent to the L1: its id and the original request's id,
 * source and type.
 *
 * @example
 * const f: AtInflight = { id: 43, origId: 7, origSrc: 'ROB[0].Bottom', isRead: true, address: 0x100040, vAddr: 0x40, pid: 1 };
 */
export interface AtInflight {
  readonly id: number;
  readonly origId: number;
  readonly origSrc: string;
  readonly isRead: boolean;
  /** The physical address (for liveness dumps). */
  readonly address: number;
  /** The virtual address and PID of the original request (for DrainPage). */
  readonly vAddr: number;
  readonly pid: number;
}

/**
 * Plain counters of an address translator.
 *
 * @example
 * state.stats.translations; // translation requests sent
 */
export interface AddressTranslatorStats {
  readonly translations: number;
  /** Physical requests sent to the memory provider. */
  readonly forwarded: number;
  /** Responses returned upward. */
  readonly responses: number;
  /** Unmatched bottom responses or translation responses dropped. */
  readonly dropped: number;
  readonly controlCommands: number;
}

/**
 * State of an address translator.
 *
 * @example
 * atModel.init(spec, { name: 'AT[0]', index: 4 }).inflight.length === 0;
 */
export interface AddressTranslatorState {
  readonly spec: AddressTranslatorSpec;
  readonly control: BasicControlState;
  readonly pendingDrain: ControlReq | null;
  /** Requests waiting for their translation, in arrival order. */
  readonly transactions: ChunkList<AtTransaction>;
  /** Translated requests sent to the L1, in send order. */
  readonly inflight: ChunkList<AtInflight>;
  readonly nextId: number;
  readonly stats: AddressTranslatorStats;
  /** The page fence (FencePage), or null. */
  readonly fence: AtFence | null;
  /** Requests to the fenced page waiting at the AT, in arrival order. */
  readonly held: ChunkList<MemReq>;
  /** The DrainPage being waited on, or null. */
  readonly pageDrain: ControlReq | null;
}

function make(
  s: AddressTranslatorState,
  control: BasicControlState,
  pendingDrain: ControlReq | null,
  transactions: ChunkList<AtTransaction>,
  inflight: ChunkList<AtInflight>,
  nextId: number,
  stats: AddressTranslatorStats,
): AddressTranslatorState {
  return {
    spec: s.spec,
    control,
    pendingDrain,
    transactions,
    inflight,
    nextId,
    stats,
    fence: s.fence,
    held: s.held,
    pageDrain: s.pageDrain,
  };
}

function countControl(st: AddressTranslatorStats): AddressTranslatorStats {
  return {
    translations: st.translations,
    forwarded: st.forwarded,
    responses: st.responses,
    dropped: st.dropped,
    controlCommands: st.controlCommands + 1,
  };
}

/** Control: the universal verbs (see {@link handleUniversalControl}). */
const AT_CONTROL: UniversalControlHost<AddressTranslatorState> = {
  drained: (s) => s.transactions.length === 0 && s.inflight.length === 0,
  withControl: (s, control, pendingDrain, nextId, counted) =>
    make(
      s,
      control,
      pendingDrain,
      s.transactions,
      s.inflight,
      nextId,
      counted ? countControl(s.stats) : s.stats,
    ),
  reset: (s) => ({
    ...make(s, s.control, s.pendingDrain, emptyChunkList(), emptyChunkList(), s.nextId, s.stats),
    fence: null,
    held: emptyChunkList(),
    pageDrain: null,
  }),
  resetPorts: ['Top', 'Bottom', 'Translation'],
  continueAfterDrainAck: true,
};

function physicalRequest(req: MemReq, id: number, src: string, dst: string, address: number): MemReq {
  if (req.kind === 'ReadReq')
    return { kind: 'ReadReq', id, src, dst, rspTo: 0, address, size: req.size, pid: 0 };
  return {
    kind: 'WriteReq',
    id,
    src,
    dst,
    rspTo: 0,
    address,
    data: req.data,
    dirtyMask: req.dirtyMask,
    pid: 0,
  };
}

/**
 * `address mod pageSize`; `mask` is `pageSize - 1` for a page size of at most
 * 2^30 (else -1): an integer address below 2^32 then needs no floating-point
 * modulo.
 */
function pageOffset(address: number, pageSize: number, mask: number): number {
  return mask >= 0 && address >>> 0 === address ? address & mask : address % pageSize;
}

const inflightId = (x: AtInflight): number => x.id;
const translationIdOf = (x: AtTransaction): number => x.translationId;

function runDataPath(s: AddressTranslatorState, io: StepIo): AddressTranslatorState {
  const spec = s.spec;
  const width = spec.numReqPerCycle;
  const log2 = spec.log2PageSize;
  const pageSize = log2 >>> 0 === log2 && log2 <= 30 ? 1 << log2 : 2 ** log2;
  const mask = log2 >>> 0 === log2 && log2 <= 30 ? pageSize - 1 : -1;
  let transactions = s.transactions;
  let inflight = s.inflight;
  let nextId = s.nextId;
  let translations = 0;
  let forwarded = 0;
  let responses = 0;
  let dropped = 0;

  // 1. Translate (Enabled only): one translation request per request, no coalescing.
  // Requests to a fenced page are held instead; once unfenced, held ones go first.
  let held = s.held;
  if (s.control === 'enabled') {
    const fence = s.fence;
    for (let k = 0; k < width; k++) {
      let m: MemReq;
      const fromHeld = fence === null && held.length > 0;
      if (fromHeld) m = chunkListGet(held, 0)!;
      else {
        const t = io.peek('Top');
        if (t === undefined) break;
        if (!isMemReq(t)) throw new SimPanic(`${io.fullName('Top')}: cannot handle ${t.kind}`);
        if (fence !== null && fenceHolds(fence, t.address, t.pid)) {
          held = chunkListPush(held, t);
          io.pop('Top');
          continue;
        }
        m = t;
      }
      if (!io.canSend('Translation')) break;
      const id = nextId++;
      io.send('Translation', {
        kind: 'TranslationReq',
        id,
        src: io.fullName('Translation'),
        dst: spec.translationProvider,
        rspTo: 0,
        vAddr: m.address - pageOffset(m.address, pageSize, mask),
        pid: m.pid,
        deviceID: spec.deviceID,
      });
      transactions = chunkListPush(transactions, { req: m, translationId: id });
      if (fromHeld) held = chunkListRemoveAt(held, 0);
      else io.pop('Top');
      translations++;
    }
  }

  // 2a. Respond: forward matched memory responses upward.
  for (let k = 0; k < width; k++) {
    const m = io.peek('Bottom');
    if (m === undefined) break;
    if (m.kind !== 'DataReadyRsp' && m.kind !== 'WriteDoneRsp') {
      throw new SimPanic(`${io.fullName('Bottom')}: cannot handle ${m.kind}`);
    }
    const idx = chunkListIndexOfKey(inflight, m.rspTo, inflightId);
    if (idx < 0) {
      io.pop('Bottom');
      dropped++;
      continue;
    }
    if (!io.canSend('Top')) break;
    const f = chunkListGet(inflight, idx)!;
    const src = io.fullName('Top');
    if (m.kind === 'DataReadyRsp') {
      io.send('Top', {
        kind: 'DataReadyRsp',
        id: nextId++,
        src,
        dst: f.origSrc,
        rspTo: f.origId,
        data: m.data,
      });
    } else {
      io.send('Top', { kind: 'WriteDoneRsp', id: nextId++, src, dst: f.origSrc, rspTo: f.origId });
    }
    inflight = chunkListRemoveAt(inflight, idx);
    io.pop('Bottom');
    responses++;
  }

  // 2b. Translate-back: build the physical request (PID 0) and send it down.
  for (let k = 0; k < width; k++) {
    const m = io.peek('Translation');
    if (m === undefined) break;
    if (m.kind !== 'TranslationRsp')
      throw new SimPanic(`${io.fullName('Translation')}: cannot handle ${m.kind}`);
    const idx = chunkListIndexOfKey(transactions, m.rspTo, translationIdOf);
    if (idx < 0) {
      io.pop('Translation');
      dropped++;
      continue;
    }
    if (!io.canSend('Bottom')) break;
    const req = chunkListGet(transactions, idx)!.req;
    const id = nextId++;
    const address = m.page.pAddr + pageOffset(req.address, pageSize, mask);
    io.send('Bottom', physicalRequest(req, id, io.fullName('Bottom'), spec.memoryProvider, address));
    inflight = chunkListPush(inflight, {
      id,
      origId: req.id,
      origSrc: req.src,
      isRead: req.kind === 'ReadReq',
      address,
      vAddr: req.address,
      pid: req.pid,
    });
    transactions = chunkListRemoveAt(transactions, idx);
    io.pop('Translation');
    forwarded++;
  }

  if (nextId === s.nextId && dropped === 0 && held === s.held) return s;
  const st = s.stats;
  const withHeld = held === s.held ? s : { ...s, held };
  return make(withHeld, s.control, s.pendingDrain, transactions, inflight, nextId, {
    translations: st.translations + translations,
    forwarded: st.forwarded + forwarded,
    responses: st.responses + responses,
    dropped: st.dropped + dropped,
    controlCommands: st.controlCommands,
  });
}

/**
 * True when the AT's next tick, given the state and ports this step leaves,
 * would do nothing unless a message arrives in an empty buffer or a full
 * outgoing buffer drains (see {@link StepIo.idleNext}); conservative.
 */
function idleNext(s: AddressTranslatorState, io: StepIo): boolean {
  // a DrainPage whose page went quiet is acked next tick
  if (s.pageDrain !== null && pageQuiet(s, s.pageDrain)) return false;
  // held requests go on once the fence is lifted
  if (s.fence === null && s.held.length > 0 && s.control === 'enabled') return false;
  if (s.control === 'draining') {
    // a Drain not yet drained (or without room to answer) ignores Control
    if (AT_CONTROL.drained(s) && io.canSend('Control')) return false;
  } else {
    if (io.incomingLength('Control') > 0) return false;
    if (s.control === 'paused') return true;
  }
  // Respond and Translate-back wait only on a matched head whose way out is full
  const b = io.peek('Bottom');
  if (b !== undefined) {
    if (b.kind !== 'DataReadyRsp' && b.kind !== 'WriteDoneRsp') return false;
    if (io.canSend('Top') || chunkListIndexOfKey(s.inflight, b.rspTo, inflightId) < 0) return false;
  }
  const r = io.peek('Translation');
  if (r !== undefined) {
    if (r.kind !== 'TranslationRsp') return false;
    if (io.canSend('Bottom') || chunkListIndexOfKey(s.transactions, r.rspTo, translationIdOf) < 0)
      return false;
  }
  if (s.control !== 'enabled') return true;
  const m = io.peek('Top');
  if (m !== undefined && isMemReq(m) && s.fence !== null && fenceHolds(s.fence, m.address, m.pid))
    return false;
  return m === undefined || (isMemReq(m) && !io.canSend('Translation'));
}

/**
 * The address translator (`AT[i]`, components.md §3): asks the L1 TLB for
 * every request's page (no coalescing), sends the physical request (PID 0,
 * `pAddr + vaddr mod pageSize`) to the L1 and forwards the L1's responses
 * back up. It can reorder; the ROB above restores order. Per tick: control,
 * Translate ×4 (Enabled only), then Respond ×4 and Translate-back ×4 unless
 * Paused. Control: Universal verbs, plus FencePage, UnfencePage and
 * DrainPage (at-page-control.ts): requests to a fenced page wait at the AT
 * while others flow.
 *
 * @example
 * sim.addComponent(addressTranslatorModel, defaultAddressTranslatorSpec('L1Cache[0].Top', 'L1TLB[0].Top'), 'AT[0]');
 */
export const addressTranslatorModel: ComponentModel<AddressTranslatorSpec, AddressTranslatorState> = {
  kind: 'address-translator',
  quietIdle: true,
  ports: () => ['Top', 'Bottom', 'Translation', 'Control'],
  init: (spec, id) => ({
    spec,
    control: 'enabled',
    pendingDrain: null,
    transactions: emptyChunkList(),
    inflight: emptyChunkList(),
    nextId: firstMessageId(id.index),
    stats: { translations: 0, forwarded: 0, responses: 0, dropped: 0, controlCommands: 0 },
    fence: null,
    held: emptyChunkList(),
    pageDrain: null,
  }),
  step(state, event, now) {
    const io = new StepIo(event, now);
    let s = atPageDrainAck(state, io);
    if (s.pageDrain === null) {
      s =
        s.control !== 'draining' && headIsPageVerb(io)
          ? atPageControl(s, io, (x) => ({ ...x, stats: countControl(x.stats) }))
          : handleUniversalControl(AT_CONTROL, s, io);
    }
    if (s.control !== 'paused') s = runDataPath(s, io);
    if (io.madeProgress && idleNext(s, io)) io.idleNext();
    return io.result(s);
  },
  controlState: (s) => s.control,
  isQuiescent: (s) => s.transactions.length === 0 && s.inflight.length === 0 && s.held.length === 0,
  describeOutstanding: (s) => [
    ...(s.fence === null ? [] : [`page fence 0x${s.fence.start.toString(16)}`]),
    ...(s.pageDrain === null ? [] : ['awaiting a DrainPage']),
    ...chunkListToArray(s.held).map(
      (r) => `${r.kind} 0x${r.address.toString(16)} from ${r.src} held by the page fence`,
    ),
    ...chunkListToArray(s.transactions).map(
      (t) =>
        `${t.req.kind} 0x${t.req.address.toString(16)} from ${t.req.src} waiting for translation ${t.translationId}`,
    ),
    ...chunkListToArray(s.inflight).map(
      (f) =>
        `${f.isRead ? 'read' : 'write'} ${f.origId} from ${f.origSrc} at PA 0x${f.address.toString(16)} in flight as ${f.id}`,
    ),
  ],
};
