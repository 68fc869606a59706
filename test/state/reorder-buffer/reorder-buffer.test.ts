import type {
  ControlReq,
  DataReadyRsp,
  Msg,
  ReadReq,
  WriteDoneRsp,
  WriteReq,
} from '../../../src/state/contract/messages';
import { u32Bytes } from '../../../src/state/contract/messages';
import { SimPanic } from '../../../src/state/contract/sim-panic';
import { UNIVERSAL } from '../../../src/state/control/control-verbs';
import {
  defaultReorderBufferSpec,
  type RobTransaction,
  reorderBufferModel,
  robModel,
} from '../../../src/state/reorder-buffer/reorder-buffer';
import { chunkListGet } from '../../../src/state/structures/chunk-list';
import { ComponentRig } from '../../support/component-rig';
import { runContract, sendAndWait } from '../../support/contract';
import { controlReq, readReq, writeReq } from '../../support/requests';

type Rig = ComponentRig<any, any>;
const spec = defaultReorderBufferSpec('AT[0].Top');
const fresh = (bufferSize = 16): Rig => new ComponentRig(robModel, spec, { name: 'ROB', bufferSize });

function read(rig: Rig, address: number): ReadReq {
  return readReq(rig, { src: 'Agent.Mem', dst: 'ROB.Top' }, address, { pid: 1 });
}
function write(rig: Rig, address: number, v: number): WriteReq {
  return writeReq(rig, { src: 'Agent.Mem', dst: 'ROB.Top' }, address, v, { pid: 1 });
}
function dataFor(rig: Rig, req: Msg, bytes: Uint8Array): DataReadyRsp {
  return {
    kind: 'DataReadyRsp',
    id: rig.freshId(),
    src: 'AT[0].Top',
    dst: 'ROB.Bottom',
    rspTo: req.id,
    data: bytes,
  };
}
function doneFor(rig: Rig, req: Msg): WriteDoneRsp {
  return { kind: 'WriteDoneRsp', id: rig.freshId(), src: 'AT[0].Top', dst: 'ROB.Bottom', rspTo: req.id };
}
function ctrl(rig: Rig, command: ControlReq['command']): ControlReq {
  return controlReq(rig, 'ROB.Control', command);
}

runContract('reorder buffer', () => ({ rig: fresh() }), UNIVERSAL);

describe('reorder buffer', () => {
  test('default spec and exported names', () => {
    expect(spec).toEqual({ bufferSize: 128, numReqPerCycle: 4, bottomUnit: 'AT[0].Top' });
    expect(reorderBufferModel).toBe(robModel);
    expect(robModel.ports(spec)).toEqual(['Top', 'Bottom', 'Control']);
  });

  test('forwards a shadow request with a fresh id and the same payload', () => {
    const rig = fresh();
    const w = { ...write(rig, 0x40, 0xcafebabe), dirtyMask: Uint8Array.of(1, 1, 0, 1) };
    rig.deliver('Top', w);
    rig.tick();
    const shadow = rig.retrieveOutgoing('Bottom') as WriteReq;
    expect(shadow.kind).toBe('WriteReq');
    expect(shadow.id).not.toBe(w.id);
    expect(shadow.src).toBe('ROB.Bottom');
    expect(shadow.dst).toBe('AT[0].Top');
    expect(shadow.address).toBe(0x40);
    expect(shadow.data).toEqual(w.data);
    expect(shadow.dirtyMask).toEqual(w.dirtyMask);
    expect(shadow.pid).toBe(1);
    rig.deliver('Bottom', doneFor(rig, shadow));
    rig.tick(); // collect
    rig.tick(); // release
    expect(rig.retrieveOutgoing('Top')).toMatchObject({
      kind: 'WriteDoneRsp',
      rspTo: w.id,
      dst: 'Agent.Mem',
      src: 'ROB.Top',
    });
    expect(rig.state.stats).toMatchObject({ admitted: 1, released: 1, collected: 1 });
  });

  test('a response for the second transaction is held until the head is answered', () => {
    const rig = fresh();
    const r1 = read(rig, 0);
    const r2 = read(rig, 4);
    rig.deliver('Top', r1);
    rig.deliver('Top', r2);
    rig.tick();
    const [s1, s2] = rig.drainOutgoing('Bottom');
    rig.deliver('Bottom', dataFor(rig, s2, u32Bytes(2)));
    rig.ticks(5);
    expect(rig.drainOutgoing('Top')).toHaveLength(0);
    expect(chunkListGet<RobTransaction>(rig.state.transactions, 1)!.hasRsp).toBe(true);
    rig.deliver('Bottom', dataFor(rig, s1, u32Bytes(1)));
    rig.ticks(2);
    const out = rig.drainOutgoing('Top') as DataReadyRsp[];
    expect(out.map((m) => m.rspTo)).toEqual([r1.id, r2.id]);
    expect(out.map((m) => m.data)).toEqual([u32Bytes(1), u32Bytes(2)]);
    expect(rig.state.transactions).toHaveLength(0);
  });

  test('stalls at 128 open transactions and resumes when the head retires', () => {
    const rig = fresh(256);
    const reqs = Array.from({ length: 130 }, (_, i) => read(rig, i * 4));
    for (const r of reqs) rig.deliver('Top', r);
    rig.ticks(40);
    expect(rig.state.transactions).toHaveLength(128);
    expect(rig.ports.Top.incoming).toHaveLength(2);
    const shadows = rig.drainOutgoing('Bottom');
    expect(shadows).toHaveLength(128);
    rig.deliver('Bottom', dataFor(rig, shadows[0], u32Bytes(0)));
    rig.tick(); // collect
    rig.tick(); // release head, admit one
    expect(rig.drainOutgoing('Top')).toHaveLength(1);
    expect(rig.state.transactions).toHaveLength(128);
    expect(rig.ports.Top.incoming).toHaveLength(1);
  });

  test('stalls when Bottom cannot send', () => {
    const rig = fresh(4);
    for (let i = 0; i < 4; i++) rig.deliver('Top', read(rig, i * 4));
    rig.tick();
    expect(rig.ports.Bottom.outgoing).toHaveLength(4);
    rig.tick();
    rig.deliver('Top', read(rig, 64));
    rig.ticks(3);
    expect(rig.state.transactions).toHaveLength(4);
    expect(rig.ports.Top.incoming).toHaveLength(1);
    rig.retrieveOutgoing('Bottom');
    rig.tick();
    expect(rig.state.transactions).toHaveLength(5);
  });

  test('stalls release when Top cannot send, without losing a response', () => {
    const rig = fresh(2);
    const reqs = [read(rig, 0), read(rig, 4)];
    for (const r of reqs) rig.deliver('Top', r);
    rig.tick();
    const shadows = rig.drainOutgoing('Bottom');
    rig.tick();
    const r3 = read(rig, 8);
    rig.deliver('Top', r3);
    rig.tick();
    shadows.push(rig.retrieveOutgoing('Bottom')!);
    // Fill Top's outgoing buffer with two released responses, then answer the third.
    rig.deliver('Bottom', dataFor(rig, shadows[0], u32Bytes(10)));
    rig.deliver('Bottom', dataFor(rig, shadows[1], u32Bytes(11)));
    rig.ticks(2);
    expect(rig.ports.Top.outgoing).toHaveLength(2);
    rig.deliver('Bottom', dataFor(rig, shadows[2], u32Bytes(12)));
    rig.ticks(3);
    expect(rig.ports.Top.outgoing).toHaveLength(2);
    expect(rig.state.transactions).toHaveLength(1);
    const first = rig.drainOutgoing('Top');
    rig.tick();
    const last = rig.drainOutgoing('Top') as DataReadyRsp[];
    expect([...first, ...last].map((m) => m.rspTo)).toEqual([reqs[0].id, reqs[1].id, r3.id]);
  });

  test('unmatched bottom responses and non-responses are dropped', () => {
    const rig = fresh();
    const r = read(rig, 0);
    rig.deliver('Top', r);
    rig.tick();
    const shadow = rig.retrieveOutgoing('Bottom')!;
    rig.deliver('Bottom', { ...doneFor(rig, shadow), rspTo: 987654 });
    rig.deliver('Bottom', read(rig, 0));
    rig.tick();
    expect(rig.ports.Bottom.incoming).toHaveLength(0);
    expect(chunkListGet<RobTransaction>(rig.state.transactions, 0)!.hasRsp).toBe(false);
    expect(rig.state.stats.dropped).toBe(2);
    rig.deliver('Bottom', dataFor(rig, shadow, u32Bytes(5)));
    rig.ticks(2);
    expect(rig.retrieveOutgoing('Top')).toMatchObject({ rspTo: r.id });
  });

  test('a non-memory request on Top panics', () => {
    const rig = fresh();
    rig.deliver('Top', { kind: 'DataMoveResponse', id: rig.freshId(), src: 'x', dst: 'ROB.Top', rspTo: 0 });
    expect(() => rig.tick()).toThrow(SimPanic);
  });

  test('Drain waits for retirement, then acks and pauses', () => {
    const rig = fresh();
    const r = read(rig, 0);
    rig.deliver('Top', r);
    rig.tick();
    const shadow = rig.retrieveOutgoing('Bottom')!;
    const { req, rsp } = sendAndWait(rig, 'Drain', 50);
    expect(rsp).toBeUndefined();
    expect(robModel.controlState(rig.state)).toBe('draining');
    // Draining stops admission.
    rig.deliver('Top', read(rig, 4));
    rig.ticks(5);
    expect(rig.ports.Top.incoming).toHaveLength(1);
    rig.deliver('Bottom', dataFor(rig, shadow, u32Bytes(3)));
    rig.tick(); // collect
    rig.tick(); // release the last transaction
    expect(rig.retrieveOutgoing('Top')).toMatchObject({ rspTo: r.id });
    expect(rig.peekOutgoing('Control')).toBeUndefined();
    rig.tick(); // ack at the start of the next tick
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Drain', success: true, rspTo: req.id });
    expect(robModel.controlState(rig.state)).toBe('paused');
    expect(rig.ports.Top.incoming).toHaveLength(1);
  });

  test('the drain-ack tick takes no other control message; the next tick does', () => {
    const rig = fresh();
    rig.deliver('Control', ctrl(rig, 'Drain'));
    rig.tick(); // takes the Drain
    rig.deliver('Control', ctrl(rig, 'Enable'));
    rig.tick(); // Drain ack only
    expect(rig.drainOutgoing('Control').map((m) => (m as any).command)).toEqual(['Drain']);
    expect(rig.ports.Control.incoming).toHaveLength(1);
    rig.tick();
    expect(rig.drainOutgoing('Control').map((m) => (m as any).command)).toEqual(['Enable']);
    expect(robModel.controlState(rig.state)).toBe('enabled');
  });

  test('queued Reset behind a Drain: two replies in order, ends Enabled', () => {
    const rig = fresh();
    const drain = ctrl(rig, 'Drain');
    const reset = ctrl(rig, 'Reset');
    rig.deliver('Control', drain);
    rig.deliver('Control', reset);
    rig.ticks(5);
    const out = rig.drainOutgoing('Control') as any[];
    expect(out.map((m) => [m.command, m.rspTo, m.success])).toEqual([
      ['Drain', drain.id, true],
      ['Reset', reset.id, true],
    ]);
    expect(robModel.controlState(rig.state)).toBe('enabled');
  });

  test('Pause freezes intake and the whole pipeline', () => {
    const rig = fresh();
    const r = read(rig, 0);
    rig.deliver('Top', r);
    rig.tick();
    const shadow = rig.retrieveOutgoing('Bottom')!;
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    rig.deliver('Top', read(rig, 4));
    rig.deliver('Bottom', dataFor(rig, shadow, u32Bytes(1)));
    rig.ticks(10);
    expect(rig.ports.Top.incoming).toHaveLength(1);
    expect(rig.ports.Bottom.incoming).toHaveLength(1);
    expect(rig.state.transactions).toHaveLength(1);
    expect(rig.drainOutgoing('Bottom')).toHaveLength(0);
    expect(rig.drainOutgoing('Top')).toHaveLength(0);
  });

  test('Enable after Pause handles a queued request and a stray response in the Enable tick', () => {
    const rig = fresh();
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    rig.deliver('Top', read(rig, 8));
    rig.deliver('Bottom', doneFor(rig, read(rig, 0)));
    rig.ticks(3);
    rig.deliver('Control', ctrl(rig, 'Enable'));
    rig.tick();
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Enable', success: true });
    expect(rig.ports.Top.incoming).toHaveLength(0);
    expect(rig.ports.Bottom.incoming).toHaveLength(0);
    expect(rig.retrieveOutgoing('Bottom')).toMatchObject({ kind: 'ReadReq', address: 8 });
    expect(rig.state.stats.dropped).toBe(1);
  });

  for (const from of ['enabled', 'paused'] as const) {
    test(`Reset from ${from} wipes transactions and queued traffic`, () => {
      const rig = fresh();
      rig.deliver('Top', read(rig, 0));
      rig.tick();
      const shadow = rig.retrieveOutgoing('Bottom')!;
      if (from === 'paused') expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
      rig.deliver('Top', read(rig, 4));
      rig.deliver('Bottom', dataFor(rig, shadow, u32Bytes(1)));
      expect(sendAndWait(rig, 'Reset', 64).rsp?.success).toBe(true);
      expect(rig.state.transactions).toHaveLength(0);
      expect(rig.ports.Top.incoming).toHaveLength(0);
      expect(rig.ports.Bottom.incoming).toHaveLength(0);
      expect(robModel.controlState(rig.state)).toBe('enabled');
      rig.ticks(5);
      expect(rig.drainOutgoing('Top')).toHaveLength(0);
    });
  }

  test('non-control messages on Control are discarded', () => {
    const rig = fresh();
    rig.deliver('Control', read(rig, 0));
    rig.tick();
    expect(rig.ports.Control.incoming).toHaveLength(0);
    expect(rig.drainOutgoing('Control')).toHaveLength(0);
  });
});
