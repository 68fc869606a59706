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
  const n = w.spec.numReqPerCycle;
  const cap = w.spec.bankBufferCap;
  for (let k = 0; k < n && w.bankPost.length > 0; k++) finalize(w, w.bankPostW().shift()!);
  if (w.bankPipe === null) {
    for (let k = 0; k < n && w.bankBuf.length > 0 && w.bankPost.length < cap; k++)
      w.bankPostW().push(w.bankBufW().shift()!);
    return;
  }
  if (w.bankPipe.count > 0) {
    const [pipe, out] = w.bankPipe.tick(cap - w.bankPost.length);
    w.bankPipe = pipe;
    for (const s of out) w.bankPostW().push(s);
  }
  for (let k = 0; k < n && w.bankBuf.length > 0 && w.bankPipe.canAccept(); k++) {
    w.bankPipe = w.bankPipe.accept(w.bankBufW().shift()!);
  }
}
