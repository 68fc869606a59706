import { FrameOracle, type FrameOracleOptions } from '../../src/oracle/frame-oracle';
import { describeFrameViolation } from '../../src/oracle/frame-violation';
import type { Msg } from '../../src/state/contract/messages';

const PS = 4096;
const SRC = 0x103000;
const DST = 0x303000;
const PAGE = 3;
const VA = PAGE * PS;

/** A small machine: a value table, a frame's bytes, a page table entry. */
function rig(over: Partial<FrameOracleOptions> = {}) {
  const values = new Map<number, number>();
  const memory = new Map<number, number>(); // physical word address → value
  let mapped: number | null = SRC;
  const oracle = new FrameOracle({
    pageSize: PS,
    agentStride: 8192,
    agents: 2,
    copySteps: new Set([3]),
    lastValue: (va) => values.get(va),
    readFrame: (pa, n) => {
      const out = new Uint8Array(n);
      const view = new DataView(out.buffer);
      for (let o = 0; o < n; o += 4) view.setUint32(o, memory.get(pa + o) ?? 0, true);
      return out;
    },
    mappedFrame: (page) => (page === PAGE ? mapped : null),
    ...over,
  });
  return {
    oracle,
    /** An agent write, not yet acknowledged (frame oracle first, then the value record, as runScenario does). */
    issue(va: number, v: number) {
      oracle.write(va, v);
      values.set(va, v);
    },
    /** An agent write, issued and acknowledged. */
    write(va: number, v: number) {
      oracle.write(va, v);
      values.set(va, v);
      oracle.writeCompleted(va);
    },
    memory,
    repoint(pa: number) {
      mapped = pa;
      oracle.repoint(pa);
    },
  };
}

const read = (address: number, src = 'L2Cache.Bottom'): Msg => ({
  kind: 'ReadReq',
  id: 1,
  src,
  dst: 'MemCtrl[0].Top',
  rspTo: 0,
  address,
  size: 64,
  pid: 1,
});

const write = (address: number, src = 'L2Cache.Bottom'): Msg => ({
  kind: 'WriteReq',
  id: 2,
  src,
  dst: 'MemCtrl[0].Top',
  rspTo: 0,
  address,
  data: new Uint8Array(64),
  dirtyMask: null,
  pid: 1,
});

describe('frame oracle', () => {
  describe('no-effect', () => {
    test('a migration that ends with the page still at its source frame fails', () => {
      const r = rig();
      r.oracle.migrationBegin(0, PAGE, SRC, DST, 100);
      const v = r.oracle.migrationEnd(0, 400);
      expect(v).toMatchObject({
        kind: 'no-effect',
        migration: 0,
        virtualPage: PAGE,
        frame: DST,
        mappedTo: SRC,
      });
      expect(describeFrameViolation(v!)).toMatch(
        /^migration had no effect: migration #0 of virtual page 3 .*0x103000.*0x303000/,
      );
    });

    test('a migration that repointed the page and copied it passes', () => {
      const r = rig();
      r.write(VA + 8, 7);
      r.memory.set(DST + 8, 7);
      r.oracle.migrationBegin(0, PAGE, SRC, DST, 100);
      r.repoint(DST);
      expect(r.oracle.migrationEnd(0, 400)).toBeNull();
      expect(r.oracle.migrationsChecked).toBe(1);
      expect(r.oracle.wordsChecked).toBe(1);
    });
  });

  describe('frame-content', () => {
    test('a written word missing from the destination frame fails with page, frame, word, values', () => {
      const r = rig();
      r.write(VA + 0x40, 0xabc);
      r.write(VA + 0x44, 0xdef);
      r.memory.set(DST + 0x40, 0xabc);
      r.memory.set(DST + 0x44, 0x111); // a stale copy
      r.oracle.migrationBegin(5, PAGE, SRC, DST, 100);
      r.repoint(DST);
      const v = r.oracle.migrationEnd(5, 900);
      expect(v).toMatchObject({
        kind: 'frame-content',
        migration: 5,
        virtualPage: PAGE,
        frame: DST,
        physicalPage: DST / PS,
        address: VA + 0x44,
        physicalAddress: DST + 0x44,
        expected: 0xdef,
        actual: 0x111,
        cycle: 900,
        migrationBegin: 100,
      });
      expect(describeFrameViolation(v!)).toMatch(
        /holds 0x111 at 0x303044 \(virtual 0x3044\), expected 0xdef$/,
      );
    });

    test('the source frame is not what is checked: only the destination', () => {
      const r = rig();
      r.write(VA, 5);
      r.memory.set(SRC, 5); // the value is only in the old frame
      r.oracle.migrationBegin(0, PAGE, SRC, DST, 0);
      r.repoint(DST);
      expect(r.oracle.migrationEnd(0, 10)?.kind).toBe('frame-content');
    });

    test('words never written are not checked; words of other pages are not checked', () => {
      const r = rig();
      r.write(VA + PS, 9); // page 4
      r.memory.set(DST + 12, 0xffff); // garbage in a never-written word
      r.oracle.migrationBegin(0, PAGE, SRC, DST, 0);
      r.repoint(DST);
      expect(r.oracle.migrationEnd(0, 10)).toBeNull();
      expect(r.oracle.wordsChecked).toBe(0);
    });

    test('a word written during the migration may hold the value before or any value written since', () => {
      for (const held of [1, 2, 3]) {
        const r = rig();
        r.write(VA, 1);
        r.oracle.migrationBegin(0, PAGE, SRC, DST, 0);
        r.write(VA, 2);
        r.write(VA, 3);
        r.memory.set(DST, held);
        r.repoint(DST);
        expect(r.oracle.migrationEnd(0, 10)).toBeNull();
      }
      const r = rig();
      r.write(VA, 1);
      r.oracle.migrationBegin(0, PAGE, SRC, DST, 0);
      r.write(VA, 2);
      r.memory.set(DST, 4);
      r.repoint(DST);
      const v = r.oracle.migrationEnd(0, 10);
      expect(v).toMatchObject({ kind: 'frame-content', expected: 1, alsoAccepted: [2], actual: 4 });
      expect(describeFrameViolation(v!)).toMatch(
        /expected 0x1 \(or 0x2: acknowledged before or written during the migration\)/,
      );
    });

    test('a write still in flight when the migration began may land before the copy or after it', () => {
      for (const held of [1, 2]) {
        const r = rig();
        r.write(VA, 1);
        r.issue(VA, 2); // issued, not acknowledged
        r.oracle.migrationBegin(0, PAGE, SRC, DST, 0);
        r.oracle.writeCompleted(VA);
        r.memory.set(DST, held);
        r.repoint(DST);
        expect(r.oracle.migrationEnd(0, 10)).toBeNull();
      }
      const r = rig();
      r.write(VA, 1);
      r.write(VA, 2); // acknowledged before the migration: 1 is no longer acceptable
      r.oracle.migrationBegin(0, PAGE, SRC, DST, 0);
      r.memory.set(DST, 1);
      r.repoint(DST);
      expect(r.oracle.migrationEnd(0, 10)).toMatchObject({ kind: 'frame-content', expected: 2, actual: 1 });
    });

    test('a word first written during the migration may still read zero', () => {
      const r = rig();
      r.oracle.migrationBegin(0, PAGE, SRC, DST, 0);
      r.write(VA + 4, 6);
      r.repoint(DST);
      expect(r.oracle.migrationEnd(0, 10)).toBeNull();
    });
  });

  describe('stale-frame', () => {
    test('an L2 request into the source frame after the copy began fails; before it, it does not', () => {
      const r = rig();
      r.oracle.migrationBegin(2, PAGE, SRC, DST, 100);
      r.oracle.phaseBegin(2, 2, 150); // not a copy step
      expect(r.oracle.arrival(read(SRC + 0x40), 160)).toBeNull();
      r.oracle.phaseBegin(2, 3, 200);
      expect(r.oracle.staleFrames).toBe(1);
      const v = r.oracle.arrival(write(SRC + 0x80), 250);
      expect(v).toMatchObject({
        kind: 'stale-frame',
        migration: 2,
        virtualPage: PAGE,
        frame: SRC,
        physicalPage: SRC / PS,
        address: VA + 0x80,
        physicalAddress: SRC + 0x80,
        requester: 'L2Cache.Bottom',
        op: 'write',
        agent: 1,
        copyBegan: 200,
        migrationBegin: 100,
        cycle: 250,
      });
      expect(describeFrameViolation(v!)).toMatch(
        /^stale-frame access: L2Cache.Bottom write at 0x103080 \(virtual 0x3080 \(agent 1's range\)\) reached frame 0x103000/,
      );
    });

    test("the data mover's requests, other frames and responses are not stale accesses", () => {
      const r = rig();
      r.oracle.migrationBegin(0, PAGE, SRC, DST, 0);
      r.oracle.phaseBegin(0, 3, 10);
      expect(r.oracle.arrival(read(SRC, 'DataMover.Inside'), 20)).toBeNull();
      expect(r.oracle.arrival(read(SRC + PS), 20)).toBeNull();
      expect(r.oracle.arrival(read(SRC - 64), 20)).toBeNull();
      expect(r.oracle.arrival(read(DST), 20)).toBeNull();
      expect(
        r.oracle.arrival({ kind: 'WriteDoneRsp', id: 3, src: 'L2Cache.Bottom', dst: 'x', rspTo: 1 }, 20),
      ).toBeNull();
      expect(r.oracle.arrival(read(SRC + PS - 64), 20)?.kind).toBe('stale-frame');
    });

    test('the window stays open after the migration ends, until a repoint hands the frame to a page again', () => {
      const r = rig();
      r.oracle.migrationBegin(0, PAGE, SRC, DST, 0);
      r.oracle.phaseBegin(0, 3, 10);
      r.repoint(DST);
      r.oracle.migrationEnd(0, 50);
      expect(r.oracle.arrival(read(SRC), 5000)?.migration).toBe(0);
      // the round trip back: the old frame is the page's again once repointed to it
      r.oracle.migrationBegin(1, PAGE, DST, SRC, 6000);
      expect(r.oracle.arrival(read(SRC), 6001)?.kind).toBe('stale-frame');
      r.oracle.phaseBegin(1, 3, 6100);
      r.repoint(SRC);
      expect(r.oracle.arrival(read(SRC), 6200)).toBeNull();
      expect(r.oracle.arrival(read(DST), 6200)?.migration).toBe(1);
    });

    test('a migration onto the frame the page is in opens no window', () => {
      const r = rig();
      r.oracle.migrationBegin(0, PAGE, SRC, SRC, 0);
      r.oracle.phaseBegin(0, 3, 10);
      expect(r.oracle.staleFrames).toBe(0);
      expect(r.oracle.arrival(read(SRC), 20)).toBeNull();
    });
  });
});
