import type { TranslationReq } from '../contract/messages';
import type { StepIo } from '../contract/step-io';
import { replayTlbPipeline, type TlbState, tlbFindWay, tlbSetIndex } from './tlb-state';
import { TlbWork } from './tlb-work';

/*
 * The TLB's sleep layer (docs/architecture.md, "Sleep and wake"): when its
 * next ticks can only move requests through its pipeline (or retry what
 * only a message or a credit can unblock), the step sleeps through them
 * (`wakeAt`); waking, the kernel replays them with {@link tlbCatchUp}.
 */

/**
 * After a tick that left work: how many ticks until the TLB can act again
 * without new input (1 = next tick). Later ticks would only move requests
 * through the pipeline or retry what cannot proceed until a message or a
 * credit arrives: a response waiting for room on `Top`, a lookup stalled on
 * a full MSHR or a full port, inserts into a full, blocked pipeline.
 *
 * Requests leaving the pipeline only fill its output buffer until the
 * lookup stage can act: never while its head is stalled (Infinity: until
 * woken), else in the tick after the first exit (so it sleeps through the
 * exit tick) unless that lookup would stall too. With requests waiting on
 * `Top`, the next tick does nothing when its pipeline tick leaves no stage-0
 * slot free (a dwelling request). The next step replays the slept-through
 * pipeline ticks ({@link tlbCatchUp}).
 */
function idleTicks(w: TlbWork, io: StepIo): number {
  if (w.s.control !== 'enabled' || w.s.pendingDrain !== null || io.incomingLength('Control') > 0) return 1;
  if (w.s.responding !== null ? io.canSend('Top') : io.incomingLength('Bottom') > 0) return 1;
  if (w.s.pipeBuf.length > 0 && !w.lookupStalled) return 1;
  const width = w.s.spec.numReqPerCycle;
  const room = width - w.s.pipeBuf.length;
  if (io.incomingLength('Top') > 0) {
    if (w.s.pipeline.isFull() && room === 0) return Number.POSITIVE_INFINITY;
    // The next tick's lookups do nothing (stalled or no buffer); its insert may not either.
    return w.s.pipeline.canAcceptAfterTick(room) ? 1 : 2;
  }
  if (room === 0 || w.s.pipeBuf.length > 0) return Number.POSITIVE_INFINITY;
  const t = w.s.pipeline.ticksToExit();
  if (t === Number.POSITIVE_INFINITY) return t;
  // With an empty buffer the sink has room for `width` items in each of those
  // t ticks, so the first request to reach the lookup stage is the
  // pipeline's next exit (what replaying t ticks would emit first).
  const first = w.s.pipeline.peekNextExit() as TranslationReq;
  return lookupStalls(w, io, first) ? Number.POSITIVE_INFINITY : t + 1;
}

/**
 * True when {@link lookup} of `req` would stall now — and so in every later
 * tick until a message or a drained port wakes the TLB: outgoing buffers
 * only drain, and only this TLB's own steps change its MSHR and sets.
 */
function lookupStalls(w: TlbWork, io: StepIo, req: TranslationReq): boolean {
  if (w.mshrIndex(req.pid, req.vAddr) >= 0) return false;
  if (tlbFindWay(w.s.sets[tlbSetIndex(w.s.spec, req.vAddr)], req.pid, req.vAddr) >= 0)
    return !io.canSend('Top');
  return w.s.mshr.length >= w.s.spec.mshrSize || !io.canSend('Bottom');
}

/**
 * True when the TLB's next tick, given the state and ports this step leaves,
 * would do nothing unless a message arrives in an empty buffer or a full
 * outgoing buffer drains (see {@link StepIo.idleNext}): paused with no
 * control message, or enabled with nothing inside and nothing waiting.
 */
function nextTickIdle(w: TlbWork, io: StepIo): boolean {
  if (w.s.pendingDrain !== null || io.incomingLength('Control') > 0) return false;
  if (w.s.control === 'paused') return true;
  return (
    w.s.control === 'enabled' &&
    w.s.responding === null &&
    w.s.pipeline.count === 0 &&
    w.s.pipeBuf.length === 0 &&
    io.incomingLength('Top') === 0 &&
    io.incomingLength('Bottom') === 0
  );
}

/**
 * Asks for the next tick as the reference does — while draining, answering,
 * with requests inside or waiting on `Top` (`active`: the step ran its data
 * path) and while a Drain is pending — but sleeps through ticks that only
 * run the pipeline ({@link idleTicks}); declares the next tick idle when it
 * would do nothing ({@link nextTickIdle}).
 *
 * @example
 * tlbNextTick(w, io, w.s.control !== 'paused');
 */
export function tlbNextTick(w: TlbWork, io: StepIo, active: boolean): void {
  if (
    active &&
    (w.s.control === 'draining' ||
      w.s.responding !== null ||
      w.s.pipeline.count > 0 ||
      w.s.pipeBuf.length > 0 ||
      (w.s.control === 'enabled' && io.incomingLength('Top') > 0))
  ) {
    const ticks = idleTicks(w, io);
    if (ticks > 1) io.wakeAt(io.now + ticks);
    else io.progress();
  }
  if (w.s.pendingDrain !== null) io.progress();
  else if (io.madeProgress && nextTickIdle(w, io)) io.idleNext();
}

/**
 * The TLB's `sleep.catchUp`. The ticks it slept through ({@link idleTicks})
 * ran only the pipeline: its lookup stage had an empty buffer, or a head
 * stalled on something no slept-through tick could change. Moves what left
 * the pipeline meanwhile into the buffer (the input state itself when the
 * ticks changed nothing).
 *
 * @example
 * const caughtUp = tlbCatchUp(state, 4);
 */
export function tlbCatchUp(state: TlbState, skipped: number): TlbState {
  const w = new TlbWork(state);
  const leaving: TranslationReq[] = [];
  w.edit.pipeline = replayTlbPipeline(
    w.s.pipeline,
    w.s.pipeBuf.length,
    skipped,
    w.s.spec.numReqPerCycle,
    leaving,
  );
  if (leaving.length > 0) {
    const buf = w.pipeBuf();
    for (let i = 0; i < leaving.length; i++) buf.push(leaving[i]);
  }
  return w.finish();
}
