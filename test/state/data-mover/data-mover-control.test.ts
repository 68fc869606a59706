import type {
  ControlReq,
  DataMoveRequest,
  DataReadyRsp,
  MoverSide,
  Msg,
  ReadReq,
  WriteDoneRsp,
  WriteReq,
} from '../../../src/state/contract/messages';
import { SimPanic } from '../../../src/state/contract/sim-panic';
import { UNIVERSAL } from '../../../src/state/control/control-verbs';
import { type DataMoverSpec, dataMoverModel } from '../../../src/state/data-mover/data-mover';
import { singlePortMapper } from '../../../src/state/data-mover/data-mover-mapper';
import { chunkListToArray } from '../../../src/state/structures/chunk-list';
import { ComponentRig } from '../../support/component-rig';
import { runContract, sendAndWait } from '../../support/contract';
import { MoverRig, pattern } from '../../support/mover-rig';
import { controlReq } from '../../support/requests';

type Rig = ComponentRig<any, any>;
const spec: DataMoverSpec = {
  bufferSize: 4096,
  insideGranularity: 64,
  outsideGranularity: 64,
  insideMapper: singlePortMapper('InMem.Top'),
  outsideMapper: singlePortMapper('OutMem.Top'),
};
const fresh = (s: DataMoverSpec = spec): Rig => new ComponentRig(dataMoverModel, s, { name: 'DataMover' });

function moveReq(
  rig: Rig,
  srcAddress: number,
  dstAddress: number,
  byteSize: number,
  srcSide: MoverSide = 'outside',
  dstSide: MoverSide = 'inside',
): DataMoveRequest {
  return {
    kind: 'DataMoveRequest',
    id: rig.freshId(),
    src: 'MC.Mover',
    dst: 'DataMover.Top',
    rspTo: 0,
    srcAddress,
    dstAddress,
    byteSize,
    srcSide,
    dstSide,
  };
}
function dataFor(rig: Rig, r: ReadReq, fill: number): DataReadyRsp {
  return {
    kind: 'DataReadyRsp',
    id: rig.freshId(),
    src: r.dst,
    dst: r.src,
    rspTo: r.id,
    data: new Uint8Array(r.size).fill(fill),
  };
}
function ackFor(rig: Rig, w: Msg): WriteDoneRsp {
  return { kind: 'WriteDoneRsp', id: rig.freshId(), src: w.dst, dst: w.src, rspTo: w.id };
}
function ctrl(rig: Rig, command: ControlReq['command']): ControlReq {
  return controlReq(rig, 'DataMover.Control', command);
}
const kinds = (ms: Msg[]) => ms.map((m) => m.kind);

runContract('data mover', () => ({ rig: fresh() }), UNIVERSAL);

describe('data mover: per-tick behaviour', () => {
  test('reads go to the source side, writes to the destination side, with PID 0 and mapped destinations', () => {
    const rig = fresh();
    rig.deliver('Top', moveReq(rig, 0x1000, 0x2000, 64));
    rig.tick();
    const r = rig.retrieveOutgoing('Outside') as ReadReq;
    expect(r).toMatchObject({
      kind: 'ReadReq',
      src: 'DataMover.Outside',
      dst: 'OutMem.Top',
      address: 0x1000,
      size: 64,
      pid: 0,
    });
    rig.deliver('Outside', dataFor(rig, r, 0x5a));
    rig.tick(); // absorb
    expect(rig.peekOutgoing('Inside')).toBeUndefined();
    rig.tick(); // write (the write stage runs before the read-data stage)
    const w = rig.retrieveOutgoing('Inside') as WriteReq;
    expect(w).toMatchObject({
      kind: 'WriteReq',
      src: 'DataMover.Inside',
      dst: 'InMem.Top',
      address: 0x2000,
      pid: 0,
      dirtyMask: null,
    });
    expect(w.data).toEqual(new Uint8Array(64).fill(0x5a));
  });

  test('stage order within a tick: write ack, write, read data, read', () => {
    // Same side, so the order of the sends is visible in one outgoing buffer.
    const rig = fresh();
    rig.deliver('Top', moveReq(rig, 0, 4096, 128, 'inside', 'inside'));
    rig.tick();
    rig.tick();
    const [r0, r1] = rig.drainOutgoing('Inside') as ReadReq[];
    expect([r0.address, r1.address]).toEqual([0, 64]);
    rig.deliver('Inside', dataFor(rig, r0, 1));
    rig.tick(); // absorbs r0's data; nothing else to read (range done)
    rig.deliver('Inside', dataFor(rig, r1, 2));
    rig.tick(); // write of chunk 0, then absorb r1's data
    const w0 = rig.retrieveOutgoing('Inside') as WriteReq;
    expect(w0.address).toBe(4096);
    expect(rig.ports.Inside.incoming).toHaveLength(0);
    // A write ack and the next write in one tick: the ack is absorbed first.
    rig.deliver('Inside', ackFor(rig, w0));
    rig.tick();
    expect(chunkListToArray<any>(rig.state.move.pendingWrites).map((p: any) => p.address)).toEqual([4160]);
    expect(kinds(rig.drainOutgoing('Inside'))).toEqual(['WriteReq']);
  });

  test('in one tick a write goes out before the read issued after it', () => {
    const rig = fresh({ ...spec, bufferSize: 64 });
    rig.deliver('Top', moveReq(rig, 0, 4096, 128, 'inside', 'inside'));
    rig.tick();
    const r0 = rig.retrieveOutgoing('Inside') as ReadReq;
    rig.tick();
    expect(rig.peekOutgoing('Inside')).toBeUndefined(); // window of one granule is full
    rig.deliver('Inside', dataFor(rig, r0, 9));
    rig.tick(); // absorb; window still full (nothing written yet)
    expect(rig.peekOutgoing('Inside')).toBeUndefined();
    rig.tick(); // write slides the window, then the next read goes out
    const out = rig.drainOutgoing('Inside');
    expect(kinds(out)).toEqual(['WriteReq', 'ReadReq']);
    expect((out[1] as ReadReq).address).toBe(64);
  });

  test('misaligned source or destination addresses panic', () => {
    const a = fresh();
    a.deliver('Top', moveReq(a, 32, 0, 64));
    expect(() => a.tick()).toThrow(SimPanic);
    const b = fresh({ ...spec, insideGranularity: 256 });
    b.deliver('Top', moveReq(b, 0, 64, 64));
    expect(() => b.tick()).toThrow(/not aligned/);
  });

  test('a non-move request on Top panics', () => {
    const rig = fresh();
    rig.deliver('Top', { kind: 'WriteDoneRsp', id: 1, src: 'x', dst: 'DataMover.Top', rspTo: 0 });
    expect(() => rig.tick()).toThrow(SimPanic);
  });

  test('a request that arrives while a move is running waits at the head', () => {
    const rig = new MoverRig({ outsideGranularity: 64 });
    rig.poke('outside', 0, pattern(256));
    rig.poke('outside', 1024, pattern(256, 100));
    const a = rig.move({
      srcSide: 'outside',
      srcAddress: 0,
      dstSide: 'inside',
      dstAddress: 0,
      byteSize: 256,
    });
    const b = rig.move({
      srcSide: 'outside',
      srcAddress: 1024,
      dstSide: 'inside',
      dstAddress: 1024,
      byteSize: 256,
    });
    rig.run(20);
    expect(rig.sim.port('DataMover.Top').incoming).toHaveLength(1);
    expect(rig.runToEnd()).toBe(true);
    expect(rig.responses.map((m) => m.rspTo)).toEqual([a.id, b.id]);
    expect(rig.peek('inside', 1024, 256)).toEqual(pattern(256, 100));
  });
});

describe('data mover: control behaviour', () => {
  test('Drain waits for the move and every destination write ack, then acks and pauses', () => {
    const rig = fresh();
    const m = moveReq(rig, 0, 4096, 128);
    rig.deliver('Top', m);
    rig.ticks(2);
    const reads = rig.drainOutgoing('Outside') as ReadReq[];
    expect(reads).toHaveLength(2);
    const { req, rsp } = sendAndWait(rig, 'Drain', 5);
    expect(rsp).toBeUndefined();
    expect(dataMoverModel.controlState(rig.state)).toBe('draining');
    for (const r of reads) rig.deliver('Outside', dataFor(rig, r, 3));
    rig.ticks(5);
    const writes = rig.drainOutgoing('Inside');
    expect(writes).toHaveLength(2);
    rig.deliver('Inside', ackFor(rig, writes[0]));
    rig.ticks(10);
    expect(rig.peekOutgoing('Control')).toBeUndefined();
    expect(rig.peekOutgoing('Top')).toBeUndefined();
    expect(dataMoverModel.controlState(rig.state)).toBe('draining');
    rig.deliver('Inside', ackFor(rig, writes[1]));
    rig.tick(); // absorb the last ack
    expect(rig.peekOutgoing('Control')).toBeUndefined();
    rig.tick(); // completion: the move response
    expect(rig.retrieveOutgoing('Top')).toMatchObject({ kind: 'DataMoveResponse', rspTo: m.id });
    expect(rig.peekOutgoing('Control')).toBeUndefined();
    rig.tick(); // the Drain ack at the start of the next tick
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Drain', success: true, rspTo: req.id });
    expect(dataMoverModel.controlState(rig.state)).toBe('paused');
  });

  test('Drain stops admission of a new move', () => {
    const rig = fresh();
    expect(sendAndWait(rig, 'Drain', 64).rsp?.success).toBe(true);
    rig.deliver('Top', moveReq(rig, 0, 0, 64));
    rig.ticks(10);
    expect(rig.ports.Top.incoming).toHaveLength(1);
    expect(rig.state.move).toBeNull();
  });

  test('Pause freezes everything, including admission of a waiting request', () => {
    const rig = fresh();
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    rig.deliver('Top', moveReq(rig, 0, 0, 128));
    rig.ticks(10);
    expect(rig.ports.Top.incoming).toHaveLength(1);
    expect(rig.state.move).toBeNull();
    expect(sendAndWait(rig, 'Enable', 64).rsp?.success).toBe(true);
    rig.tick();
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    const [r0] = rig.drainOutgoing('Outside') as ReadReq[];
    const before = rig.state.move;
    rig.deliver('Outside', dataFor(rig, r0, 1));
    rig.ticks(10);
    expect(rig.state.move).toBe(before);
    expect(rig.ports.Outside.incoming).toHaveLength(1);
    expect(rig.drainOutgoing('Outside')).toHaveLength(0);
  });

  test('Drain while paused resumes the frozen move and completes it', () => {
    const rig = new MoverRig({ outsideGranularity: 64 });
    const data = pattern(1024);
    rig.poke('outside', 0, data);
    rig.move({ srcSide: 'outside', srcAddress: 0, dstSide: 'inside', dstAddress: 0, byteSize: 1024 });
    rig.run(50);
    const pause = rig.control('Pause');
    rig.run(300);
    expect(rig.mover.state.move).not.toBeNull();
    const drain = rig.control('Drain');
    expect(rig.runToEnd()).toBe(true);
    expect(rig.acks.map((m) => [(m as any).command, m.rspTo])).toEqual([
      ['Pause', pause.id],
      ['Drain', drain.id],
    ]);
    expect(rig.responses).toHaveLength(1);
    expect(rig.peek('inside', 0, 1024)).toEqual(data);
    expect(dataMoverModel.controlState(rig.mover.state)).toBe('paused');
  });

  test('queued Reset behind a Drain: two replies in order, ends Enabled', () => {
    const rig = fresh();
    const drain = ctrl(rig, 'Drain');
    const reset = ctrl(rig, 'Reset');
    rig.deliver('Control', drain);
    rig.deliver('Control', reset);
    rig.ticks(2);
    expect(rig.drainOutgoing('Control').map((m) => [(m as any).command, m.rspTo])).toEqual([
      ['Drain', drain.id],
      ['Reset', reset.id],
    ]);
    expect(dataMoverModel.controlState(rig.state)).toBe('enabled');
  });

  for (const from of ['enabled', 'paused'] as const) {
    test(`Reset from ${from} clears the move, the buffer and queued traffic`, () => {
      const rig = fresh();
      rig.deliver('Top', moveReq(rig, 0, 0, 256));
      rig.ticks(2);
      const reads = rig.drainOutgoing('Outside') as ReadReq[];
      rig.deliver('Outside', dataFor(rig, reads[0], 1));
      rig.tick();
      if (from === 'paused') expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
      rig.deliver('Outside', dataFor(rig, reads[1], 2));
      rig.deliver('Top', moveReq(rig, 0, 0, 64));
      expect(sendAndWait(rig, 'Reset', 64).rsp?.success).toBe(true);
      expect(rig.state.move).toBeNull();
      expect(rig.state.buffer.chunks).toHaveLength(0);
      expect(rig.ports.Top.incoming).toHaveLength(0);
      expect(rig.ports.Outside.incoming).toHaveLength(0);
      expect(dataMoverModel.controlState(rig.state)).toBe('enabled');
    });
  }

  test('a late read response after Reset is dropped without a crash; the next move is correct', () => {
    const rig = fresh();
    rig.deliver('Top', moveReq(rig, 0, 0, 64));
    rig.tick();
    const stale = rig.retrieveOutgoing('Outside') as ReadReq;
    expect(sendAndWait(rig, 'Reset', 64).rsp?.success).toBe(true);
    const m2 = moveReq(rig, 0, 512, 64);
    rig.deliver('Top', m2);
    rig.tick();
    const fresh2 = rig.retrieveOutgoing('Outside') as ReadReq;
    rig.deliver('Outside', dataFor(rig, stale, 0xbb)); // late, for the dropped move
    rig.deliver('Outside', dataFor(rig, fresh2, 0x77));
    rig.tick();
    expect(rig.state.stats.dropped).toBe(1);
    rig.ticks(3);
    const w = rig.retrieveOutgoing('Inside') as WriteReq;
    expect(w.address).toBe(512);
    expect(w.data).toEqual(new Uint8Array(64).fill(0x77));
    rig.deliver('Inside', ackFor(rig, { ...w, id: 999999 })); // a stale ack: dropped too
    rig.deliver('Inside', ackFor(rig, w));
    rig.ticks(4);
    expect(rig.state.stats.dropped).toBe(2);
    expect(rig.retrieveOutgoing('Top')).toMatchObject({ kind: 'DataMoveResponse', rspTo: m2.id });
  });
});
