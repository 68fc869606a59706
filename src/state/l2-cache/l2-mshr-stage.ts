import type { ReadReq } from '../contract/messages';
import type { StepIo } from '../contract/step-io';
import { shift } from '../structures/immutable-array';
import type { L2Work } from './l2-cache-work';
import { lineSlice } from './l2-lines';

function answerOne(w: L2Work, io: StepIo): void {
  if (!io.canSend('Top')) return;
  const pIdx = w.s.mshrProcessing;
  const waiters = w.t(pIdx).waiters;
  if (waiters.length === 0) {
    w.edit.mshrProcessing = -1;
    return;
  }
  const wi = waiters[0];
  if (wi >= 0 && wi < w.s.transactions.length && !w.t(wi).removed) {
    const req = w.t(wi).req!;
    w.mut(wi).removed = true;
    if (req.kind === 'ReadReq') {
      const r = req as ReadReq;
      const offset = r.address - w.lineOf(r.address);
      const data = lineSlice(w.t(pIdx).mshrData!, offset, r.size);
      io.send('Top', {
        kind: 'DataReadyRsp',
        id: w.newId(),
        src: io.fullName('Top'),
        dst: r.src,
        rspTo: r.id,
        data,
      });
    } else {
      io.send('Top', {
        kind: 'WriteDoneRsp',
        id: w.newId(),
        src: io.fullName('Top'),
        dst: req.src,
        rspTo: req.id,
      });
    }
  }
  // Already removed or out-of-range waiters are skipped.
  const rest = shift(waiters);
  w.mut(pIdx).waiters = rest;
  if (rest.length === 0) w.edit.mshrProcessing = -1;
}

/**
 * One MSHR-stage call (components.md §7): take one filled transaction from
 * the MSHR-stage input (if none is being answered) and answer one of its
 * waiting transactions, in arrival order — reads get their slice of the
 * merged line, writes a `WriteDoneRsp`. Each answer needs `Top` to be able
 * to send and marks the waiter removed.
 *
 * @example
 * for (let k = 0; k < spec.numReqPerCycle; k++) mshrStage(w, io);
 */
export function mshrStage(w: L2Work, io: StepIo): void {
  if (w.s.mshrProcessing < 0) {
    if (w.s.mshrBuf.length === 0) return;
    w.edit.mshrProcessing = w.s.mshrBuf[0];
    w.edit.mshrBuf = shift(w.s.mshrBuf);
  }
  answerOne(w, io);
}
