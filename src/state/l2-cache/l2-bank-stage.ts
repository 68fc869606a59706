import type { ReadReq, WriteReq } from '../contract/messages';
import type { StepIo } from '../contract/step-io';
import { push, removeAt, shift } from '../structures/immutable-array';
import type { L2Work } from './l2-cache-work';
import { blockWith, lineSlice } from './l2-lines';

function finalizeReadHit(w: L2Work, io: StepIo, idx: number): boolean {
  if (!io.canSend('Top')) return false;
  const t = w.t(idx);
  const req = t.req as ReadReq;
  const block = w.s.directory.block(t.setId, t.wayId);
  const offset = req.address - w.lineOf(req.address);
  const data = lineSlice(block.data, offset, req.size);
  w.mut(idx).removed = true;
  w.edit.bankInflight--;
  w.setBlock(blockWith(block, { readCount: block.readCount - 1 }));
  io.send('Top', {
    kind: 'DataReadyRsp',
    id: w.newId(),
    src: io.fullName('Top'),
    dst: req.src,
    rspTo: req.id,
    data,
  });
  return true;
}

function finalizeWriteHit(w: L2Work, io: StepIo, idx: number): boolean {
  if (!io.canSend('Top')) return false;
  const t = w.t(idx);
  const req = t.req as WriteReq;
  const block = w.s.directory.block(t.setId, t.wayId);
  const offset = req.address - w.lineOf(req.address);
  const data = block.data.slice();
  const mask = block.dirtyMask === null ? new Uint8Array(w.s.spec.lineSize) : block.dirtyMask.slice();
  for (let i = 0; i < req.data.length; i++) {
    if (req.dirtyMask === null || req.dirtyMask[i] !== 0) {
      data[offset + i] = req.data[i];
      mask[offset + i] = 1;
    }
  }
  w.setBlock(blockWith(block, { data, dirtyMask: mask, isValid: true, isLocked: false, isDirty: true }));
  w.mut(idx).removed = true;
  w.edit.bankInflight--;
  io.send('Top', {
    kind: 'WriteDoneRsp',
    id: w.newId(),
    src: io.fullName('Top'),
    dst: req.src,
    rspTo: req.id,
  });
  return true;
}

function finalizeFill(w: L2Work, idx: number): boolean {
  if (w.s.mshrBuf.length >= w.s.spec.internalBufferSize) return false;
  const t = w.t(idx);
  const block = w.s.directory.block(t.setId, t.wayId);
  w.edit.mshrBuf = push(w.s.mshrBuf, idx);
  w.setBlock(blockWith(block, { data: t.mshrData!, isLocked: false, isValid: true }));
  w.edit.bankInflight--;
  return true;
}

function finalizeEviction(w: L2Work, idx: number): boolean {
  if (w.s.wbBuf.length >= w.s.spec.internalBufferSize) return false;
  const t = w.mut(idx);
  // The victim's bytes are still in its slot: the block was retagged and
  // locked, but its data only changes when the fill or the write lands.
  t.evictData = w.s.directory.block(t.setId, t.wayId).data;
  if (t.action === 'bankEvict') t.action = 'wbFlush';
  else if (t.action === 'bankEvictAndFetch') t.action = 'wbEvictAndFetch';
  else t.action = 'wbEvictAndWrite';
  // The line stays in the evicting set until its write-back is acknowledged.
  w.edit.wbBuf = push(w.s.wbBuf, idx);
  w.edit.bankInflight--;
  w.edit.bankDownward--;
  return true;
}

function finalizeOne(w: L2Work, io: StepIo): void {
  for (let i = 0; i < w.s.bankPost.length; i++) {
    const idx = w.s.bankPost[i];
    let done: boolean;
    switch (w.t(idx).action) {
      case 'bankReadHit':
        done = finalizeReadHit(w, io, idx);
        break;
      case 'bankWriteHit':
        done = finalizeWriteHit(w, io, idx);
        break;
      case 'bankWriteFetched':
        done = finalizeFill(w, idx);
        break;
      default:
        done = finalizeEviction(w, idx);
    }
    if (done) {
      w.edit.bankPost = removeAt(w.s.bankPost, i);
      return;
    }
  }
}

function accept(w: L2Work, idx: number): void {
  if (w.s.spec.bankLatency > 0) w.edit.bankPipeline = w.s.bankPipeline.accept(idx);
  else w.edit.bankPost = push(w.s.bankPost, idx);
}

function isEviction(action: string): boolean {
  return action === 'bankEvict' || action === 'bankEvictAndFetch' || action === 'bankEvictAndWrite';
}

/**
 * One pull: fills and evict-then-write writes from the write buffer go
 * first; a dir→bank item is taken only if the write-buffer input has room
 * and no eviction is in the bank pipeline (one lane stays reserved for
 * upward traffic). A plain fetch skips the pipeline.
 */
function pullOne(w: L2Work): void {
  const spec = w.s.spec;
  const canAccept =
    spec.bankLatency > 0 ? w.s.bankPipeline.canAccept() : w.s.bankPost.length < spec.internalBufferSize;
  if (!canAccept) return;
  if (w.s.wbToBank.length > 0) {
    accept(w, w.s.wbToBank[0]);
    w.edit.wbToBank = shift(w.s.wbToBank);
    w.edit.bankInflight++;
    return;
  }
  if (w.s.wbBuf.length >= spec.internalBufferSize) return;
  // Upstream's limit is `laneWidth - 1`; with one lane that would never let
  // an eviction in, so it is at least 1 (never the case in this system).
  if (w.s.bankDownward >= Math.max(1, spec.numReqPerCycle - 1)) return;
  if (w.s.dirToBank.length === 0) return;
  const idx = w.s.dirToBank[0];
  w.edit.dirToBank = shift(w.s.dirToBank);
  const action = w.t(idx).action;
  if (action === 'wbFetch') {
    w.edit.wbBuf = push(w.s.wbBuf, idx);
    return;
  }
  accept(w, idx);
  w.edit.bankInflight++;
  if (isEviction(action)) w.edit.bankDownward++;
}

/**
 * The bank stage (components.md §7): finalize up to `numReqPerCycle`
 * post-buffer items (the first that succeeds each time), tick the bank
 * pipeline into its post buffer, then pull up to `numReqPerCycle` items.
 *
 * @example
 * bankStage(w, io);
 */
export function bankStage(w: L2Work, io: StepIo): void {
  const n = w.s.spec.numReqPerCycle;
  for (let k = 0; k < n; k++) finalizeOne(w, io);
  bankAdvance(w);
}

/**
 * The bank stage after its finalizes: tick the bank pipeline into its post
 * buffer, then pull up to `numReqPerCycle` items (no port is used).
 *
 * @example
 * bankAdvance(w); // a replayed tick with an empty post buffer
 */
export function bankAdvance(w: L2Work): void {
  const n = w.s.spec.numReqPerCycle;
  if (w.s.spec.bankLatency > 0 && w.s.bankPipeline.count > 0) {
    const [pipe, out] = w.s.bankPipeline.tick(w.s.spec.internalBufferSize - w.s.bankPost.length);
    w.edit.bankPipeline = pipe;
    // A non-empty `out` is a fresh array: it can become the post buffer itself.
    if (out.length > 0) w.edit.bankPost = w.s.bankPost.length === 0 ? out : w.s.bankPost.concat(out);
  }
  for (let k = 0; k < n; k++) pullOne(w);
}
