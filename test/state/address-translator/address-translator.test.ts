import {
  addressTranslatorModel,
  defaultAddressTranslatorSpec,
} from '../../../src/state/address-translator/address-translator';
import type {
  ControlReq,
  DataReadyRsp,
  Msg,
  ReadReq,
  TranslationReq,
  TranslationRsp,
  WriteDoneRsp,
  WriteReq,
} from '../../../src/state/contract/messages';
import { u32Bytes } from '../../../src/state/contract/messages';
import { SimPanic } from '../../../src/state/contract/sim-panic';
import { AT_LIKE } from '../../../src/state/control/control-verbs';
import type { Page } from '../../../src/state/memory/page';
import { ComponentRig } from '../../support/component-rig';
import { runContract, sendAndWait } from '../../support/contract';
import { controlReq, readReq, writeReq } from '../../support/requests';

type Rig = ComponentRig<any, any>;
const spec = defaultAddressTranslatorSpec('L1Cache[0].Top', 'L1TLB[0].Top');
const fresh = (bufferSize = 16): Rig =>
  new ComponentRig(addressTranslatorModel, spec, { name: 'AT', bufferSize });

function page(vAddr: number, pAddr: number): Page {
  return {
    pid: 1,
    vAddr,
    pAddr,
    pageSize: 4096,
    valid: true,
    deviceID: 0,
    unified: false,
    isMigrating: false,
    isPinned: false,
  };
}
function read(rig: Rig, address: number): ReadReq {
  return readReq(rig, { src: 'ROB.Bottom', dst: 'AT.Top' }, address, { pid: 1 });
}
function write(rig: Rig, address: number, v: number): WriteReq {
  return writeReq(rig, { src: 'ROB.Bottom', dst: 'AT.Top' }, address, v, {
    pid: 1,
    dirtyMask: Uint8Array.of(1, 1, 1, 1),
  });
}
function translated(rig: Rig, req: TranslationReq, pAddr: number): TranslationRsp {
  return {
    kind: 'TranslationRsp',
    id: rig.freshId(),
    src: 'L1TLB[0].Top',
    dst: 'AT.Translation',
    rspTo: req.id,
    page: page(req.vAddr, pAddr),
  };
}
function dataFor(rig: Rig, req: Msg, data: Uint8Array): DataReadyRsp {
  return {
    kind: 'DataReadyRsp',
    id: rig.freshId(),
    src: 'L1Cache[0].Top',
    dst: 'AT.Bottom',
    rspTo: req.id,
    data,
  };
}
function doneFor(rig: Rig, req: Msg): WriteDoneRsp {
  return { kind: 'WriteDoneRsp', id: rig.freshId(), src: 'L1Cache[0].Top', dst: 'AT.Bottom', rspTo: req.id };
}
function ctrl(rig: Rig, command: ControlReq['command']): ControlReq {
  return controlReq(rig, 'AT.Control', command);
}

/** Sends a request through translation; returns the physical request sent to the L1. */
function translateOne(rig: Rig, req: ReadReq | WriteReq, pAddr: number): ReadReq | WriteReq {
  rig.deliver('Top', req);
  rig.tick();
  const t = rig.retrieveOutgoing('Translation') as TranslationReq;
  rig.deliver('Translation', translated(rig, t, pAddr));
  rig.tick();
  return rig.retrieveOutgoing('Bottom') as ReadReq | WriteReq;
}

runContract('address translator', () => ({ rig: fresh() }), AT_LIKE);

describe('address translator', () => {
  test('default spec', () => {
    expect(spec).toEqual({
      numReqPerCycle: 4,
      log2PageSize: 12,
      deviceID: 1,
      memoryProvider: 'L1Cache[0].Top',
      translationProvider: 'L1TLB[0].Top',
    });
    expect(addressTranslatorModel.ports(spec)).toEqual(['Top', 'Bottom', 'Translation', 'Control']);
  });

  test('translates: page-aligned vAddr, PID, device 1; physical request has PID 0 and pAddr + offset', () => {
    const rig = fresh();
    const w = write(rig, 0x2abc, 0x11223344);
    rig.deliver('Top', w);
    rig.tick();
    const t = rig.retrieveOutgoing('Translation') as TranslationReq;
    expect(t).toMatchObject({
      kind: 'TranslationReq',
      src: 'AT.Translation',
      dst: 'L1TLB[0].Top',
      vAddr: 0x2000,
      pid: 1,
      deviceID: 1,
    });
    rig.deliver('Translation', translated(rig, t, 0x305000));
    rig.tick();
    const phys = rig.retrieveOutgoing('Bottom') as WriteReq;
    expect(phys).toMatchObject({
      kind: 'WriteReq',
      src: 'AT.Bottom',
      dst: 'L1Cache[0].Top',
      address: 0x305abc,
      pid: 0,
    });
    expect(phys.data).toEqual(w.data);
    expect(phys.dirtyMask).toEqual(w.dirtyMask);
    rig.deliver('Bottom', doneFor(rig, phys));
    rig.tick();
    expect(rig.retrieveOutgoing('Top')).toMatchObject({
      kind: 'WriteDoneRsp',
      rspTo: w.id,
      dst: 'ROB.Bottom',
      src: 'AT.Top',
    });
    expect(addressTranslatorModel.isQuiescent(rig.state)).toBe(true);
  });

  test('every request gets its own translation (no coalescing), and the AT may reorder', () => {
    const rig = fresh();
    const a = read(rig, 0x1000);
    const b = read(rig, 0x1004);
    rig.deliver('Top', a);
    rig.deliver('Top', b);
    rig.tick();
    const [ta, tb] = rig.drainOutgoing('Translation') as TranslationReq[];
    expect(ta.vAddr).toBe(0x1000);
    expect(tb.vAddr).toBe(0x1000);
    expect(ta.id).not.toBe(tb.id);
    rig.deliver('Translation', translated(rig, tb, 0x100000));
    rig.tick();
    const pb = rig.retrieveOutgoing('Bottom') as ReadReq;
    expect(pb.address).toBe(0x100004);
    rig.deliver('Bottom', dataFor(rig, pb, u32Bytes(7)));
    rig.tick();
    const first = rig.retrieveOutgoing('Top') as DataReadyRsp;
    expect(first.rspTo).toBe(b.id);
    expect(first.data).toEqual(u32Bytes(7));
  });

  test('unmatched translation and bottom responses are dropped', () => {
    const rig = fresh();
    rig.deliver('Translation', {
      kind: 'TranslationRsp',
      id: rig.freshId(),
      src: 'x',
      dst: 'AT.Translation',
      rspTo: 4242,
      page: page(0, 0),
    });
    rig.deliver('Bottom', {
      kind: 'WriteDoneRsp',
      id: rig.freshId(),
      src: 'x',
      dst: 'AT.Bottom',
      rspTo: 4243,
    });
    rig.tick();
    expect(rig.ports.Translation.incoming).toHaveLength(0);
    expect(rig.ports.Bottom.incoming).toHaveLength(0);
    expect(rig.drainOutgoing('Bottom')).toHaveLength(0);
    expect(rig.drainOutgoing('Top')).toHaveLength(0);
    expect(rig.state.stats.dropped).toBe(2);
  });

  test('wrong message types panic', () => {
    const rig = fresh();
    rig.deliver('Top', { kind: 'WriteDoneRsp', id: 1, src: 'x', dst: 'AT.Top', rspTo: 0 });
    expect(() => rig.tick()).toThrow(SimPanic);
    const rig2 = fresh();
    rig2.deliver('Bottom', read(rig2, 0));
    expect(() => rig2.tick()).toThrow(SimPanic);
  });

  test('translate stalls when Translation cannot send; translate-back when Bottom cannot', () => {
    const rig = fresh(2);
    for (let i = 0; i < 2; i++) rig.deliver('Top', read(rig, i * 4));
    rig.tick();
    expect(rig.ports.Translation.outgoing).toHaveLength(2);
    rig.deliver('Top', read(rig, 8));
    rig.tick();
    expect(rig.ports.Top.incoming).toHaveLength(1);
    const ts = rig.drainOutgoing('Translation') as TranslationReq[];
    rig.tick();
    ts.push(rig.retrieveOutgoing('Translation') as TranslationReq);
    expect(rig.ports.Top.incoming).toHaveLength(0);
    rig.deliver('Translation', translated(rig, ts[0], 0x10000));
    rig.deliver('Translation', translated(rig, ts[1], 0x10000));
    rig.tick();
    rig.deliver('Translation', translated(rig, ts[2], 0x10000));
    rig.tick();
    expect(rig.ports.Bottom.outgoing).toHaveLength(2);
    expect(rig.ports.Translation.incoming).toHaveLength(1);
    expect(rig.state.transactions).toHaveLength(1);
    rig.drainOutgoing('Bottom');
    rig.tick();
    expect(rig.state.transactions).toHaveLength(0);
    expect(rig.state.inflight).toHaveLength(3);
  });

  test('Drain waits for requests in flight below, then acks and pauses', () => {
    const rig = fresh();
    const r = read(rig, 0x10);
    const phys = translateOne(rig, r, 0x200000);
    const { req, rsp } = sendAndWait(rig, 'Drain', 50);
    expect(rsp).toBeUndefined();
    expect(addressTranslatorModel.controlState(rig.state)).toBe('draining');
    rig.deliver('Top', read(rig, 0x20));
    rig.ticks(3);
    expect(rig.ports.Top.incoming).toHaveLength(1); // translate stops while draining
    rig.deliver('Bottom', dataFor(rig, phys, u32Bytes(1)));
    rig.tick(); // respond
    expect(rig.retrieveOutgoing('Top')).toMatchObject({ rspTo: r.id });
    expect(rig.peekOutgoing('Control')).toBeUndefined();
    rig.tick();
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Drain', success: true, rspTo: req.id });
    expect(addressTranslatorModel.controlState(rig.state)).toBe('paused');
  });

  test('Drain also waits for transactions awaiting translation', () => {
    const rig = fresh();
    rig.deliver('Top', read(rig, 0));
    rig.tick();
    const t = rig.retrieveOutgoing('Translation') as TranslationReq;
    expect(sendAndWait(rig, 'Drain', 20).rsp).toBeUndefined();
    rig.deliver('Translation', translated(rig, t, 0x4000));
    rig.tick();
    const phys = rig.retrieveOutgoing('Bottom')!;
    rig.deliver('Bottom', dataFor(rig, phys, u32Bytes(0)));
    rig.tickUntil(() => rig.peekOutgoing('Control') !== undefined, 10);
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Drain', success: true });
  });

  test('queued Reset behind a Drain: two replies in order, ends Enabled', () => {
    const rig = fresh();
    const drain = ctrl(rig, 'Drain');
    const reset = ctrl(rig, 'Reset');
    rig.deliver('Control', drain);
    rig.deliver('Control', reset);
    rig.tick(); // Drain taken
    rig.tick(); // Drain acked, then Reset taken in the same tick
    const out = rig.drainOutgoing('Control') as any[];
    expect(out.map((m) => [m.command, m.rspTo])).toEqual([
      ['Drain', drain.id],
      ['Reset', reset.id],
    ]);
    expect(addressTranslatorModel.controlState(rig.state)).toBe('enabled');
  });

  test('Pause freezes intake and the response paths', () => {
    const rig = fresh();
    const phys = translateOne(rig, read(rig, 0), 0x1000);
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    rig.deliver('Top', read(rig, 4));
    rig.deliver('Bottom', dataFor(rig, phys, u32Bytes(1)));
    rig.ticks(10);
    expect(rig.ports.Top.incoming).toHaveLength(1);
    expect(rig.ports.Bottom.incoming).toHaveLength(1);
    expect(rig.state.transactions).toHaveLength(0);
    expect(rig.drainOutgoing('Translation')).toHaveLength(0);
    expect(rig.drainOutgoing('Top')).toHaveLength(0);
    expect(sendAndWait(rig, 'Enable', 64).rsp?.success).toBe(true);
    rig.ticks(2);
    expect(rig.drainOutgoing('Top')).toHaveLength(1);
    expect(rig.drainOutgoing('Translation')).toHaveLength(1);
  });

  for (const from of ['enabled', 'paused'] as const) {
    test(`Reset from ${from} clears both lists and queued traffic`, () => {
      const rig = fresh();
      translateOne(rig, read(rig, 0), 0x1000);
      rig.deliver('Top', read(rig, 4));
      rig.tick();
      const t = rig.retrieveOutgoing('Translation') as TranslationReq;
      if (from === 'paused') expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
      rig.deliver('Translation', translated(rig, t, 0x1000));
      rig.deliver('Top', read(rig, 8));
      expect(rig.state.inflight.length + rig.state.transactions.length).toBe(2);
      expect(sendAndWait(rig, 'Reset', 64).rsp?.success).toBe(true);
      expect(addressTranslatorModel.isQuiescent(rig.state)).toBe(true);
      expect(rig.ports.Top.incoming).toHaveLength(0);
      expect(rig.ports.Translation.incoming).toHaveLength(0);
      expect(addressTranslatorModel.controlState(rig.state)).toBe('enabled');
    });
  }
});
