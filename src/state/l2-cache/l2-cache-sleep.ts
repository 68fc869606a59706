import type { StepIo } from '../contract/step-io';
import { bankAdvance } from './l2-bank-stage';
import type { L2CacheState } from './l2-cache-state';
import { L2Work } from './l2-cache-work';
import { directoryStage } from './l2-directory-stage';

/*
 * The L2's sleep layer (docs/architecture.md, "Sleep and wake"): when its
 * next ticks can only move its own items — the bank pipeline's clock, the
 * directory taking its input — the step asks to sleep through them
 * (`wakeAt`) instead of asking for each; waking, the kernel replays them
 * with {@link l2CatchUp} before the step.
 */

/** True when a later tick can advance without new input (so the kernel must tick us again). */
function hasInternalWork(w: L2Work, io: StepIo): boolean {
  if (w.s.mode === 'paused') return false;
  if (w.s.mode !== 'enabled') return true; // draining, pre-flushing, flushing: completion is polled
  return (
    w.s.dirBuf.length > 0 ||
    w.s.dirPost.length > 0 ||
    w.s.dirToBank.length > 0 ||
    w.s.wbToBank.length > 0 ||
    w.s.mshrBuf.length > 0 ||
    w.s.wbBuf.length > 0 ||
    w.s.bankPipeline.count > 0 ||
    w.s.bankPost.length > 0 ||
    w.s.pendingEvictions.length > 0 ||
    w.s.mshrProcessing >= 0 ||
    io.incomingLength('Top') > 0 ||
    io.incomingLength('Bottom') > 0
  );
}

/**
 * After a tick that changed nothing but the bank pipeline's clock, every
 * later tick repeats it (stalls wait for a message or a credit, which wakes
 * the cache) except for what the pipeline does with time: an item reaching
 * its post buffer, or stage 0 freeing up for a waiting pull. Returns the
 * ticks until the first of those (1 = next tick; Infinity: until woken).
 */
function idleTicks(w: L2Work): number {
  const spec = w.s.spec;
  const cap = spec.internalBufferSize;
  const pipe = w.s.bankPipeline;
  if (spec.bankLatency <= 0) return 1;
  const room = cap - w.s.bankPost.length;
  const wantsPull =
    w.s.wbToBank.length > 0 ||
    (w.s.dirToBank.length > 0 &&
      w.s.wbBuf.length < cap &&
      w.s.bankDownward < Math.max(1, spec.numReqPerCycle - 1));
  if (wantsPull && !(pipe.isFull() && room === 0)) return 1;
  return room > 0 && pipe.count > 0 ? pipe.ticksToExit() : Number.POSITIVE_INFINITY;
}

/**
 * True when only the directory (its input, post and dir→bank buffers) and
 * the bank pipeline hold work: no write-buffer, MSHR or post-buffer item,
 * no eviction pending, no MSHR answer under way, nothing waiting on `Top`
 * or `Bottom`, and any dir→bank item held back by an eviction in the bank.
 * The common precondition of {@link ticksUntilBusy} and {@link ticksOfOwnMoves}.
 */
function onlyDirectoryAndBankBusy(w: L2Work, io: StepIo): boolean {
  return (
    w.s.wbToBank.length === 0 &&
    w.s.mshrBuf.length === 0 &&
    w.s.wbBuf.length === 0 &&
    w.s.bankPost.length === 0 &&
    w.s.pendingEvictions.length === 0 &&
    w.s.mshrProcessing < 0 &&
    io.incomingLength('Top') === 0 &&
    io.incomingLength('Bottom') === 0 &&
    // a waiting dir→bank item must be held back by an eviction in the pipeline
    !(w.s.dirToBank.length > 0 && w.s.bankDownward < Math.max(1, w.s.spec.numReqPerCycle - 1))
  );
}

/**
 * After a productive tick: when the next tick can only move the bank
 * pipeline's clock — every stage but the pipeline is empty or waits for a
 * message, nothing is waiting on `Top`/`Bottom` (nor on `Control` while
 * running), no item reaches the post buffer next tick — returns the ticks
 * until the first item can leave (Infinity when the pipeline is empty), the
 * cycle at which that no-progress tick would have put the cache to sleep
 * ({@link idleTicks}); otherwise 1.
 */
function ticksUntilBusy(w: L2Work, io: StepIo): number {
  const spec = w.s.spec;
  if (spec.bankLatency <= 0) return 1;
  if (w.s.dirBuf.length > 0 || w.s.dirPost.length > 0 || !onlyDirectoryAndBankBusy(w, io)) return 1;
  const pipe = w.s.bankPipeline;
  const ticks = pipe.count > 0 ? pipe.ticksToExit() : Number.POSITIVE_INFINITY;
  if (ticks <= 1) return 1;
  switch (w.s.mode) {
    case 'enabled':
      return pipe.count > 0 && io.incomingLength('Control') === 0 ? ticks : 1;
    case 'draining':
    case 'pre-flushing':
      // Not quiescent / a transaction still live: an item is in the pipeline.
      return pipe.count > 0 ? ticks : 1;
    case 'flushing': {
      // finish() waits for bank, write-buffer and below; handOver() for room or blocks.
      const waitsFinish =
        w.s.flushQueue.length > 0 ||
        pipe.count > 0 ||
        w.s.dirToBank.length > 0 ||
        w.s.bankInflight > 0 ||
        w.s.inflightFetches.length > 0 ||
        w.s.inflightEvictions.length > 0;
      const waitsHandOver = w.s.flushQueue.length === 0 || w.s.dirToBank.length >= spec.internalBufferSize;
      return waitsFinish && waitsHandOver ? ticks : 1;
    }
    default:
      return 1;
  }
}

/**
 * When the cache runs, nothing waits on a port, the MSHR, write buffer and
 * post buffer are idle and dir→bank items (if any) are held back by
 * evictions in flight, the next ticks move only the cache's own items: the
 * directory takes its input (the next tick; the one after may pull into
 * the bank), or else the bank pipeline's clock runs up to its first exit,
 * which only moves the leaving items into the empty post buffer. The
 * slept ticks must each leave internal work, as the reference then ticks
 * again (its scheduling, shuffled ties included, stays the same): the exit
 * fills the post buffer; the directory tick must leave an item in the bank
 * pipeline, a held dir→bank item, or directory items it cannot take (an
 * MSHR hit that empties the directory would have let the cache idle). Returns
 * the ticks until the tick after those (the first in which the cache may
 * act outside itself), or 0 when the rule does not apply; the step that
 * wakes replays them ({@link catchUp}).
 */
function ticksOfOwnMoves(w: L2Work, io: StepIo): number {
  const spec = w.s.spec;
  const pipe = w.s.bankPipeline;
  if (spec.bankLatency <= 0) return 0;
  if (io.incomingLength('Control') > 0 || !onlyDirectoryAndBankBusy(w, io)) return 0;
  const dirItems = w.s.dirBuf.length + w.s.dirPost.length;
  if (dirItems > 0) {
    // The replayed tick must leave internal work (so the reference would tick again):
    // an item in the pipeline or held for it, or more directory items than one tick takes.
    return pipe.count > 0 || w.s.dirToBank.length > 0 || dirItems > spec.numReqPerCycle ? 2 : 0;
  }
  return pipe.count > 0 ? pipe.ticksToExit() + 1 : 0;
}

/**
 * Replays `k` slept-through ticks ({@link ticksOfOwnMoves}): the bank
 * pipeline's clock, and in full the ticks in which the bank pipeline lets
 * items out or the directory has input — only the bank and directory stages
 * act in them, and the post buffer is empty at their start (no port is used:
 * the bank stage has nothing to finalize).
 */
function catchUp(w: L2Work, k: number): void {
  const n = w.s.spec.numReqPerCycle;
  if (w.s.bankPost.length > 0) {
    // Only an idle sleep ({@link idleTicks}) starts with a post-buffer item (it waits for
    // room on Top): each slept tick repeated the last one, so only the bank clock moved.
    const room = w.s.spec.internalBufferSize - w.s.bankPost.length;
    w.edit.bankPipeline = w.s.bankPipeline.skip(k, room);
    return;
  }
  while (k > 0) {
    const room = w.s.spec.internalBufferSize - w.s.bankPost.length;
    const pipe = w.s.bankPipeline;
    const exit = pipe.count > 0 && room > 0 ? pipe.ticksToExit() : Number.POSITIVE_INFINITY;
    if (w.s.dirBuf.length === 0 && w.s.dirPost.length === 0 && exit > 1) {
      if (exit > k) {
        w.edit.bankPipeline = pipe.skip(k, room);
        return;
      }
      w.edit.bankPipeline = pipe.skip(exit - 1, room);
      k -= exit - 1;
    }
    if (w.s.bankPost.length > 0) throw new Error('l2: slept past a busy tick');
    bankAdvance(w); // the bank stage with an empty post buffer: nothing to finalize

    for (let j = 0; j < n; j++) directoryStage(w);
    k--;
  }
}

/**
 * Asks for the next tick as the reference does — when work is left inside
 * (or polled: draining, flushing) — but sleeps through the ticks that would
 * only move the cache's own items ({@link ticksOfOwnMoves}) or only run the
 * bank pipeline's clock ({@link idleTicks}, {@link ticksUntilBusy}); with
 * nothing inside and nothing waiting, declares the next tick idle.
 *
 * @example
 * runPipeline(w, io);
 * l2NextTick(w, io);
 */
export function l2NextTick(w: L2Work, io: StepIo): void {
  // A FlushPage under way is polled every tick (like a Flush): no sleep spans it.
  if (w.s.pageFlushReq !== null) {
    io.progress();
    return;
  }
  const now = io.now;
  const past = w.s.mode === 'enabled' ? ticksOfOwnMoves(w, io) : 0;
  if (past > 0) io.wakeAt(now + past);
  else if (hasInternalWork(w, io)) {
    const ticks = !io.madeProgress && w.unchangedButPipeline() ? idleTicks(w) : ticksUntilBusy(w, io);
    if (ticks > 1) io.wakeAt(now + ticks);
    else io.progress();
  } else if (io.incomingLength('Control') === 0) {
    // Nothing inside, nothing waiting: the next tick only repeats this (see hasInternalWork).
    io.idleNext();
  }
}

/**
 * The L2's `sleep.catchUp`: the state `skipped` slept-through ticks leave
 * ({@link catchUp} on a working copy; the input state is not changed).
 *
 * @example
 * const caughtUp = l2CatchUp(state, 5);
 */
export function l2CatchUp(state: L2CacheState, skipped: number): L2CacheState {
  const w = new L2Work(state);
  catchUp(w, skipped);
  return w.finish();
}
