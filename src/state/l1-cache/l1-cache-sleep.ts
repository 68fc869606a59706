import { bankStage } from './l1-bank-stage';
import { dirAdvance } from './l1-directory-stage';
import type { L1Work } from './l1-work';

/**
 * Replays `k` ticks the cache slept through (`TickEvent.skipped`). In each,
 * both pipelines ran, and the bank and the directory may have moved items
 * on: the bank's pipeline exits went to its post buffer and the post-buffer
 * heads were finalized; the directory's input went into its pipeline and
 * the pipeline's exits into its post buffer, behind a head that surely
 * stalled again. The step's idle rule lets the cache sleep through such
 * ticks only when nothing else happened in them (nothing answered, taken,
 * sent or processed), so these two moves replay them; ticks in which
 * nothing moves are skipped in one go.
 *
 * @example
 * if (io.skipped > 0) catchUp(w, io.skipped);
 */
export function catchUp(w: L1Work, k: number): void {
  const spec = w.spec;
  while (k > 0) {
    const bank = w.bankPipe;
    const bankExit = bank !== null && bank.count > 0 ? bank.ticksToExit() : Number.POSITIVE_INFINITY;
    const dir = w.dirPipe;
    const room = spec.dirBufferCap - w.dirPost.length;
    const dirExit = dir !== null && dir.count > 0 && room > 0 ? dir.ticksToExit() : Number.POSITIVE_INFINITY;
    const dirTakes = w.dirBuf.length > 0 && (dir === null ? room > 0 : dir.canAccept());
    if (w.bankPost.length > 0 || bankExit <= 1 || dirExit <= 1 || dirTakes) {
      bankStage(w);
      dirAdvance(w);
      k--;
    } else {
      const j = Math.min(k, bankExit - 1, dirExit - 1);
      w.skipTicks(j);
      k -= j;
    }
  }
}
