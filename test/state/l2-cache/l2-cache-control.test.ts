import type { ControlRsp, DataReadyRsp, ReadReq, WriteReq } from '../../../src/state/contract/messages';
import { readU32, u32Bytes } from '../../../src/state/contract/messages';
import { l2CacheModel } from '../../../src/state/l2-cache/l2-cache';
import {
  blockOf,
  DRIVER,
  type HandL2,
  handAckWrite,
  handAnswerFetch,
  handAwait,
  handControl,
  handL2,
  handRead,
  handWrite,
  handWriteDirty,
  L2Rig,
} from '../../support/l2-rig';

const mode = (rig: HandL2) => rig.state.mode;

/** Sends a command and waits for its reply (checking it answers the command). */
function command(
  rig: HandL2,
  verb: Parameters<typeof handControl>[1],
  addresses: number[] = [],
  budget = 200,
) {
  const req = handControl(rig, verb, addresses);
  const rsp = handAwait(rig, 'Control', budget) as ControlRsp | undefined;
  if (rsp !== undefined) expect(rsp).toMatchObject({ rspTo: req.id, command: verb, dst: DRIVER });
  return rsp;
}

/** A read miss whose fetch has gone out (and is returned unanswered). */
function readMissInFlight(rig: HandL2, address = 0x40): { read: ReadReq; fetch: ReadReq } {
  const read = handRead(rig, address);
  const fetch = handAwait(rig, 'Bottom') as ReadReq;
  expect(fetch.kind).toBe('ReadReq');
  return { read, fetch };
}

describe('L2 Drain', () => {
  test('acks only when quiescent: a read miss in flight holds the ack', () => {
    const rig = handL2();
    const { read, fetch } = readMissInFlight(rig);
    const drain = handControl(rig, 'Drain');
    rig.ticks(200);
    expect(rig.peekOutgoing('Control')).toBeUndefined();
    expect(mode(rig)).toBe('draining');
    expect(l2CacheModel.controlState(rig.state)).toBe('draining');
    expect(l2CacheModel.isQuiescent(rig.state)).toBe(false);
    handAnswerFetch(rig, fetch, new Uint8Array(64).fill(5));
    const ack = handAwait(rig, 'Control') as ControlRsp;
    expect(ack).toMatchObject({ command: 'Drain', rspTo: drain.id, success: true, error: '' });
    expect(mode(rig)).toBe('paused');
    expect(l2CacheModel.isQuiescent(rig.state)).toBe(true);
    expect(rig.drainOutgoing('Top').map((m) => m.rspTo)).toEqual([read.id]);
  });

  test('stops taking requests while draining; they are admitted after Enable', () => {
    const rig = handL2();
    const { fetch } = readMissInFlight(rig);
    handControl(rig, 'Drain');
    rig.tick();
    const late = handRead(rig, 0x80);
    rig.ticks(20);
    expect(rig.ports.Top.incoming).toHaveLength(1);
    handAnswerFetch(rig, fetch);
    expect((handAwait(rig, 'Control') as ControlRsp).command).toBe('Drain');
    expect(command(rig, 'Enable')?.success).toBe(true);
    const f2 = handAwait(rig, 'Bottom') as ReadReq;
    expect(f2.address).toBe(0x80);
    handAnswerFetch(rig, f2);
    rig.ticks(30);
    expect(rig.drainOutgoing('Top').map((m) => m.rspTo)).toContain(late.id);
  });

  test('a queued Reset behind a Drain runs after the Drain acks: two replies in order, ends enabled', () => {
    const rig = handL2();
    const { fetch } = readMissInFlight(rig);
    const drain = handControl(rig, 'Drain');
    const reset = handControl(rig, 'Reset');
    rig.ticks(50);
    expect(rig.peekOutgoing('Control')).toBeUndefined();
    expect(rig.ports.Control.incoming).toHaveLength(1);
    handAnswerFetch(rig, fetch);
    rig.ticks(30);
    const acks = rig.drainOutgoing('Control') as ControlRsp[];
    expect(acks.map((a) => [a.command, a.rspTo, a.success])).toEqual([
      ['Drain', drain.id, true],
      ['Reset', reset.id, true],
    ]);
    expect(mode(rig)).toBe('enabled');
  });
});

describe('L2 Pause and Enable', () => {
  test('Pause freezes in-flight work and intake; Enable resumes without loss', () => {
    const rig = handL2();
    const { read, fetch } = readMissInFlight(rig);
    expect(command(rig, 'Pause')?.success).toBe(true);
    handAnswerFetch(rig, fetch, new Uint8Array(64).fill(9));
    const queued = handRead(rig, 0x44);
    rig.ticks(300);
    expect(rig.peekOutgoing('Top')).toBeUndefined();
    expect(rig.ports.Top.incoming).toHaveLength(1);
    expect(rig.ports.Bottom.incoming).toHaveLength(1);
    expect(rig.state.transactions.filter((t) => !t.removed)).toHaveLength(1);
    expect(command(rig, 'Enable')?.success).toBe(true);
    rig.ticks(40);
    const out = rig.drainOutgoing('Top') as DataReadyRsp[];
    expect(out.map((m) => m.rspTo).sort()).toEqual([read.id, queued.id].sort());
    for (const m of out) expect(readU32(m.data)).toBe(0x09090909);
  });
});

describe('L2 Reset', () => {
  test.each(['enabled', 'paused'])(
    'wipes in-flight work and the directory from %s; a late fetch response is dropped',
    (from) => {
      const rig = handL2();
      handWriteDirty(rig, 0x100, u32Bytes(0xdead));
      const { fetch } = readMissInFlight(rig, 0x40);
      handRead(rig, 0x80); // queued behind
      if (from === 'paused') expect(command(rig, 'Pause')?.success).toBe(true);
      expect(command(rig, 'Reset')?.success).toBe(true);
      expect(mode(rig)).toBe('enabled');
      expect(l2CacheModel.isQuiescent(rig.state)).toBe(true);
      expect(rig.state.transactions).toHaveLength(0);
      expect(rig.state.mshr).toHaveLength(0);
      expect(rig.state.inflightFetches).toHaveLength(0);
      expect(rig.ports.Top.incoming).toHaveLength(0);
      expect(blockOf(rig, 0x100)).toBeUndefined();
      // §10 (5): the orphaned fetch response is dropped without a crash ...
      handAnswerFetch(rig, fetch, new Uint8Array(64).fill(0x5a));
      rig.ticks(20);
      expect(rig.ports.Bottom.incoming).toHaveLength(0);
      expect(rig.drainOutgoing('Top')).toHaveLength(0);
      expect(rig.drainOutgoing('Bottom')).toHaveLength(0);
      expect(blockOf(rig, 0x40)).toBeUndefined();
      // ... and a fresh read still works and returns 4 bytes.
      const r = handRead(rig, 0x40);
      const f2 = handAwait(rig, 'Bottom') as ReadReq;
      expect(f2.id).not.toBe(fetch.id);
      handAnswerFetch(rig, f2, new Uint8Array(64).fill(3));
      const rsp = handAwait(rig, 'Top') as DataReadyRsp;
      expect(rsp.rspTo).toBe(r.id);
      expect(Array.from(rsp.data)).toEqual([3, 3, 3, 3]);
    },
  );
});

describe('L2 Flush ordering', () => {
  test('a Pause queued behind a Flush is not taken until the flush acks', () => {
    const rig = handL2();
    handWriteDirty(rig, 0xc0, u32Bytes(0x12345678));
    expect(command(rig, 'Pause')?.success).toBe(true);
    const flush = handControl(rig, 'Flush');
    const pause = handControl(rig, 'Pause');
    const wb = handAwait(rig, 'Bottom') as WriteReq;
    expect(wb.kind).toBe('WriteReq');
    rig.ticks(100);
    expect(rig.peekOutgoing('Control')).toBeUndefined();
    expect(rig.ports.Control.incoming.map((m) => m.id)).toEqual([pause.id]);
    expect(mode(rig)).toBe('flushing');
    expect(l2CacheModel.controlState(rig.state)).toBe('flushing');
    handAckWrite(rig, wb);
    rig.ticks(10);
    const acks = rig.drainOutgoing('Control') as ControlRsp[];
    expect(acks.map((a) => [a.command, a.rspTo, a.success])).toEqual([
      ['Flush', flush.id, true],
      ['Pause', pause.id, true],
    ]);
    expect(mode(rig)).toBe('paused');
    expect(blockOf(rig, 0xc0)).toMatchObject({ isValid: true, isDirty: false });
  });

  test('Flush from paused with frozen work lets that work finish first, then writes back', () => {
    const rig = handL2();
    handWriteDirty(rig, 0x100, u32Bytes(7));
    const { read, fetch } = readMissInFlight(rig, 0x140);
    expect(command(rig, 'Pause')?.success).toBe(true);
    const flush = handControl(rig, 'Flush');
    rig.ticks(30);
    expect(mode(rig)).toBe('pre-flushing');
    expect(rig.drainOutgoing('Bottom')).toHaveLength(0);
    handAnswerFetch(rig, fetch);
    const wb = handAwait(rig, 'Bottom') as WriteReq;
    expect(wb).toMatchObject({ kind: 'WriteReq', address: 0x100 });
    expect(rig.drainOutgoing('Top').map((m) => m.rspTo)).toEqual([read.id]);
    handAckWrite(rig, wb);
    expect(handAwait(rig, 'Control')).toMatchObject({ command: 'Flush', rspTo: flush.id, success: true });
  });

  test('a non-control message on Control is left in place', () => {
    const rig = handL2();
    rig.deliver('Control', {
      kind: 'WriteDoneRsp',
      id: rig.freshId(),
      src: 'X',
      dst: 'L2Cache.Control',
      rspTo: 1,
    });
    handControl(rig, 'Pause');
    rig.ticks(20);
    expect(rig.ports.Control.incoming).toHaveLength(2);
    expect(rig.peekOutgoing('Control')).toBeUndefined();
    expect(mode(rig)).toBe('enabled');
  });
});

describe('L2 filtered Invalidate and Flush (over a real memory controller)', () => {
  function twoDirtyLines(): L2Rig {
    const rig = new L2Rig();
    rig.write(0x40, u32Bytes(0xaaaaaaaa));
    rig.write(0x84, u32Bytes(0xbbbbbbbb));
    expect(rig.tickUntil(() => rig.replies.length === 2, 2000)).toBe(true);
    expect(blockOf(rig, 0x40)).toMatchObject({ isValid: true, isDirty: true });
    expect(blockOf(rig, 0x80)).toMatchObject({ isValid: true, isDirty: true });
    expect(rig.command('Pause')?.success).toBe(true);
    rig.bottomLog.length = 0;
    return rig;
  }

  test('filtered Invalidate drops only the listed block, with no Bottom traffic though it is dirty', () => {
    const rig = twoDirtyLines();
    const ack = rig.command('Invalidate', 200, [0x7c]); // rounds down to line 0x40
    expect(ack).toMatchObject({ command: 'Invalidate', success: true, error: '' });
    rig.ticks(100);
    expect(rig.bottomLog).toHaveLength(0);
    expect(blockOf(rig, 0x40)).toBeUndefined();
    expect(blockOf(rig, 0x80)).toMatchObject({ isValid: true, isDirty: true });
    // The dirty data is gone: memory never saw it, and a re-read fetches memory's zeros.
    expect(rig.command('Enable')?.success).toBe(true);
    const r = rig.read(0x40)!;
    rig.tickUntil(() => rig.replyTo(r.id) !== undefined, 2000);
    expect(readU32((rig.replyTo(r.id) as DataReadyRsp).data)).toBe(0);
  });

  test('an Invalidate with PID filter 1 matches nothing (blocks carry PID 0)', () => {
    const rig = twoDirtyLines();
    expect(rig.command('Invalidate', 200, [], 1)?.success).toBe(true);
    expect(blockOf(rig, 0x40)?.isValid).toBe(true);
    expect(blockOf(rig, 0x80)?.isValid).toBe(true);
  });

  test('filtered Flush writes back exactly one 64-byte masked line; it becomes clean and stays valid', () => {
    const rig = twoDirtyLines();
    const ack = rig.command('Flush', 2000, [0x80]);
    expect(ack).toMatchObject({ command: 'Flush', success: true, error: '' });
    const writes = rig.bottomLog.filter((m) => m.kind === 'WriteReq') as WriteReq[];
    expect(rig.bottomLog).toHaveLength(1);
    expect(writes).toHaveLength(1);
    expect(writes[0].address).toBe(0x80);
    expect(writes[0].data).toHaveLength(64);
    expect(readU32(writes[0].data, 4)).toBe(0xbbbbbbbb);
    expect(Array.from(writes[0].dirtyMask!).flatMap((d, i) => (d ? [i] : []))).toEqual([4, 5, 6, 7]);
    expect(blockOf(rig, 0x80)).toMatchObject({ isValid: true, isDirty: false, dirtyMask: null });
    expect(blockOf(rig, 0x40)).toMatchObject({ isValid: true, isDirty: true });
    expect(readU32(rig.memory(0x84))).toBe(0xbbbbbbbb);
    expect(readU32(rig.memory(0x40))).toBe(0);
    expect(rig.state.mode).toBe('paused');
    expect(rig.state.stats.flushedLines).toBe(1);
  });

  test('Invalidate while enabled is rejected and the block is untouched', () => {
    const rig = twoDirtyLines();
    expect(rig.command('Enable')?.success).toBe(true);
    const ack = rig.command('Invalidate', 200, [0x40]);
    expect(ack).toMatchObject({ command: 'Invalidate', success: false, error: 'must be paused or drained' });
    expect(blockOf(rig, 0x40)).toMatchObject({ isValid: true, isDirty: true });
    expect(rig.state.mode).toBe('enabled');
  });

  test('Flush while enabled is rejected and writes nothing', () => {
    const rig = twoDirtyLines();
    expect(rig.command('Enable')?.success).toBe(true);
    expect(rig.command('Flush')).toMatchObject({ success: false, error: 'must be paused or drained' });
    rig.ticks(50);
    expect(rig.bottomLog).toHaveLength(0);
    expect(blockOf(rig, 0x40)?.isDirty).toBe(true);
  });
});

describe('L2 write-back Drain → Flush → Invalidate → Reset (control-protocol.md §10 (2))', () => {
  test('flush writes both planted blocks back; invalidate drops both with no Bottom traffic; reset leaves nothing', () => {
    const rig = handL2({ totalBytes: 65536, ways: 2, indexing: 'modulo', bankLatency: 1 });
    // Full-line writes install without a fetch: two valid dirty blocks in sets 0 and 1.
    handWrite(rig, 0x0, new Uint8Array(64).fill(0xaa));
    handWrite(rig, 0x40, new Uint8Array(64).fill(0xbb));
    rig.ticks(30);
    expect(rig.drainOutgoing('Top')).toHaveLength(2);
    expect(blockOf(rig, 0x0)).toMatchObject({ setId: 0, isDirty: true });
    expect(blockOf(rig, 0x40)).toMatchObject({ setId: 1, isDirty: true });
    expect(command(rig, 'Drain')?.success).toBe(true);
    const flush = handControl(rig, 'Flush');
    const seen: WriteReq[] = [];
    rig.tickUntil(() => {
      for (const m of rig.drainOutgoing('Bottom')) {
        seen.push(m as WriteReq);
        handAckWrite(rig, m as WriteReq);
      }
      return rig.peekOutgoing('Control') !== undefined;
    }, 500);
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ rspTo: flush.id, success: true });
    expect(seen.map((w) => [w.address, w.data[0]])).toEqual([
      [0x0, 0xaa],
      [0x40, 0xbb],
    ]);
    expect(blockOf(rig, 0x0)).toMatchObject({ isValid: true, isDirty: false });
    expect(blockOf(rig, 0x40)).toMatchObject({ isValid: true, isDirty: false });
    expect(command(rig, 'Invalidate')?.success).toBe(true);
    rig.ticks(20);
    expect(rig.drainOutgoing('Bottom')).toHaveLength(0);
    expect(blockOf(rig, 0x0)).toBeUndefined();
    expect(blockOf(rig, 0x40)).toBeUndefined();
    expect(command(rig, 'Reset')?.success).toBe(true);
    expect(rig.state.transactions).toHaveLength(0);
  });
});
