import { SimPanic } from '../contract/sim-panic';
import type { StepIo } from '../contract/step-io';
import type { L1Work } from './l1-work';

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
 * if (state.control !== 'draining') intakeStage(w, io);
 */
export function intakeStage(w: L1Work, io: StepIo): void {
  for (let k = 0; k < w.s.spec.numReqPerCycle; k++) {
    const m = io.peek('Top');
    if (m === undefined) return;
    if (m.kind !== 'ReadReq' && m.kind !== 'WriteReq') {
      throw new SimPanic(`${io.fullName('Top')}: cannot process request of kind ${m.kind}`);
    }
    if (w.liveCount() >= w.s.spec.maxTransactions) return;
    if (w.s.dirBuf.length >= w.s.spec.dirBufferCap) return;
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
    w.dirBuf().push(slot);
    if (isRead) w.stats().reads++;
    else w.stats().writes++;
    io.pop('Top');
  }
}
