import type { WriteReq } from '../contract/messages';
import type { Block } from '../structures/cache-directory';
import { push, shift } from '../structures/immutable-array';
import type { L2MshrEntry } from './l2-cache-state';
import type { L2Work } from './l2-cache-work';
import { blockWith } from './l2-lines';

/**
 * Index of the MSHR entry for `(pid, address)`, or -1 (linear search, as
 * upstream).
 *
 * @example
 * mshrFind(w.s.mshr, 0, 0x40) >= 0; // a fetch for line 0x40 is outstanding
 */
export function mshrFind(mshr: readonly L2MshrEntry[], pid: number, address: number): number {
  for (let i = 0; i < mshr.length; i++) if (mshr[i].pid === pid && mshr[i].address === address) return i;
  return -1;
}

/** The request's PID (0 for every request arriving at the L2 in this system). */
function reqPid(w: L2Work, idx: number): number {
  return w.t(idx).req!.pid;
}

function popDirPost(w: L2Work): void {
  w.edit.dirPost = shift(w.s.dirPost);
}

function dirToBankFull(w: L2Work): boolean {
  return w.s.dirToBank.length >= w.s.spec.internalBufferSize;
}

/** True for a write of exactly one whole line with every byte dirty. */
function isFullLineWrite(w: L2Work, req: WriteReq): boolean {
  if (req.data.length !== w.s.spec.lineSize) return false;
  if (req.dirtyMask !== null) for (const d of req.dirtyMask) if (d === 0) return false;
  return true;
}

function joinMshr(w: L2Work, idx: number, entryIdx: number): boolean {
  const e = w.s.mshr[entryIdx];
  const mshr = w.s.mshr.slice();
  mshr[entryIdx] = {
    pid: e.pid,
    address: e.address,
    setId: e.setId,
    wayId: e.wayId,
    waiters: push(e.waiters, idx),
  };
  w.edit.mshr = mshr;
  popDirPost(w);
  w.bump('mshrHits');
  return true;
}

function readHit(w: L2Work, idx: number, block: Block): boolean {
  if (block.isLocked || dirToBankFull(w)) return false;
  w.edit.directory = w.s.directory.updateAndVisit(blockWith(block, { readCount: block.readCount + 1 }));
  const t = w.mut(idx);
  t.action = 'bankReadHit';
  t.setId = block.setId;
  t.wayId = block.wayId;
  popDirPost(w);
  w.edit.dirToBank = push(w.s.dirToBank, idx);
  w.bump('hits');
  return true;
}

function writeToBank(w: L2Work, idx: number, block: Block, line: number): boolean {
  if (dirToBankFull(w)) return false;
  w.edit.directory = w.s.directory.updateAndVisit(
    blockWith(block, { isLocked: true, tag: line, isValid: true, pid: reqPid(w, idx) }),
  );
  const t = w.mut(idx);
  t.action = 'bankWriteHit';
  t.setId = block.setId;
  t.wayId = block.wayId;
  popDirPost(w);
  w.edit.dirToBank = push(w.s.dirToBank, idx);
  return true;
}

/**
 * Evict-and-fetch (or evict-then-write for a full-line write): record the
 * dirty victim as the evicting data, retag the block now (locked, clean),
 * add the MSHR entry when a fetch is needed, and put the victim's line in
 * the evicting set.
 */
function evict(w: L2Work, idx: number, victim: Block, line: number, needFetch: boolean): boolean {
  if (dirToBankFull(w)) return false;
  const pid = reqPid(w, idx);
  const t = w.mut(idx);
  t.evictAddr = victim.tag;
  t.evictPid = victim.pid;
  t.evictMask = victim.dirtyMask;
  t.setId = victim.setId;
  t.wayId = victim.wayId;
  if (needFetch) {
    w.edit.mshr = push(w.s.mshr, {
      pid,
      address: line,
      setId: victim.setId,
      wayId: victim.wayId,
      waiters: [idx],
    });
    t.fetchAddr = line;
    t.fetchPid = pid;
    t.action = 'bankEvictAndFetch';
  } else {
    t.action = 'bankEvictAndWrite';
  }
  w.edit.directory = w.s.directory.updateAndVisit(
    blockWith(victim, { tag: line, pid, isLocked: true, isDirty: false }),
  );
  popDirPost(w);
  w.edit.dirToBank = push(w.s.dirToBank, idx);
  if (!w.s.evicting.includes(victim.tag)) w.edit.evicting = push(w.s.evicting, victim.tag);
  w.bump('evictions');
  return true;
}

/** Plain fetch: MSHR entry, retag now (locked, valid), and straight on to the write buffer via the bank buffer. */
function fetch(w: L2Work, idx: number, block: Block, line: number): boolean {
  if (dirToBankFull(w)) return false;
  const pid = reqPid(w, idx);
  w.edit.mshr = push(w.s.mshr, {
    pid,
    address: line,
    setId: block.setId,
    wayId: block.wayId,
    waiters: [idx],
  });
  w.edit.directory = w.s.directory.updateAndVisit(
    blockWith(block, { isLocked: true, tag: line, pid, isValid: true }),
  );
  const t = w.mut(idx);
  t.action = 'wbFetch';
  t.fetchAddr = line;
  t.fetchPid = pid;
  t.setId = block.setId;
  t.wayId = block.wayId;
  popDirPost(w);
  w.edit.dirToBank = push(w.s.dirToBank, idx);
  return true;
}

/** A miss that needs the line: evict-and-fetch for a dirty victim, plain fetch otherwise. */
function missWithFetch(w: L2Work, idx: number, line: number): boolean {
  if (w.s.mshr.length >= w.s.spec.mshrEntries) return false;
  const victim = w.s.directory.findVictim(line);
  if (victim.isLocked || victim.readCount > 0) return false;
  const ok =
    victim.isValid && victim.isDirty ? evict(w, idx, victim, line, true) : fetch(w, idx, victim, line);
  if (ok) w.bump('misses');
  return ok;
}

function doRead(w: L2Work, idx: number, line: number): boolean {
  const pid = reqPid(w, idx);
  const m = mshrFind(w.s.mshr, pid, line);
  if (m >= 0) return joinMshr(w, idx, m);
  const block = w.s.directory.lookup(pid, line);
  if (block !== undefined) return readHit(w, idx, block);
  return missWithFetch(w, idx, line);
}

function doWrite(w: L2Work, idx: number, line: number): boolean {
  const req = w.t(idx).req as WriteReq;
  const m = mshrFind(w.s.mshr, req.pid, line);
  if (m >= 0) return joinMshr(w, idx, m);
  const block = w.s.directory.lookup(req.pid, line);
  if (block !== undefined) {
    if (block.isLocked || block.readCount > 0) return false;
    const ok = writeToBank(w, idx, block, line);
    if (ok) w.bump('hits');
    return ok;
  }
  if (!isFullLineWrite(w, req)) return missWithFetch(w, idx, line); // write-allocate
  const victim = w.s.directory.findVictim(line);
  if (victim.isLocked || victim.readCount > 0) return false;
  const ok =
    victim.isValid && victim.isDirty ? evict(w, idx, victim, line, false) : writeToBank(w, idx, victim, line);
  if (ok) w.bump('misses');
  return ok;
}

/**
 * One directory-stage call (components.md §7): move input items straight
 * to the post buffer (no directory pipeline), then process up to
 * `numReqPerCycle` post-buffer heads, stopping at the first that cannot
 * proceed. A head whose line is in the evicting set blocks the stage until
 * that write-back is acknowledged.
 *
 * @example
 * for (let k = 0; k < spec.numReqPerCycle; k++) directoryStage(w);
 */
export function directoryStage(w: L2Work): void {
  const cap = w.s.spec.internalBufferSize;
  for (let k = 0; k < w.s.spec.numReqPerCycle; k++) {
    if (w.s.dirBuf.length === 0 || w.s.dirPost.length >= cap) break;
    w.edit.dirPost = push(w.s.dirPost, w.s.dirBuf[0]);
    w.edit.dirBuf = shift(w.s.dirBuf);
  }
  for (let k = 0; k < w.s.spec.numReqPerCycle; k++) {
    if (w.s.dirPost.length === 0) return;
    const idx = w.s.dirPost[0];
    const req = w.t(idx).req!;
    const line = w.lineOf(req.address);
    if (w.s.evicting.includes(line)) return;
    const ok = req.kind === 'ReadReq' ? doRead(w, idx, line) : doWrite(w, idx, line);
    if (!ok) return;
  }
}
