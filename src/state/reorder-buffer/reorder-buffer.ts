import { type ComponentModel, firstMessageId } from '../contract/component';
import { type ControlReq, isMemReq, type MemReq } from '../contract/messages';
import { SimPanic } from '../contract/sim-panic';
import { StepIo } from '../contract/step-io';
import type { BasicControlState } from '../control/basic-control-state';
import { handleUniversalControl, type UniversalControlHost } from '../control/universal-control';
import {
  type ChunkList,
  chunkListDropFirst,
  chunkListFirst,
  chunkListGet,
  chunkListPush,
  chunkListSet,
  chunkListToArray,
  emptyChunkList,
} from '../structures/chunk-list';

/**
 * Configuration of a reorder buffer (components.md §2).
 *
 * @example
 * const spec: ReorderBufferSpec = { bufferSize: 128, numReqPerCycle: 4, bottomUnit: 'AT[0].Top' };
 */
export interface ReorderBufferSpec {
  /** Maximum number of open transactions. Default 128. */
  readonly bufferSize: number;
  /** Attempts per stage per tick (release, collect, admit). Default 4. */
  readonly numReqPerCycle: number;
  /** Full port name shadow requests are sent to (the AT's `Top`). */
  readonly bottomUnit: string;
}

/**
 * The spec's defaults, forwarding to `bottomUnit` (the full name of `AT[i].Top`).
 *
 * @example
 * defaultReorderBufferSpec('AT[0].Top'); // { bufferSize: 128, numReqPerCycle: 4, bottomUnit: 'AT[0].Top' }
 */
export function defaultReorderBufferSpec(bottomUnit: string): ReorderBufferSpec {
  return { bufferSize: 128, numReqPerCycle: 4, bottomUnit };
}

/**
 * One admitted request: who asked (`topId`, `topSrc`), the shadow request's
 * id (`bottomId`) and, once it arrived, the response.
 *
 * @example
 * const t: RobTransaction = { topId: 7, topSrc: 'Agent.Mem', bottomId: 99, isRead: true, hasRsp: false, rspData: null };
 */
export interface RobTransaction {
  readonly topId: number;
  readonly topSrc: string;
  readonly bottomId: number;
  readonly isRead: boolean;
  readonly hasRsp: boolean;
  readonly rspData: Uint8Array | null;
}

/**
 * Plain counters of a reorder buffer.
 *
 * @example
 * state.stats.admitted; // requests forwarded downstream so far
 */
export interface ReorderBufferStats {
  /** Requests admitted from `Top` (shadow requests sent). */
  readonly admitted: number;
  /** Responses released to `Top`, in order. */
  readonly released: number;
  /** Bottom responses matched to a transaction. */
  readonly collected: number;
  /** Bottom messages dropped (unmatched or not a memory response). */
  readonly dropped: number;
  /** Control commands taken off `Control`. */
  readonly controlCommands: number;
}

/**
 * State of a reorder buffer: the FIFO of open transactions, the lifecycle
 * state and the pending Drain.
 *
 * @example
 * robModel.init(defaultReorderBufferSpec('AT[0].Top'), { name: 'ROB[0]', index: 3 }).transactions.length === 0;
 */
export interface ReorderBufferState {
  readonly spec: ReorderBufferSpec;
  readonly control: BasicControlState;
  readonly pendingDrain: ControlReq | null;
  /** Open transactions, oldest first. */
  readonly transactions: ChunkList<RobTransaction>;
  readonly nextId: number;
  readonly stats: ReorderBufferStats;
}

function withState(
  s: ReorderBufferState,
  control: BasicControlState,
  pendingDrain: ControlReq | null,
  transactions: ChunkList<RobTransaction>,
  nextId: number,
  stats: ReorderBufferStats,
): ReorderBufferState {
  return { spec: s.spec, control, pendingDrain, transactions, nextId, stats };
}

function countControl(st: ReorderBufferStats): ReorderBufferStats {
  return {
    admitted: st.admitted,
    released: st.released,
    collected: st.collected,
    dropped: st.dropped,
    controlCommands: st.controlCommands + 1,
  };
}

/** Control: the universal verbs (see {@link handleUniversalControl}). */
const ROB_CONTROL: UniversalControlHost<ReorderBufferState> = {
  drained: (s) => s.transactions.length === 0,
  withControl: (s, control, pendingDrain, nextId, counted) =>
    withState(s, control, pendingDrain, s.transactions, nextId, counted ? countControl(s.stats) : s.stats),
  reset: (s) => withState(s, s.control, s.pendingDrain, emptyChunkList(), s.nextId, s.stats),
  resetPorts: ['Top', 'Bottom'],
  // in the tick it acks a Drain the ROB handles no other control message (and, now Paused, runs no pipeline)
  continueAfterDrainAck: false,
};

function shadowOf(m: MemReq, id: number, src: string, dst: string): MemReq {
  if (m.kind === 'ReadReq') {
    return { kind: 'ReadReq', id, src, dst, rspTo: 0, address: m.address, size: m.size, pid: m.pid };
  }
  return {
    kind: 'WriteReq',
    id,
    src,
    dst,
    rspTo: 0,
    address: m.address,
    data: m.data,
    dirtyMask: m.dirtyMask,
    pid: m.pid,
  };
}

/**
 * Index of the transaction whose shadow request had id `bottomId`, or -1.
 * Shadow ids grow along the list (admitted in order, each with the next id),
 * so a chunk whose last id is smaller is skipped and a binary search inside
 * the chunk finds the one a linear scan would.
 */
function findByBottomId(list: ChunkList<RobTransaction>, bottomId: number): number {
  const chunks = list.chunks;
  let base = 0;
  for (let c = 0; c < chunks.length; c++) {
    const ch = chunks[c];
    if (ch[ch.length - 1].bottomId < bottomId) {
      base += ch.length;
      continue;
    }
    let lo = 0;
    let hi = ch.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const id = ch[mid].bottomId;
      if (id === bottomId) return base + mid;
      if (id < bottomId) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  return -1;
}

/** Release, Collect, Admit (components.md §2), Admit only when Enabled. */
function runPipeline(s: ReorderBufferState, io: StepIo): ReorderBufferState {
  const spec = s.spec;
  const width = spec.numReqPerCycle;
  let list = s.transactions;
  let nextId = s.nextId;
  let released = 0;
  let collected = 0;
  let dropped = 0;
  let admitted = 0;

  // 1. Release: in order, only the head.
  if (list.length > 0) {
    const first = list.chunks[0];
    for (let k = 0; k < width; k++) {
      const t = k < first.length ? first[k] : chunkListGet(list, k);
      if (t === undefined || !t.hasRsp || !io.canSend('Top')) break;
      const src = io.fullName('Top');
      if (t.isRead) {
        io.send('Top', {
          kind: 'DataReadyRsp',
          id: nextId++,
          src,
          dst: t.topSrc,
          rspTo: t.topId,
          data: t.rspData ?? new Uint8Array(0),
        });
      } else {
        io.send('Top', { kind: 'WriteDoneRsp', id: nextId++, src, dst: t.topSrc, rspTo: t.topId });
      }
      released++;
    }
    if (released > 0) list = chunkListDropFirst(list, released);
  }

  // 2. Collect: match bottom responses to transactions; drop the rest.
  for (let k = 0; k < width; k++) {
    const m = io.pop('Bottom');
    if (m === undefined) break;
    let idx = -1;
    if (m.kind === 'DataReadyRsp' || m.kind === 'WriteDoneRsp') idx = findByBottomId(list, m.rspTo);
    if (idx < 0) {
      dropped++;
      continue;
    }
    const t = chunkListGet(list, idx)!;
    list = chunkListSet(list, idx, {
      topId: t.topId,
      topSrc: t.topSrc,
      bottomId: t.bottomId,
      isRead: t.isRead,
      hasRsp: true,
      rspData: m.kind === 'DataReadyRsp' ? m.data : null,
    });
    collected++;
  }

  // 3. Admit (Enabled only).
  if (s.control === 'enabled') {
    for (let k = 0; k < width; k++) {
      const m = io.peek('Top');
      if (m === undefined) break;
      if (!isMemReq(m)) throw new SimPanic(`${io.fullName('Top')}: cannot handle ${m.kind}`);
      if (list.length >= spec.bufferSize) break;
      if (!io.canSend('Bottom')) break;
      const id = nextId++;
      io.send('Bottom', shadowOf(m, id, io.fullName('Bottom'), spec.bottomUnit));
      list = chunkListPush(list, {
        topId: m.id,
        topSrc: m.src,
        bottomId: id,
        isRead: m.kind === 'ReadReq',
        hasRsp: false,
        rspData: null,
      });
      io.pop('Top');
      admitted++;
    }
  }

  if (list === s.transactions && nextId === s.nextId && dropped === 0) return s;
  const st = s.stats;
  const stats: ReorderBufferStats = {
    admitted: st.admitted + admitted,
    released: st.released + released,
    collected: st.collected + collected,
    dropped: st.dropped + dropped,
    controlCommands: st.controlCommands,
  };
  return withState(s, s.control, s.pendingDrain, list, nextId, stats);
}

/**
 * True when the ROB's next tick, given the state and ports this step leaves,
 * would do nothing unless a message arrives in an empty buffer or a full
 * outgoing buffer drains (see {@link StepIo.idleNext}); conservative.
 */
function idleNext(s: ReorderBufferState, io: StepIo): boolean {
  if (s.control === 'draining') {
    // a Drain not yet drained (or without room to answer) ignores Control
    if (s.transactions.length === 0 && io.canSend('Control')) return false;
  } else {
    if (io.incomingLength('Control') > 0) return false;
    if (s.control === 'paused') return true;
  }
  const t = chunkListFirst(s.transactions);
  if (t?.hasRsp && io.canSend('Top')) return false;
  if (io.incomingLength('Bottom') > 0) return false;
  if (s.control !== 'enabled') return true;
  const m = io.peek('Top');
  if (m === undefined) return true;
  return isMemReq(m) && (s.transactions.length >= s.spec.bufferSize || !io.canSend('Bottom'));
}

/**
 * The reorder buffer (`ROB[i]`, components.md §2): forwards each agent
 * request as a shadow request with a fresh id and returns the responses to
 * the agent in exactly the order it admitted the requests. Per tick:
 * control, then (Enabled or Draining) Release ×4, Collect ×4 and (Enabled
 * only) Admit ×4. Control: Pause, Drain, Enable, Reset; Invalidate and Flush
 * are unsupported. A non-memory request on `Top` panics.
 *
 * @example
 * sim.addComponent(robModel, defaultReorderBufferSpec('AT[0].Top'), 'ROB[0]');
 */
export const robModel: ComponentModel<ReorderBufferSpec, ReorderBufferState> = {
  kind: 'rob',
  quietIdle: true,
  ports: () => ['Top', 'Bottom', 'Control'],
  init: (spec, id) => ({
    spec,
    control: 'enabled',
    pendingDrain: null,
    transactions: emptyChunkList(),
    nextId: firstMessageId(id.index),
    stats: { admitted: 0, released: 0, collected: 0, dropped: 0, controlCommands: 0 },
  }),
  step(state, event, now) {
    const io = new StepIo(event, now);
    let s = handleUniversalControl(ROB_CONTROL, state, io);
    if (s.control !== 'paused') s = runPipeline(s, io);
    if (io.madeProgress && idleNext(s, io)) io.idleNext();
    return io.result(s);
  },
  controlState: (s) => s.control,
  isQuiescent: (s) => s.transactions.length === 0,
  describeOutstanding: (s) =>
    chunkListToArray(s.transactions).map(
      (t) =>
        `${t.isRead ? 'read' : 'write'} ${t.topId} from ${t.topSrc} (shadow ${t.bottomId}, ${t.hasRsp ? 'answered, waiting for the head' : 'waiting for the response'})`,
    ),
};

/** Alias of {@link robModel} under the brief's name. @example sim.addComponent(reorderBufferModel, spec, 'ROB[0]') */
export const reorderBufferModel = robModel;
