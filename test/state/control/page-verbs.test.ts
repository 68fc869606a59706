import {
  addressTranslatorModel,
  defaultAddressTranslatorSpec,
} from '../../../src/state/address-translator/address-translator';
import type {
  ControlReq,
  Msg,
  ReadReq,
  TranslationReq,
  WriteReq,
} from '../../../src/state/contract/messages';
import { u32Bytes } from '../../../src/state/contract/messages';
import { defaultL1CacheSpec, l1CacheModel } from '../../../src/state/l1-cache/l1-cache';
import { defaultL1TlbSpec, tlbModel } from '../../../src/state/tlb/tlb';
import { ComponentRig } from '../../support/component-rig';
import { blockOf, handAckWrite, handAwait, handControl, handL2, handWriteDirty } from '../../support/l2-rig';

/*
 * The page-scoped verbs' behaviour, component by component (their round
 * trips are in each component's control contract).
 */

type Rig = ComponentRig<any, any>;

function pageCtl(rig: Rig, command: ControlReq['command'], address: number, pid = 0): ControlReq {
  return {
    kind: 'ControlReq',
    id: rig.freshId(),
    src: 'Ctl',
    dst: rig.portName('Control'),
    rspTo: 0,
    command,
    addresses: [address],
    pid,
    bytes: 4096,
  };
}

function awaitReply(rig: Rig, budget = 200): Msg | undefined {
  rig.tickUntil(() => rig.peekOutgoing('Control') !== undefined, budget);
  return rig.retrieveOutgoing('Control');
}

function atRead(rig: Rig, address: number): ReadReq {
  const r: ReadReq = {
    kind: 'ReadReq',
    id: rig.freshId(),
    src: 'ROB.Bottom',
    dst: 'AT.Top',
    rspTo: 0,
    address,
    size: 4,
    pid: 1,
  };
  rig.deliver('Top', r);
  return r;
}

describe('AT: FencePage, DrainPage, UnfencePage', () => {
  const fresh = (): Rig =>
    new ComponentRig(addressTranslatorModel, defaultAddressTranslatorSpec('L1.Top', 'TLB.Top'), {
      name: 'AT',
    });

  test('a fenced page waits at the AT while other pages flow; unfence releases it', () => {
    const rig = fresh();
    rig.deliver('Control', pageCtl(rig, 'FencePage', 0x1000, 1));
    expect(awaitReply(rig)).toMatchObject({ command: 'FencePage', success: true });
    atRead(rig, 0x1010); // fenced
    atRead(rig, 0x2010); // another page
    rig.ticks(3);
    const sent = rig.drainOutgoing('Translation') as TranslationReq[];
    expect(sent.map((t) => t.vAddr)).toEqual([0x2000]);
    expect(rig.state.held.length).toBe(1);
    rig.deliver('Control', pageCtl(rig, 'UnfencePage', 0x1000, 1));
    expect(awaitReply(rig)).toMatchObject({ command: 'UnfencePage', success: true });
    rig.ticks(2);
    expect((rig.drainOutgoing('Translation') as TranslationReq[]).map((t) => t.vAddr)).toEqual([0x1000]);
    expect(rig.state.held.length).toBe(0);
  });

  test('DrainPage acks only once no request to the page is in flight below', () => {
    const rig = fresh();
    const r = atRead(rig, 0x1010);
    rig.tick();
    const t = rig.retrieveOutgoing('Translation') as TranslationReq;
    rig.deliver('Control', pageCtl(rig, 'DrainPage', 0x1000, 1));
    rig.ticks(5);
    expect(rig.peekOutgoing('Control')).toBeUndefined(); // the translation is still open
    rig.deliver('Translation', {
      kind: 'TranslationRsp',
      id: rig.freshId(),
      src: 'TLB.Top',
      dst: 'AT.Translation',
      rspTo: t.id,
      page: {
        pid: 1,
        vAddr: 0x1000,
        pAddr: 0x100000,
        pageSize: 4096,
        valid: true,
        deviceID: 0,
        unified: false,
        isMigrating: false,
        isPinned: false,
      },
    });
    rig.ticks(3);
    const down = rig.retrieveOutgoing('Bottom') as ReadReq;
    expect(down.address).toBe(0x100010);
    expect(rig.peekOutgoing('Control')).toBeUndefined(); // sent to the L1, not answered
    rig.deliver('Bottom', {
      kind: 'DataReadyRsp',
      id: rig.freshId(),
      src: 'L1.Top',
      dst: 'AT.Bottom',
      rspTo: down.id,
      data: u32Bytes(5),
    });
    const rsp = awaitReply(rig);
    expect(rsp).toMatchObject({ command: 'DrainPage', success: true });
    expect(rig.retrieveOutgoing('Top')).toMatchObject({ kind: 'DataReadyRsp', rspTo: r.id });
  });

  test('DrainPage with nothing in flight to the page acks at once, whatever other pages do', () => {
    const rig = fresh();
    atRead(rig, 0x2010);
    rig.tick();
    rig.deliver('Control', pageCtl(rig, 'DrainPage', 0x1000, 1));
    expect(awaitReply(rig, 5)).toMatchObject({ command: 'DrainPage', success: true });
  });
});

describe('L2: FlushPage', () => {
  test('writes back the page’s dirty lines, drops its lines, keeps other pages, acks after the write-backs', () => {
    const rig = handL2();
    handWriteDirty(rig, 0x1040, u32Bytes(0xaaaa));
    handWriteDirty(rig, 0x2040, u32Bytes(0xbbbb));
    const req = handControl(rig, 'FlushPage', [0x1000]);
    const wb = handAwait(rig, 'Bottom') as WriteReq;
    expect(wb.kind).toBe('WriteReq');
    expect(wb.address).toBe(0x1040);
    expect(blockOf(rig, 0x1040)).toBeUndefined();
    rig.ticks(20);
    expect(rig.peekOutgoing('Control')).toBeUndefined(); // not before the ack from below
    handAckWrite(rig, wb);
    const rsp = handAwait(rig, 'Control');
    expect(rsp).toMatchObject({ kind: 'ControlRsp', command: 'FlushPage', rspTo: req.id, success: true });
    expect(blockOf(rig, 0x2040)?.isDirty).toBe(true);
  });

  test('is refused unless the cache runs', () => {
    const rig = handL2();
    handControl(rig, 'Pause');
    handAwait(rig, 'Control');
    handControl(rig, 'FlushPage', [0x1000]);
    expect(handAwait(rig, 'Control')).toMatchObject({ success: false, error: 'must be enabled' });
  });
});

describe('L1 FlushPage and TLB InvalidatePage', () => {
  test('the L1 drops the page’s lines while enabled', () => {
    const rig = new ComponentRig(l1CacheModel, defaultL1CacheSpec('L2.Top'), { name: 'L1Cache[0]' });
    const line = {
      ...rig.state.directory.findVictim(0x100040),
      tag: 0x100040,
      pid: 0,
      isValid: true,
    };
    rig.state = { ...rig.state, directory: rig.state.directory.updateBlock(line) };
    expect(rig.state.directory.lookup(0, 0x100040)).toBeDefined();
    rig.deliver('Control', pageCtl(rig, 'FlushPage', 0x100000));
    expect(awaitReply(rig)).toMatchObject({ command: 'FlushPage', success: true });
    expect(rig.state.directory.lookup(0, 0x100040)).toBeUndefined();
  });

  test('a TLB drops one page’s translation while enabled', () => {
    const rig = new ComponentRig(tlbModel, defaultL1TlbSpec('L2TLB.Top'), { name: 'L1TLB[0]' });
    const req: TranslationReq = {
      kind: 'TranslationReq',
      id: rig.freshId(),
      src: 'AT.Translation',
      dst: 'L1TLB[0].Top',
      rspTo: 0,
      vAddr: 0x3000,
      pid: 1,
      deviceID: 1,
    };
    rig.deliver('Top', req);
    rig.tickUntil(() => rig.peekOutgoing('Bottom') !== undefined, 50);
    const miss = rig.retrieveOutgoing('Bottom') as TranslationReq;
    rig.deliver('Bottom', {
      kind: 'TranslationRsp',
      id: rig.freshId(),
      src: 'L2TLB.Top',
      dst: 'L1TLB[0].Bottom',
      rspTo: miss.id,
      page: {
        pid: 1,
        vAddr: 0x3000,
        pAddr: 0x100000,
        pageSize: 4096,
        valid: true,
        deviceID: 0,
        unified: false,
        isMigrating: false,
        isPinned: false,
      },
    });
    rig.tickUntil(() => rig.peekOutgoing('Top') !== undefined, 50);
    const holds = () => rig.state.sets.some((s: { keys: readonly number[] }) => s.keys.includes(0x3000));
    expect(holds()).toBe(true);
    rig.deliver('Control', pageCtl(rig, 'InvalidatePage', 0x3000, 1));
    expect(awaitReply(rig)).toMatchObject({ command: 'InvalidatePage', success: true });
    expect(holds()).toBe(false);
  });
});
