import type { MoverSide } from '../contract/messages';
import type { StepIo } from '../contract/step-io';
import {
  type ChunkList,
  chunkListGet,
  chunkListIndexOfKey,
  chunkListPush,
  chunkListRemoveAt,
} from '../structures/chunk-list';
import { bufferAddData, bufferExtractData, bufferMoveOffsetForwardTo } from './data-mover-buffer';
import { mapAddress } from './data-mover-mapper';
import type {
  DataMoverState,
  DataMoverStats,
  MovePendingRead,
  MovePendingWrite,
  MoveTransaction,
} from './data-mover-state';

/**
 * The data-mover port that carries `side`.
 *
 * @example
 * moverPort('inside') === 'Inside';
 */
export function moverPort(side: MoverSide): 'Inside' | 'Outside' {
  return side === 'inside' ? 'Inside' : 'Outside';
}

const idOf = (x: { readonly id: number }): number => x.id;

/**
 * The data-transfer middleware of the data mover (components.md §9), run
 * unless Paused while a move is active. In this order, each at most once per
 * tick: absorb one write ack from the destination side, issue one write,
 * absorb one read response from the source side, issue one read.
 *
 * * Writes extract `dstGranularity` bytes at the transaction-relative
 *   position `nextWriteAddr - dstAddress` and slide the buffer to the next
 *   write's relative position (rounded down to the source granularity).
 * * **Fixed [Latent] overrun:** writing stops at `dstAddress + byteSize` and
 *   the last write carries only the remaining bytes (a shorter `WriteReq`,
 *   no dirty mask), so nothing past the end of the range is ever written.
 *   Upstream writes whole granules and keeps writing while the buffer still
 *   holds data, overwriting bytes past the end (or hangs waiting for a chunk
 *   past the last read).
 * * Reads are gated by the transaction-relative window
 *   `(a - srcAddress) < offset + bufferSize`; with `spec.absoluteWindowBug`
 *   the old absolute comparison `a < offset + bufferSize` is used instead
 *   (fault switch `datamover-absolute-window`, migration.md §8).
 *
 * @example
 * const next = runTransfer(state, io); // inside dataMoverModel.step
 */
export function runTransfer(s: DataMoverState, io: StepIo): DataMoverState {
  const t = s.move;
  if (t === null) return s;
  const spec = s.spec;
  const srcPort = moverPort(t.srcSide);
  const dstPort = moverPort(t.dstSide);
  let nextReadAddr = t.nextReadAddr;
  let nextWriteAddr = t.nextWriteAddr;
  let pendingReads: ChunkList<MovePendingRead> = t.pendingReads;
  let pendingWrites: ChunkList<MovePendingWrite> = t.pendingWrites;
  let buffer = s.buffer;
  let nextId = s.nextId;
  let reads = 0;
  let writes = 0;
  let dropped = 0;
  let changed = false;

  // 1. Write ack: a WriteDoneRsp on the destination side; other types stay.
  const ack = io.peek(dstPort);
  if (ack !== undefined && ack.kind === 'WriteDoneRsp') {
    io.pop(dstPort);
    const idx = chunkListIndexOfKey(pendingWrites, ack.rspTo, idOf);
    if (idx >= 0) pendingWrites = chunkListRemoveAt(pendingWrites, idx);
    else dropped++;
    changed = true;
  }

  // 2. Write: the next destination granule (shortened at the end of the range).
  const end = t.dstAddress + t.byteSize;
  if (nextWriteAddr < end) {
    const size = Math.min(t.dstGranularity, end - nextWriteAddr);
    const data = bufferExtractData(buffer, nextWriteAddr - t.dstAddress, size);
    if (data !== null && io.canSend(dstPort)) {
      const id = nextId++;
      io.send(dstPort, {
        kind: 'WriteReq',
        id,
        src: io.fullName(dstPort),
        dst: mapAddress(t.dstSide === 'inside' ? spec.insideMapper : spec.outsideMapper, nextWriteAddr),
        rspTo: 0,
        address: nextWriteAddr,
        data,
        dirtyMask: null,
        pid: 0,
      });
      pendingWrites = chunkListPush(pendingWrites, { id, address: nextWriteAddr, data });
      nextWriteAddr += t.dstGranularity;
      buffer = bufferMoveOffsetForwardTo(buffer, nextWriteAddr - t.dstAddress);
      writes++;
      changed = true;
    }
  }

  // 3. Read data: a DataReadyRsp on the source side; other types stay.
  const rsp = io.peek(srcPort);
  if (rsp !== undefined && rsp.kind === 'DataReadyRsp') {
    io.pop(srcPort);
    const idx = chunkListIndexOfKey(pendingReads, rsp.rspTo, idOf);
    if (idx >= 0) {
      buffer = bufferAddData(buffer, chunkListGet(pendingReads, idx)!.address - t.srcAddress, rsp.data);
      pendingReads = chunkListRemoveAt(pendingReads, idx);
    } else dropped++;
    changed = true;
  }

  // 4. Read: the next source granule, inside the window and the range.
  const g = t.srcGranularity;
  const a = nextReadAddr - (nextReadAddr % g);
  const gate = spec.absoluteWindowBug === true ? a : a - t.srcAddress;
  if (gate < buffer.offset + spec.bufferSize && a < t.srcAddress + t.byteSize && io.canSend(srcPort)) {
    const id = nextId++;
    io.send(srcPort, {
      kind: 'ReadReq',
      id,
      src: io.fullName(srcPort),
      dst: mapAddress(t.srcSide === 'inside' ? spec.insideMapper : spec.outsideMapper, a),
      rspTo: 0,
      address: a,
      size: g,
      pid: 0,
    });
    pendingReads = chunkListPush(pendingReads, { id, address: a });
    nextReadAddr += g;
    reads++;
    changed = true;
  }

  if (!changed) return s;
  const move: MoveTransaction = {
    reqId: t.reqId,
    reqSrc: t.reqSrc,
    srcAddress: t.srcAddress,
    dstAddress: t.dstAddress,
    byteSize: t.byteSize,
    srcSide: t.srcSide,
    dstSide: t.dstSide,
    srcGranularity: t.srcGranularity,
    dstGranularity: t.dstGranularity,
    nextReadAddr,
    nextWriteAddr,
    pendingReads,
    pendingWrites,
  };
  const st = s.stats;
  const stats: DataMoverStats = {
    moves: st.moves,
    bytesMoved: st.bytesMoved,
    reads: st.reads + reads,
    writes: st.writes + writes,
    dropped: st.dropped + dropped,
    controlCommands: st.controlCommands,
  };
  return {
    spec,
    control: s.control,
    pendingDrain: s.pendingDrain,
    move,
    buffer,
    nextId,
    stats,
  };
}
