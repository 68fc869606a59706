import { type ComponentModel, firstMessageId } from '../contract/component';
import type { ControlReq } from '../contract/messages';
import { StepIo } from '../contract/step-io';
import type { BasicControlState } from '../control/basic-control-state';
import { controlReply, filterMatches, pageRange } from '../control/control-reply';
import { type ControlErrorText, ERR_MUST_BE_PAUSED, ERR_UNSUPPORTED } from '../control/control-verbs';
import { validBlocksInRange } from '../structures/directory-range';
import { bankStage } from './l1-bank-stage';
import { bottomParser } from './l1-bottom-parser';
import { l1CatchUp, l1NextTick } from './l1-cache-sleep';
import { emptyL1Stats, freshL1State, type L1CacheSpec, type L1CacheState } from './l1-cache-state';
import { directoryStage } from './l1-directory-stage';
import { intakeStage } from './l1-intake-stage';
import { respondStage } from './l1-respond-stage';
import { L1Work } from './l1-work';

export type { L1CacheFaults, L1CacheSpec, L1CacheState, L1CacheStats } from './l1-cache-state';
export { defaultL1CacheSpec } from './l1-cache-state';

function withControl(
  s: L1CacheState,
  control: BasicControlState,
  pendingDrain: ControlReq | null,
  nextId: number,
  controlCommands: number,
): L1CacheState {
  const st = s.stats;
  return {
    spec: s.spec,
    numSets: s.numSets,
    control,
    pendingDrain,
    txns: s.txns,
    directory: s.directory,
    mshr: s.mshr,
    dirBuf: s.dirBuf,
    dirPipe: s.dirPipe,
    dirPost: s.dirPost,
    bankBuf: s.bankBuf,
    bankPipe: s.bankPipe,
    bankPost: s.bankPost,
    nextId,
    stats:
      controlCommands === st.controlCommands
        ? st
        : {
            reads: st.reads,
            writes: st.writes,
            readHits: st.readHits,
            readMisses: st.readMisses,
            writeHits: st.writeHits,
            writeMisses: st.writeMisses,
            mshrHits: st.mshrHits,
            fetches: st.fetches,
            writesToBottom: st.writesToBottom,
            earlyWriteAcks: st.earlyWriteAcks,
            controlCommands,
          },
  };
}

function allRemoved(s: L1CacheState): boolean {
  for (const t of s.txns) if (!t.removed) return false;
  return true;
}

/** Marks every valid block matching the filter invalid; the tag is kept and nothing is written back. */
function invalidate(s: L1CacheState, req: ControlReq): L1CacheState {
  const dir = s.directory.updateValidBlocks((b) => {
    if (!filterMatches(req.addresses, req.pid, s.spec.lineSize, b.tag, b.pid)) return b;
    return {
      setId: b.setId,
      wayId: b.wayId,
      tag: b.tag,
      pid: b.pid,
      cacheAddress: b.cacheAddress,
      isValid: false,
      isDirty: b.isDirty,
      dirtyMask: b.dirtyMask,
      isLocked: b.isLocked,
      readCount: b.readCount,
      data: b.data,
    };
  });
  if (dir === s.directory) return s;
  return withDirectory(s, dir);
}

function withDirectory(s: L1CacheState, dir: L1CacheState['directory']): L1CacheState {
  return {
    spec: s.spec,
    numSets: s.numSets,
    control: s.control,
    pendingDrain: s.pendingDrain,
    txns: s.txns,
    directory: dir,
    mshr: s.mshr,
    dirBuf: s.dirBuf,
    dirPipe: s.dirPipe,
    dirPost: s.dirPost,
    bankBuf: s.bankBuf,
    bankPipe: s.bankPipe,
    bankPost: s.bankPost,
    nextId: s.nextId,
    stats: s.stats,
  };
}

/** FlushPage: every valid line of the range drops (nothing is ever dirty in the write-through L1). */
function dropRange(s: L1CacheState, req: ControlReq): L1CacheState {
  const r = pageRange(req);
  if (r === null) return s;
  let dir = s.directory;
  for (const b of validBlocksInRange(dir, r[0], r[1])) {
    if (req.pid !== 0 && b.pid !== req.pid) continue;
    dir = dir.updateBlock({ ...b, isValid: false });
  }
  return dir === s.directory ? s : withDirectory(s, dir);
}

/**
 * The control middleware (components.md §4, control-protocol.md): one command
 * per tick, nothing taken while a Drain is in progress; a Drain's ack is
 * checked first, before the data path.
 */
function handleControl(s: L1CacheState, io: StepIo): L1CacheState {
  if (s.control === 'draining') {
    if (!allRemoved(s) || !io.canSend('Control')) return s;
    io.send('Control', controlReply(s.pendingDrain!, io.fullName('Control'), s.nextId, true, ''));
    s = withControl(s, 'paused', null, s.nextId + 1, s.stats.controlCommands);
  }
  const m = io.peek('Control');
  if (m === undefined) return s;
  if (m.kind !== 'ControlReq') {
    io.pop('Control');
    return s;
  }
  const cmds = s.stats.controlCommands + 1;
  if (m.command === 'Drain') {
    // Drain ends Paused, so a Drain from Paused resumes frozen work.
    io.pop('Control');
    return withControl(s, 'draining', m, s.nextId, cmds);
  }
  if (!io.canSend('Control')) return s;
  io.pop('Control');
  const reply = (next: L1CacheState, ok: boolean, error: ControlErrorText) => {
    io.send('Control', controlReply(m, io.fullName('Control'), next.nextId, ok, error));
    return withControl(next, next.control, next.pendingDrain, next.nextId + 1, cmds);
  };
  switch (m.command) {
    case 'Pause':
      return reply(withControl(s, 'paused', null, s.nextId, s.stats.controlCommands), true, '');
    case 'Enable':
      return reply(withControl(s, 'enabled', null, s.nextId, s.stats.controlCommands), true, '');
    case 'Reset':
      // Fixes the reference's [Latent] bug: the directory pipeline, its post
      // buffer, the bank pipeline and the bank post buffer are cleared too.
      while (io.pop('Top') !== undefined) {
        /* discard queued requests */
      }
      while (io.pop('Bottom') !== undefined) {
        /* discard queued responses */
      }
      return reply(freshL1State(s.spec, s.nextId, s.stats), true, '');
    case 'Invalidate':
      if (s.control !== 'paused') return reply(s, false, ERR_MUST_BE_PAUSED);
      return reply(invalidate(s, m), true, '');
    case 'Flush':
      // Nothing is ever dirty in a write-through L1: ack at once, keep every block.
      if (s.control !== 'paused') return reply(s, false, ERR_MUST_BE_PAUSED);
      return reply(s, true, '');
    case 'FlushPage':
      // Page-scoped, legal in every state: the range's lines drop at once.
      return reply(dropRange(s, m), true, '');
    default:
      return reply(s, false, ERR_UNSUPPORTED);
  }
}

/**
 * The private write-through L1 data cache (components.md §4) as a pure
 * component. Ports `Top` (from the AT), `Bottom` (to the L2, `spec.lowerPort`)
 * and `Control`. Write-through with write-allocate: every write goes below and
 * is acknowledged upward only after the L2 acked it; a partial-line write miss
 * also fetches the line. Control: CacheLike (Flush is a no-op) plus
 * FlushPage (the range's lines drop, in any state).
 *
 * @example
 * const rig = new ComponentRig(l1CacheModel, defaultL1CacheSpec('L2Cache.Top'), { name: 'L1Cache[0]' });
 */
export const l1CacheModel: ComponentModel<L1CacheSpec, L1CacheState> = {
  kind: 'l1-cache',
  quietIdle: true,
  ports: () => ['Top', 'Bottom', 'Control'],
  init: (spec, id) => freshL1State(spec, firstMessageId(id.index), emptyL1Stats()),
  step(state, event, now) {
    const io = new StepIo(event, now);
    let s = state;
    // Without control work handleControl would return the state as is.
    if (state.control !== 'enabled' || io.incomingLength('Control') > 0) {
      s = handleControl(state, io);
      if (s.control === 'paused') return io.result(s);
    }
    const w = new L1Work(s);
    respondStage(w, io);
    bottomParser(w, io);
    bankStage(w);
    directoryStage(w, io);
    if (s.control !== 'draining') intakeStage(w, io);
    l1NextTick(w, io);
    return io.result(w.finish());
  },
  sleep: { catchUp: l1CatchUp },
  controlState: (s) => s.control,
  isQuiescent: (s) => allRemoved(s),
  describeOutstanding: (s) => {
    const out: string[] = [];
    s.txns.forEach((t, i) => {
      if (t.removed) return;
      const what = t.isRead ? 'read' : 'write';
      const flags = [
        t.readToBottomId >= 0 ? 'fetch-sent' : '',
        t.writeToBottomId >= 0 ? (t.bottomWriteDone ? 'write-acked' : 'write-sent') : '',
        t.waitForMSHRFill ? (t.mshrFillDone ? 'fill-done' : `waits-fill-of-${t.fetcherSlot}`) : '',
        t.bankAction !== 'none' ? `bank:${t.bankAction}${t.bankDone ? '(done)' : ''}` : '',
        t.acked ? 'acked-early' : '',
        t.done ? 'done' : '',
      ].filter((f) => f !== '');
      out.push(`slot ${i}: ${what} 0x${t.address.toString(16)} from ${t.req.src} [${flags.join(' ')}]`);
    });
    for (const e of s.mshr)
      out.push(`MSHR line 0x${e.line.toString(16)} pid ${e.pid}: slots ${e.txns.join(',')}`);
    if (s.control === 'draining') out.push('draining');
    return out;
  },
};
