import type { StepIo } from '../contract/step-io';
import type { L1Work } from './l1-work';

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
  const early = w.s.spec.faults?.earlyWriteAck === true;
  if (early) {
    for (let i = 0; i < w.s.txns.length; i++) {
      const t = w.s.txns[i];
      if (t.acked && t.done && !t.removed) w.tx(i).removed = true;
    }
  }
  // Slots before the one just answered had nothing to send and still have not: scan on from it.
  let from = 0;
  for (let k = 0; k < w.s.spec.numReqPerCycle; k++) {
    let slot = -1;
    for (let i = from; i < w.s.txns.length; i++) {
      const t = w.s.txns[i];
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
        id: w.edit.nextId++,
        src: top,
        dst: t.req.src,
        rspTo: t.req.id,
        data: t.data!,
      });
      t.removed = true;
    } else {
      io.send('Top', {
        kind: 'WriteDoneRsp',
        id: w.edit.nextId++,
        src: top,
        dst: t.req.src,
        rspTo: t.req.id,
      });
      if (t.done) t.removed = true;
      else {
        t.acked = true;
        w.stats().earlyWriteAcks++;
      }
    }
  }
}
