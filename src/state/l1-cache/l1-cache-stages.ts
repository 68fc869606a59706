import type { DataReadyRsp, Msg, WriteDoneRsp } from '../contract/messages';
import { SimPanic } from '../contract/sim-panic';
import type { StepIo } from '../contract/step-io';
import type { Block } from '../structures/cache-directory';
import type { L1Txn, L1Work } from './l1-cache-state';
import { writeTxnIsReady } from './l1-cache-state';

// The data-path stages of the write-through L1 (components.md §4), in the
// order one tick runs them: respond, bottom parser, bank, directory, intake.
// Each works on an L1Work (the step's private working copy).

function withBlock(
  b: Block,
  tag: number,
  pid: number,
  isValid: boolean,
  isLocked: boolean,
  readCount: number,
  data: Uint8Array,
): Block {
  return {
    setId: b.setId,
    wayId: b.wayId,
    tag,
    pid,
    cacheAddress: b.cacheAddress,
    isValid,
    isDirty: false,
    dirtyMask: b.dirtyMask,
    isLocked,
    readCount,
    data,
  };
}

function lineData(w: L1Work, b: Block): Uint8Array {
  return b.data.length === w.spec.lineSize ? b.data.slice() : new Uint8Array(w.spec.lineSize);
}

/**
 * Respond stage (×numReqPerCycle): the first done, non-removed slot in
 * slot-index order gets its DataReadyRsp / WriteDoneRsp on Top and is
 * removed. With the T8 fault a write is also answered as soon as it went
 * below, and retires silently once complete.
 *
 * @example
 * respondStage(w, io);
 */
export function respondStage(w: L1Work, io: StepIo): void {
  const early = w.spec.faults?.earlyWriteAck === true;
  if (early) {
    for (let i = 0; i < w.txns.length; i++) {
      const t = w.txns[i];
      if (t.acked && t.done && !t.removed) w.tx(i).removed = true;
    }
  }
  // Slots before the one just answered had nothing to send and still have not: scan on from it.
  let from = 0;
  for (let k = 0; k < w.spec.numReqPerCycle; k++) {
    let slot = -1;
    for (let i = from; i < w.txns.length; i++) {
      const t = w.txns[i];
      if (t.removed || t.acked) continue;
      if (t.done || (early && w.earlyAckable(t))) {
        slot = i;
        break;
      }
    }
    if (slot < 0 || !io.canSend('Top')) return;
    from = slot + 1;
    const t = w.tx(slot);
    const top = io.fullName('Top');
    if (t.isRead) {
      io.send('Top', {
        kind: 'DataReadyRsp',
        id: w.nextId++,
        src: top,
        dst: t.req.src,
        rspTo: t.req.id,
        data: t.data!,
      });
      t.removed = true;
    } else {
      io.send('Top', { kind: 'WriteDoneRsp', id: w.nextId++, src: top, dst: t.req.src, rspTo: t.req.id });
      if (t.done) t.removed = true;
      else {
        t.acked = true;
        w.st().earlyWriteAcks++;
      }
    }
  }
}

/** The first live slot whose write below has id `id`, or -1. */
function liveWriter(w: L1Work, id: number): number {
  const txns = w.txns;
  for (let i = 0; i < txns.length; i++) {
    const t = txns[i];
    if (!t.removed && t.writeToBottomId === id) return i;
  }
  return -1;
}

/** The first live slot whose fetch below has id `id`, or -1. */
function liveFetcher(w: L1Work, id: number): number {
  const txns = w.txns;
  for (let i = 0; i < txns.length; i++) {
    const t = txns[i];
    if (!t.removed && t.readToBottomId === id) return i;
  }
  return -1;
}

function parseWriteDone(w: L1Work, m: WriteDoneRsp): void {
  const slot = liveWriter(w, m.rspTo);
  if (slot < 0) return; // unmatched acks are dropped
  const t = w.tx(slot);
  t.bottomWriteDone = true;
  if (!t.done && writeTxnIsReady(t)) t.done = true;
}

/** Returns false when the message must stay (bank buffer full). */
function parseDataReady(w: L1Work, m: DataReadyRsp): boolean {
  const slot = liveFetcher(w, m.rspTo);
  if (slot < 0) return true; // unmatched (for example after a Reset): dropped
  if (w.bankBuf.length >= w.spec.bankBufferCap) return false;
  const fetcher = w.tx(slot);
  const line = w.lineOf(fetcher.address);
  const ei = w.mshrIndex(fetcher.pid, line);
  if (ei < 0) throw new SimPanic(`L1: MSHR entry not found for fetched line 0x${line.toString(16)}`);
  const entry = w.mshr[ei];
  const merged = new Uint8Array(w.spec.lineSize);
  const fetched = m.data;
  for (let i = 0; i < merged.length && i < fetched.length; i++) merged[i] = fetched[i];
  for (const idx of entry.txns) {
    const t = w.txns[idx];
    if (t.isRead) continue;
    const off = t.address - line;
    const d = t.data!;
    const mask = t.mask!;
    for (let i = 0; i < d.length; i++) if (mask[i]) merged[off + i] = d[i];
  }
  fetcher.bankAction = 'writeFetched';
  fetcher.fill = merged;
  w.bankBufW().push(slot);
  for (const idx of entry.txns) {
    if (idx === slot) continue;
    const t = w.tx(idx);
    if (t.isRead) {
      const off = t.address - line;
      t.data = merged.slice(off, off + t.size);
      t.done = true;
    } else if (!t.done && writeTxnIsReady(t)) t.done = true;
  }
  w.mshrW().splice(ei, 1);
  return true;
}

/**
 * Bottom parser (×numReqPerCycle): write acks mark `bottomWriteDone`; fetched
 * lines get the MSHR entry's writes merged in, queue the fetcher for the fill
 * and answer every other waiting read. Unmatched responses are dropped.
 *
 * @example
 * bottomParser(w, io);
 */
export function bottomParser(w: L1Work, io: StepIo): void {
  for (let k = 0; k < w.spec.numReqPerCycle; k++) {
    const m: Msg | undefined = io.peek('Bottom');
    if (m === undefined) return;
    if (m.kind === 'WriteDoneRsp') parseWriteDone(w, m);
    else if (m.kind === 'DataReadyRsp') {
      if (!parseDataReady(w, m)) return;
    } else throw new SimPanic(`${io.fullName('Bottom')}: cannot process ${m.kind}`);
    io.pop('Bottom');
  }
}

function completeFillWaiters(w: L1Work, fetcherSlot: number): void {
  for (let i = 0; i < w.txns.length; i++) {
    const t = w.txns[i];
    if (t.removed || t.done || !t.waitForMSHRFill || t.mshrFillDone || t.fetcherSlot !== fetcherSlot)
      continue;
    const wt = w.tx(i);
    wt.mshrFillDone = true;
    if (writeTxnIsReady(wt)) wt.done = true;
  }
}

function finalize(w: L1Work, slot: number): void {
  const t = w.tx(slot);
  const b = w.directory.block(t.setId, t.wayId);
  if (t.bankAction === 'readHit') {
    const off = t.address - b.tag;
    t.data = b.data.slice(off, off + t.size);
    w.directory = w.directory.updateBlock(
      withBlock(b, b.tag, b.pid, b.isValid, b.isLocked, b.readCount - 1, b.data),
    );
    t.done = true;
  } else if (t.bankAction === 'write') {
    const data = lineData(w, b);
    const off = t.address - b.tag;
    const d = t.data!;
    const mask = t.mask!;
    for (let i = 0; i < d.length; i++) if (mask[i]) data[off + i] = d[i];
    // The reference also records the write's mask on the block; an L1 block
    // is never dirty and nothing reads that mask, so it is not kept here.
    w.directory = w.directory.updateBlock(withBlock(b, b.tag, b.pid, b.isValid, false, b.readCount, data));
    t.bankDone = true;
    if (!t.done && writeTxnIsReady(t)) t.done = true;
  } else if (t.bankAction === 'writeFetched') {
    const fill = t.fill!;
    w.directory = w.directory.updateBlock(withBlock(b, b.tag, b.pid, b.isValid, false, b.readCount, fill));
    completeFillWaiters(w, slot);
    if (t.isRead) {
      const off = t.address - b.tag;
      t.data = fill.slice(off, off + t.size);
      t.done = true;
    } else {
      t.bankDone = true;
      if (!t.done && writeTxnIsReady(t)) t.done = true;
    }
    t.fill = null;
  } else {
    throw new SimPanic(`L1: cannot handle bank action ${t.bankAction}`);
  }
}

/**
 * Replays `k` ticks the cache slept through (`TickEvent.skipped`). In each,
 * both pipelines ran, and the bank and the directory may have moved items
 * on: the bank's pipeline exits went to its post buffer and the post-buffer
 * heads were finalized; the directory's input went into its pipeline and
 * the pipeline's exits into its post buffer, behind a head that surely
 * stalled again. The step's idle rule lets the cache sleep through such
 * ticks only when nothing else happened in them (nothing answered, taken,
 * sent or processed), so these two moves replay them; ticks in which
 * nothing moves are skipped in one go.
 *
 * @example
 * if (io.skipped > 0) catchUp(w, io.skipped);
 */
export function catchUp(w: L1Work, k: number): void {
  const spec = w.spec;
  while (k > 0) {
    const bank = w.bankPipe;
    const bankExit = bank !== null && bank.count > 0 ? bank.ticksToExit() : Number.POSITIVE_INFINITY;
    const dir = w.dirPipe;
    const room = spec.dirBufferCap - w.dirPost.length;
    const dirExit = dir !== null && dir.count > 0 && room > 0 ? dir.ticksToExit() : Number.POSITIVE_INFINITY;
    const dirTakes = w.dirBuf.length > 0 && (dir === null ? room > 0 : dir.canAccept());
    if (w.bankPost.length > 0 || bankExit <= 1 || dirExit <= 1 || dirTakes) {
      bankStage(w);
      dirAdvance(w);
      k--;
    } else {
      const j = Math.min(k, bankExit - 1, dirExit - 1);
      w.skipTicks(j);
      k -= j;
    }
  }
}

/**
 * Bank stage: finalize post-buffer heads, tick the bank pipeline into the
 * post buffer, then pull from the bank buffer into the pipeline
 * (accept after tick: an item takes exactly `bankLatency` ticks).
 *
 * @example
 * bankStage(w);
 */
export function bankStage(w: L1Work): void {
  const n = w.spec.numReqPerCycle;
  const cap = w.spec.bankBufferCap;
  for (let k = 0; k < n && w.bankPost.length > 0; k++) finalize(w, w.bankPostW().shift()!);
  if (w.bankPipe === null) {
    for (let k = 0; k < n && w.bankBuf.length > 0 && w.bankPost.length < cap; k++)
      w.bankPostW().push(w.bankBufW().shift()!);
    return;
  }
  if (w.bankPipe.count > 0) {
    const [pipe, out] = w.bankPipe.tick(cap - w.bankPost.length);
    w.bankPipe = pipe;
    for (const s of out) w.bankPostW().push(s);
  }
  for (let k = 0; k < n && w.bankBuf.length > 0 && w.bankPipe.canAccept(); k++) {
    w.bankPipe = w.bankPipe.accept(w.bankBufW().shift()!);
  }
}

/** Sends slot's write below; false (nothing changed) when Bottom is full. */
function writeBottom(w: L1Work, io: StepIo, slot: number): boolean {
  if (!io.canSend('Bottom')) return false;
  const t = w.tx(slot);
  const req = t.req;
  const id = w.nextId++;
  io.send('Bottom', {
    kind: 'WriteReq',
    id,
    src: io.fullName('Bottom'),
    dst: w.spec.lowerPort,
    rspTo: 0,
    address: t.address,
    data: t.data!,
    dirtyMask: req.kind === 'WriteReq' ? req.dirtyMask : null,
    pid: t.pid,
  });
  t.writeToBottomId = id;
  w.st().writesToBottom++;
  return true;
}

/** Sends slot's line fetch below and retags `victim`; false (nothing changed) when Bottom is full. */
function fetchFromBottom(w: L1Work, io: StepIo, slot: number, victim: Block): boolean {
  if (!io.canSend('Bottom')) return false;
  const t = w.tx(slot);
  const line = w.lineOf(t.address);
  const id = w.nextId++;
  io.send('Bottom', {
    kind: 'ReadReq',
    id,
    src: io.fullName('Bottom'),
    dst: w.spec.lowerPort,
    rspTo: 0,
    address: line,
    size: w.spec.lineSize,
    pid: t.pid,
  });
  t.readToBottomId = id;
  t.setId = victim.setId;
  t.wayId = victim.wayId;
  w.mshrW().push({ pid: t.pid, line, txns: [slot], fetchId: id, setId: victim.setId, wayId: victim.wayId });
  // Retag the victim at once; nothing is written back (an L1 line is never dirty).
  const nb = withBlock(victim, line, t.pid, true, true, victim.readCount, victim.data);
  w.directory = w.directory.updateAndVisit(nb);
  w.st().fetches++;
  return true;
}

function appended(xs: readonly number[], x: number): number[] {
  const out = xs.slice();
  out.push(x);
  return out;
}

function joinMshr(w: L1Work, ei: number, slot: number): void {
  const e = w.mshr[ei];
  w.mshrW()[ei] = {
    pid: e.pid,
    line: e.line,
    txns: appended(e.txns, slot),
    fetchId: e.fetchId,
    setId: e.setId,
    wayId: e.wayId,
  };
  w.st().mshrHits++;
}

// The directory's head is retried every step while it stalls: the process
// functions read the slot and clone it (w.tx) only once they change it, so a
// retry that fails changes nothing.

function processRead(w: L1Work, io: StepIo, slot: number): boolean {
  w.headMiss = false;
  const t = w.txns[slot];
  const line = w.lineOf(t.address);
  const ei = w.mshrIndex(t.pid, line);
  if (ei >= 0) {
    joinMshr(w, ei, slot);
    return true;
  }
  const block = w.directory.lookup(t.pid, line);
  if (block !== undefined) {
    if (block.isLocked || w.bankBuf.length >= w.spec.bankBufferCap) return false;
    const wt = w.tx(slot);
    wt.bankAction = 'readHit';
    wt.setId = block.setId;
    wt.wayId = block.wayId;
    const nb = withBlock(block, block.tag, block.pid, true, false, block.readCount + 1, block.data);
    w.directory = w.directory.updateAndVisit(nb);
    w.bankBufW().push(slot);
    w.st().readHits++;
    return true;
  }
  w.headMiss = true;
  // A miss stalls on a busy victim or a full MSHR alike: check the cheaper first.
  if (w.mshr.length >= w.spec.mshrEntries) return false;
  const victim = w.directory.findVictim(line);
  if (victim.isLocked || victim.readCount > 0) return false;
  if (!fetchFromBottom(w, io, slot, victim)) return false;
  w.st().readMisses++;
  return true;
}

function processWriteHit(w: L1Work, io: StepIo, slot: number, block: Block): boolean {
  if (block.isLocked || block.readCount > 0) return false;
  if (w.bankBuf.length >= w.spec.bankBufferCap) return false;
  if (w.txns[slot].writeToBottomId < 0 && !writeBottom(w, io, slot)) return false;
  const t = w.tx(slot);
  const line = w.lineOf(t.address);
  const nb = withBlock(block, line, t.pid, true, true, block.readCount, block.data);
  w.directory = w.directory.updateAndVisit(nb);
  t.bankAction = 'write';
  t.setId = block.setId;
  t.wayId = block.wayId;
  w.bankBufW().push(slot);
  return true;
}

function isPartialWrite(w: L1Work, t: Readonly<L1Txn>): boolean {
  if (t.size < w.spec.lineSize) return true;
  const mask = t.mask!;
  for (let i = 0; i < mask.length; i++) if (!mask[i]) return true;
  return false;
}

/**
 * True when the directory stage stalled this step at a head that would
 * surely stall again whatever the bank finalizes meanwhile (finalizing
 * changes no tag, validity or MSHR entry): a miss that needs an MSHR entry
 * (its line neither cached nor being fetched; a read or a partial write —
 * a full-line write miss is installed like a hit) while the MSHR is full.
 *
 * @example
 * if (headStallsOnMshr(w)) io.wakeAt(now + 2);
 */
export function headStallsOnMshr(w: L1Work): boolean {
  return w.dirStalled && w.headMiss && w.dirPost.length > 0 && w.mshr.length >= w.spec.mshrEntries;
}

function processWrite(w: L1Work, io: StepIo, slot: number): boolean {
  w.headMiss = false;
  const t = w.txns[slot];
  const line = w.lineOf(t.address);
  const ei = w.mshrIndex(t.pid, line);
  if (ei >= 0) {
    if (t.writeToBottomId < 0 && !writeBottom(w, io, slot)) return false;
    const wt = w.tx(slot);
    wt.waitForMSHRFill = true;
    wt.fetcherSlot = w.mshr[ei].txns[0];
    joinMshr(w, ei, slot);
    return true;
  }
  const block = w.directory.lookup(t.pid, line);
  if (block !== undefined) {
    const ok = processWriteHit(w, io, slot, block);
    if (ok) w.st().writeHits++;
    return ok;
  }
  if (isPartialWrite(w, t)) {
    // Write-allocate: the write goes below and the line is fetched.
    w.headMiss = true;
    if (!t.fetchAndWrite) w.tx(slot).fetchAndWrite = true;
    if (w.mshr.length >= w.spec.mshrEntries) return false;
    const victim = w.directory.findVictim(line);
    if (victim.readCount > 0 || victim.isLocked) return false;
    if (w.txns[slot].writeToBottomId < 0 && !writeBottom(w, io, slot)) return false;
    // If only the fetch fails, the item stays at the head; the write is not resent.
    if (!fetchFromBottom(w, io, slot, victim)) return false;
    w.st().writeMisses++;
    return true;
  }
  // Full-line miss: installed like a hit (never happens with 4-byte writes).
  const ok = processWriteHit(w, io, slot, w.directory.findVictim(line));
  if (ok) w.st().writeMisses++;
  return ok;
}

/**
 * Directory stage: move items from the directory buffer into the pipeline
 * (accepting *before* ticking, so a 2-stage pipeline delivers in t+1), tick it
 * into the post buffer, then process post-buffer heads until one stalls.
 *
 * @example
 * directoryStage(w, io);
 */
export function directoryStage(w: L1Work, io: StepIo): void {
  dirAdvance(w);
  const n = w.spec.numReqPerCycle;
  for (let k = 0; k < n && w.dirPost.length > 0; k++) {
    const slot = w.dirPost[0];
    const ok = w.txns[slot].isRead ? processRead(w, io, slot) : processWrite(w, io, slot);
    if (!ok) {
      w.dirStalled = true;
      return;
    }
    w.dirPostW().shift();
  }
}

/** The directory stage's moves: input buffer into the pipeline, pipeline exits into the post buffer. */
function dirAdvance(w: L1Work): void {
  const n = w.spec.numReqPerCycle;
  const cap = w.spec.dirBufferCap;
  if (w.dirPipe === null) {
    for (let k = 0; k < n && w.dirBuf.length > 0 && w.dirPost.length < cap; k++)
      w.dirPostW().push(w.dirBufW().shift()!);
  } else {
    for (let k = 0; k < n && w.dirBuf.length > 0 && w.dirPipe.canAccept(); k++) {
      w.dirPipe = w.dirPipe.accept(w.dirBufW().shift()!);
    }
    if (w.dirPipe.count > 0) {
      const [pipe, out] = w.dirPipe.tick(cap - w.dirPost.length);
      w.dirPipe = pipe;
      for (const s of out) w.dirPostW().push(s);
    }
  }
}

/** All-ones masks by length, shared: a transaction's mask is only ever read. */
const ONES: Uint8Array[] = [];

function onesMask(n: number): Uint8Array {
  if (n > 4096) return new Uint8Array(n).fill(1);
  let m = ONES[n];
  if (m === undefined) {
    m = new Uint8Array(n).fill(1);
    ONES[n] = m;
  }
  return m;
}

/**
 * Intake (×numReqPerCycle, skipped while draining): turns the Top head into a
 * transaction (reusing the first removed slot) and queues it for the
 * directory; stalls at `maxTransactions` live slots or a full directory buffer.
 *
 * @example
 * if (!state.isDraining) intakeStage(w, io);
 */
export function intakeStage(w: L1Work, io: StepIo): void {
  for (let k = 0; k < w.spec.numReqPerCycle; k++) {
    const m = io.peek('Top');
    if (m === undefined) return;
    if (m.kind !== 'ReadReq' && m.kind !== 'WriteReq') {
      throw new SimPanic(`${io.fullName('Top')}: cannot process request of kind ${m.kind}`);
    }
    if (w.liveCount() >= w.spec.maxTransactions) return;
    if (w.dirBuf.length >= w.spec.dirBufferCap) return;
    const isRead = m.kind === 'ReadReq';
    let mask: Uint8Array | null = null;
    if (m.kind === 'WriteReq') mask = m.dirtyMask ?? onesMask(m.data.length);
    const slot = w.insert({
      req: m,
      isRead,
      address: m.address,
      size: m.kind === 'ReadReq' ? m.size : m.data.length,
      pid: m.pid,
      data: m.kind === 'WriteReq' ? m.data : null,
      mask,
      readToBottomId: -1,
      writeToBottomId: -1,
      bottomWriteDone: false,
      bankDone: false,
      fetchAndWrite: false,
      waitForMSHRFill: false,
      fetcherSlot: -1,
      mshrFillDone: false,
      done: false,
      removed: false,
      acked: false,
      bankAction: 'none',
      setId: -1,
      wayId: -1,
      fill: null,
    });
    w.dirBufW().push(slot);
    if (isRead) w.st().reads++;
    else w.st().writes++;
    io.pop('Top');
  }
}
