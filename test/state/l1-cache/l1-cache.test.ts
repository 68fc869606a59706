import type {
  ControlReq,
  ControlRsp,
  DataReadyRsp,
  Msg,
  ReadReq,
  WriteDoneRsp,
  WriteReq,
} from '../../../src/state/contract/messages';
import { readU32 } from '../../../src/state/contract/messages';
import { type ControlVerb, PAGE_CACHE_LIKE } from '../../../src/state/control/control-verbs';
import {
  defaultL1CacheSpec,
  type L1CacheSpec,
  type L1CacheState,
  l1CacheModel,
} from '../../../src/state/l1-cache/l1-cache';
import { ComponentRig } from '../../support/component-rig';
import { runContract, sendAndWait } from '../../support/contract';
import { controlReq, readReq, writeReq } from '../../support/requests';

type Rig = ComponentRig<L1CacheSpec, L1CacheState>;
const LOWER = 'L2.Top';
const AGENT = 'AT.Bottom';

function fresh(patch: Partial<L1CacheSpec> = {}): Rig {
  return new ComponentRig(l1CacheModel, { ...defaultL1CacheSpec(LOWER), ...patch }, { name: 'L1' });
}

function read(rig: Rig, address: number, size = 4): ReadReq {
  return readReq(rig, { src: AGENT, dst: 'L1.Top' }, address, { size });
}

function write(rig: Rig, address: number, v: number): WriteReq {
  return writeReq(rig, { src: AGENT, dst: 'L1.Top' }, address, v);
}

function ctrl(rig: Rig, command: ControlVerb, addresses: number[] = [], pid = 0): ControlReq {
  return controlReq(rig, 'L1.Control', command, addresses, pid);
}

/** A 64-byte line whose byte i is `fill(i)`. */
function line(fill: (i: number) => number): Uint8Array {
  const d = new Uint8Array(64);
  for (let i = 0; i < 64; i++) d[i] = fill(i) & 0xff;
  return d;
}

function dataReady(rig: Rig, req: ReadReq, data: Uint8Array): DataReadyRsp {
  return { kind: 'DataReadyRsp', id: rig.freshId(), src: LOWER, dst: 'L1.Bottom', rspTo: req.id, data };
}

function writeDone(rig: Rig, req: WriteReq): WriteDoneRsp {
  return { kind: 'WriteDoneRsp', id: rig.freshId(), src: LOWER, dst: 'L1.Bottom', rspTo: req.id };
}

/** Ticks until `port` has outgoing messages (or budget), then takes them all. */
function waitOut(rig: Rig, port: string, budget = 200): Msg[] {
  rig.tickUntil(() => rig.ports[port].outgoing.length > 0, budget);
  return rig.drainOutgoing(port);
}

/**
 * A fake L2 over a byte map: answers every Bottom request right away, applying
 * writes in arrival order (as the real L2 does for one L1's FIFO).
 */
class FakeLower {
  readonly mem = new Map<number, number>();
  readonly seen: Msg[] = [];
  serve(rig: Rig): void {
    for (const m of rig.drainOutgoing('Bottom')) {
      this.seen.push(m);
      if (m.kind === 'ReadReq') {
        const d = new Uint8Array(m.size);
        for (let i = 0; i < m.size; i++) d[i] = this.mem.get(m.address + i) ?? 0;
        rig.deliver('Bottom', dataReady(rig, m, d));
      } else if (m.kind === 'WriteReq') {
        m.data.forEach((b, i) => {
          if (m.dirtyMask === null || m.dirtyMask[i]) this.mem.set(m.address + i, b);
        });
        rig.deliver('Bottom', writeDone(rig, m));
      }
    }
  }
  /** Ticks, serving Bottom after every tick, until `pred` holds. */
  run(rig: Rig, pred: () => boolean, budget = 500): boolean {
    for (let i = 0; i < budget; i++) {
      if (pred()) return true;
      rig.tick();
      this.serve(rig);
    }
    return pred();
  }
}

/** Reads `address` through the cache with a fake L2 and returns the u32 answer. */
function readThrough(rig: Rig, low: FakeLower, address: number): number {
  rig.deliver('Top', read(rig, address));
  expect(low.run(rig, () => rig.ports.Top.outgoing.length > 0)).toBe(true);
  const rsp = rig.retrieveOutgoing('Top') as DataReadyRsp;
  expect(rsp.kind).toBe('DataReadyRsp');
  return readU32(rsp.data);
}

function controlReplies(rig: Rig): ControlRsp[] {
  return rig.drainOutgoing('Control') as ControlRsp[];
}

function state(rig: Rig): string {
  return rig.model.controlState(rig.state);
}

runContract('L1 write-through cache', () => ({ rig: fresh() }), PAGE_CACHE_LIKE);

describe('L1 write-through cache: data path', () => {
  test('a read miss fetches the 64-byte line from Bottom and answers with the right 4 bytes', () => {
    const rig = fresh();
    const r = read(rig, 0x1008);
    rig.deliver('Top', r);
    const [fetch] = waitOut(rig, 'Bottom') as ReadReq[];
    expect(fetch).toMatchObject({
      kind: 'ReadReq',
      address: 0x1000,
      size: 64,
      pid: 0,
      src: 'L1.Bottom',
      dst: LOWER,
    });
    rig.deliver(
      'Bottom',
      dataReady(
        rig,
        fetch,
        line((i) => i + 0x40),
      ),
    );
    const [rsp] = waitOut(rig, 'Top') as DataReadyRsp[];
    expect(rsp).toMatchObject({ kind: 'DataReadyRsp', rspTo: r.id, dst: AGENT, src: 'L1.Top' });
    expect(Array.from(rsp.data)).toEqual([0x48, 0x49, 0x4a, 0x4b]);
    expect(rig.model.isQuiescent(rig.state)).toBe(true);
  });

  test('a read hit answers without Bottom traffic, from the fetched line', () => {
    const rig = fresh();
    const low = new FakeLower();
    for (let i = 0; i < 64; i++) low.mem.set(0x1000 + i, i);
    expect(readThrough(rig, low, 0x1000)).toBe(0x03020100);
    const before = low.seen.length;
    expect(readThrough(rig, low, 0x1010)).toBe(0x13121110);
    expect(low.seen.length).toBe(before);
    expect(rig.state.stats.readHits).toBe(1);
    expect(rig.state.stats.readMisses).toBe(1);
  });

  test('a read hit takes dir (2 stages, accept-before-tick) + bank (20 stages) + stage order', () => {
    // Tick t: intake (last stage) queues the slot. t+1: the directory accepts
    // it and ticks it to stage 1. t+2: it reaches the post buffer and goes to
    // the bank buffer. t+3: the bank (which runs before the directory) pulls
    // it after ticking, so it reaches the bank post buffer in t+3+20. The next
    // tick finalizes it, and respond (first stage) sends it the tick after.
    const rig = fresh();
    const low = new FakeLower();
    readThrough(rig, low, 0x2000);
    rig.deliver('Top', read(rig, 0x2004));
    const t = rig.now;
    rig.tickUntil(() => rig.ports.Top.outgoing.length > 0, 100);
    const sentIn = rig.now - 1;
    expect(sentIn - t).toBe(3 + 20 + 2);
  });

  test('two read misses to one line share one fetch (MSHR) and both get their bytes', () => {
    const rig = fresh();
    const a = read(rig, 0x3000);
    const b = read(rig, 0x3020);
    rig.deliver('Top', a);
    rig.deliver('Top', b);
    const out = waitOut(rig, 'Bottom');
    rig.ticks(10);
    out.push(...rig.drainOutgoing('Bottom'));
    expect(out).toHaveLength(1);
    rig.deliver(
      'Bottom',
      dataReady(
        rig,
        out[0] as ReadReq,
        line((i) => i),
      ),
    );
    rig.tickUntil(() => rig.ports.Top.outgoing.length >= 2, 100);
    const rsps = rig.drainOutgoing('Top') as DataReadyRsp[];
    const byId = new Map(rsps.map((m) => [m.rspTo, Array.from(m.data)]));
    expect(byId.get(a.id)).toEqual([0, 1, 2, 3]);
    expect(byId.get(b.id)).toEqual([0x20, 0x21, 0x22, 0x23]);
    expect(rig.state.stats.mshrHits).toBe(1);
  });

  test('a write is acknowledged only after the Bottom write ack arrives', () => {
    const rig = fresh();
    const w = write(rig, 0x2004, 0xcafef00d);
    rig.deliver('Top', w);
    const sent = waitOut(rig, 'Bottom');
    rig.ticks(5);
    sent.push(...rig.drainOutgoing('Bottom'));
    const wr = sent.find((m) => m.kind === 'WriteReq') as WriteReq;
    const fetch = sent.find((m) => m.kind === 'ReadReq') as ReadReq;
    rig.deliver('Bottom', dataReady(rig, fetch, new Uint8Array(64)));
    rig.ticks(100);
    expect(rig.ports.Top.outgoing).toHaveLength(0);
    expect(rig.model.isQuiescent(rig.state)).toBe(false);
    rig.deliver('Bottom', writeDone(rig, wr));
    const [ack] = waitOut(rig, 'Top');
    expect(ack).toMatchObject({ kind: 'WriteDoneRsp', rspTo: w.id, dst: AGENT });
    expect(rig.model.isQuiescent(rig.state)).toBe(true);
  });

  test('fault earlyWriteAck (T8): the write is acknowledged before the L2 acks it', () => {
    const rig = fresh({ faults: { earlyWriteAck: true } });
    const w = write(rig, 0x2004, 1);
    rig.deliver('Top', w);
    rig.tickUntil(() => rig.ports.Top.outgoing.length > 0, 100);
    const bottom = rig.drainOutgoing('Bottom');
    expect(bottom.some((m) => m.kind === 'WriteReq')).toBe(true);
    expect(rig.retrieveOutgoing('Top')).toMatchObject({ kind: 'WriteDoneRsp', rspTo: w.id });
    // Still live inside; it retires silently once the L2 answers.
    expect(rig.model.isQuiescent(rig.state)).toBe(false);
    for (const m of bottom) {
      rig.deliver(
        'Bottom',
        m.kind === 'WriteReq' ? writeDone(rig, m) : dataReady(rig, m as ReadReq, new Uint8Array(64)),
      );
    }
    rig.ticks(60);
    expect(rig.ports.Top.outgoing).toHaveLength(0);
    expect(rig.model.isQuiescent(rig.state)).toBe(true);
  });

  test('write-allocate: a partial write miss sends the write and a fetch; a following read hits the merged value', () => {
    const rig = fresh();
    const w = write(rig, 0x3004, 0xdeadbeef);
    rig.deliver('Top', w);
    const sent = waitOut(rig, 'Bottom');
    rig.ticks(5);
    sent.push(...rig.drainOutgoing('Bottom'));
    expect(sent.map((m) => m.kind)).toEqual(['WriteReq', 'ReadReq']);
    const wr = sent[0] as WriteReq;
    const fetch = sent[1] as ReadReq;
    expect(wr).toMatchObject({ address: 0x3004, pid: 0, dst: LOWER });
    expect(readU32(wr.data)).toBe(0xdeadbeef);
    expect(fetch).toMatchObject({ address: 0x3000, size: 64 });
    // The fetched line deliberately lacks the write: the L1 merges it itself.
    rig.deliver(
      'Bottom',
      dataReady(
        rig,
        fetch,
        line(() => 0x11),
      ),
    );
    rig.deliver('Bottom', writeDone(rig, wr));
    expect(waitOut(rig, 'Top')[0]).toMatchObject({ kind: 'WriteDoneRsp', rspTo: w.id });
    const low = new FakeLower();
    expect(readThrough(rig, low, 0x3004)).toBe(0xdeadbeef);
    expect(readThrough(rig, low, 0x3000)).toBe(0x11111111);
    expect(low.seen).toHaveLength(0);
  });

  test('a write joining an in-flight fetch (MSHR hit) is sent down and merged into the fill', () => {
    const rig = fresh();
    const r = read(rig, 0x4000);
    rig.deliver('Top', r);
    const [fetch] = waitOut(rig, 'Bottom') as ReadReq[];
    const w = write(rig, 0x4008, 0x01020304);
    rig.deliver('Top', w);
    const [wr] = waitOut(rig, 'Bottom') as WriteReq[];
    expect(wr).toMatchObject({ kind: 'WriteReq', address: 0x4008 });
    rig.deliver('Bottom', dataReady(rig, fetch, new Uint8Array(64)));
    rig.ticks(60);
    const early = rig.drainOutgoing('Top');
    expect(early.map((m) => m.rspTo)).toEqual([r.id]); // the write still waits for its ack
    rig.deliver('Bottom', writeDone(rig, wr));
    expect(waitOut(rig, 'Top')[0]).toMatchObject({ kind: 'WriteDoneRsp', rspTo: w.id });
    const low = new FakeLower();
    expect(readThrough(rig, low, 0x4008)).toBe(0x01020304);
    expect(low.seen).toHaveLength(0);
  });

  test('unmatched bottom responses are dropped', () => {
    const rig = fresh();
    rig.deliver('Bottom', {
      kind: 'WriteDoneRsp',
      id: rig.freshId(),
      src: LOWER,
      dst: 'L1.Bottom',
      rspTo: 999,
    });
    rig.deliver('Bottom', {
      kind: 'DataReadyRsp',
      id: rig.freshId(),
      src: LOWER,
      dst: 'L1.Bottom',
      rspTo: 998,
      data: new Uint8Array(64),
    });
    rig.ticks(3);
    expect(rig.ports.Bottom.incoming).toHaveLength(0);
    expect(rig.ports.Top.outgoing).toHaveLength(0);
  });
});

describe('L1 write-through cache: control behaviour', () => {
  test('Drain waits for a read miss in flight, then acks and is paused', () => {
    const rig = fresh();
    const r = read(rig, 0x1000);
    rig.deliver('Top', r);
    const [fetch] = waitOut(rig, 'Bottom') as ReadReq[];
    const { req, rsp } = sendAndWait(rig, 'Drain', 200);
    expect(rsp).toBeUndefined();
    expect(state(rig)).toBe('draining');
    rig.deliver('Bottom', dataReady(rig, fetch, new Uint8Array(64)));
    rig.tickUntil(() => rig.ports.Control.outgoing.length > 0, 200);
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Drain', success: true, rspTo: req.id });
    expect(state(rig)).toBe('paused');
    expect(rig.drainOutgoing('Top').map((m) => m.rspTo)).toEqual([r.id]);
  });

  test('Drain stops intake: a request queued during the drain stays in Top', () => {
    const rig = fresh();
    rig.deliver('Control', ctrl(rig, 'Drain'));
    rig.deliver('Top', read(rig, 0x40));
    rig.tickUntil(() => rig.ports.Control.outgoing.length > 0, 50);
    expect(controlReplies(rig)[0]).toMatchObject({ command: 'Drain', success: true });
    rig.ticks(20);
    expect(rig.ports.Top.incoming).toHaveLength(1);
    expect(rig.ports.Bottom.outgoing).toHaveLength(0);
  });

  test('Pause freezes intake; Enable resumes it', () => {
    const rig = fresh();
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    rig.deliver('Top', read(rig, 0x80));
    rig.ticks(50);
    expect(rig.ports.Top.incoming).toHaveLength(1);
    expect(rig.state.txns).toHaveLength(0);
    expect(rig.ports.Bottom.outgoing).toHaveLength(0);
    expect(sendAndWait(rig, 'Enable', 64).rsp?.success).toBe(true);
    expect(waitOut(rig, 'Bottom')[0]).toMatchObject({ kind: 'ReadReq', address: 0x80 });
  });

  test('Pause freezes in-flight work: a fetched line is not answered until Enable', () => {
    const rig = fresh();
    const r = read(rig, 0x1000);
    rig.deliver('Top', r);
    const [fetch] = waitOut(rig, 'Bottom') as ReadReq[];
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    rig.deliver('Bottom', dataReady(rig, fetch, new Uint8Array(64)));
    rig.ticks(100);
    expect(rig.ports.Top.outgoing).toHaveLength(0);
    expect(rig.ports.Bottom.incoming).toHaveLength(1);
    expect(sendAndWait(rig, 'Enable', 64).rsp?.success).toBe(true);
    expect(waitOut(rig, 'Top')[0]).toMatchObject({ rspTo: r.id });
  });

  for (const from of ['Enabled', 'Paused'] as const) {
    test(`Reset wipes in-flight work from ${from}`, () => {
      const rig = fresh();
      const r1 = read(rig, 0x1000);
      rig.deliver('Top', r1);
      const [fetch] = waitOut(rig, 'Bottom') as ReadReq[];
      rig.deliver('Top', read(rig, 0x2000));
      rig.deliver('Top', read(rig, 0x1004));
      rig.tick(); // both are inside the directory stage now
      rig.deliver('Top', read(rig, 0x5000)); // still queued on Top
      if (from === 'Paused') expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
      expect(rig.model.isQuiescent(rig.state)).toBe(false);
      expect(sendAndWait(rig, 'Reset', 64).rsp).toMatchObject({ command: 'Reset', success: true });
      const s = rig.state;
      expect(rig.model.isQuiescent(s)).toBe(true);
      expect(state(rig)).toBe('enabled');
      expect(s.txns).toHaveLength(0);
      expect(s.mshr).toHaveLength(0);
      // The [Latent] fix: pipelines and post buffers are empty too.
      expect([s.dirBuf.length, s.dirPost.length, s.bankBuf.length, s.bankPost.length]).toEqual([0, 0, 0, 0]);
      expect([s.dirPipe?.count, s.bankPipe?.count]).toEqual([0, 0]);
      expect(s.directory.touchedBlocks().some((b) => b.isValid)).toBe(false);
      expect(rig.ports.Top.incoming).toHaveLength(0);
      // A late answer to the old fetch is dropped without a crash.
      rig.drainOutgoing('Bottom');
      rig.deliver('Bottom', dataReady(rig, fetch, new Uint8Array(64)));
      rig.ticks(40);
      expect(rig.ports.Top.outgoing).toHaveLength(0);
      expect(rig.ports.Bottom.outgoing).toHaveLength(0);
      // And the cache works afterwards.
      const low = new FakeLower();
      low.mem.set(0x1000, 9);
      expect(readThrough(rig, low, 0x1000)).toBe(9);
    });
  }

  test('queued Reset behind a Drain: two replies in order, Drain then Reset, ends enabled', () => {
    const rig = fresh();
    const r = read(rig, 0x1000);
    rig.deliver('Top', r);
    const [fetch] = waitOut(rig, 'Bottom') as ReadReq[];
    const drain = ctrl(rig, 'Drain');
    const reset = ctrl(rig, 'Reset');
    rig.deliver('Control', drain);
    rig.deliver('Control', reset);
    rig.ticks(50);
    expect(rig.ports.Control.outgoing).toHaveLength(0);
    expect(rig.ports.Control.incoming).toEqual([reset]); // queued, not taken
    rig.deliver('Bottom', dataReady(rig, fetch, new Uint8Array(64)));
    rig.tickUntil(() => rig.ports.Control.outgoing.length >= 2, 200);
    const replies = controlReplies(rig);
    expect(replies.map((m) => [m.command, m.rspTo, m.success])).toEqual([
      ['Drain', drain.id, true],
      ['Reset', reset.id, true],
    ]);
    expect(state(rig)).toBe('enabled');
    expect(rig.drainOutgoing('Top').map((m) => m.rspTo)).toEqual([r.id]);
  });

  test('queued Reset behind a Drain on an already quiescent cache', () => {
    const rig = fresh();
    const drain = ctrl(rig, 'Drain');
    const reset = ctrl(rig, 'Reset');
    rig.deliver('Control', drain);
    rig.deliver('Control', reset);
    rig.ticks(10);
    expect(controlReplies(rig).map((m) => m.rspTo)).toEqual([drain.id, reset.id]);
    expect(state(rig)).toBe('enabled');
  });

  test('a Pause that arrives during a Drain does not freeze the drain', () => {
    const rig = fresh();
    const r = read(rig, 0x1000);
    rig.deliver('Top', r);
    const [fetch] = waitOut(rig, 'Bottom') as ReadReq[];
    const drain = ctrl(rig, 'Drain');
    rig.deliver('Control', drain);
    rig.tick();
    const pause = ctrl(rig, 'Pause');
    rig.deliver('Control', pause);
    rig.ticks(30);
    expect(rig.ports.Control.outgoing).toHaveLength(0);
    rig.deliver('Bottom', dataReady(rig, fetch, new Uint8Array(64)));
    rig.tickUntil(() => rig.ports.Control.outgoing.length >= 2, 200);
    expect(controlReplies(rig).map((m) => [m.command, m.rspTo, m.success])).toEqual([
      ['Drain', drain.id, true],
      ['Pause', pause.id, true],
    ]);
    expect(state(rig)).toBe('paused');
    expect(rig.drainOutgoing('Top').map((m) => m.rspTo)).toEqual([r.id]);
  });

  test('a Drain issued while paused with a read miss in flight resumes the pipeline and completes', () => {
    const rig = fresh();
    const r = read(rig, 0x1000);
    rig.deliver('Top', r);
    const [fetch] = waitOut(rig, 'Bottom') as ReadReq[];
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    rig.deliver('Bottom', dataReady(rig, fetch, new Uint8Array(64)));
    rig.ticks(50);
    expect(rig.ports.Top.outgoing).toHaveLength(0);
    const { rsp } = sendAndWait(rig, 'Drain', 4096);
    expect(rsp).toMatchObject({ command: 'Drain', success: true });
    expect(state(rig)).toBe('paused');
    expect(rig.drainOutgoing('Top').map((m) => m.rspTo)).toEqual([r.id]);
    expect(rig.model.isQuiescent(rig.state)).toBe(true);
  });

  test('Flush while paused acks at once and keeps every block', () => {
    const rig = fresh();
    const low = new FakeLower();
    low.mem.set(0x1000, 1);
    low.mem.set(0x2000, 2);
    readThrough(rig, low, 0x1000);
    readThrough(rig, low, 0x2000);
    const seen = low.seen.length;
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    const flush = ctrl(rig, 'Flush');
    rig.deliver('Control', flush);
    rig.tick();
    expect(rig.retrieveOutgoing('Control')).toMatchObject({
      command: 'Flush',
      success: true,
      rspTo: flush.id,
    });
    expect(rig.ports.Bottom.outgoing).toHaveLength(0);
    expect(rig.state.directory.lookup(0, 0x1000)?.isValid).toBe(true);
    expect(rig.state.directory.lookup(0, 0x2000)?.isValid).toBe(true);
    expect(sendAndWait(rig, 'Enable', 64).rsp?.success).toBe(true);
    expect(readThrough(rig, low, 0x1000)).toBe(1);
    expect(readThrough(rig, low, 0x2000)).toBe(2);
    expect(low.seen.length).toBe(seen);
  });

  test('filtered Invalidate drops only the listed block; tag kept, nothing written back', () => {
    const rig = fresh();
    const low = new FakeLower();
    readThrough(rig, low, 0x1000);
    readThrough(rig, low, 0x2000);
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    // PID 1 matches nothing: cache blocks carry PID 0.
    rig.deliver('Control', ctrl(rig, 'Invalidate', [], 1));
    rig.tick();
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ success: true });
    expect(rig.state.directory.lookup(0, 0x1000)).toBeDefined();
    // Any address inside the line names it (rounded down to 64).
    rig.deliver('Control', ctrl(rig, 'Invalidate', [0x1010], 0));
    rig.tick();
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Invalidate', success: true });
    expect(rig.ports.Bottom.outgoing).toHaveLength(0);
    expect(rig.state.directory.lookup(0, 0x1000)).toBeUndefined();
    expect(rig.state.directory.lookup(0, 0x2000)).toBeDefined();
    const dropped = rig.state.directory.touchedBlocks().find((b) => b.tag === 0x1000);
    expect(dropped?.isValid).toBe(false);
    expect(sendAndWait(rig, 'Enable', 64).rsp?.success).toBe(true);
    const seen = low.seen.length;
    low.mem.set(0x1000, 0x77); // memory changed underneath: a refetch sees it
    expect(readThrough(rig, low, 0x1000)).toBe(0x77);
    expect(low.seen.length).toBe(seen + 1);
    readThrough(rig, low, 0x2000);
    expect(low.seen.length).toBe(seen + 1);
  });

  test('Invalidate and Flush while enabled are rejected; blocks untouched', () => {
    const rig = fresh();
    const low = new FakeLower();
    readThrough(rig, low, 0x1000);
    for (const verb of ['Invalidate', 'Flush'] as const) {
      const { rsp } = sendAndWait(rig, verb, 64);
      expect(rsp).toMatchObject({ command: verb, success: false, error: 'must be paused or drained' });
    }
    expect(rig.state.directory.lookup(0, 0x1000)?.isValid).toBe(true);
  });

  test('Invalidate after a Drain (which leaves the cache paused) is accepted', () => {
    const rig = fresh();
    const low = new FakeLower();
    readThrough(rig, low, 0x1000);
    expect(sendAndWait(rig, 'Drain', 4096).rsp?.success).toBe(true);
    expect(sendAndWait(rig, 'Invalidate', 64).rsp?.success).toBe(true);
    expect(rig.state.directory.lookup(0, 0x1000)).toBeUndefined();
  });

  test('a non-control message on Control is discarded', () => {
    const rig = fresh();
    rig.deliver('Control', read(rig, 0));
    rig.tick();
    expect(rig.ports.Control.incoming).toHaveLength(0);
    expect(rig.ports.Control.outgoing).toHaveLength(0);
  });
});

describe('L1 write-through cache: against a fake L2', () => {
  test('random concurrent reads and writes read back the latest value, with conflicts and evictions', () => {
    // 2 sets x 2 ways with modulo indexing: lines conflict and are evicted and
    // refetched constantly. Each batch holds up to 6 requests to distinct
    // addresses (like the agents, never two outstanding to one address).
    const rig = fresh({ totalBytes: 256, indexing: 'modulo' });
    const low = new FakeLower();
    const model = new Map<number, number>();
    let seed = 12345;
    const rand = (n: number) => {
      // xorshift32
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    for (let batch = 0; batch < 120; batch++) {
      const expected = new Map<number, number | 'ack'>();
      const used = new Set<number>();
      const pendingWrites = new Map<number, number>();
      for (let k = 0, n = 1 + rand(6); k < n; k++) {
        const addr = rand(8) * 64 + rand(4) * 4;
        if (used.has(addr)) continue;
        used.add(addr);
        if (rand(2) === 0 || !model.has(addr)) {
          const v = (rand(0x7fffffff) * 7 + batch) >>> 0;
          const w = write(rig, addr, v);
          rig.deliver('Top', w);
          expected.set(w.id, 'ack');
          pendingWrites.set(addr, v);
        } else {
          const r = read(rig, addr);
          rig.deliver('Top', r);
          expected.set(r.id, model.get(addr)!);
        }
      }
      const got: Msg[] = [];
      low.run(rig, () => {
        got.push(...rig.drainOutgoing('Top'));
        return got.length === expected.size;
      });
      expect(got).toHaveLength(expected.size);
      for (const m of got) {
        const e = expected.get(m.rspTo);
        if (e === 'ack') expect(m.kind).toBe('WriteDoneRsp');
        else expect(readU32((m as DataReadyRsp).data)).toBe(e);
      }
      for (const [a, v] of pendingWrites) model.set(a, v);
    }
    expect(rig.state.stats.readHits + rig.state.stats.writeHits).toBeGreaterThan(0);
    expect(rig.state.stats.mshrHits).toBeGreaterThan(0);
    expect(rig.model.isQuiescent(rig.state)).toBe(true);
  });
});
