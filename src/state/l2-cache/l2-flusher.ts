import { SimPanic } from '../contract/sim-panic';
import type { StepIo } from '../contract/step-io';
import { controlReply, filterMatches } from '../control/control-reply';
import { ERR_MUST_BE_PAUSED } from '../control/control-verbs';
import { push, shift } from '../structures/immutable-array';
import { replyAndPop } from './l2-cache-control';
import type { L2BlockRef } from './l2-cache-state';
import type { L2Work } from './l2-cache-work';
import { blockWith, newTransaction } from './l2-lines';

/** Pre-flushing → flushing: once no transaction is live, collect the valid dirty blocks matching the filter. */
function collect(w: L2Work): void {
  for (const t of w.transactions) if (!t.removed) return;
  const req = w.flushReq!;
  const refs: L2BlockRef[] = [];
  if (w.dir.busyBlocks > 0) throw new SimPanic('L2: all the blocks should be unlocked before flushing');
  w.dir.forEachDirtyBlock((b) => {
    if (!b.isValid) return;
    if (!filterMatches(req.addresses, req.pid, w.spec.lineSize, b.tag, b.pid)) return;
    refs.push({ setId: b.setId, wayId: b.wayId });
  });
  w.flushedRefs = refs;
  // FAULT (tests only): the first collected block is never written back but
  // is still marked clean when the flush finishes.
  w.flushQueue = w.spec.faults?.flushSkipsOneLine && refs.length > 0 ? refs.slice(1) : refs;
  w.mode = 'flushing';
}

/** True when nothing is left below or inside: bank work, write-buffer input, fetches and evictions (even older ones). */
function flushCompleted(w: L2Work): boolean {
  return (
    w.dirToBank.length === 0 &&
    w.bankInflight === 0 &&
    w.wbBuf.length === 0 &&
    w.inflightFetches.length === 0 &&
    w.inflightEvictions.length === 0 &&
    w.pendingEvictions.length === 0
  );
}

function finish(w: L2Work, io: StepIo): void {
  if (w.flushQueue.length > 0 || !flushCompleted(w) || !io.canSend('Control')) return;
  io.send('Control', controlReply(w.flushReq!, io.fullName('Control'), w.newId(), true, ''));
  w.bump('controlCommands');
  // Exactly the collected blocks become clean; they stay valid.
  w.dir = w.dir.updateBlocks(w.flushedRefs, (b) => blockWith(b, { isDirty: false, dirtyMask: null }));
  w.bump('flushedLines', w.flushedRefs.length);
  w.flushedRefs = [];
  w.flushReq = null;
  w.mode = 'paused';
}

/** Hands one collected block to the bank as a flush eviction. */
function handOver(w: L2Work): void {
  if (w.flushQueue.length === 0 || w.dirToBank.length >= w.spec.internalBufferSize) return;
  const r = w.flushQueue[0];
  const b = w.dir.block(r.setId, r.wayId);
  const t = newTransaction('flush', null);
  t.action = 'bankEvict';
  t.setId = r.setId;
  t.wayId = r.wayId;
  t.evictAddr = b.tag;
  t.evictPid = b.pid;
  t.evictMask = b.dirtyMask;
  w.dirToBank = push(w.dirToBank, w.alloc(t));
  w.flushQueue = shift(w.flushQueue);
}

/**
 * The flusher middleware (components.md §7, Flush), run after the control
 * middleware: drives pre-flushing and flushing; otherwise (and not while
 * draining) takes a Flush off `Control` — rejected with "must be paused or
 * drained" unless paused. While a flush is in progress the control
 * middleware takes nothing, so later commands stay queued.
 *
 * @example
 * l2Flusher(w, io);
 */
export function l2Flusher(w: L2Work, io: StepIo): void {
  if (w.mode === 'pre-flushing') {
    collect(w);
    return;
  }
  if (w.mode === 'flushing') {
    finish(w, io);
    handOver(w);
    return;
  }
  if (w.mode === 'draining') return;
  const m = io.peek('Control');
  if (m === undefined || m.kind !== 'ControlReq' || m.command !== 'Flush') return;
  if (w.mode !== 'paused') {
    if (io.canSend('Control')) replyAndPop(w, io, m, false, ERR_MUST_BE_PAUSED);
    return;
  }
  io.pop('Control');
  w.flushReq = m;
  w.mode = 'pre-flushing';
}
