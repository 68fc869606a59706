import type { DataReadyRsp, Msg, WriteDoneRsp } from '../contract/messages';
import { SimPanic } from '../contract/sim-panic';
import type { StepIo } from '../contract/step-io';
import { lineData, withBlock } from './l1-blocks';
import { writeTxnIsReady } from './l1-cache-state';
import type { L1Work } from './l1-work';

/** The first live slot whose write below has id `id`, or -1. */
function liveWriter(w: L1Work, id: number): number {
  const txns = w.s.txns;
  for (let i = 0; i < txns.length; i++) {
    const t = txns[i];
    if (!t.removed && t.writeToBottomId === id) return i;
  }
  return -1;
}

/** The first live slot whose fetch below has id `id`, or -1. */
function liveFetcher(w: L1Work, id: number): number {
  const txns = w.s.txns;
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
  if (w.s.bankBuf.length >= w.s.spec.bankBufferCap) return false;
  const fetcher = w.tx(slot);
  const line = w.lineOf(fetcher.address);
  const ei = w.mshrIndex(fetcher.pid, line);
  if (ei < 0) throw new SimPanic(`L1: MSHR entry not found for fetched line 0x${line.toString(16)}`);
  const entry = w.s.mshr[ei];
  const merged = new Uint8Array(w.s.spec.lineSize);
  const fetched = m.data;
  for (let i = 0; i < merged.length && i < fetched.length; i++) merged[i] = fetched[i];
  for (const idx of entry.txns) {
    const t = w.s.txns[idx];
    if (t.isRead) continue;
    const off = t.address - line;
    const d = t.data!;
    const mask = t.mask!;
    for (let i = 0; i < d.length; i++) if (mask[i]) merged[off + i] = d[i];
  }
  fetcher.bankAction = 'writeFetched';
  fetcher.fill = merged;
  w.bankBuf().push(slot);
  for (const idx of entry.txns) {
    if (idx === slot) continue;
    const t = w.tx(idx);
    if (t.isRead) {
      const off = t.address - line;
      t.data = merged.slice(off, off + t.size);
      t.done = true;
    } else if (!t.done && writeTxnIsReady(t)) t.done = true;
  }
  w.mshr().splice(ei, 1);
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
  for (let k = 0; k < w.s.spec.numReqPerCycle; k++) {
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
  for (let i = 0; i < w.s.txns.length; i++) {
    const t = w.s.txns[i];
    if (t.removed || t.done || !t.waitForMSHRFill || t.mshrFillDone || t.fetcherSlot !== fetcherSlot)
      continue;
    const wt = w.tx(i);
    wt.mshrFillDone = true;
    if (writeTxnIsReady(wt)) wt.done = true;
  }
}

/**
 * Finalizes the bank's work on `slot` (read hit, write, or write of fetched
 * data): updates the block and marks the transaction done. Runs when the
 * slot leaves the bank's post buffer.
 *
 * @example
 * finalize(w, w.bankPost().shift()!);
 */
export function finalize(w: L1Work, slot: number): void {
  const t = w.tx(slot);
  const b = w.s.directory.block(t.setId, t.wayId);
  if (t.bankAction === 'readHit') {
    const off = t.address - b.tag;
    t.data = b.data.slice(off, off + t.size);
    w.edit.directory = w.s.directory.updateBlock(
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
    w.edit.directory = w.s.directory.updateBlock(
      withBlock(b, b.tag, b.pid, b.isValid, false, b.readCount, data),
    );
    t.bankDone = true;
    if (!t.done && writeTxnIsReady(t)) t.done = true;
  } else if (t.bankAction === 'writeFetched') {
    const fill = t.fill!;
    w.edit.directory = w.s.directory.updateBlock(
      withBlock(b, b.tag, b.pid, b.isValid, false, b.readCount, fill),
    );
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
