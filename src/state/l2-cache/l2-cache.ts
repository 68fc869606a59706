import type { ComponentModel } from '../contract/component';
import { SimPanic } from '../contract/sim-panic';
import { StepIo } from '../contract/step-io';
import { push } from '../structures/immutable-array';
import { bankStage } from './l2-bank-stage';
import { l2Control } from './l2-cache-control';
import { initL2State, type L2CacheSpec, type L2CacheState, l2Quiescent } from './l2-cache-state';
import { L2Work } from './l2-cache-work';
import { directoryStage } from './l2-directory-stage';
import { l2Flusher } from './l2-flusher';
import { newTransaction } from './l2-lines';
import { mshrStage } from './l2-mshr-stage';
import { writeBufferStage } from './l2-write-buffer-stage';

export type {
  L2Action,
  L2BlockRef,
  L2CacheFaults,
  L2CacheSpec,
  L2CacheState,
  L2Mode,
  L2MshrEntry,
  L2Stats,
  L2Transaction,
} from './l2-cache-state';
export { defaultL2CacheSpec } from './l2-cache-state';

/** Top parser (only when running): turn the head of `Top` into a transaction if the directory input has room. */
function topParser(w: L2Work, io: StepIo): void {
  if (w.mode !== 'running') return;
  const m = io.peek('Top');
  if (m === undefined || w.dirBuf.length >= w.spec.internalBufferSize) return;
  if (m.kind !== 'ReadReq' && m.kind !== 'WriteReq')
    throw new SimPanic(`${io.fullName('Top')}: cannot handle ${m.kind}`);
  const idx = w.alloc(newTransaction(m.kind === 'ReadReq' ? 'read' : 'write', m));
  w.dirBuf = push(w.dirBuf, idx);
  io.pop('Top');
  w.bump(m.kind === 'ReadReq' ? 'reads' : 'writes');
}

/** The data pipeline, back to front: MSHR ×N, bank, write buffer ×N, directory ×N, top parser ×N. */
function runPipeline(w: L2Work, io: StepIo): void {
  const n = w.spec.numReqPerCycle;
  for (let k = 0; k < n; k++) mshrStage(w, io);
  bankStage(w, io);
  for (let k = 0; k < n; k++) writeBufferStage(w, io);
  for (let k = 0; k < n; k++) directoryStage(w);
  for (let k = 0; k < n; k++) topParser(w, io);
}

/** True when a later tick can advance without new input (so the kernel must tick us again). */
function hasInternalWork(w: L2Work, io: StepIo): boolean {
  if (w.mode === 'paused') return false;
  if (w.mode !== 'running') return true; // draining, pre-flushing, flushing: completion is polled
  return (
    w.dirBuf.length > 0 ||
    w.dirPost.length > 0 ||
    w.dirToBank.length > 0 ||
    w.wbToBank.length > 0 ||
    w.mshrBuf.length > 0 ||
    w.wbBuf.length > 0 ||
    w.bankPipeline.count > 0 ||
    w.bankPost.length > 0 ||
    w.pendingEvictions.length > 0 ||
    w.mshrProcessing >= 0 ||
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
  const spec = w.spec;
  const cap = spec.internalBufferSize;
  const pipe = w.bankPipeline;
  if (spec.bankLatency <= 0) return 1;
  const room = cap - w.bankPost.length;
  const wantsPull =
    w.wbToBank.length > 0 ||
    (w.dirToBank.length > 0 && w.wbBuf.length < cap && w.bankDownward < Math.max(1, spec.numReqPerCycle - 1));
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
    w.wbToBank.length === 0 &&
    w.mshrBuf.length === 0 &&
    w.wbBuf.length === 0 &&
    w.bankPost.length === 0 &&
    w.pendingEvictions.length === 0 &&
    w.mshrProcessing < 0 &&
    io.incomingLength('Top') === 0 &&
    io.incomingLength('Bottom') === 0 &&
    // a waiting dir→bank item must be held back by an eviction in the pipeline
    !(w.dirToBank.length > 0 && w.bankDownward < Math.max(1, w.spec.numReqPerCycle - 1))
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
  const spec = w.spec;
  if (spec.bankLatency <= 0) return 1;
  if (w.dirBuf.length > 0 || w.dirPost.length > 0 || !onlyDirectoryAndBankBusy(w, io)) return 1;
  const pipe = w.bankPipeline;
  const ticks = pipe.count > 0 ? pipe.ticksToExit() : Number.POSITIVE_INFINITY;
  if (ticks <= 1) return 1;
  switch (w.mode) {
    case 'running':
      return pipe.count > 0 && io.incomingLength('Control') === 0 ? ticks : 1;
    case 'draining':
    case 'pre-flushing':
      // Not quiescent / a transaction still live: an item is in the pipeline.
      return pipe.count > 0 ? ticks : 1;
    case 'flushing': {
      // finish() waits for bank, write-buffer and below; handOver() for room or blocks.
      const waitsFinish =
        w.flushQueue.length > 0 ||
        pipe.count > 0 ||
        w.dirToBank.length > 0 ||
        w.bankInflight > 0 ||
        w.inflightFetches.length > 0 ||
        w.inflightEvictions.length > 0;
      const waitsHandOver = w.flushQueue.length === 0 || w.dirToBank.length >= spec.internalBufferSize;
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
  const spec = w.spec;
  const pipe = w.bankPipeline;
  if (spec.bankLatency <= 0) return 0;
  if (io.incomingLength('Control') > 0 || !onlyDirectoryAndBankBusy(w, io)) return 0;
  const dirItems = w.dirBuf.length + w.dirPost.length;
  if (dirItems > 0) {
    // The replayed tick must leave internal work (so the reference would tick again):
    // an item in the pipeline or held for it, or more directory items than one tick takes.
    return pipe.count > 0 || w.dirToBank.length > 0 || dirItems > spec.numReqPerCycle ? 2 : 0;
  }
  return pipe.count > 0 ? pipe.ticksToExit() + 1 : 0;
}

/**
 * Replays `k` slept-through ticks ({@link ticksOfOwnMoves}): the bank
 * pipeline's clock, and in full the ticks in which the bank pipeline lets
 * items out or the directory has input — only the bank and directory stages
 * act in them, and the post buffer is empty at their start (no port is used).
 */
function catchUp(w: L2Work, io: StepIo, k: number): void {
  const n = w.spec.numReqPerCycle;
  while (k > 0) {
    const room = w.spec.internalBufferSize - w.bankPost.length;
    const pipe = w.bankPipeline;
    const exit = pipe.count > 0 && room > 0 ? pipe.ticksToExit() : Number.POSITIVE_INFINITY;
    if (w.dirBuf.length === 0 && w.dirPost.length === 0 && exit > 1) {
      if (exit > k) {
        w.bankPipeline = pipe.skip(k, room);
        return;
      }
      w.bankPipeline = pipe.skip(exit - 1, room);
      k -= exit - 1;
    }
    if (w.bankPost.length > 0) throw new Error('l2: slept past a busy tick');
    bankStage(w, io);
    for (let j = 0; j < n; j++) directoryStage(w);
    k--;
  }
}

/**
 * The shared L2 write-back cache (components.md §0.7, §0.8, §7;
 * control-protocol.md): fmix64-indexed set-associative directory, MSHR,
 * one bank with a 10-stage pipeline, a write buffer with masked
 * write-backs, and the full control surface (Pause, Drain, Enable, Reset,
 * Invalidate, Flush). Ports `Top` (from the L1s), `Bottom` (to the memory
 * controllers, picked per address by the interleaving rule) and `Control`.
 *
 * Each tick: control middleware, flusher, then — unless paused — the data
 * pipeline.
 *
 * @example
 * sim.addComponent(l2CacheModel, defaultL2CacheSpec(['MemCtrl[0].Top', 'MemCtrl[1].Top'], stride), 'L2Cache');
 */
export const l2CacheModel: ComponentModel<L2CacheSpec, L2CacheState> = {
  kind: 'l2-cache',
  quietIdle: true,
  ports: () => ['Top', 'Bottom', 'Control'],
  init: (spec, id) => initL2State(spec, id),
  step(state, event, now) {
    const io = new StepIo(event, now);
    if (state.mode === 'paused' && io.incomingLength('Control') === 0) return io.result(state);
    const w = L2Work.scratch(state);
    // Slept-through ticks ran the bank pipeline and changed nothing else (but its first exit).
    if (io.skipped > 0) catchUp(w, io, io.skipped);
    l2Control(w, io);
    l2Flusher(w, io);
    if (w.mode !== 'paused') runPipeline(w, io);
    const past = w.mode === 'running' ? ticksOfOwnMoves(w, io) : 0;
    if (past > 0) io.wakeAt(now + past);
    else if (hasInternalWork(w, io)) {
      const ticks = !io.madeProgress && w.unchangedButPipeline() ? idleTicks(w) : ticksUntilBusy(w, io);
      if (ticks > 1) io.wakeAt(now + ticks);
      else io.progress();
    } else if (io.incomingLength('Control') === 0) {
      // Nothing inside, nothing waiting: the next tick only repeats this (see hasInternalWork).
      io.idleNext();
    }
    return io.result(w.toState());
  },
  controlState: (s) => {
    switch (s.mode) {
      case 'running':
        return 'enabled';
      case 'pre-flushing':
        return 'flushing';
      default:
        return s.mode;
    }
  },
  isQuiescent: (s) =>
    l2Quiescent(
      s.transactions,
      s.wbBuf.length,
      s.bankInflight,
      s.bankDownward,
      s.pendingEvictions.length,
      s.inflightEvictions.length,
    ),
  describeOutstanding: (s) => {
    const out: string[] = [];
    if (s.mode !== 'running') out.push(`mode ${s.mode}`);
    s.transactions.forEach((t, i) => {
      if (t.removed) return;
      const what =
        t.req === null
          ? `flush 0x${t.evictAddr.toString(16)}`
          : `${t.req.kind} 0x${t.req.address.toString(16)}`;
      out.push(`trans[${i}] ${what} from ${t.req?.src ?? 'flusher'} (${t.action})`);
    });
    for (const i of s.pendingEvictions)
      out.push(`write-back 0x${s.transactions[i].evictAddr.toString(16)} pending`);
    for (const i of s.inflightEvictions)
      out.push(`write-back 0x${s.transactions[i].evictAddr.toString(16)} in flight`);
    for (const i of s.inflightFetches)
      out.push(`fetch 0x${s.transactions[i].fetchAddr.toString(16)} in flight`);
    if (s.flushQueue.length > 0) out.push(`${s.flushQueue.length} blocks left to flush`);
    return out;
  },
};
