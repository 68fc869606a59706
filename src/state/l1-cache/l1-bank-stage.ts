import { finalize } from './l1-bottom-parser';
import type { L1Work } from './l1-work';

/**
 * Bank stage: finalize post-buffer heads, tick the bank pipeline into the
 * post buffer, then pull from the bank buffer into the pipeline
 * (accept after tick: an item takes exactly `bankLatency` ticks).
 *
 * @example
 * bankStage(w);
 */
export function bankStage(w: L1Work): void {
  const n = w.s.spec.numReqPerCycle;
  const cap = w.s.spec.bankBufferCap;
  for (let k = 0; k < n && w.s.bankPost.length > 0; k++) finalize(w, w.bankPost().shift()!);
  if (w.s.bankPipe === null) {
    for (let k = 0; k < n && w.s.bankBuf.length > 0 && w.s.bankPost.length < cap; k++)
      w.bankPost().push(w.bankBuf().shift()!);
    return;
  }
  if (w.s.bankPipe.count > 0) {
    const [pipe, out] = w.s.bankPipe.tick(cap - w.s.bankPost.length);
    w.edit.bankPipe = pipe;
    for (const s of out) w.bankPost().push(s);
  }
  for (let k = 0; k < n && w.s.bankBuf.length > 0 && w.s.bankPipe.canAccept(); k++) {
    w.edit.bankPipe = w.s.bankPipe.accept(w.bankBuf().shift()!);
  }
}
