import type { DataMoveResponse, ReadReq, WriteReq } from '../../../src/state/contract/messages';
import { dataMoverModel, defaultDataMoverSpec } from '../../../src/state/data-mover/data-mover';
import { interleavedMapper } from '../../../src/state/data-mover/data-mover-mapper';
import { MoverRig, pattern, REQUESTER } from '../../support/mover-rig';

function expectOneResponse(rig: MoverRig, reqId: number): void {
  expect(rig.responses).toHaveLength(1);
  const rsp = rig.responses[0] as DataMoveResponse;
  expect(rsp.kind).toBe('DataMoveResponse');
  expect(rsp.rspTo).toBe(reqId);
  expect(rsp.src).toBe('DataMover.Top');
  expect(rsp.dst).toBe(REQUESTER);
}

describe('data mover: spec', () => {
  test('defaults: buffer 4096, granularity 64 on both sides', () => {
    const m = interleavedMapper(['MemCtrl[0].Top', 'MemCtrl[1].Top'], 0x200000);
    const spec = defaultDataMoverSpec(m, m);
    expect(spec).toEqual({
      bufferSize: 4096,
      insideGranularity: 64,
      outsideGranularity: 64,
      insideMapper: m,
      outsideMapper: m,
    });
    expect(spec.absoluteWindowBug).toBeUndefined();
    expect(dataMoverModel.ports(spec)).toEqual(['Top', 'Inside', 'Outside', 'Control']);
  });
});

describe('data mover: upstream regression (migration.md §8)', () => {
  test('source address beyond the buffer size: outside 4096 -> inside 8192, 2048 bytes', () => {
    const rig = new MoverRig();
    const data = pattern(2048);
    rig.poke('outside', 4096, data);
    const req = rig.move({
      srcSide: 'outside',
      srcAddress: 4096,
      dstSide: 'inside',
      dstAddress: 8192,
      byteSize: 2048,
    });
    expect(rig.runToEnd()).toBe(true);
    expect(rig.peek('inside', 8192, 2048)).toEqual(data);
    expectOneResponse(rig, req.id);
    expect(rig.peek('inside', 8192 - 64, 64)).toEqual(new Uint8Array(64));
    expect(rig.peek('inside', 8192 + 2048, 64)).toEqual(new Uint8Array(64));
    expect(dataMoverModel.isQuiescent(rig.mover.state)).toBe(true);
  });

  test('with absoluteWindowBug: no read is issued, the run ends with no response and the destination zero', () => {
    const rig = new MoverRig({ absoluteWindowBug: true });
    rig.poke('outside', 4096, pattern(2048));
    rig.move({ srcSide: 'outside', srcAddress: 4096, dstSide: 'inside', dstAddress: 8192, byteSize: 2048 });
    expect(rig.runToEnd()).toBe(true); // everything asleep: a hang, not a busy loop
    expect(rig.responses).toHaveLength(0);
    expect(rig.peek('inside', 8192, 2048)).toEqual(new Uint8Array(2048));
    expect(rig.mover.state.stats.reads).toBe(0);
    expect(rig.transfers.filter((t) => t.msg.kind === 'ReadReq')).toHaveLength(0);
    expect(dataMoverModel.isQuiescent(rig.mover.state)).toBe(false);
    expect(dataMoverModel.describeOutstanding(rig.mover.state)[0]).toMatch(
      /move outside 0x1000 -> inside 0x2000/,
    );
  });
});

describe('data mover: upstream move cases (buffer 2048, inside 64, outside 256)', () => {
  test('outside -> inside: a 4096-byte pattern at 0', () => {
    const rig = new MoverRig();
    const data = pattern(4096);
    rig.poke('outside', 0, data);
    const req = rig.move({
      srcSide: 'outside',
      srcAddress: 0,
      dstSide: 'inside',
      dstAddress: 0,
      byteSize: 4096,
    });
    expect(rig.runToEnd()).toBe(true);
    expect(rig.peek('inside', 0, 4096)).toEqual(data);
    expectOneResponse(rig, req.id);
  });

  test('inside -> outside: the destination holds the copy', () => {
    const rig = new MoverRig();
    const data = pattern(4096, 7);
    rig.poke('inside', 0, data);
    const req = rig.move({
      srcSide: 'inside',
      srcAddress: 0,
      dstSide: 'outside',
      dstAddress: 0,
      byteSize: 4096,
    });
    expect(rig.runToEnd()).toBe(true);
    expect(rig.peek('outside', 0, 4096)).toEqual(data);
    expect(rig.peek('inside', 0, 4096)).toEqual(data);
    expectOneResponse(rig, req.id);
  });

  test('different addresses: inside 0 -> outside 4096', () => {
    const rig = new MoverRig();
    const data = pattern(4096, 3);
    rig.poke('inside', 0, data);
    const req = rig.move({
      srcSide: 'inside',
      srcAddress: 0,
      dstSide: 'outside',
      dstAddress: 4096,
      byteSize: 4096,
    });
    expect(rig.runToEnd()).toBe(true);
    expect(rig.peek('outside', 4096, 4096)).toEqual(data);
    expect(rig.peek('outside', 0, 4096)).toEqual(new Uint8Array(4096));
    expectOneResponse(rig, req.id);
  });

  test('partial: 512 of a 1024-byte pattern at outside 0 to inside 512', () => {
    const rig = new MoverRig();
    const data = pattern(1024);
    rig.poke('outside', 0, data);
    const req = rig.move({
      srcSide: 'outside',
      srcAddress: 0,
      dstSide: 'inside',
      dstAddress: 512,
      byteSize: 512,
    });
    expect(rig.runToEnd()).toBe(true);
    expect(rig.peek('inside', 512, 512)).toEqual(data.subarray(0, 512));
    expect(rig.peek('inside', 0, 512)).toEqual(new Uint8Array(512));
    expect(rig.peek('inside', 1024, 512)).toEqual(new Uint8Array(512));
    expectOneResponse(rig, req.id);
  });

  test('zero size: completes in the tick after it is accepted, with no memory traffic', () => {
    const rig = new MoverRig();
    const req = rig.move({
      srcSide: 'inside',
      srcAddress: 0,
      dstSide: 'outside',
      dstAddress: 0,
      byteSize: 0,
    });
    rig.runUntil(1);
    expect(rig.mover.state.move).not.toBeNull();
    expect(rig.responses).toHaveLength(0);
    rig.runUntil(2);
    expect(rig.mover.state.move).toBeNull();
    expectOneResponse(rig, req.id);
    expect(rig.runToEnd()).toBe(true);
    expect(rig.transfers.filter((t) => t.msg.kind === 'ReadReq' || t.msg.kind === 'WriteReq')).toHaveLength(
      0,
    );
  });

  test('overlapping, same side: inside 0 -> inside 512, 512 bytes', () => {
    const rig = new MoverRig();
    const data = pattern(1024);
    rig.poke('inside', 0, data);
    const req = rig.move({
      srcSide: 'inside',
      srcAddress: 0,
      dstSide: 'inside',
      dstAddress: 512,
      byteSize: 512,
    });
    expect(rig.runToEnd()).toBe(true);
    const expected = new Uint8Array(1024);
    expected.set(data.subarray(0, 512), 0);
    expected.set(data.subarray(0, 512), 512);
    expect(rig.peek('inside', 0, 1024)).toEqual(expected);
    expectOneResponse(rig, req.id);
  });
});

describe('data mover: source address and the window', () => {
  // buffer 2048: source at 0, below the buffer size, at it, and beyond it.
  const cases = [
    { src: 0, buggyCompletes: true },
    { src: 1024, buggyCompletes: true },
    { src: 2048, buggyCompletes: false },
    { src: 8192, buggyCompletes: false },
  ];
  for (const { src, buggyCompletes } of cases) {
    test(`source at ${src}: fixed completes; the absolute-window bug ${buggyCompletes ? 'completes' : 'hangs'}`, () => {
      for (const bug of [false, true]) {
        const rig = new MoverRig({ absoluteWindowBug: bug });
        const data = pattern(4096, src);
        rig.poke('outside', src, data);
        rig.move({
          srcSide: 'outside',
          srcAddress: src,
          dstSide: 'inside',
          dstAddress: 65536,
          byteSize: 4096,
        });
        expect(rig.runToEnd()).toBe(true);
        const completes = !bug || buggyCompletes;
        expect(rig.responses).toHaveLength(completes ? 1 : 0);
        expect(rig.peek('inside', 65536, 4096)).toEqual(completes ? data : new Uint8Array(4096));
      }
    });
  }

  test('the bug shrinks the window for 0 < src < bufferSize: fewer reads run ahead', () => {
    const ahead = (bug: boolean) => {
      const rig = new MoverRig({ absoluteWindowBug: bug, outsideGranularity: 64 });
      rig.move({ srcSide: 'outside', srcAddress: 1024, dstSide: 'inside', dstAddress: 0, byteSize: 4096 });
      rig.runUntil(60); // before any read data returns
      return rig.mover.state.stats.reads;
    };
    expect(ahead(false)).toBe(2048 / 64);
    expect(ahead(true)).toBe((2048 - 1024) / 64);
  });

  test('reads run at most bufferSize ahead of the writes, one per cycle in address order', () => {
    const rig = new MoverRig({ bufferSize: 256, insideGranularity: 64, outsideGranularity: 64 });
    const data = pattern(1024);
    rig.poke('outside', 0, data);
    rig.move({ srcSide: 'outside', srcAddress: 0, dstSide: 'inside', dstAddress: 0, byteSize: 1024 });
    let maxAhead = 0;
    while (rig.responses.length === 0 && rig.now < 5000) {
      rig.run(1);
      const t = rig.mover.state.move;
      if (t !== null) {
        expect(t.nextReadAddr - t.srcAddress).toBeLessThanOrEqual(rig.mover.state.buffer.offset + 256);
        maxAhead = Math.max(maxAhead, t.pendingReads.length);
      }
    }
    expect(maxAhead).toBe(4);
    const reads = rig.transfers.filter((t) => t.msg.kind === 'ReadReq');
    expect(reads.map((t) => (t.msg as ReadReq).address)).toEqual(
      Array.from({ length: 16 }, (_, k) => k * 64),
    );
    expect(reads.slice(0, 4).map((t) => t.cycle)).toEqual([1, 2, 3, 4]);
    expect(reads[4].cycle).toBeGreaterThan(100);
    expect(rig.peek('inside', 0, 1024)).toEqual(data);
  });
});

describe('data mover: sizes that are not a multiple of the granularity (fixed [Latent] overrun)', () => {
  const SENTINEL = 0xee;
  function run(opts: {
    inside: number;
    outside: number;
    srcSide: 'inside' | 'outside';
    dstSide: 'inside' | 'outside';
    byteSize: number;
  }) {
    const rig = new MoverRig({ insideGranularity: opts.inside, outsideGranularity: opts.outside });
    const data = pattern(1024, 1);
    rig.poke(opts.srcSide, 0, data);
    rig.poke(opts.dstSide, 4096, new Uint8Array(1024).fill(SENTINEL));
    const req = rig.move({
      srcSide: opts.srcSide,
      srcAddress: 0,
      dstSide: opts.dstSide,
      dstAddress: 4096,
      byteSize: opts.byteSize,
    });
    expect(rig.runToEnd()).toBe(true);
    expectOneResponse(rig, req.id);
    const out = rig.peek(opts.dstSide, 4096, 1024);
    expect(out.subarray(0, opts.byteSize)).toEqual(data.subarray(0, opts.byteSize));
    expect(out.subarray(opts.byteSize).every((b) => b === SENTINEL)).toBe(true);
    return rig.transfers.filter((t) => t.msg.kind === 'WriteReq').map((t) => t.msg as WriteReq);
  }

  test('100 bytes with granularity 64: the last write carries only the remaining 36 bytes', () => {
    const writes = run({ inside: 64, outside: 64, srcSide: 'outside', dstSide: 'inside', byteSize: 100 });
    expect(writes.map((w) => [w.address, w.data.length])).toEqual([
      [4096, 64],
      [4160, 36],
    ]);
  });

  test('source granule larger than the destination granule: no writes past the end', () => {
    // Upstream would keep writing 64-byte granules from the 256-byte chunk up to 512.
    const writes = run({ inside: 64, outside: 256, srcSide: 'outside', dstSide: 'inside', byteSize: 320 });
    expect(writes).toHaveLength(5);
    expect(writes.every((w) => w.data.length === 64)).toBe(true);
  });

  test('destination granule larger than the source range read: completes with a short write', () => {
    // Upstream would wait forever for source chunks past the end that are never read.
    const writes = run({ inside: 64, outside: 256, srcSide: 'inside', dstSide: 'outside', byteSize: 100 });
    expect(writes.map((w) => [w.address, w.data.length])).toEqual([[4096, 100]]);
  });
});
