import { type ComponentModel, firstMessageId } from '../contract/component';
import type { ControlReq, Msg, TranslationReq } from '../contract/messages';
import { SimPanic } from '../contract/sim-panic';
import { StepIo } from '../contract/step-io';
import { controlReply, filterMatches } from '../control/control-reply';
import { type ControlErrorText, ERR_MUST_BE_PAUSED, ERR_UNSUPPORTED } from '../control/control-verbs';
import type { Page } from '../memory/page';
import { tlbCatchUp, tlbNextTick } from './tlb-sleep';
import {
  emptyTlbStats,
  freshTlbState,
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

function reply(w: TlbWork, io: StepIo, req: ControlReq, ok: boolean, error: ControlErrorText): void {
  io.send('Control', controlReply(req, io.fullName('Control'), w.edit.nextId++, ok, error));
}

function invalidate(w: TlbWork, req: ControlReq): void {
  const align = 2 ** w.s.spec.log2PageSize;
  for (let si = 0; si < w.s.sets.length; si++) {
    const set = w.s.sets[si];
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
  const f = freshTlbState(w.s.spec, w.s.nextId, w.s.stats);
  w.edit.control = f.control;
  w.edit.pendingDrain = null;
  w.edit.sets = f.sets;
  w.clearQueues();
  w.edit.responding = null;
  w.edit.pipeline = f.pipeline;
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
  if (w.s.pendingDrain !== null) {
    if (w.s.control !== 'paused' || !io.canSend('Control')) return;
    reply(w, io, w.s.pendingDrain, true, '');
    w.edit.pendingDrain = null;
  }
  const m: Msg | undefined = io.peek('Control');
  if (m === undefined) return;
  if (m.kind !== 'ControlReq') {
    io.pop('Control');
    return;
  }
  if (m.command === 'Drain') {
    io.pop('Control');
    w.edit.control = 'draining';
    w.edit.pendingDrain = m;
    w.stats().controlCommands++;
    return;
  }
  if (!io.canSend('Control')) return;
  io.pop('Control');
  w.stats().controlCommands++;
  switch (m.command) {
    case 'Pause':
      w.edit.control = 'paused';
      reply(w, io, m, true, '');
      break;
    case 'Enable':
      w.edit.control = 'enabled';
      reply(w, io, m, true, '');
      break;
    case 'Reset':
      reply(w, io, m, true, '');
      reset(w, io);
      break;
    case 'Invalidate':
      if (w.s.control !== 'paused') reply(w, io, m, false, ERR_MUST_BE_PAUSED);
      else {
        invalidate(w, m);
        reply(w, io, m, true, '');
      }
      break;
    case 'InvalidatePage':
      // Page-scoped, legal in every state: the translation of the page at addresses[0] drops.
      if (m.addresses.length > 0) invalidate(w, { ...m, addresses: [m.addresses[0]] });
      reply(w, io, m, true, '');
      break;
    default:
      // Flush (a TLB holds nothing dirty) is unsupported in every state.
      reply(w, io, m, false, ERR_UNSUPPORTED);
  }
}

/** Sends one TranslationRsp per waiting request of the responding entry, in order. */
function respond(w: TlbWork, io: StepIo): void {
  for (let k = 0; k < w.s.spec.numReqPerCycle; k++) {
    const r = w.s.responding;
    if (r === null || !io.canSend('Top')) return;
    const req = r.requests[0];
    io.send('Top', {
      kind: 'TranslationRsp',
      id: w.edit.nextId++,
      src: io.fullName('Top'),
      dst: req.src,
      rspTo: req.id,
      page: r.page,
    });
    w.edit.responding = r.requests.length > 1 ? { page: r.page, requests: r.requests.slice(1) } : null;
  }
}

/** Installs fetched pages; one per tick in practice (skipped while an entry is responding). */
function parseBottom(w: TlbWork, io: StepIo): void {
  for (let k = 0; k < w.s.spec.numReqPerCycle; k++) {
    if (w.s.responding !== null) return;
    const m: Msg | undefined = io.peek('Bottom');
    if (m === undefined) return;
    if (m.kind !== 'TranslationRsp') throw new SimPanic(`${io.fullName('Bottom')}: cannot process ${m.kind}`);
    io.pop('Bottom');
    const page = m.page;
    const ei = w.mshrIndex(page.pid, page.vAddr);
    // No outstanding request for this page, or a stale answer (e.g. after a Reset): drop it.
    if (ei < 0 || w.s.mshr[ei].reqToBottomId !== m.rspTo) continue;
    const si = tlbSetIndex(w.s.spec, page.vAddr);
    w.setSet(si, tlbInstall(w.s.sets[si], page));
    w.edit.responding = { page, requests: w.s.mshr[ei].requests };
    w.mshr().splice(ei, 1);
    w.stats().fills++;
  }
}

/** Looks one request up; false means stall (it stays at the head of the buffer). */
function lookup(w: TlbWork, io: StepIo, req: TranslationReq): boolean {
  const ei = w.mshrIndex(req.pid, req.vAddr);
  if (ei >= 0) {
    const e = w.s.mshr[ei];
    w.mshr()[ei] = {
      pid: e.pid,
      vAddr: e.vAddr,
      requests: [...e.requests, req],
      reqToBottomId: e.reqToBottomId,
    };
    w.stats().mshrHits++;
    return true;
  }
  const si = tlbSetIndex(w.s.spec, req.vAddr);
  const set = w.s.sets[si];
  const way = tlbFindWay(set, req.pid, req.vAddr);
  if (way >= 0) {
    if (!io.canSend('Top')) return false;
    io.send('Top', {
      kind: 'TranslationRsp',
      id: w.edit.nextId++,
      src: io.fullName('Top'),
      dst: req.src,
      rspTo: req.id,
      page: set.pages[way],
    });
    w.setSet(si, tlbVisit(set, way));
    w.stats().hits++;
    return true;
  }
  if (w.s.mshr.length >= w.s.spec.mshrSize) return false;
  if (!io.canSend('Bottom')) return false;
  const id = w.edit.nextId++;
  io.send('Bottom', {
    kind: 'TranslationReq',
    id,
    src: io.fullName('Bottom'),
    dst: w.s.spec.lowerPort,
    rspTo: 0,
    vAddr: req.vAddr,
    pid: req.pid,
    deviceID: req.deviceID,
  });
  w.mshr().push({ pid: req.pid, vAddr: req.vAddr, requests: [req], reqToBottomId: id });
  w.stats().misses++;
  return true;
}

function extractAndTick(w: TlbWork, io: StepIo): void {
  for (let k = 0; k < w.s.spec.numReqPerCycle && w.s.pipeBuf.length > 0; k++) {
    if (!lookup(w, io, w.s.pipeBuf[0])) {
      w.lookupStalled = true;
      break;
    }
    w.pipeBuf().shift();
  }
  if (w.s.pipeline.count > 0) {
    const [p, out] = w.s.pipeline.tick(w.s.spec.numReqPerCycle - w.s.pipeBuf.length);
    w.edit.pipeline = p;
    for (const r of out) w.pipeBuf().push(r);
  }
}

function insert(w: TlbWork, io: StepIo): void {
  for (let k = 0; k < w.s.spec.numReqPerCycle; k++) {
    const m: Msg | undefined = io.peek('Top');
    if (m === undefined || !w.s.pipeline.canAccept()) return;
    if (m.kind !== 'TranslationReq') throw new SimPanic(`${io.fullName('Top')}: cannot process ${m.kind}`);
    io.pop('Top');
    w.edit.pipeline = w.s.pipeline.accept(m, TLB_INSERT_DWELL);
    w.stats().translations++;
  }
}

/**
 * Drained: nothing in the MSHR, nothing being answered, nothing waiting in
 * Bottom — and, fixing the reference's [Latent] condition, nothing inside the
 * pipeline or its output buffer either.
 */
function drained(w: TlbWork, io: StepIo): boolean {
  return (
    w.s.mshr.length === 0 &&
    w.s.responding === null &&
    io.incomingLength('Bottom') === 0 &&
    w.s.pipeline.count === 0 &&
    w.s.pipeBuf.length === 0
  );
}

/**
 * A set-associative TLB with an MSHR (components.md §5), used as the private
 * L1 TLB and the shared L2 TLB. Ports `Top` (TranslationReq in,
 * TranslationRsp out), `Bottom` (to `spec.lowerPort`) and `Control`.
 * Control: TranslationCacheLike (Flush answers "unsupported") plus
 * InvalidatePage (one page's translation drops, in any state).
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
    const w = new TlbWork(state);
    handleControl(w, io);
    const active = w.s.control !== 'paused';
    if (active) {
      respond(w, io);
      parseBottom(w, io);
      extractAndTick(w, io);
      if (w.s.control === 'enabled') insert(w, io);
      else if (drained(w, io)) w.edit.control = 'paused';
    }
    tlbNextTick(w, io, active);
    return io.result(w.finish());
  },
  sleep: { catchUp: tlbCatchUp },
  controlState: (s) => s.control,
  isQuiescent: (s) =>
    s.mshr.length === 0 && s.responding === null && s.pipeline.count === 0 && s.pipeBuf.length === 0,
  describeOutstanding: (s) => {
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
    if (s.pipeline.count > 0 || s.pipeBuf.length > 0)
      out.push(`${s.pipeline.count} in pipeline, ${s.pipeBuf.length} awaiting lookup`);
    if (s.pendingDrain !== null) out.push(`drain pending (${s.control})`);
    return out;
  },
};
