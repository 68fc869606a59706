import {
  type MigrationControllerSpec,
  type MigrationPolicy,
  migrationControllerModel,
} from '../../src/controllers/migration-controller';
import { defaultPlan, parsePlan, type TargetGroup } from '../../src/controllers/migration-plan';
import { initialPageTable } from '../../src/scenario/topology';
import type { ControlReq, DataMoveRequest, Msg } from '../../src/state/contract/messages';
import { SimPanic } from '../../src/state/contract/sim-panic';
import { computeAddressMap } from '../../src/state/memory/address-map';
import { ComponentRig } from '../support/component-rig';

const map = computeAddressMap({ agents: 1, maxAddress: 1024, devices: 2 });
const targets: Record<TargetGroup, string[]> = {
  robs: ['ROB[0].Control'],
  rest: [
    'AT[0].Control',
    'L1Cache[0].Control',
    'L1TLB[0].Control',
    'L2Cache.Control',
    'L2TLB.Control',
    'IoMMU.Control',
  ],
  flush: ['L2Cache.Control'],
  inval: ['L1Cache[0].Control', 'L1TLB[0].Control', 'L2Cache.Control', 'L2TLB.Control'],
  all: [],
  caches: ['L1Cache[0].Control', 'L2Cache.Control'],
  tlbs: ['L1TLB[0].Control', 'L2TLB.Control'],
  l1caches: ['L1Cache[0].Control'],
  l1tlbs: ['L1TLB[0].Control'],
  l2: ['L2Cache.Control'],
  l2tlb: ['L2TLB.Control'],
  ats: ['AT[0].Control'],
};
targets.all = [...targets.robs, ...targets.rest];

function spec(
  plan = defaultPlan(),
  policy: MigrationPolicy = { kind: 'interval', interval: 10 },
): MigrationControllerSpec {
  return {
    targets,
    moverPort: 'DataMover.Top',
    numPages: map.numPages,
    numDevices: 2,
    deviceStride: map.deviceStride,
    ptBase: map.ptBase,
    pageSize: 4096,
    pid: 1,
    plan,
    policy,
  };
}

interface Sent {
  cycle: number;
  msg: Msg;
}

/** Answers every command successfully one tick later (or per `answer`) and the move after `moveDelay`. */
function drive(
  s: MigrationControllerSpec,
  ticks: number,
  opts: { reject?: string; moveDelay?: number; done?: () => boolean } = {},
) {
  let doneFlag = false;
  const rig = new ComponentRig(migrationControllerModel, s, {
    name: 'MigrationController',
    pageTable: initialPageTable(map),
    allAgentsDone: () => doneFlag || (opts.done?.() ?? false),
  });
  const sent: Sent[] = [];
  let pendingMove: { at: number; req: DataMoveRequest } | null = null;
  let id = 1;
  for (let t = 0; t < ticks; t++) {
    const cycle = rig.now;
    rig.tick();
    for (const m of rig.drainOutgoing('Ctrl')) {
      sent.push({ cycle, msg: m });
      const r = m as ControlReq;
      const ok = opts.reject !== r.command;
      rig.deliver('Ctrl', {
        kind: 'ControlRsp',
        id: id++,
        src: r.dst,
        dst: r.src,
        rspTo: r.id,
        command: r.command,
        success: ok,
        error: ok ? '' : 'must be paused or drained',
      });
    }
    for (const m of rig.drainOutgoing('Mover')) {
      sent.push({ cycle, msg: m });
      pendingMove = { at: rig.now + (opts.moveDelay ?? 5), req: m as DataMoveRequest };
    }
    if (pendingMove && rig.now >= pendingMove.at) {
      rig.deliver('Mover', {
        kind: 'DataMoveResponse',
        id: id++,
        src: 'DataMover.Top',
        dst: pendingMove.req.src,
        rspTo: pendingMove.req.id,
      });
      pendingMove = null;
    }
  }
  return {
    rig,
    sent,
    stop: () => {
      doneFlag = true;
    },
  };
}

describe('migration controller', () => {
  test('runs the reference plan in order against the reference target lists', () => {
    const { sent, rig } = drive(spec(), 200);
    const firstMigration = sent.slice(0, 1 + 6 + 1 + 1 + 4 + 7);
    const order = firstMigration.map(({ msg }) =>
      msg.kind === 'ControlReq' ? `${msg.command}:${msg.dst.replace('.Control', '')}` : msg.kind,
    );
    expect(order).toEqual([
      'Drain:ROB[0]',
      ...['AT[0]', 'L1Cache[0]', 'L1TLB[0]', 'L2Cache', 'L2TLB', 'IoMMU'].map((n) => `Pause:${n}`),
      'Flush:L2Cache',
      'DataMoveRequest',
      ...['L1Cache[0]', 'L1TLB[0]', 'L2Cache', 'L2TLB'].map((n) => `Invalidate:${n}`),
      ...['ROB[0]', 'AT[0]', 'L1Cache[0]', 'L1TLB[0]', 'L2Cache', 'L2TLB', 'IoMMU'].map((n) => `Enable:${n}`),
    ]);
    expect(rig.state.numMigrations).toBeGreaterThanOrEqual(1);
  });

  test('timing: begins at cycle interval+1, first drain at interval+2; invalidates leave in the move-response tick', () => {
    const { sent, rig } = drive(spec(), 100);
    expect(sent[0].cycle).toBe(12);
    const move = sent.find((s) => s.msg.kind === 'DataMoveRequest')!;
    const firstInval = sent.find((s) => s.msg.kind === 'ControlReq' && s.msg.command === 'Invalidate')!;
    // The response is delivered after the tick at move.cycle + 5 and handled in the next tick.
    expect(firstInval.cycle).toBe(move.cycle + 6);
    const begins = rig.events.filter((e) => e.type === 'migration-begin');
    expect(begins.length).toBeGreaterThanOrEqual(1);
  });

  test('copies the page from its current slot to the other device and repoints the page table', () => {
    const { sent, rig } = drive(spec(), 30);
    const move = sent.find((s) => s.msg.kind === 'DataMoveRequest')!.msg as DataMoveRequest;
    expect(move).toMatchObject({
      srcAddress: 0x100000,
      dstAddress: 0x300000,
      byteSize: 4096,
      srcSide: 'inside',
      dstSide: 'outside',
    });
    expect(rig.pageTable.find(1, 0)).toMatchObject({ pAddr: 0x300000, deviceID: 1, isMigrating: false });
  });

  test('the single page ping-pongs between its two slots', () => {
    const { sent } = drive(spec(), 400);
    const moves = sent
      .filter((s) => s.msg.kind === 'DataMoveRequest')
      .map((s) => (s.msg as DataMoveRequest).dstAddress);
    expect(moves.slice(0, 4)).toEqual([0x300000, 0x100000, 0x300000, 0x100000]);
  });

  test('isMigrating is set for the whole migration until the repoint', () => {
    const { rig } = drive(spec(), 14);
    expect(rig.pageTable.find(1, 0)?.isMigrating).toBe(true);
  });

  test('a rejected command stops the run as a protocol failure', () => {
    expect(() => drive(spec(parsePlan('flush-l2')), 50, { reject: 'Flush' })).toThrow(SimPanic);
    try {
      drive(spec(parsePlan('flush-l2')), 50, { reject: 'Flush' });
    } catch (e) {
      expect((e as SimPanic).kind).toBe('protocol');
      expect((e as Error).message).toMatch(/Flush rejected by L2Cache.Control/);
    }
  });

  test('any plan runs: empty, repeated, reordered, with waits', () => {
    for (const p of [
      '',
      'copy,copy,repoint',
      'repoint,wait-5,enable-all,drain-robs',
      'invalidate,invalidate',
    ]) {
      const { rig } = drive(spec(parsePlan(p)), 300);
      expect(rig.state.numMigrations).toBeGreaterThan(0);
    }
  });

  test('stops for good once every agent is done while idle', () => {
    const { rig, sent } = drive(spec(), 5, { done: () => true });
    expect(sent).toHaveLength(0);
    expect(rig.state.numMigrations).toBe(0);
  });

  test('schedule policy: migrations of the given pages at the given cycles', () => {
    const { sent } = drive(
      spec(defaultPlan(), {
        kind: 'schedule',
        entries: [
          { page: 0, at: 30 },
          { page: 0, toDevice: 1, at: 35 },
        ],
      }),
      200,
    );
    const drains = sent.filter((s) => s.msg.kind === 'ControlReq' && s.msg.command === 'Drain');
    expect(drains[0].cycle).toBe(31);
    const moves = sent.filter((s) => s.msg.kind === 'DataMoveRequest').map((s) => s.msg as DataMoveRequest);
    expect(moves).toHaveLength(2);
    expect(moves[1].dstAddress).toBe(0x300000); // already on device 1: copies onto its own slot
  });
});
