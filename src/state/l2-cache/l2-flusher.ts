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
  for (const t of w.s.transactions) if (!t.removed) return;
  const req = w.s.flushReq!;
  const refs: L2BlockRef[] = [];
  if (w.s.directory.busyBlocks > 0)
    throw new SimPanic('L2: all the blocks should be unlocked before flushing');
  w.s.directory.forEachDirtyBlock((b) => {
    if (!b.isValid) return;
    if (!filterMatches(req.addresses, req.pid, w.s.spec.lineSize, b.tag, b.pid)) return;
    refs.push({ setId: b.setId, wayId: b.wayId });
  });
  w.edit.flushedRefs = refs;
  // FAULT (tests only): the first collected block is never written back but
  // is still marked clean when the flush finishes.
  w.edit.flushQueue = w.s.spec.faults?.flushSkipsOneLine && refs.length > 0 ? refs.slice(1) : refs;
  w.edit.mode = 'flushing';
}

/** True when nothing is left below or inside: bank work, write-buffer input, fetches and evictions (even older ones). */
function flushCompleted(w: L2Work): boolean {
  return (
    w.s.dirToBank.length === 0 &&
    w.s.bankInflight === 0 &&
    w.s.wbBuf.length === 0 &&
    w.s.inflightFetches.length === 0 &&
    w.s.inflightEvictions.length === 0 &&
    w.s.pendingEvictions.length === 0
  );
}

function finish(w: L2Work, io: StepIo): void {
  if (w.s.flushQueue.length > 0 || !flushCompleted(w) || !io.canSend('Control')) return;
  io.send('Control', controlReply(w.s.flushReq!, io.fullName('Control'), w.newId(), true, ''));
  w.bump('controlCommands');
  // Exactly the collected blocks become clean; they stay valid.
  w.edit.directory = w.s.directory.updateBlocks(w.s.flushedRefs, (b) =>
    blockWith(b, { isDirty: false, dirtyMask: null }),
  );
  w.bump('flushedLines', w.s.flushedRefs.length);
  w.edit.flushedRefs = [];
  w.edit.flushReq = null;
  w.edit.mode = 'paused';
}

/** Hands one collected block to the bank as a flush eviction. */
function handOver(w: L2Work): void {
  if (w.s.flushQueue.length === 0 || w.s.dirToBank.length >= w.s.spec.internalBufferSize) return;
  const r = w.s.flushQueue[0];
  const b = w.s.directory.block(r.setId, r.wayId);
  const t = newTransaction('flush', null);
  t.action = 'bankEvict';
  t.setId = r.setId;
  t.wayId = r.wayId;
  t.evictAddr = b.tag;
  t.evictPid = b.pid;
  t.evictMask = b.dirtyMask;
  w.edit.dirToBank = push(w.s.dirToBank, w.alloc(t));
  w.edit.flushQueue = shift(w.s.flushQueue);
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
  if (w.s.mode === 'pre-flushing') {
    collect(w);
    return;
  }
  if (w.s.mode === 'flushing') {
    finish(w, io);
    handOver(w);
    return;
  }
  if (w.s.mode === 'draining') return;
  const m = io.peek('Control');
  if (m === undefined || m.kind !== 'ControlReq' || m.command !== 'Flush') return;
  if (w.s.mode !== 'paused') {
    if (io.canSend('Control')) replyAndPop(w, io, m, false, ERR_MUST_BE_PAUSED);
    return;
  }
  io.pop('Control');
  w.edit.flushReq = m;
  w.edit.mode = 'pre-flushing';
}
