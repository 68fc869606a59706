import fc from 'fast-check';
import type { ControlReq, Msg, TranslationRsp } from '../../src/state/contract/messages';
import type { ControlVerb } from '../../src/state/control/control-verbs';
import type { Page } from '../../src/state/memory/page';
import { defaultL1TlbSpec, type TlbSpec, type TlbState, tlbModel } from '../../src/state/tlb/tlb';
import { ComponentRig } from '../support/component-rig';

// Model-based fuzz of the TLB (control-protocol.md §12: "latest page for each
// VPN"). A fake lower level answers from a page table after a random delay.
// A "migration" follows the system's recipe: only with no translation in
// flight, Pause (or Drain), repoint the page, Invalidate it (filtered or
// not), Enable. Every answer must then carry the page table's current entry.

type Rig = ComponentRig<TlbSpec, TlbState>;

interface Action {
  readonly kind: 'translate' | 'migrate' | 'idle';
  readonly vpn: number;
  readonly pick: number;
  readonly ticks: number;
}

const VPNS = 7;

function pageOf(vpn: number, slot: number): Page {
  return {
    pid: 1,
    vAddr: vpn * 4096,
    pAddr: 0x100000 + slot * 0x200000 + vpn * 4096,
    pageSize: 4096,
    valid: true,
    deviceID: slot,
    unified: false,
    isMigrating: false,
    isPinned: false,
  };
}

function run(actions: readonly Action[], seed: number, geometry: Partial<TlbSpec>): number {
  const rig: Rig = new ComponentRig(
    tlbModel,
    { ...defaultL1TlbSpec('Low.Top'), ...geometry },
    { name: 'TLB' },
  );
  let s = seed >>> 0 || 1;
  const rand = (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
  const table = Array.from({ length: VPNS }, (_, v) => pageOf(v, v % 2));
  let queue: Array<{ at: number; msg: Msg }> = [];
  const pending = new Map<number, number>(); // request id -> vpn
  let lowerAsked = 0;
  let migrations = 0;

  const step = () => {
    rig.tick();
    for (const m of rig.drainOutgoing('Bottom')) {
      if (m.kind !== 'TranslationReq') throw new Error(`unexpected ${m.kind}`);
      lowerAsked++;
      const page = table[m.vAddr / 4096];
      queue.push({
        at: rig.now + rand(30),
        msg: {
          kind: 'TranslationRsp',
          id: rig.freshId(),
          src: 'Low.Top',
          dst: 'TLB.Bottom',
          rspTo: m.id,
          page,
        },
      });
    }
    const keep: typeof queue = [];
    for (const q of queue) if (!(q.at <= rig.now && rig.deliver('Bottom', q.msg))) keep.push(q);
    queue = keep;
    for (const m of rig.drainOutgoing('Top') as TranslationRsp[]) {
      const vpn = pending.get(m.rspTo);
      expect(vpn).toBeDefined();
      pending.delete(m.rspTo);
      expect(m.page).toEqual(table[vpn!]);
    }
  };
  const control = (command: ControlVerb, addresses: number[] = [], pid = 0) => {
    const req: ControlReq = {
      kind: 'ControlReq',
      id: rig.freshId(),
      src: 'Ctl',
      dst: 'TLB.Control',
      rspTo: 0,
      command,
      addresses,
      pid,
    };
    rig.deliver('Control', req);
    for (let t = 0; t < 2000 && rig.ports.Control.outgoing.length === 0; t++) step();
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ rspTo: req.id, success: true });
  };

  for (const a of actions) {
    if (a.kind === 'translate' && rig.ports.Top.incoming.length < 16) {
      const id = rig.freshId();
      pending.set(id, a.vpn);
      rig.deliver('Top', {
        kind: 'TranslationReq',
        id,
        src: 'AT.Translation',
        dst: 'TLB.Top',
        rspTo: 0,
        vAddr: a.vpn * 4096,
        pid: 1,
        deviceID: 1,
      });
    } else if (a.kind === 'migrate') {
      // Quiesce first, like the system does by draining the ROBs.
      for (let t = 0; t < 5000 && (pending.size > 0 || queue.length > 0); t++) step();
      migrations++;
      control(a.pick % 2 === 0 ? 'Pause' : 'Drain');
      const old = table[a.vpn];
      table[a.vpn] = pageOf(a.vpn, old.deviceID === 0 ? 1 : 0);
      const variant = a.pick % 3;
      if (variant === 0) control('Invalidate', [], 0);
      else if (variant === 1) control('Invalidate', [a.vpn * 4096 + 0x123], 1);
      else control('Invalidate', [a.vpn * 4096], 0);
      control('Enable');
    }
    for (let t = 0; t < a.ticks; t++) step();
  }
  for (let t = 0; t < 5000 && pending.size > 0; t++) step();
  expect(pending.size).toBe(0);
  expect(rig.model.isQuiescent(rig.state)).toBe(true);
  expect(lowerAsked).toBeGreaterThan(0);
  return migrations;
}

const action: fc.Arbitrary<Action> = fc.record({
  kind: fc.constantFrom<Action['kind']>('translate', 'translate', 'translate', 'migrate', 'idle'),
  vpn: fc.nat(VPNS - 1),
  pick: fc.nat(11),
  ticks: fc.integer({ min: 0, max: 6 }),
});

describe('TLB: model-based fuzz with migrations', () => {
  for (const [name, geometry] of [
    ['1 set x 4 ways (constant eviction)', { numSets: 1, numWays: 4 }],
    ['2 sets x 2 ways, MSHR 2', { numSets: 2, numWays: 2, mshrSize: 2 }],
    ['L1 TLB default 8 x 8', {}],
  ] as const) {
    test(`every answer carries the current page-table entry: ${name}`, () => {
      fc.assert(
        fc.property(fc.array(action, { minLength: 10, maxLength: 200 }), fc.integer(), (actions, seed) => {
          run(actions, seed, geometry);
        }),
        { numRuns: 30, seed: 7 },
      );
    });
  }
});
