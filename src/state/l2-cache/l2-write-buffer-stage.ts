import type { DataReadyRsp, WriteDoneRsp, WriteReq } from '../contract/messages';
import { SimPanic } from '../contract/sim-panic';
import type { StepIo } from '../contract/step-io';
import { push, removeAt, shift } from '../structures/immutable-array';
import type { L2Work } from './l2-cache-work';
import { mshrFind } from './l2-directory-stage';
import { blockWith } from './l2-lines';

function writeBufferFull(w: L2Work): boolean {
  return w.s.pendingEvictions.length + w.s.inflightEvictions.length >= w.s.spec.writeBufferCapacity;
}

/** Step 1: send the oldest pending eviction as a masked write-back. */
function sendOneEviction(w: L2Work, io: StepIo): void {
  if (w.s.pendingEvictions.length === 0) return;
  if (w.s.inflightEvictions.length >= w.s.spec.maxInflightEviction || !io.canSend('Bottom')) return;
  const idx = w.s.pendingEvictions[0];
  const t = w.mut(idx);
  const msg: WriteReq = {
    kind: 'WriteReq',
    id: w.newId(),
    src: io.fullName('Bottom'),
    dst: w.lowerPort(t.evictAddr),
    rspTo: 0,
    address: t.evictAddr,
    data: t.evictData!,
    dirtyMask: t.evictMask,
    pid: t.evictPid,
  };
  io.send('Bottom', msg);
  t.evictReqId = msg.id;
  w.edit.pendingEvictions = shift(w.s.pendingEvictions);
  w.edit.inflightEvictions = push(w.s.inflightEvictions, idx);
  w.bump('writeBacks');
}

/** A shared all-zero dirty mask per line size (never written: masks are copied before a change). */
let zeroMask = new Uint8Array(64);

function cleanMask(size: number): Uint8Array {
  if (zeroMask.length !== size) zeroMask = new Uint8Array(size);
  return zeroMask;
}

/** `waiters` without out-of-range indices (the array itself when all are in range). */
function liveWaiters(waiters: readonly number[], n: number): readonly number[] {
  for (const wi of waiters) {
    if (wi >= 0 && wi < n) continue;
    return waiters.filter((x) => x >= 0 && x < n);
  }
  return waiters;
}

/**
 * Merges every write waiting in MSHR entry `entryIdx` into `fetched`, resets
 * the block's dirty mask to exactly those bytes and sets `dirty` only if the
 * entry holds a write; hands the merged line and the waiters to the fetcher
 * `idx` as a bank fill, and removes the MSHR entry. Lines and masks are
 * immutable once stored, so a fill without writes keeps the fetched line
 * (when it is exactly one line) and shares the all-zero mask.
 */
function completeFetch(w: L2Work, idx: number, fetched: Uint8Array): void {
  const t = w.t(idx);
  const e = mshrFind(w.s.mshr, t.fetchPid, t.fetchAddr);
  if (e < 0) throw new SimPanic(`L2: no MSHR entry for fetched line 0x${t.fetchAddr.toString(16)}`);
  const entry = w.s.mshr[e];
  const size = w.s.spec.lineSize;
  const waiters = liveWaiters(entry.waiters, w.s.transactions.length);
  let line: Uint8Array | null = null;
  let mask: Uint8Array | null = null;
  for (const wi of waiters) {
    const r = w.t(wi).req;
    if (r === null || r.kind !== 'WriteReq') continue;
    if (line === null || mask === null) {
      line = new Uint8Array(size);
      for (let i = 0; i < size && i < fetched.length; i++) line[i] = fetched[i];
      mask = new Uint8Array(size);
    }
    const offset = r.address - w.lineOf(r.address);
    for (let i = 0; i < r.data.length; i++) {
      if (r.dirtyMask === null || r.dirtyMask[i] !== 0) {
        line[offset + i] = r.data[i];
        mask[offset + i] = 1;
      }
    }
  }
  const anyWrite = mask !== null;
  if (line === null) {
    if (fetched.length === size) line = fetched;
    else {
      line = new Uint8Array(size);
      for (let i = 0; i < size && i < fetched.length; i++) line[i] = fetched[i];
    }
  }
  const block = w.s.directory.block(entry.setId, entry.wayId);
  w.setBlock(
    blockWith(block, { dirtyMask: mask ?? cleanMask(size), isDirty: anyWrite ? true : block.isDirty }),
  );
  const m = w.mut(idx);
  m.action = 'bankWriteFetched';
  m.mshrData = line;
  m.waiters = waiters;
  w.edit.mshr = removeAt(w.s.mshr, e);
  w.edit.wbToBank = push(w.s.wbToBank, idx);
}

function processDataReady(w: L2Work, io: StepIo, msg: DataReadyRsp): void {
  let pos = -1;
  for (let i = 0; i < w.s.inflightFetches.length; i++) {
    if (w.t(w.s.inflightFetches[i]).fetchReqId === msg.rspTo) {
      pos = i;
      break;
    }
  }
  if (pos < 0) {
    io.pop('Bottom'); // orphaned (e.g. its fetch was discarded by a Reset): drop it
    return;
  }
  if (w.s.wbToBank.length >= w.s.spec.internalBufferSize) return;
  const idx = w.s.inflightFetches[pos];
  completeFetch(w, idx, msg.data);
  w.edit.inflightFetches = removeAt(w.s.inflightFetches, pos);
  io.pop('Bottom');
}

function processWriteDone(w: L2Work, io: StepIo, msg: WriteDoneRsp): void {
  for (let i = w.s.inflightEvictions.length - 1; i >= 0; i--) {
    const idx = w.s.inflightEvictions[i];
    const t = w.t(idx);
    if (t.evictReqId !== msg.rspTo) continue;
    w.edit.inflightEvictions = removeAt(w.s.inflightEvictions, i);
    const at = w.s.evicting.indexOf(t.evictAddr);
    if (at >= 0) w.edit.evicting = removeAt(w.s.evicting, at);
    if (t.action === 'wbFlush') w.mut(idx).removed = true;
    break;
  }
  io.pop('Bottom'); // matched, or orphaned by a Reset: consumed either way
}

/** Step 2: process one response from `Bottom`. */
function processOneResponse(w: L2Work, io: StepIo): void {
  const m = io.peek('Bottom');
  if (m === undefined) return;
  if (m.kind === 'DataReadyRsp') processDataReady(w, io, m);
  else if (m.kind === 'WriteDoneRsp') processWriteDone(w, io, m);
  else throw new SimPanic(`${io.fullName('Bottom')}: cannot handle ${m.kind}`);
}

/** Data for `line` from a pending or in-flight eviction, if any (in-flight first, as upstream). */
function findDataLocally(w: L2Work, line: number): Uint8Array | null {
  for (const e of w.s.inflightEvictions) if (w.t(e).evictAddr === line) return w.t(e).evictData;
  for (const e of w.s.pendingEvictions) if (w.t(e).evictAddr === line) return w.t(e).evictData;
  return null;
}

function processFetch(w: L2Work, io: StepIo, idx: number): void {
  const t = w.t(idx);
  const local = findDataLocally(w, t.fetchAddr);
  if (local !== null) {
    if (w.s.wbToBank.length >= w.s.spec.internalBufferSize) return;
    completeFetch(w, idx, local);
    w.edit.wbBuf = shift(w.s.wbBuf);
    return;
  }
  if (w.s.inflightFetches.length >= w.s.spec.maxInflightFetch || !io.canSend('Bottom')) return;
  const id = w.newId();
  io.send('Bottom', {
    kind: 'ReadReq',
    id,
    src: io.fullName('Bottom'),
    dst: w.lowerPort(t.fetchAddr),
    rspTo: 0,
    address: t.fetchAddr,
    size: w.s.spec.lineSize,
    pid: t.fetchPid,
  });
  w.mut(idx).fetchReqId = id;
  w.edit.inflightFetches = push(w.s.inflightFetches, idx);
  w.edit.wbBuf = shift(w.s.wbBuf);
  w.bump('fetches');
}

/** Step 3: process the head of the write-buffer input. */
function processNewTransaction(w: L2Work, io: StepIo): void {
  if (w.s.wbBuf.length === 0) return;
  const idx = w.s.wbBuf[0];
  switch (w.t(idx).action) {
    case 'wbFetch':
      processFetch(w, io, idx);
      return;
    case 'wbEvictAndWrite':
      if (writeBufferFull(w) || w.s.wbToBank.length >= w.s.spec.internalBufferSize) return;
      w.mut(idx).action = 'bankWriteHit';
      w.edit.wbToBank = push(w.s.wbToBank, idx);
      w.edit.pendingEvictions = push(w.s.pendingEvictions, idx);
      w.edit.wbBuf = shift(w.s.wbBuf);
      return;
    case 'wbEvictAndFetch':
      // Queue the write-back; the same item then turns into a fetch, which
      // the next call handles.
      if (writeBufferFull(w)) return;
      w.edit.pendingEvictions = push(w.s.pendingEvictions, idx);
      w.mut(idx).action = 'wbFetch';
      return;
    case 'wbFlush':
      if (writeBufferFull(w)) return;
      w.edit.pendingEvictions = push(w.s.pendingEvictions, idx);
      w.edit.wbBuf = shift(w.s.wbBuf);
      return;
    default:
      throw new SimPanic(`L2 write buffer: unexpected action ${w.t(idx).action}`);
  }
}

/**
 * One write-buffer-stage call (components.md §7): send one eviction,
 * process one response from `Bottom`, process the head of the write-buffer
 * input. Because sending precedes processing, a victim's write-back leaves
 * no later than the fetch that replaced it.
 *
 * @example
 * for (let k = 0; k < spec.numReqPerCycle; k++) writeBufferStage(w, io);
 */
export function writeBufferStage(w: L2Work, io: StepIo): void {
  sendOneEviction(w, io);
  processOneResponse(w, io);
  processNewTransaction(w, io);
}
