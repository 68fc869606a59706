import type { DataReadyRsp, ReadReq, WriteReq } from '../../../src/state/contract/messages';
import { readU32, u32Bytes } from '../../../src/state/contract/messages';
import { PAGE_CACHE_LIKE } from '../../../src/state/control/control-verbs';
import { defaultL2CacheSpec, l2CacheModel } from '../../../src/state/l2-cache/l2-cache';
import { newTransaction } from '../../../src/state/l2-cache/l2-lines';
import { hashedSetIndex } from '../../../src/state/structures/fmix64';
import { ComponentRig } from '../../support/component-rig';
import { runContract } from '../../support/contract';
import {
  blockOf,
  HAND_LOWER,
  handAckWrite,
  handAnswerFetch,
  handAwait,
  handL2,
  handRead,
  handWrite,
  handWriteDirty,
} from '../../support/l2-rig';

runContract('L2 write-back cache', () => ({ rig: handL2() }), PAGE_CACHE_LIKE);
runContract(
  'L2 write-back cache (default geometry)',
  () => ({
    rig: new ComponentRig(l2CacheModel, defaultL2CacheSpec(['M0.Top', 'M1.Top'], 0x200000), { name: 'L2' }),
  }),
  PAGE_CACHE_LIKE,
);

function line(fill: (i: number) => number): Uint8Array {
  return Uint8Array.from({ length: 64 }, (_, i) => fill(i) & 0xff);
}

describe('L2 defaults', () => {
  test('the default spec is the one in components.md §7', () => {
    const s = defaultL2CacheSpec(['A.Top', 'B.Top'], 0x400000);
    expect(s).toMatchObject({
      totalBytes: 524288,
      lineSize: 64,
      ways: 4,
      numReqPerCycle: 2,
      bankLatency: 10,
      mshrEntries: 16,
      writeBufferCapacity: 1024,
      maxInflightFetch: 128,
      maxInflightEviction: 128,
      internalBufferSize: 2,
      indexing: 'fmix64',
      interleave: 0x400000,
    });
    expect(s.lowerPorts).toEqual(['A.Top', 'B.Top']);
    expect(l2CacheModel.ports(s)).toEqual(['Top', 'Bottom', 'Control']);
    const st = l2CacheModel.init(s, { name: 'L2Cache', index: 3 });
    expect(st.directory.numSets).toBe(2048);
    expect(l2CacheModel.controlState(st)).toBe('enabled');
  });

  test('the directory places lines with the fmix64 hash, not a modulo', () => {
    const rig = handL2();
    handRead(rig, 0x40);
    const fetch = handAwait(rig, 'Bottom') as ReadReq;
    handAnswerFetch(rig, fetch);
    handAwait(rig, 'Top');
    const b = blockOf(rig, 0x40)!;
    expect(b.setId).toBe(hashedSetIndex(0x40, 16));
    expect(b.setId).toBe(12);
  });
});

describe('L2 data path', () => {
  test('a read miss fetches the whole line from the owning controller and answers its slice', () => {
    const rig = handL2();
    const r = handRead(rig, 0x1048);
    const fetch = handAwait(rig, 'Bottom') as ReadReq;
    expect(fetch).toMatchObject({
      kind: 'ReadReq',
      address: 0x1040,
      size: 64,
      pid: 0,
      dst: HAND_LOWER,
      src: 'L2Cache.Bottom',
    });
    handAnswerFetch(
      rig,
      fetch,
      line((i) => i + 1),
    );
    const rsp = handAwait(rig, 'Top') as DataReadyRsp;
    expect(rsp).toMatchObject({ kind: 'DataReadyRsp', rspTo: r.id, dst: r.src, src: 'L2Cache.Top' });
    expect(Array.from(rsp.data)).toEqual([9, 10, 11, 12]);
    // A second read of the line hits: answered with no Bottom traffic.
    const r2 = handRead(rig, 0x1044);
    const rsp2 = handAwait(rig, 'Top') as DataReadyRsp;
    expect(rsp2.rspTo).toBe(r2.id);
    expect(Array.from(rsp2.data)).toEqual([5, 6, 7, 8]);
    expect(rig.drainOutgoing('Bottom')).toHaveLength(0);
    expect(rig.state.stats).toMatchObject({ reads: 2, misses: 1, hits: 1, fetches: 1 });
  });

  test('the lower port is chosen by the interleaving rule', () => {
    const rig = new ComponentRig(
      l2CacheModel,
      { ...defaultL2CacheSpec(['M0.Top', 'M1.Top'], 0x1000), totalBytes: 4096 },
      { name: 'L2Cache' },
    );
    const dsts: string[] = [];
    for (const a of [0x0, 0x1040, 0x2080, 0x30c0]) {
      handRead(rig, a);
      const f = handAwait(rig, 'Bottom') as ReadReq;
      dsts.push(f.dst);
    }
    expect(dsts).toEqual(['M0.Top', 'M1.Top', 'M0.Top', 'M1.Top']);
  });

  test('a partial write miss allocates: fetch, merge, ack after the fill; the line is dirty with exactly the written bytes', () => {
    const rig = handL2();
    const w = handWrite(rig, 0x88, u32Bytes(0xa1b2c3d4));
    const fetch = handAwait(rig, 'Bottom') as ReadReq;
    expect(fetch).toMatchObject({ kind: 'ReadReq', address: 0x80, size: 64 });
    expect(rig.peekOutgoing('Top')).toBeUndefined();
    handAnswerFetch(
      rig,
      fetch,
      line(() => 0x77),
    );
    expect(handAwait(rig, 'Top')).toMatchObject({ kind: 'WriteDoneRsp', rspTo: w.id });
    const b = blockOf(rig, 0x80)!;
    expect(b.isDirty).toBe(true);
    expect(b.isLocked).toBe(false);
    expect(Array.from(b.dirtyMask!).flatMap((d, i) => (d ? [i] : []))).toEqual([8, 9, 10, 11]);
    expect(readU32(b.data, 8)).toBe(0xa1b2c3d4);
    expect(b.data[0]).toBe(0x77);
    handRead(rig, 0x88);
    expect(readU32((handAwait(rig, 'Top') as DataReadyRsp).data)).toBe(0xa1b2c3d4);
  });

  test('requests to a line with a fetch outstanding join its MSHR entry: one fetch, answered in arrival order', () => {
    const rig = handL2();
    const r1 = handRead(rig, 0x200);
    const w = handWrite(rig, 0x204, u32Bytes(0x01020304));
    const r2 = handRead(rig, 0x204);
    rig.ticks(30);
    const bottom = rig.drainOutgoing('Bottom');
    expect(bottom).toHaveLength(1);
    handAnswerFetch(
      rig,
      bottom[0] as ReadReq,
      line(() => 0xee),
    );
    rig.ticks(40);
    const out = rig.drainOutgoing('Top');
    expect(out.map((m) => m.rspTo)).toEqual([r1.id, w.id, r2.id]);
    expect(readU32((out[0] as DataReadyRsp).data)).toBe(0xeeeeeeee);
    // The fill merges the write, so a read joined after it sees it.
    expect(readU32((out[2] as DataReadyRsp).data)).toBe(0x01020304);
    expect(rig.state.stats.mshrHits).toBe(2);
    expect(blockOf(rig, 0x200)!.isDirty).toBe(true);
  });

  test('evicting a dirty victim writes back only its dirty bytes, before the replacing fetch', () => {
    // One set of 4 ways: the fifth line evicts the least recently used one.
    const rig = handL2({ totalBytes: 256, indexing: 'modulo' });
    for (let k = 0; k < 4; k++)
      handWriteDirty(
        rig,
        k * 64 + 4,
        u32Bytes(0x11111111 * (k + 1)),
        line(() => 0xee),
      );
    const r = handRead(rig, 0x100);
    rig.ticks(40);
    const bottom = rig.drainOutgoing('Bottom');
    expect(bottom.map((m) => m.kind)).toEqual(['WriteReq', 'ReadReq']);
    const wb = bottom[0] as WriteReq;
    expect(wb.address).toBe(0);
    expect(wb.data).toHaveLength(64);
    expect(Array.from(wb.dirtyMask!).flatMap((d, i) => (d ? [i] : []))).toEqual([4, 5, 6, 7]);
    expect(readU32(wb.data, 4)).toBe(0x11111111);
    expect((bottom[1] as ReadReq).address).toBe(0x100);
    expect(rig.state.evicting).toEqual([0]);
    expect(rig.state.stats.evictions).toBe(1);
    handAnswerFetch(rig, bottom[1] as ReadReq);
    expect(handAwait(rig, 'Top')?.rspTo).toBe(r.id);
    // Line 0 is now blocked at the directory head until its write-back is acked.
    const again = handRead(rig, 0x4);
    rig.ticks(60);
    expect(rig.drainOutgoing('Bottom')).toHaveLength(0);
    expect(rig.peekOutgoing('Top')).toBeUndefined();
    handAckWrite(rig, wb);
    rig.ticks(40);
    // Line 0 comes back by evicting the next LRU dirty line (0x40) first.
    const next = rig.drainOutgoing('Bottom');
    expect(next.map((m) => [m.kind, (m as ReadReq).address])).toEqual([
      ['WriteReq', 0x40],
      ['ReadReq', 0],
    ]);
    const refetch = next[1] as ReadReq;
    expect(rig.state.evicting).toEqual([0x40]);
    handAnswerFetch(
      rig,
      refetch,
      line((i) => (i >= 4 && i < 8 ? 0x11 : 0)),
    );
    expect(readU32((handAwait(rig, 'Top') as DataReadyRsp).data)).toBe(0x11111111);
    expect(again).toBeDefined();
  });

  test('a full-line write miss writes straight into the victim without a fetch', () => {
    const rig = handL2();
    const w = handWrite(
      rig,
      0x400,
      line((i) => i),
    );
    expect(handAwait(rig, 'Top')).toMatchObject({ kind: 'WriteDoneRsp', rspTo: w.id });
    expect(rig.drainOutgoing('Bottom')).toHaveLength(0);
    const b = blockOf(rig, 0x400)!;
    expect(b.isDirty).toBe(true);
    expect(b.data[63]).toBe(63);
  });

  test('a full-line write miss with a dirty victim evicts first (masked), then writes without a fetch', () => {
    const rig = handL2({ totalBytes: 256, indexing: 'modulo' });
    for (let k = 0; k < 4; k++) handWriteDirty(rig, k * 64 + 8, u32Bytes(0xabc0 + k));
    const w = handWrite(
      rig,
      0x400,
      line((i) => 0x80 + i),
    );
    expect(handAwait(rig, 'Top')).toMatchObject({ kind: 'WriteDoneRsp', rspTo: w.id });
    rig.ticks(10);
    const bottom = rig.drainOutgoing('Bottom');
    expect(bottom).toHaveLength(1);
    const wb = bottom[0] as WriteReq;
    expect(wb).toMatchObject({ kind: 'WriteReq', address: 0 });
    expect(Array.from(wb.dirtyMask!).flatMap((d, i) => (d ? [i] : []))).toEqual([8, 9, 10, 11]);
    expect(readU32(wb.data, 8)).toBe(0xabc0);
    expect(blockOf(rig, 0x400)).toMatchObject({ isDirty: true, isLocked: false });
    expect(blockOf(rig, 0x400)!.data[5]).toBe(0x85);
    expect(rig.state.evicting).toEqual([0]);
    handAckWrite(rig, wb);
    rig.ticks(5);
    expect(rig.state.evicting).toEqual([]);
    expect(l2CacheModel.isQuiescent(rig.state)).toBe(true);
  });

  test('a slot whose write-back is still in flight is not reused, even though its transaction is removed', () => {
    const rig = handL2({ totalBytes: 256, indexing: 'modulo' });
    for (let k = 0; k < 4; k++) handWriteDirty(rig, k * 64, u32Bytes(k + 1));
    handRead(rig, 0x100); // evicts dirty line 0
    rig.ticks(30);
    const [wb, fetch] = rig.drainOutgoing('Bottom') as [WriteReq, ReadReq];
    handAnswerFetch(rig, fetch);
    expect(handAwait(rig, 'Top')).toBeDefined();
    const evictor = rig.state.inflightEvictions[0];
    expect(rig.state.transactions[evictor].removed).toBe(true);
    const before = rig.state.transactions.length;
    handRead(rig, 0x40); // a hit: needs a new slot
    expect(handAwait(rig, 'Top')).toBeDefined();
    expect(rig.state.transactions.length).toBe(before + 1);
    expect(rig.state.transactions[evictor].evictAddr).toBe(0);
    handAckWrite(rig, wb);
    rig.ticks(5);
    expect(rig.state.inflightEvictions).toEqual([]);
  });

  test('a fetch whose line is in a pending or in-flight eviction is served from the eviction data', () => {
    // Synthetic state: an eviction of line 0x240 (as a flush would leave it)
    // is pending while a read miss for the same line arrives.
    const rig = handL2();
    const evicted = line((i) => 0x40 + i);
    const t = newTransaction('flush', null);
    t.action = 'wbFlush';
    t.evictAddr = 0x240;
    t.evictData = evicted;
    rig.state = { ...rig.state, transactions: [t], pendingEvictions: [0] };
    const r = handRead(rig, 0x244);
    const rsp = handAwait(rig, 'Top') as DataReadyRsp;
    expect(rsp.rspTo).toBe(r.id);
    expect(Array.from(rsp.data)).toEqual([0x44, 0x45, 0x46, 0x47]);
    const bottom = rig.drainOutgoing('Bottom');
    expect(bottom.map((m) => m.kind)).toEqual(['WriteReq']);
    expect(rig.state.stats.fetches).toBe(0);
    expect(blockOf(rig, 0x240)).toMatchObject({ isValid: true, isDirty: false });
  });

  test('transaction slots are reused, so the table stays bounded', () => {
    const rig = handL2();
    handWriteDirty(rig, 0x40, u32Bytes(1));
    for (let i = 0; i < 200; i++) {
      if (i % 2 === 0) handWrite(rig, 0x40 + (i % 16) * 4, u32Bytes(i));
      else handRead(rig, 0x40 + (i % 16) * 4);
      expect(handAwait(rig, 'Top')).toBeDefined();
    }
    expect(rig.state.transactions.length).toBeLessThanOrEqual(2);
    expect(l2CacheModel.isQuiescent(rig.state)).toBe(true);
  });

  test('a non-memory message on Top panics', () => {
    const rig = handL2();
    rig.deliver('Top', { kind: 'WriteDoneRsp', id: rig.freshId(), src: 'X', dst: 'L2Cache.Top', rspTo: 1 });
    expect(() => rig.ticks(2)).toThrow(/cannot handle WriteDoneRsp/);
  });
});
