import { type ComponentModel, firstMessageId } from '../contract/component';
import type { ControlReq, Msg, TranslationReq } from '../contract/messages';
import { SimPanic } from '../contract/sim-panic';
import { StepIo } from '../contract/step-io';
import { controlReply, filterMatches } from '../control/control-reply';
import { type ControlErrorText, ERR_MUST_BE_PAUSED, ERR_UNSUPPORTED } from '../control/control-verbs';
import type { Page } from '../memory/page';
import {
  defaultL1TlbSpec,
  emptyTlbStats,
  freshTlbState,
  replayTlbPipeline,
  TLB_INSERT_DWELL,
  type TlbSpec,
  type TlbState,
  tlbFindWay,
  tlbInstall,
  tlbSetIndex,
  tlbVisit,
} from './tlb-state';
import { TlbWork } from './tlb-work';

export type { TlbSpec, TlbState, TlbStats } from './tlb-state';
export { defaultL1TlbSpec, defaultL2TlbSpec } from './tlb-state';

/** The working copy, reused by every step (steps never overlap; {@link TlbWork.load} starts it over). */
const WORK = new TlbWork(freshTlbState(defaultL1TlbSpec('-'), 0, emptyTlbStats()));

/** Step-local scratch for requests leaving the pipeline in replayed ticks (emptied before each use). */
const SCRATCH: TranslationReq[] = [];

function reply(w: TlbWork, io: StepIo, req: ControlReq, ok: boolean, error: ControlErrorText): void {
  io.send('Control', controlReply(req, io.fullName('Control'), w.nextId++, ok, error));
}

function invalidate(w: TlbWork, req: ControlReq): void {
  const align = 2 ** w.spec.log2PageSize;
  for (let si = 0; si < w.sets.length; si++) {
    const set = w.sets[si];
    let pages: Page[] | null = null;
    let keys: number[] | null = null;
    for (let way = 0; way < set.pages.length; way++) {
      if (set.keys[way] === -1) continue; // not valid
      const p = set.pages[way];
      if (!filterMatches(req.addresses, req.pid, align, p.vAddr, p.pid)) continue;
      pages ??= set.pages.slice();
      keys ??= set.keys.slice();
      keys[way] = -1;
      // The entry keeps its key (pid, vAddr); only `valid` drops.
      pages[way] = {
        pid: p.pid,
        vAddr: p.vAddr,
        pAddr: p.pAddr,
        pageSize: p.pageSize,
        valid: false,
        deviceID: p.deviceID,
        unified: p.unified,
        isMigrating: p.isMigrating,
        isPinned: p.isPinned,
      };
    }
    if (pages !== null && keys !== null) w.setSet(si, { pages, lru: set.lru, keys });
  }
}

function reset(w: TlbWork, io: StepIo): void {
  const f = freshTlbState(w.spec, w.nextId, w.stats);
  w.control = f.control;
  w.pendingDrain = null;
  w.sets = f.sets;
  w.clearQueues();
  w.responding = null;
  w.pipeline = f.pipeline;
  while (io.pop('Top') !== undefined) {
    /* discard queued requests */
  }
  while (io.pop('Bottom') !== undefined) {
    /* discard queued responses */
  }
}

/**
 * Control middleware: ack a finished Drain first; while a Drain is pending
 * (draining, or drained with the ack not yet sent) take nothing else;
 * otherwise handle one command.
 */
function handleControl(w: TlbWork, io: StepIo): void {
  if (w.pendingDrain !== null) {
    if (w.control !== 'pause' || !io.canSend('Control')) return;
    reply(w, io, w.pendingDrain, true, '');
    w.pendingDrain = null;
  }
  const m: Msg | undefined = io.peek('Control');
  if (m === undefined) return;
  if (m.kind !== 'ControlReq') {
    io.pop('Control');
    return;
  }
  if (m.command === 'Drain') {
    io.pop('Control');
    w.control = 'drain';
    w.pendingDrain = m;
    w.st().controlCommands++;
    return;
  }
  if (!io.canSend('Control')) return;
  io.pop('Control');
  w.st().controlCommands++;
  switch (m.command) {
    case 'Pause':
      w.control = 'pause';
      reply(w, io, m, true, '');
      break;
    case 'Enable':
      w.control = 'enable';
      reply(w, io, m, true, '');
      break;
    case 'Reset':
      reply(w, io, m, true, '');
      reset(w, io);
      break;
    case 'Invalidate':
      if (w.control !== 'pause') reply(w, io, m, false, ERR_MUST_BE_PAUSED);
      else {
        invalidate(w, m);
        reply(w, io, m, true, '');
      }
      break;
    default:
      // Flush (a TLB holds nothing dirty) is unsupported in every state.
      reply(w, io, m, false, ERR_UNSUPPORTED);
  }
}

/** Sends one TranslationRsp per waiting request of the responding entry, in order. */
function respond(w: TlbWork, io: StepIo): void {
  for (let k = 0; k < w.spec.numReqPerCycle; k++) {
    const r = w.responding;
    if (r === null || !io.canSend('Top')) return;
    const req = r.requests[0];
    io.send('Top', {
      kind: 'TranslationRsp',
      id: w.nextId++,
      src: io.fullName('Top'),
      dst: req.src,
      rspTo: req.id,
      page: r.page,
    });
    w.responding = r.requests.length > 1 ? { page: r.page, requests: r.requests.slice(1) } : null;
  }
}

/** Installs fetched pages; one per tick in practice (skipped while an entry is responding). */
function parseBottom(w: TlbWork, io: StepIo): void {
  for (let k = 0; k < w.spec.numReqPerCycle; k++) {
    if (w.responding !== null) return;
    const m: Msg | undefined = io.peek('Bottom');
    if (m === undefined) return;
    if (m.kind !== 'TranslationRsp') throw new SimPanic(`${io.fullName('Bottom')}: cannot process ${m.kind}`);
    io.pop('Bottom');
    const page = m.page;
    const ei = w.mshrIndex(page.pid, page.vAddr);
    // No outstanding request for this page, or a stale answer (e.g. after a Reset): drop it.
    if (ei < 0 || w.mshr[ei].reqToBottomId !== m.rspTo) continue;
    const si = tlbSetIndex(w.spec, page.vAddr);
    w.setSet(si, tlbInstall(w.sets[si], page));
    w.responding = { page, requests: w.mshr[ei].requests };
    w.mshrW().splice(ei, 1);
    w.st().fills++;
  }
}

/** Looks one request up; false means stall (it stays at the head of the buffer). */
function lookup(w: TlbWork, io: StepIo, req: TranslationReq): boolean {
  const ei = w.mshrIndex(req.pid, req.vAddr);
  if (ei >= 0) {
    const e = w.mshr[ei];
    w.mshrW()[ei] = {
      pid: e.pid,
      vAddr: e.vAddr,
      requests: [...e.requests, req],
      reqToBottomId: e.reqToBottomId,
    };
    w.st().mshrHits++;
    return true;
  }
  const si = tlbSetIndex(w.spec, req.vAddr);
  const set = w.sets[si];
  const way = tlbFindWay(set, req.pid, req.vAddr);
  if (way >= 0) {
    if (!io.canSend('Top')) return false;
    io.send('Top', {
      kind: 'TranslationRsp',
      id: w.nextId++,
      src: io.fullName('Top'),
      dst: req.src,
      rspTo: req.id,
      page: set.pages[way],
    });
    w.setSet(si, tlbVisit(set, way));
    w.st().hits++;
    return true;
  }
  if (w.mshr.length >= w.spec.mshrSize) return false;
  if (!io.canSend('Bottom')) return false;
  const id = w.nextId++;
  io.send('Bottom', {
    kind: 'TranslationReq',
    id,
    src: io.fullName('Bottom'),
    dst: w.spec.lowerPort,
    rspTo: 0,
    vAddr: req.vAddr,
    pid: req.pid,
    deviceID: req.deviceID,
  });
  w.mshrW().push({ pid: req.pid, vAddr: req.vAddr, requests: [req], reqToBottomId: id });
  w.st().misses++;
  return true;
}

function extractAndTick(w: TlbWork, io: StepIo): void {
  for (let k = 0; k < w.spec.numReqPerCycle && w.pipeBuf.length > 0; k++) {
    if (!lookup(w, io, w.pipeBuf[0])) {
      w.lookupStalled = true;
      break;
    }
    w.pipeBufW().shift();
  }
  if (w.pipeline.count > 0) {
    const [p, out] = w.pipeline.tick(w.spec.numReqPerCycle - w.pipeBuf.length);
    w.pipeline = p;
    for (const r of out) w.pipeBufW().push(r);
  }
}

function insert(w: TlbWork, io: StepIo): void {
  for (let k = 0; k < w.spec.numReqPerCycle; k++) {
    const m: Msg | undefined = io.peek('Top');
    if (m === undefined || !w.pipeline.canAccept()) return;
    if (m.kind !== 'TranslationReq') throw new SimPanic(`${io.fullName('Top')}: cannot process ${m.kind}`);
    io.pop('Top');
    w.pipeline = w.pipeline.accept(m, TLB_INSERT_DWELL);
    w.st().translations++;
  }
}

/**
 * Drained: nothing in the MSHR, nothing being answered, nothing waiting in
 * Bottom — and, fixing the reference's [Latent] condition, nothing inside the
 * pipeline or its output buffer either.
 */
function drained(w: TlbWork, io: StepIo): boolean {
  return (
    w.mshr.length === 0 &&
    w.responding === null &&
    io.incomingLength('Bottom') === 0 &&
    w.pipeline.count === 0 &&
    w.pipeBuf.length === 0
  );
}

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
 * pipeline ticks ({@link replaySkipped}).
 */
function idleTicks(w: TlbWork, io: StepIo): number {
  if (w.control !== 'enable' || w.pendingDrain !== null || io.incomingLength('Control') > 0) return 1;
  if (w.responding !== null ? io.canSend('Top') : io.incomingLength('Bottom') > 0) return 1;
  if (w.pipeBuf.length > 0 && !w.lookupStalled) return 1;
  const width = w.spec.numReqPerCycle;
  const room = width - w.pipeBuf.length;
  if (io.incomingLength('Top') > 0) {
    if (w.pipeline.isFull() && room === 0) return Number.POSITIVE_INFINITY;
    // The next tick's lookups do nothing (stalled or no buffer); its insert may not either.
    return w.pipeline.canAcceptAfterTick(room) ? 1 : 2;
  }
  if (room === 0 || w.pipeBuf.length > 0) return Number.POSITIVE_INFINITY;
  const t = w.pipeline.ticksToExit();
  if (t === Number.POSITIVE_INFINITY) return t;
  // With an empty buffer the sink has room for `width` items in each of those
  // t ticks, so the first request to reach the lookup stage is the
  // pipeline's next exit (what replaying t ticks would emit first).
  const first = w.pipeline.peekNextExit() as TranslationReq;
  return lookupStalls(w, io, first) ? Number.POSITIVE_INFINITY : t + 1;
}

/**
 * True when {@link lookup} of `req` would stall now — and so in every later
 * tick until a message or a drained port wakes the TLB: outgoing buffers
 * only drain, and only this TLB's own steps change its MSHR and sets.
 */
function lookupStalls(w: TlbWork, io: StepIo, req: TranslationReq): boolean {
  if (w.mshrIndex(req.pid, req.vAddr) >= 0) return false;
  if (tlbFindWay(w.sets[tlbSetIndex(w.spec, req.vAddr)], req.pid, req.vAddr) >= 0) return !io.canSend('Top');
  return w.mshr.length >= w.spec.mshrSize || !io.canSend('Bottom');
}

/**
 * The ticks this TLB slept through ({@link idleTicks}) ran only the pipeline:
 * its lookup stage had an empty buffer, or a head stalled on something no
 * slept-through tick could change. Moves what left the pipeline meanwhile
 * into the buffer.
 */
function replaySkipped(w: TlbWork, skipped: number): void {
  SCRATCH.length = 0;
  w.pipeline = replayTlbPipeline(w.pipeline, w.pipeBuf.length, skipped, w.spec.numReqPerCycle, SCRATCH);
  if (SCRATCH.length === 0) return;
  const buf = w.pipeBufW();
  for (let i = 0; i < SCRATCH.length; i++) buf.push(SCRATCH[i]);
  SCRATCH.length = 0;
}

/**
 * True when the TLB's next tick, given the state and ports this step leaves,
 * would do nothing unless a message arrives in an empty buffer or a full
 * outgoing buffer drains (see {@link StepIo.idleNext}): paused with no
 * control message, or enabled with nothing inside and nothing waiting.
 */
function nextTickIdle(w: TlbWork, io: StepIo): boolean {
  if (w.pendingDrain !== null || io.incomingLength('Control') > 0) return false;
  if (w.control === 'pause') return true;
  return (
    w.control === 'enable' &&
    w.responding === null &&
    w.pipeline.count === 0 &&
    w.pipeBuf.length === 0 &&
    io.incomingLength('Top') === 0 &&
    io.incomingLength('Bottom') === 0
  );
}

/**
 * A set-associative TLB with an MSHR (components.md §5), used as the private
 * L1 TLB and the shared L2 TLB. Ports `Top` (TranslationReq in,
 * TranslationRsp out), `Bottom` (to `spec.lowerPort`) and `Control`.
 * Control: TranslationCacheLike (Flush answers "unsupported").
 *
 * @example
 * const rig = new ComponentRig(tlbModel, defaultL1TlbSpec('L2TLB.Top'), { name: 'L1TLB[0]' });
 */
export const tlbModel: ComponentModel<TlbSpec, TlbState> = {
  kind: 'tlb',
  quietIdle: true,
  ports: () => ['Top', 'Bottom', 'Control'],
  init: (spec, id) => freshTlbState(spec, firstMessageId(id.index), emptyTlbStats()),
  step(state, event, now) {
    const io = new StepIo(event, now);
    const w = WORK.load(state);
    // Slept-through ticks ran the pipeline (and nothing else) each.
    if (io.skipped > 0) replaySkipped(w, io.skipped);
    handleControl(w, io);
    if (w.control !== 'pause') {
      respond(w, io);
      parseBottom(w, io);
      extractAndTick(w, io);
      if (w.control === 'enable') insert(w, io);
      else if (drained(w, io)) w.control = 'pause';
      if (
        w.control === 'drain' ||
        w.responding !== null ||
        w.pipeline.count > 0 ||
        w.pipeBuf.length > 0 ||
        (w.control === 'enable' && io.incomingLength('Top') > 0)
      ) {
        const ticks = idleTicks(w, io);
        if (ticks > 1) io.wakeAt(now + ticks);
        else io.progress();
      }
    }
    if (w.pendingDrain !== null) io.progress();
    else if (io.madeProgress && nextTickIdle(w, io)) io.idleNext();
    return io.result(w.finish());
  },
  controlState: (s) => (s.control === 'enable' ? 'enabled' : s.control === 'pause' ? 'paused' : 'draining'),
  isQuiescent: (s) =>
    s.mshr.length === 0 && s.responding === null && s.pipeline.count === 0 && s.pipeBuf.length === 0,
  describeOutstanding: (s, skipped = 0) => {
    const out: string[] = [];
    for (const e of s.mshr) {
      out.push(
        `MSHR pid ${e.pid} vAddr 0x${e.vAddr.toString(16)}: ${e.requests.length} waiting, sent ${e.reqToBottomId}`,
      );
    }
    if (s.responding !== null) {
      out.push(
        `responding 0x${s.responding.page.vAddr.toString(16)} to ${s.responding.requests.length} request(s)`,
      );
    }
    if (s.pipeline.count > 0 || s.pipeBuf.length > 0) {
      // As the reference would show it: with the slept-through ticks' pipeline exits.
      const leaving: TranslationReq[] = [];
      replayTlbPipeline(s.pipeline, s.pipeBuf.length, skipped, s.spec.numReqPerCycle, leaving);
      const left = leaving.length;
      out.push(`${s.pipeline.count - left} in pipeline, ${s.pipeBuf.length + left} awaiting lookup`);
    }
    if (s.pendingDrain !== null) out.push(`drain pending (${s.control})`);
    return out;
  },
};
