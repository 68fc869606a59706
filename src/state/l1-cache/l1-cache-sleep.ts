import type { StepIo } from '../contract/step-io';
import { bankStage } from './l1-bank-stage';
import type { L1CacheState } from './l1-cache-state';
import { dirAdvance, headStallsOnMshr } from './l1-directory-stage';
import { L1Work } from './l1-work';

/*
 * The L1's sleep layer (docs/architecture.md, "Sleep and wake"): when its
 * next ticks can only move items through its pipelines (or retry a head
 * whose outcome only a message, a credit or the bank can change), the step
 * sleeps through them (`wakeAt`); waking, the kernel replays them with
 * {@link l1CatchUp} before the step.
 */

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
 */
function catchUp(w: L1Work, k: number): void {
  const spec = w.s.spec;
  while (k > 0) {
    const bank = w.s.bankPipe;
    const bankExit = bank !== null && bank.count > 0 ? bank.ticksToExit() : Number.POSITIVE_INFINITY;
    const dir = w.s.dirPipe;
    const room = spec.dirBufferCap - w.s.dirPost.length;
    const dirExit = dir !== null && dir.count > 0 && room > 0 ? dir.ticksToExit() : Number.POSITIVE_INFINITY;
    const dirTakes = w.s.dirBuf.length > 0 && (dir === null ? room > 0 : dir.canAccept());
    if (w.s.bankPost.length > 0 || bankExit <= 1 || dirExit <= 1 || dirTakes) {
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

/**
 * After a tick with internal work left: how many ticks until the cache must
 * step again without new input (1 = next tick; Infinity: until woken).
 * Later ticks would only move items through the pipelines or retry a
 * stalled directory head whose outcome nothing but a message, a credit or
 * the bank can change; so the cache may sleep until the first pipeline exit.
 * It may sleep on through ticks in which only the cache's own items move
 * (the bank's exits and finalizes, the directory's input and exits queueing
 * behind a head that surely stalls again), up to the tick after the first
 * finalize: the next step replays them first ({@link catchUp}). Every tick
 * slept through is one in which the reference's step would have asked for
 * the next tick too.
 */
function idleTicks(w: L1Work, io: StepIo): number {
  const spec = w.s.spec;
  if (w.s.bankBuf.length > 0) return 1;
  if (io.incomingLength('Bottom') > 0 || io.incomingLength('Control') > 0) return 1;
  for (const t of w.s.txns) if (!t.removed && (t.done || (t.acked === false && w.earlyAckable(t)))) return 1;
  if (w.s.dirPost.length > 0 && !w.dirStalled) return 1;
  const top = io.peek('Top');
  if (top !== undefined && !(top.kind === 'ReadReq' || top.kind === 'WriteReq')) return 1;
  const posted = w.s.bankPost.length > 0;
  const bankPipeCount = w.s.bankPipe?.count ?? 0;
  const bankExit = bankPipeCount > 0 ? w.s.bankPipe!.ticksToExit() : Number.POSITIVE_INFINITY;
  if (
    w.s.dirPost.length > 0 &&
    (top === undefined || w.liveCount() >= spec.maxTransactions) &&
    headStallsOnMshr(w)
  ) {
    // The head stays stalled and nothing can be taken: until the first
    // finalize, every tick only moves the cache's own items (and asks for
    // the next, the head being there); step in the tick after it.
    return posted ? 2 : bankExit + 2;
  }
  const dirRoom = spec.dirBufferCap - w.s.dirPost.length;
  if (w.s.dirBuf.length > 0) {
    // Items move on from the directory input only when the next stage has room.
    if (w.s.dirPipe === null ? dirRoom > 0 : !(w.s.dirPipe.isFull() && dirRoom === 0)) return 1;
  }
  if (top !== undefined && w.liveCount() < spec.maxTransactions && w.s.dirBuf.length < spec.dirBufferCap)
    return 1;
  const dirPipeCount = w.s.dirPipe?.count ?? 0;
  const dirExit = dirPipeCount > 0 && dirRoom > 0 ? w.s.dirPipe!.ticksToExit() : Number.POSITIVE_INFINITY;
  // The next tick in which the bank acts: finalizing post-buffer heads, else its pipeline's next exit.
  const bankAt = posted ? 1 : bankExit;
  if (bankAt === Number.POSITIVE_INFINITY || w.s.dirBuf.length > 0 || w.s.dirPost.length > 0) {
    return Math.min(bankAt, dirExit);
  }
  // Nothing in the directory but its pipeline: sleep through the bank's
  // exit, and through the finalize too when that tick's step surely asks
  // for the next tick (items left in a pipeline or the post buffer, or a
  // read it finalizes is then done).
  const finalizeAt = posted ? 1 : bankAt + 1;
  let sure = dirPipeCount > 0;
  if (!sure && posted) {
    const n = spec.numReqPerCycle;
    const post = w.s.bankPost;
    sure = post.length > n || bankPipeCount > 0;
    for (let j = 0; j < n && j < post.length && !sure; j++) if (w.s.txns[post[j]].isRead) sure = true;
  }
  return Math.min(dirExit, sure ? finalizeAt + 1 : finalizeAt);
}

/**
 * Asks for the next tick as the reference does — always while draining,
 * else when a stage has work that advances without new input — but sleeps
 * through the ticks that only move the cache's own items ({@link idleTicks}).
 *
 * @example
 * directoryStage(w, io);
 * l1NextTick(w, io);
 */
export function l1NextTick(w: L1Work, io: StepIo): void {
  if (w.s.control === 'draining') io.progress();
  else if (w.hasInternalWork()) {
    const ticks = idleTicks(w, io);
    if (ticks > 1) io.wakeAt(io.now + ticks);
    else io.progress();
  }
}

/**
 * The L1's `sleep.catchUp`: the state `skipped` slept-through ticks leave
 * (the input state itself when they changed nothing).
 *
 * @example
 * const caughtUp = l1CatchUp(state, 3);
 */
export function l1CatchUp(state: L1CacheState, skipped: number): L1CacheState {
  const w = new L1Work(state);
  catchUp(w, skipped);
  return w.finish();
}
