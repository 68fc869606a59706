import type { ComponentModel } from '../contract/component';
import { SimPanic } from '../contract/sim-panic';
import { StepIo } from '../contract/step-io';
import { push } from '../structures/immutable-array';
import { bankStage } from './l2-bank-stage';
import { l2Control } from './l2-cache-control';
import { l2CatchUp, l2NextTick } from './l2-cache-sleep';
import { initL2State, type L2CacheSpec, type L2CacheState, l2Quiescent } from './l2-cache-state';
import { L2Work } from './l2-cache-work';
import { directoryStage } from './l2-directory-stage';
import { l2Flusher } from './l2-flusher';
import { newTransaction } from './l2-lines';
import { mshrStage } from './l2-mshr-stage';
import { l2PageFlusher } from './l2-page-flusher';
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
  if (w.s.mode !== 'enabled') return;
  const m = io.peek('Top');
  if (m === undefined || w.s.dirBuf.length >= w.s.spec.internalBufferSize) return;
  if (m.kind !== 'ReadReq' && m.kind !== 'WriteReq')
    throw new SimPanic(`${io.fullName('Top')}: cannot handle ${m.kind}`);
  const idx = w.alloc(newTransaction(m.kind === 'ReadReq' ? 'read' : 'write', m));
  w.edit.dirBuf = push(w.s.dirBuf, idx);
  io.pop('Top');
  w.bump(m.kind === 'ReadReq' ? 'reads' : 'writes');
}

/** The data pipeline, back to front: MSHR ×N, bank, write buffer ×N, directory ×N, top parser ×N. */
function runPipeline(w: L2Work, io: StepIo): void {
  const n = w.s.spec.numReqPerCycle;
  for (let k = 0; k < n; k++) mshrStage(w, io);
  bankStage(w, io);
  for (let k = 0; k < n; k++) writeBufferStage(w, io);
  for (let k = 0; k < n; k++) directoryStage(w);
  for (let k = 0; k < n; k++) topParser(w, io);
}

/**
 * The shared L2 write-back cache (components.md §0.7, §0.8, §7;
 * control-protocol.md): fmix64-indexed set-associative directory, MSHR,
 * one bank with a 10-stage pipeline, a write buffer with masked
 * write-backs, and the full control surface (Pause, Drain, Enable, Reset,
 * Invalidate, Flush, and FlushPage while running). Ports `Top` (from the L1s), `Bottom` (to the memory
 * controllers, picked per address by the interleaving rule) and `Control`.
 *
 * Each tick: control middleware, flusher, then — unless paused — the data
 * pipeline; it asks for the next tick when work is left, sleeping through
 * ticks that only move its own items (l2-cache-sleep.ts).
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
    const w = new L2Work(state);
    l2Control(w, io);
    l2Flusher(w, io);
    l2PageFlusher(w, io);
    if (w.s.mode !== 'paused') runPipeline(w, io);
    l2NextTick(w, io);
    return io.result(w.finish());
  },
  sleep: { catchUp: l2CatchUp },
  controlState: (s) => (s.mode === 'pre-flushing' ? 'flushing' : s.mode),
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
    if (s.mode !== 'enabled') out.push(`mode ${s.mode}`);
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
    if (s.pageFlushReq !== null)
      out.push(`FlushPage 0x${(s.pageFlushReq.addresses[0] ?? 0).toString(16)} under way`);
    return out;
  },
};
