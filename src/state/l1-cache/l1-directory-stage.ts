import type { StepIo } from '../contract/step-io';
import type { Block } from '../structures/cache-directory';
import { withBlock } from './l1-blocks';
import type { L1Txn } from './l1-cache-state';
import type { L1Work } from './l1-work';

/** Sends slot's write below; false (nothing changed) when Bottom is full. */
function writeBottom(w: L1Work, io: StepIo, slot: number): boolean {
  if (!io.canSend('Bottom')) return false;
  const t = w.tx(slot);
  const req = t.req;
  const id = w.edit.nextId++;
  io.send('Bottom', {
    kind: 'WriteReq',
    id,
    src: io.fullName('Bottom'),
    dst: w.s.spec.lowerPort,
    rspTo: 0,
    address: t.address,
    data: t.data!,
    dirtyMask: req.kind === 'WriteReq' ? req.dirtyMask : null,
    pid: t.pid,
  });
  t.writeToBottomId = id;
  w.stats().writesToBottom++;
  return true;
}

/** Sends slot's line fetch below and retags `victim`; false (nothing changed) when Bottom is full. */
function fetchFromBottom(w: L1Work, io: StepIo, slot: number, victim: Block): boolean {
  if (!io.canSend('Bottom')) return false;
  const t = w.tx(slot);
  const line = w.lineOf(t.address);
  const id = w.edit.nextId++;
  io.send('Bottom', {
    kind: 'ReadReq',
    id,
    src: io.fullName('Bottom'),
    dst: w.s.spec.lowerPort,
    rspTo: 0,
    address: line,
    size: w.s.spec.lineSize,
    pid: t.pid,
  });
  t.readToBottomId = id;
  t.setId = victim.setId;
  t.wayId = victim.wayId;
  w.mshr().push({
    pid: t.pid,
    line,
    txns: [slot],
    fetchId: id,
    setId: victim.setId,
    wayId: victim.wayId,
  });
  // Retag the victim at once; nothing is written back (an L1 line is never dirty).
  const nb = withBlock(victim, line, t.pid, true, true, victim.readCount, victim.data);
  w.edit.directory = w.s.directory.updateAndVisit(nb);
  w.stats().fetches++;
  return true;
}

function appended(xs: readonly number[], x: number): number[] {
  const out = xs.slice();
  out.push(x);
  return out;
}

function joinMshr(w: L1Work, ei: number, slot: number): void {
  const e = w.s.mshr[ei];
  w.mshr()[ei] = {
    pid: e.pid,
    line: e.line,
    txns: appended(e.txns, slot),
    fetchId: e.fetchId,
    setId: e.setId,
    wayId: e.wayId,
  };
  w.stats().mshrHits++;
}

// The directory's head is retried every step while it stalls: the process
// functions read the slot and clone it (w.tx) only once they change it, so a
// retry that fails changes nothing.

function processRead(w: L1Work, io: StepIo, slot: number): boolean {
  w.headMiss = false;
  const t = w.s.txns[slot];
  const line = w.lineOf(t.address);
  const ei = w.mshrIndex(t.pid, line);
  if (ei >= 0) {
    joinMshr(w, ei, slot);
    return true;
  }
  const block = w.s.directory.lookup(t.pid, line);
  if (block !== undefined) {
    if (block.isLocked || w.s.bankBuf.length >= w.s.spec.bankBufferCap) return false;
    const wt = w.tx(slot);
    wt.bankAction = 'readHit';
    wt.setId = block.setId;
    wt.wayId = block.wayId;
    const nb = withBlock(block, block.tag, block.pid, true, false, block.readCount + 1, block.data);
    w.edit.directory = w.s.directory.updateAndVisit(nb);
    w.bankBuf().push(slot);
    w.stats().readHits++;
    return true;
  }
  w.headMiss = true;
  // A miss stalls on a busy victim or a full MSHR alike: check the cheaper first.
  if (w.s.mshr.length >= w.s.spec.mshrEntries) return false;
  const victim = w.s.directory.findVictim(line);
  if (victim.isLocked || victim.readCount > 0) return false;
  if (!fetchFromBottom(w, io, slot, victim)) return false;
  w.stats().readMisses++;
  return true;
}

function processWriteHit(w: L1Work, io: StepIo, slot: number, block: Block): boolean {
  if (block.isLocked || block.readCount > 0) return false;
  if (w.s.bankBuf.length >= w.s.spec.bankBufferCap) return false;
  if (w.s.txns[slot].writeToBottomId < 0 && !writeBottom(w, io, slot)) return false;
  const t = w.tx(slot);
  const line = w.lineOf(t.address);
  const nb = withBlock(block, line, t.pid, true, true, block.readCount, block.data);
  w.edit.directory = w.s.directory.updateAndVisit(nb);
  t.bankAction = 'write';
  t.setId = block.setId;
  t.wayId = block.wayId;
  w.bankBuf().push(slot);
  return true;
}

function isPartialWrite(w: L1Work, t: Readonly<L1Txn>): boolean {
  if (t.size < w.s.spec.lineSize) return true;
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
  return w.dirStalled && w.headMiss && w.s.dirPost.length > 0 && w.s.mshr.length >= w.s.spec.mshrEntries;
}

function processWrite(w: L1Work, io: StepIo, slot: number): boolean {
  w.headMiss = false;
  const t = w.s.txns[slot];
  const line = w.lineOf(t.address);
  const ei = w.mshrIndex(t.pid, line);
  if (ei >= 0) {
    if (t.writeToBottomId < 0 && !writeBottom(w, io, slot)) return false;
    const wt = w.tx(slot);
    wt.waitForMSHRFill = true;
    wt.fetcherSlot = w.s.mshr[ei].txns[0];
    joinMshr(w, ei, slot);
    return true;
  }
  const block = w.s.directory.lookup(t.pid, line);
  if (block !== undefined) {
    const ok = processWriteHit(w, io, slot, block);
    if (ok) w.stats().writeHits++;
    return ok;
  }
  if (isPartialWrite(w, t)) {
    // Write-allocate: the write goes below and the line is fetched.
    w.headMiss = true;
    if (!t.fetchAndWrite) w.tx(slot).fetchAndWrite = true;
    if (w.s.mshr.length >= w.s.spec.mshrEntries) return false;
    const victim = w.s.directory.findVictim(line);
    if (victim.readCount > 0 || victim.isLocked) return false;
    if (w.s.txns[slot].writeToBottomId < 0 && !writeBottom(w, io, slot)) return false;
    // If only the fetch fails, the item stays at the head; the write is not resent.
    if (!fetchFromBottom(w, io, slot, victim)) return false;
    w.stats().writeMisses++;
    return true;
  }
  // Full-line miss: installed like a hit (never happens with 4-byte writes).
  const ok = processWriteHit(w, io, slot, w.s.directory.findVictim(line));
  if (ok) w.stats().writeMisses++;
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
  const n = w.s.spec.numReqPerCycle;
  for (let k = 0; k < n && w.s.dirPost.length > 0; k++) {
    const slot = w.s.dirPost[0];
    const ok = w.s.txns[slot].isRead ? processRead(w, io, slot) : processWrite(w, io, slot);
    if (!ok) {
      w.dirStalled = true;
      return;
    }
    w.dirPost().shift();
  }
}

/** The directory stage's moves: input buffer into the pipeline, pipeline exits into the post buffer. */
export function dirAdvance(w: L1Work): void {
  const n = w.s.spec.numReqPerCycle;
  const cap = w.s.spec.dirBufferCap;
  if (w.s.dirPipe === null) {
    for (let k = 0; k < n && w.s.dirBuf.length > 0 && w.s.dirPost.length < cap; k++)
      w.dirPost().push(w.dirBuf().shift()!);
  } else {
    for (let k = 0; k < n && w.s.dirBuf.length > 0 && w.s.dirPipe.canAccept(); k++) {
      w.edit.dirPipe = w.s.dirPipe.accept(w.dirBuf().shift()!);
    }
    if (w.s.dirPipe.count > 0) {
      const [pipe, out] = w.s.dirPipe.tick(cap - w.s.dirPost.length);
      w.edit.dirPipe = pipe;
      for (const s of out) w.dirPost().push(s);
    }
  }
}
