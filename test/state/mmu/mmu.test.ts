import type { ControlReq, TranslationReq, TranslationRsp } from '../../../src/state/contract/messages';
import { SimPanic } from '../../../src/state/contract/sim-panic';
import { UNIVERSAL } from '../../../src/state/control/control-verbs';
import type { Page } from '../../../src/state/memory/page';
import { PageTable } from '../../../src/state/memory/page-table';
import { defaultMmuSpec, mmuModel } from '../../../src/state/mmu/mmu';
import { ComponentRig } from '../../support/component-rig';
import { runContract, sendAndWait } from '../../support/contract';
import { controlReq } from '../../support/requests';

type Rig = ComponentRig<any, any>;

function page(vAddr: number, pAddr: number, deviceID = 0): Page {
  return {
    pid: 1,
    vAddr,
    pAddr,
    pageSize: 4096,
    valid: true,
    deviceID,
    unified: false,
    isMigrating: false,
    isPinned: false,
  };
}
const table = () =>
  PageTable.empty(8)
    .insert(page(0x0, 0x100000))
    .insert(page(0x1000, 0x301000, 1));
const fresh = (bufferSize = 16): Rig =>
  new ComponentRig(mmuModel, defaultMmuSpec(), { name: 'IoMMU', pageTable: table(), bufferSize });

function treq(rig: Rig, vAddr: number, pid = 1): TranslationReq {
  return {
    kind: 'TranslationReq',
    id: rig.freshId(),
    src: 'L2TLB.Bottom',
    dst: 'IoMMU.Top',
    rspTo: 0,
    vAddr,
    pid,
    deviceID: 1,
  };
}
function ctrl(rig: Rig, command: ControlReq['command']): ControlReq {
  return controlReq(rig, 'IoMMU.Control', command);
}

runContract('MMU', () => ({ rig: fresh() }), UNIVERSAL);

describe('MMU', () => {
  test('default spec', () => {
    expect(defaultMmuSpec()).toEqual({ log2PageSize: 12, latency: 10, maxRequestsInFlight: 16 });
    expect(mmuModel.ports(defaultMmuSpec())).toEqual(['Top', 'Control']);
  });

  test('a walk accepted in tick t answers in tick t+11 with the page', () => {
    const rig = fresh();
    const r = treq(rig, 0x1000);
    rig.deliver('Top', r);
    const acceptedAt = rig.now;
    rig.tick();
    expect(rig.state.walks).toHaveLength(1);
    let answeredAt = -1;
    for (let i = 0; i < 30 && answeredAt < 0; i++) {
      const at = rig.now;
      rig.tick();
      if (rig.peekOutgoing('Top')) answeredAt = at;
    }
    expect(answeredAt - acceptedAt).toBe(11);
    const rsp = rig.retrieveOutgoing('Top') as TranslationRsp;
    expect(rsp).toMatchObject({ kind: 'TranslationRsp', src: 'IoMMU.Top', dst: 'L2TLB.Bottom', rspTo: r.id });
    expect(rsp.page).toEqual(page(0x1000, 0x301000, 1));
    expect(rig.state.walks).toHaveLength(0);
    expect(rig.state.stats).toMatchObject({ walks: 1, translations: 1 });
  });

  test('the page table is read when the walk finishes, not when it starts', () => {
    const rig = fresh();
    rig.deliver('Top', treq(rig, 0x0));
    rig.ticks(5);
    rig.pageTable = rig.pageTable.update({ ...page(0x0, 0x300000, 1), isMigrating: false });
    rig.tickUntil(() => rig.peekOutgoing('Top') !== undefined, 20);
    const rsp = rig.retrieveOutgoing('Top') as TranslationRsp;
    expect(rsp.page.pAddr).toBe(0x300000);
    expect(rsp.page.deviceID).toBe(1);
  });

  test('a missing page panics with "page not found"', () => {
    const rig = fresh();
    rig.deliver('Top', treq(rig, 0x5000));
    expect(() => rig.ticks(20)).toThrow(SimPanic);
    const rig2 = fresh();
    rig2.deliver('Top', treq(rig2, 0x5000));
    expect(() => rig2.ticks(20)).toThrow(/page not found/);
  });

  test('accepts at most one walk per tick and at most 16 walks', () => {
    const spec = { ...defaultMmuSpec(), latency: 100 };
    const rig = new ComponentRig(mmuModel, spec, { name: 'IoMMU', pageTable: table(), bufferSize: 32 });
    for (let i = 0; i < 20; i++) rig.deliver('Top', treq(rig, (i % 2) * 0x1000));
    rig.tick();
    expect(rig.state.walks).toHaveLength(1);
    rig.ticks(4);
    expect(rig.state.walks).toHaveLength(5);
    rig.ticks(25);
    expect(rig.state.walks).toHaveLength(16);
    expect(rig.ports.Top.incoming).toHaveLength(4);
    rig.ticks(200);
    expect(rig.drainOutgoing('Top')).toHaveLength(20);
  });

  test('the walk limit holds back requests', () => {
    const spec = { ...defaultMmuSpec(), maxRequestsInFlight: 2 };
    const rig = new ComponentRig(mmuModel, spec, { name: 'IoMMU', pageTable: table() });
    for (let i = 0; i < 3; i++) rig.deliver('Top', treq(rig, 0));
    rig.ticks(3);
    expect(rig.state.walks).toHaveLength(2);
    expect(rig.ports.Top.incoming).toHaveLength(1);
  });

  test('a finished walk waits when Top cannot send', () => {
    const rig = new ComponentRig(mmuModel, defaultMmuSpec(), {
      name: 'IoMMU',
      pageTable: table(),
      bufferSize: 1,
    });
    rig.deliver('Top', treq(rig, 0));
    rig.ticks(12);
    expect(rig.ports.Top.outgoing).toHaveLength(1);
    rig.deliver('Top', treq(rig, 0x1000));
    rig.ticks(15);
    expect(rig.state.walks).toHaveLength(1);
    rig.drainOutgoing('Top');
    rig.tick();
    expect(rig.state.walks).toHaveLength(0);
    expect(rig.drainOutgoing('Top')).toHaveLength(1);
  });

  test('a non-translation request panics', () => {
    const rig = fresh();
    rig.deliver('Top', { kind: 'WriteDoneRsp', id: 1, src: 'x', dst: 'IoMMU.Top', rspTo: 0 });
    expect(() => rig.tick()).toThrow(SimPanic);
  });

  test('Drain waits for walks, then acks and pauses', () => {
    const rig = fresh();
    rig.deliver('Top', treq(rig, 0));
    rig.tick();
    const { req, rsp } = sendAndWait(rig, 'Drain', 5);
    expect(rsp).toBeUndefined();
    expect(mmuModel.controlState(rig.state)).toBe('draining');
    rig.deliver('Top', treq(rig, 0x1000));
    rig.tickUntil(() => rig.peekOutgoing('Control') !== undefined, 20);
    expect(rig.drainOutgoing('Top')).toHaveLength(1);
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Drain', success: true, rspTo: req.id });
    expect(mmuModel.controlState(rig.state)).toBe('paused');
    expect(rig.ports.Top.incoming).toHaveLength(1);
  });

  test('Pause freezes walks and intake; Enable resumes them', () => {
    const rig = fresh();
    rig.deliver('Top', treq(rig, 0));
    rig.ticks(3);
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    const left = rig.state.walks[0].cycleLeft;
    rig.deliver('Top', treq(rig, 0x1000));
    rig.ticks(50);
    expect(rig.state.walks[0].cycleLeft).toBe(left);
    expect(rig.state.walks).toHaveLength(1);
    expect(rig.drainOutgoing('Top')).toHaveLength(0);
    expect(sendAndWait(rig, 'Enable', 64).rsp?.success).toBe(true);
    rig.ticks(30);
    expect(rig.drainOutgoing('Top')).toHaveLength(2);
  });

  test('queued Reset behind a Drain: two replies in order, ends Enabled', () => {
    const rig = fresh();
    const drain = ctrl(rig, 'Drain');
    const reset = ctrl(rig, 'Reset');
    rig.deliver('Control', drain);
    rig.deliver('Control', reset);
    rig.ticks(3);
    const out = rig.drainOutgoing('Control') as any[];
    expect(out.map((m) => [m.command, m.rspTo])).toEqual([
      ['Drain', drain.id],
      ['Reset', reset.id],
    ]);
    expect(mmuModel.controlState(rig.state)).toBe('enabled');
  });

  for (const from of ['enabled', 'paused'] as const) {
    test(`Reset from ${from} clears walks and queued requests but not the page table`, () => {
      const rig = fresh();
      rig.deliver('Top', treq(rig, 0));
      rig.tick();
      if (from === 'paused') expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
      rig.deliver('Top', treq(rig, 0x1000));
      const pt = rig.pageTable;
      expect(sendAndWait(rig, 'Reset', 64).rsp?.success).toBe(true);
      expect(rig.state.walks).toHaveLength(0);
      expect(rig.ports.Top.incoming).toHaveLength(0);
      expect(rig.pageTable).toBe(pt);
      expect(mmuModel.controlState(rig.state)).toBe('enabled');
      rig.ticks(20);
      expect(rig.drainOutgoing('Top')).toHaveLength(0);
    });
  }
});
