import type { ControlReq } from '../contract/messages';
import type { StepIo } from '../contract/step-io';
import { controlReply, inPageRange } from '../control/control-reply';
import { ERR_MUST_BE_ENABLED } from '../control/control-verbs';
import { validBlocksInRange } from '../structures/directory-range';
import { push } from '../structures/immutable-array';
import { replyAndPop } from './l2-cache-control';
import type { L2Action } from './l2-cache-state';
import type { L2Work } from './l2-cache-work';
import { blockWith, newTransaction } from './l2-lines';

const EVICTING: ReadonlySet<L2Action> = new Set<L2Action>([
  'bankEvict',
  'bankEvictAndFetch',
  'bankEvictAndWrite',
  'wbFlush',
  'wbEvictAndFetch',
  'wbEvictAndWrite',
]);

/** A live transaction works on the range: a request to it, or a victim of it not yet queued for write-back. */
function liveWorkInRange(w: L2Work, req: ControlReq): boolean {
  for (const t of w.s.transactions) {
    if (t.removed) continue;
    if (t.req !== null && inPageRange(req, t.req.address, req.pid === 0 ? 0 : t.req.pid)) return true;
    if (EVICTING.has(t.action) && inPageRange(req, t.evictAddr, req.pid === 0 ? 0 : t.evictPid)) return true;
  }
  return false;
}

/** A write-back of a line of the range is pending or in flight. */
function writeBackInRange(w: L2Work, req: ControlReq): boolean {
  for (const i of w.s.pendingEvictions) if (inPageRange(req, w.t(i).evictAddr, w.t(i).evictPid)) return true;
  for (const i of w.s.inflightEvictions) if (inPageRange(req, w.t(i).evictAddr, w.t(i).evictPid)) return true;
  return false;
}

/**
 * Drops every valid line of the range; a dirty one becomes a write-back
 * (a flush transaction queued straight for the write buffer's sender, its
 * line in the evicting set until acked, so a fetch of it meanwhile is served
 * from the write-back's data).
 */
function collect(w: L2Work, req: ControlReq): void {
  const r = req.addresses[0];
  const blocks = validBlocksInRange(w.s.directory, r, r + (req.bytes ?? 4096)).filter(
    (b) => req.pid === 0 || b.pid === req.pid,
  );
  for (const b of blocks) {
    if (b.isDirty) {
      const t = newTransaction('flush', null);
      t.action = 'wbFlush';
      t.setId = b.setId;
      t.wayId = b.wayId;
      t.evictAddr = b.tag;
      t.evictPid = b.pid;
      t.evictMask = b.dirtyMask;
      t.evictData = b.data;
      const idx = w.alloc(t);
      w.edit.pendingEvictions = push(w.s.pendingEvictions, idx);
      w.edit.evicting = push(w.s.evicting, b.tag);
      w.bump('flushedLines');
    }
    w.setBlock(blockWith(b, { isValid: false, isDirty: false, dirtyMask: null }));
  }
  w.edit.pageFlushCollected = true;
}

/**
 * The L2's FlushPage (docs/scoped-migration.md), run after the control
 * middleware and the flusher. Taken off `Control` only while the cache runs
 * (`enabled`, no Flush, Drain or FlushPage under way; otherwise "must be
 * enabled"); the data path keeps running meanwhile. Once no live
 * transaction works on the range, every valid line of it is dropped, the
 * dirty ones queued for write-back; the ack goes out once no write-back of
 * the range is pending or in flight. While a FlushPage is under way the
 * control middleware takes nothing else.
 *
 * @example
 * l2Control(w, io); l2Flusher(w, io); l2PageFlusher(w, io);
 */
export function l2PageFlusher(w: L2Work, io: StepIo): void {
  const pending = w.s.pageFlushReq;
  if (pending !== null) {
    if (!w.s.pageFlushCollected) {
      if (!liveWorkInRange(w, pending)) collect(w, pending);
      return;
    }
    if (writeBackInRange(w, pending) || !io.canSend('Control')) return;
    io.send('Control', controlReply(pending, io.fullName('Control'), w.newId(), true, ''));
    w.bump('controlCommands');
    w.edit.pageFlushReq = null;
    w.edit.pageFlushCollected = false;
    return;
  }
  const m = io.peek('Control');
  if (m === undefined || m.kind !== 'ControlReq' || m.command !== 'FlushPage') return;
  if (w.s.mode !== 'enabled' || w.s.flushReq !== null || m.addresses.length === 0) {
    if (!io.canSend('Control')) return;
    // A FlushPage naming no range has nothing to do: acked at once.
    const ok = w.s.mode === 'enabled' && m.addresses.length === 0;
    replyAndPop(w, io, m, ok, ok ? '' : ERR_MUST_BE_ENABLED);
    return;
  }
  io.pop('Control');
  w.edit.pageFlushReq = m;
  w.edit.pageFlushCollected = false;
}
