import { type ComponentModel, firstMessageId } from '../contract/component';
import type { ControlReq, MoverSide } from '../contract/messages';
import { SimPanic } from '../contract/sim-panic';
import { StepIo } from '../contract/step-io';
import type { BasicControlState } from '../control/basic-control-state';
import { handleUniversalControl, type UniversalControlHost } from '../control/universal-control';
import { emptyChunkList } from '../structures/chunk-list';
import { emptySlidingBuffer, type SlidingBuffer } from './data-mover-buffer';
import type { DataMoverSpec, DataMoverState, DataMoverStats, MoveTransaction } from './data-mover-state';
import { runTransfer } from './data-mover-transfer';

export {
  type DataMoverSpec,
  type DataMoverState,
  type DataMoverStats,
  defaultDataMoverSpec,
  type MovePendingRead,
  type MovePendingWrite,
  type MoveTransaction,
} from './data-mover-state';

function make(
  s: DataMoverState,
  control: BasicControlState,
  pendingDrain: ControlReq | null,
  move: MoveTransaction | null,
  buffer: SlidingBuffer,
  nextId: number,
  stats: DataMoverStats,
): DataMoverState {
  return { spec: s.spec, control, pendingDrain, move, buffer, nextId, stats };
}

function withStats(
  st: DataMoverStats,
  controlCommands: number,
  moves: number,
  bytes: number,
): DataMoverStats {
  return {
    moves: st.moves + moves,
    bytesMoved: st.bytesMoved + bytes,
    reads: st.reads,
    writes: st.writes,
    dropped: st.dropped,
    controlCommands: st.controlCommands + controlCommands,
  };
}

/** Control: the universal verbs (see {@link handleUniversalControl}). */
const MOVER_CONTROL: UniversalControlHost<DataMoverState> = {
  drained: (s) => s.move === null,
  withControl: (s, control, pendingDrain, nextId, counted) =>
    make(s, control, pendingDrain, s.move, s.buffer, nextId, counted ? withStats(s.stats, 1, 0, 0) : s.stats),
  // late responses to the dropped move are later dropped as unmatched
  reset: (s) =>
    make(s, s.control, s.pendingDrain, null, emptySlidingBuffer(s.buffer.granularity), s.nextId, s.stats),
  resetPorts: ['Top', 'Inside', 'Outside'],
  continueAfterDrainAck: true,
};

function granularityOf(spec: DataMoverSpec, side: MoverSide): number {
  return side === 'inside' ? spec.insideGranularity : spec.outsideGranularity;
}

/** Completion: every write issued and every read and write acknowledged. */
function complete(s: DataMoverState, io: StepIo): DataMoverState {
  const t = s.move!;
  if (t.nextWriteAddr < t.dstAddress + t.byteSize) return s;
  if (t.pendingReads.length > 0 || t.pendingWrites.length > 0) return s;
  if (!io.canSend('Top')) return s;
  io.send('Top', {
    kind: 'DataMoveResponse',
    id: s.nextId,
    src: io.fullName('Top'),
    dst: t.reqSrc,
    rspTo: t.reqId,
  });
  // Upstream parks the offset at srcAddress rounded down; never used (the next parse resets it).
  const buffer = emptySlidingBuffer(t.srcGranularity, t.srcAddress - (t.srcAddress % t.srcGranularity));
  return make(s, s.control, s.pendingDrain, null, buffer, s.nextId + 1, withStats(s.stats, 0, 1, t.byteSize));
}

/** Request parsing: admit the head of `Top` when no move is active. */
function parse(s: DataMoverState, io: StepIo): DataMoverState {
  const m = io.peek('Top');
  if (m === undefined) return s;
  if (m.kind !== 'DataMoveRequest') throw new SimPanic(`${io.fullName('Top')}: cannot handle ${m.kind}`);
  const srcG = granularityOf(s.spec, m.srcSide);
  const dstG = granularityOf(s.spec, m.dstSide);
  if (m.srcAddress % srcG !== 0) {
    throw new SimPanic(
      `${io.fullName('Top')}: source address 0x${m.srcAddress.toString(16)} not aligned to ${srcG}`,
    );
  }
  if (m.dstAddress % dstG !== 0) {
    throw new SimPanic(
      `${io.fullName('Top')}: destination address 0x${m.dstAddress.toString(16)} not aligned to ${dstG}`,
    );
  }
  io.pop('Top');
  const move: MoveTransaction = {
    reqId: m.id,
    reqSrc: m.src,
    srcAddress: m.srcAddress,
    dstAddress: m.dstAddress,
    byteSize: m.byteSize,
    srcSide: m.srcSide,
    dstSide: m.dstSide,
    srcGranularity: srcG,
    dstGranularity: dstG,
    nextReadAddr: m.srcAddress,
    nextWriteAddr: m.dstAddress,
    pendingReads: emptyChunkList(),
    pendingWrites: emptyChunkList(),
  };
  return make(s, s.control, s.pendingDrain, move, emptySlidingBuffer(srcG), s.nextId, s.stats);
}

/**
 * True when the next tick would do nothing at all: no move (so no transfer
 * and no Drain to acknowledge), no control request waiting and, when
 * enabled, no move request to parse.
 */
function nextTickIdle(s: DataMoverState, io: StepIo): boolean {
  if (s.move !== null || io.incomingLength('Control') > 0) return false;
  return s.control === 'paused' || (s.control === 'enabled' && io.incomingLength('Top') === 0);
}

/**
 * The data mover (components.md §9, migration.md §8): copies `byteSize`
 * bytes from `srcAddress` on one side to `dstAddress` on the other (or the
 * same) side through a transaction-relative sliding buffer, one move at a
 * time, and answers with a `DataMoveResponse` only after every destination
 * write is acknowledged. Per tick: control; then unless Paused, completion
 * and (Enabled only) request parsing; then the data transfer. Misaligned
 * addresses panic. Control: Universal verbs — Drain waits for the whole move
 * including its write acks; Pause freezes everything; Reset drops the move
 * and queued traffic, and late responses are dropped as unmatched.
 *
 * @example
 * sim.addComponent(dataMoverModel, defaultDataMoverSpec(mapper, mapper), 'DataMover');
 */
export const dataMoverModel: ComponentModel<DataMoverSpec, DataMoverState> = {
  kind: 'data-mover',
  quietIdle: true,
  ports: () => ['Top', 'Inside', 'Outside', 'Control'],
  init: (spec, id) => ({
    spec,
    control: 'enabled',
    pendingDrain: null,
    move: null,
    buffer: emptySlidingBuffer(spec.insideGranularity),
    nextId: firstMessageId(id.index),
    stats: { moves: 0, bytesMoved: 0, reads: 0, writes: 0, dropped: 0, controlCommands: 0 },
  }),
  step(state, event, now) {
    const io = new StepIo(event, now);
    let s = handleUniversalControl(MOVER_CONTROL, state, io);
    if (s.control !== 'paused') {
      if (s.move !== null) s = complete(s, io);
      if (s.control === 'enabled' && s.move === null) s = parse(s, io);
      s = runTransfer(s, io);
    }
    if (nextTickIdle(s, io)) io.idleNext();
    return io.result(s);
  },
  controlState: (s) => s.control,
  isQuiescent: (s) => s.move === null,
  describeOutstanding: (s) => {
    const t = s.move;
    if (t === null) return [];
    return [
      `move ${t.srcSide} 0x${t.srcAddress.toString(16)} -> ${t.dstSide} 0x${t.dstAddress.toString(16)} ` +
        `(${t.byteSize} bytes) for ${t.reqSrc}: next read 0x${t.nextReadAddr.toString(16)}, ` +
        `next write 0x${t.nextWriteAddr.toString(16)}, ${t.pendingReads.length} reads and ` +
        `${t.pendingWrites.length} writes pending, window at +${s.buffer.offset}`,
    ];
  },
};
