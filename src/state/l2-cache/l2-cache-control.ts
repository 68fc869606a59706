import type { ControlReq } from '../contract/messages';
import type { StepIo } from '../contract/step-io';
import { controlReply, filterMatches } from '../control/control-reply';
import { type ControlErrorText, ERR_MUST_BE_PAUSED, ERR_UNSUPPORTED } from '../control/control-verbs';
import { freshBankPipeline } from './l2-cache-state';
import type { L2Work } from './l2-cache-work';
import { blockWith } from './l2-lines';

/**
 * Sends a control reply from the L2's `Control` port (the caller checked
 * `canSend`) and pops the request.
 *
 * @example
 * replyAndPop(w, io, req, true, '');
 */
export function replyAndPop(
  w: L2Work,
  io: StepIo,
  req: ControlReq,
  ok: boolean,
  error: ControlErrorText,
): void {
  io.send('Control', controlReply(req, io.fullName('Control'), w.newId(), ok, error));
  io.pop('Control');
  w.bump('controlCommands');
}

function resetAll(w: L2Work, io: StepIo): void {
  w.edit.directory = w.s.directory.reset();
  w.edit.mshr = [];
  w.clearTransactions();
  w.edit.evicting = [];
  w.edit.dirBuf = [];
  w.edit.dirPost = [];
  w.edit.dirToBank = [];
  w.edit.wbToBank = [];
  w.edit.mshrBuf = [];
  w.edit.wbBuf = [];
  w.edit.bankPipeline = freshBankPipeline(w.s.spec);
  w.edit.bankPost = [];
  w.edit.bankInflight = 0;
  w.edit.bankDownward = 0;
  w.edit.pendingEvictions = [];
  w.edit.inflightEvictions = [];
  w.edit.inflightFetches = [];
  w.edit.mshrProcessing = -1;
  w.edit.flushQueue = [];
  w.edit.flushedRefs = [];
  w.edit.flushReq = null;
  w.edit.drainReq = null;
  w.edit.pageFlushReq = null;
  w.edit.pageFlushCollected = false;
  w.edit.mode = 'enabled';
  while (io.pop('Top') !== undefined) {
    /* discard queued requests */
  }
  while (io.pop('Bottom') !== undefined) {
    /* discard queued responses; later ones are dropped as unmatched */
  }
}

/**
 * Invalidate: every valid block matching the filter (addresses rounded down
 * to the line, PID 0 = any) loses `valid`, `dirty` and its dirty mask.
 * Dirty data is discarded without write-back; locks and MSHR entries are
 * not checked (components.md §7).
 */
function invalidate(w: L2Work, req: ControlReq): void {
  const line = w.s.spec.lineSize;
  let n = 0;
  w.edit.directory = w.s.directory.updateValidBlocks((b) => {
    if (!filterMatches(req.addresses, req.pid, line, b.tag, b.pid)) return b;
    n++;
    return blockWith(b, { isValid: false, isDirty: false, dirtyMask: null });
  });
  if (n > 0) w.bump('invalidatedLines', n);
}

function handleIncoming(w: L2Work, io: StepIo): void {
  const m = io.peek('Control');
  // A non-control message on Control is left in place (upstream L2 behaviour).
  if (m === undefined || m.kind !== 'ControlReq') return;
  switch (m.command) {
    case 'Drain':
      io.pop('Control');
      w.edit.mode = 'draining';
      w.edit.drainReq = m;
      return;
    case 'Flush':
      return; // owned by the flusher, which runs next
    case 'FlushPage':
      return; // owned by the page flusher (l2-page-flusher.ts)
    default:
  }
  if (!io.canSend('Control')) return;
  switch (m.command) {
    case 'Pause':
      w.edit.mode = 'paused';
      replyAndPop(w, io, m, true, '');
      return;
    case 'Enable':
      w.edit.mode = 'enabled';
      if (w.s.spec.faults?.enableDropsFrozen) {
        while (io.pop('Top') !== undefined) {
          /* FAULT (tests only): throw away requests queued while paused */
        }
      }
      replyAndPop(w, io, m, true, '');
      return;
    case 'Reset':
      replyAndPop(w, io, m, true, '');
      resetAll(w, io);
      return;
    case 'Invalidate':
      if (w.s.mode !== 'paused') {
        replyAndPop(w, io, m, false, ERR_MUST_BE_PAUSED);
        return;
      }
      invalidate(w, m);
      replyAndPop(w, io, m, true, '');
      return;
    default:
      replyAndPop(w, io, m, false, ERR_UNSUPPORTED);
  }
}

/**
 * The L2's control middleware (components.md §7), run first in every tick:
 * finish a pending Drain once the cache is quiescent (ack, become paused),
 * then — unless draining or a Flush or FlushPage is being processed — take
 * at most one command off `Control`: Pause, Drain, Enable, Reset,
 * Invalidate. Flush is left for the flusher, FlushPage for the page flusher. Sync verbs are taken only when the reply can go
 * out this tick.
 *
 * @example
 * l2Control(w, io); l2Flusher(w, io); if (w.s.mode !== 'paused') runPipeline(w, io);
 */
export function l2Control(w: L2Work, io: StepIo): void {
  if (w.s.mode === 'draining' && w.quiescent() && io.canSend('Control')) {
    const req = w.s.drainReq!;
    io.send('Control', controlReply(req, io.fullName('Control'), w.newId(), true, ''));
    w.bump('controlCommands');
    w.edit.mode = 'paused';
    w.edit.drainReq = null;
  }
  if (w.s.mode !== 'draining' && w.s.flushReq === null && w.s.pageFlushReq === null) handleIncoming(w, io);
}
