import type { ReadReq, WriteReq } from '../contract/messages';
import type { StepIo } from '../contract/step-io';
import { push, removeAt, shift } from '../structures/immutable-array';
import type { L2Work } from './l2-cache-work';
import { blockWith, lineSlice } from './l2-lines';

function finalizeReadHit(w: L2Work, io: StepIo, idx: number): boolean {
  if (!io.canSend('Top')) return false;
  const t = w.t(idx);
  const req = t.req as ReadReq;
  const block = w.dir.block(t.setId, t.wayId);
  const offset = req.address - w.lineOf(req.address);
  const data = lineSlice(block.data, offset, req.size);
  w.mut(idx).removed = true;
  w.bankInflight--;
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
  const block = w.dir.block(t.setId, t.wayId);
  const offset = req.address - w.lineOf(req.address);
  const data = block.data.slice();
  const mask = block.dirtyMask === null ? new Uint8Array(w.spec.lineSize) : block.dirtyMask.slice();
  for (let i = 0; i < req.data.length; i++) {
    if (req.dirtyMask === null || req.dirtyMask[i] !== 0) {
      data[offset + i] = req.data[i];
      mask[offset + i] = 1;
    }
  }
  w.setBlock(blockWith(block, { data, dirtyMask: mask, isValid: true, isLocked: false, isDirty: true }));
  w.mut(idx).removed = true;
  w.bankInflight--;
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
  if (w.mshrBuf.length >= w.spec.internalBufferSize) return false;
  const t = w.t(idx);
  const block = w.dir.block(t.setId, t.wayId);
  w.mshrBuf = push(w.mshrBuf, idx);
  w.setBlock(blockWith(block, { data: t.mshrData!, isLocked: false, isValid: true }));
  w.bankInflight--;
  return true;
}

function finalizeEviction(w: L2Work, idx: number): boolean {
  if (w.wbBuf.length >= w.spec.internalBufferSize) return false;
  const t = w.mut(idx);
  // The victim's bytes are still in its slot: the block was retagged and
  // locked, but its data only changes when the fill or the write lands.
  t.evictData = w.dir.block(t.setId, t.wayId).data;
  if (t.action === 'bankEvict') t.action = 'wbFlush';
  else if (t.action === 'bankEvictAndFetch') t.action = 'wbEvictAndFetch';
  else t.action = 'wbEvictAndWrite';
  // The line stays in the evicting set until its write-back is acknowledged.
  w.wbBuf = push(w.wbBuf, idx);
  w.bankInflight--;
  w.bankDownward--;
  return true;
}

function finalizeOne(w: L2Work, io: StepIo): void {
  for (let i = 0; i < w.bankPost.length; i++) {
    const idx = w.bankPost[i];
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
      w.bankPost = removeAt(w.bankPost, i);
      return;
    }
  }
}

function accept(w: L2Work, idx: number): void {
  if (w.spec.bankLatency > 0) w.bankPipeline = w.bankPipeline.accept(idx);
  else w.bankPost = push(w.bankPost, idx);
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
  const spec = w.spec;
  const canAccept =
    spec.bankLatency > 0 ? w.bankPipeline.canAccept() : w.bankPost.length < spec.internalBufferSize;
  if (!canAccept) return;
  if (w.wbToBank.length > 0) {
    accept(w, w.wbToBank[0]);
    w.wbToBank = shift(w.wbToBank);
    w.bankInflight++;
    return;
  }
  if (w.wbBuf.length >= spec.internalBufferSize) return;
  // Upstream's limit is `laneWidth - 1`; with one lane that would never let
  // an eviction in, so it is at least 1 (never the case in this system).
  if (w.bankDownward >= Math.max(1, spec.numReqPerCycle - 1)) return;
  if (w.dirToBank.length === 0) return;
  const idx = w.dirToBank[0];
  w.dirToBank = shift(w.dirToBank);
  const action = w.t(idx).action;
  if (action === 'wbFetch') {
    w.wbBuf = push(w.wbBuf, idx);
    return;
  }
  accept(w, idx);
  w.bankInflight++;
  if (isEviction(action)) w.bankDownward++;
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
  const n = w.spec.numReqPerCycle;
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
  const n = w.spec.numReqPerCycle;
  if (w.spec.bankLatency > 0 && w.bankPipeline.count > 0) {
    const [pipe, out] = w.bankPipeline.tick(w.spec.internalBufferSize - w.bankPost.length);
    w.bankPipeline = pipe;
    // A non-empty `out` is a fresh array: it can become the post buffer itself.
    if (out.length > 0) w.bankPost = w.bankPost.length === 0 ? out : w.bankPost.concat(out);
  }
  for (let k = 0; k < n; k++) pullOne(w);
}
