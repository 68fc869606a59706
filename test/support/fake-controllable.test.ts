import type { ControlReq } from '../../src/state/contract/messages';
import {
  CACHE_LIKE,
  CONTROL_VERBS,
  type ControlVerb,
  isSyncVerb,
  type SupportSet,
  stateName,
  supports,
  UNIVERSAL,
} from '../../src/state/control/control-verbs';
import { ComponentRig } from './component-rig';
import { runContract, sendAndWait } from './contract';
import { fakeControllableModel } from './fake-controllable';

function fake(support: SupportSet, asyncDelay: number) {
  return new ComponentRig(fakeControllableModel, { support: [...support], asyncDelay }, { name: 'Fake' });
}
const build = (support: SupportSet, asyncDelay: number) => () => ({ rig: fake(support, asyncDelay) });

runContract('fake, CacheLike, asyncDelay 1', build(CACHE_LIKE, 1), CACHE_LIKE);
runContract('fake, Universal, asyncDelay 1', build(UNIVERSAL, 1), UNIVERSAL);
runContract('fake, CacheLike, asyncDelay 100', build(CACHE_LIKE, 100), CACHE_LIKE);
runContract('fake, nothing supported', build(new Set<ControlVerb>(), 1), new Set<ControlVerb>());

describe('control-protocol helpers', () => {
  test('supports() for the Universal preset', () => {
    const expected: Record<ControlVerb, boolean> = {
      Pause: true,
      Drain: true,
      Enable: true,
      Reset: true,
      Invalidate: false,
      Flush: false,
      FencePage: false,
      UnfencePage: false,
      DrainPage: false,
      FlushPage: false,
      InvalidatePage: false,
    };
    for (const v of CONTROL_VERBS) expect(supports(UNIVERSAL, v)).toBe(expected[v]);
  });

  test('isSyncVerb: true for Pause, Enable, Reset, Invalidate; false for Drain and Flush', () => {
    expect(['Pause', 'Enable', 'Reset', 'Invalidate'].every((v) => isSyncVerb(v as ControlVerb))).toBe(true);
    expect(isSyncVerb('Drain')).toBe(false);
    expect(isSyncVerb('Flush')).toBe(false);
  });

  test('state display names', () => {
    expect([0, 1, 2, 3, 4].map(stateName)).toEqual(['enabled', 'pausing', 'paused', 'draining', 'flushing']);
    expect(stateName(5)).toBe('unknown');
    expect(stateName(-1)).toBe('unknown');
  });
});

describe('reference fake component', () => {
  test('asyncDelay 100 is beyond the sync budget but within the async one', () => {
    const rig = fake(CACHE_LIKE, 100);
    expect(sendAndWait(rig, 'Drain', 64).rsp).toBeUndefined();
    expect(fakeControllableModel.controlState(rig.state)).toBe('draining');
    rig.tickUntil(() => rig.peekOutgoing('Control') !== undefined, 100);
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Drain', success: true });
    expect(fakeControllableModel.controlState(rig.state)).toBe('paused');
  });

  test('the harness has teeth: an async verb slower than the budget gets no reply', () => {
    const rig = fake(CACHE_LIKE, 5000);
    expect(sendAndWait(rig, 'Drain', 4096).rsp).toBeUndefined();
  });

  test('serial processing: a command queued behind a pending Drain waits for its ack', () => {
    const rig = fake(UNIVERSAL, 3);
    const req = (command: ControlVerb): ControlReq => ({
      kind: 'ControlReq',
      id: rig.freshId(),
      src: 'Ctl',
      dst: 'Fake.Control',
      rspTo: 0,
      command,
      addresses: [],
      pid: 0,
    });
    const drain = req('Drain');
    const enable = req('Enable');
    rig.deliver('Control', drain);
    rig.deliver('Control', enable);
    rig.ticks(3);
    expect(rig.ports.Control.incoming).toHaveLength(1);
    rig.ticks(2);
    expect(rig.drainOutgoing('Control').map((m) => m.rspTo)).toEqual([drain.id, enable.id]);
    expect(fakeControllableModel.controlState(rig.state)).toBe('enabled');
  });

  test('Flush when paused is acked after the delay and keeps the component paused', () => {
    const rig = fake(CACHE_LIKE, 2);
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    expect(sendAndWait(rig, 'Flush', 64).rsp).toMatchObject({ command: 'Flush', success: true });
    expect(fakeControllableModel.controlState(rig.state)).toBe('paused');
    expect(sendAndWait(rig, 'Invalidate', 64).rsp).toMatchObject({ success: true });
  });

  test('a sync reply is never dropped: the command waits while Control cannot send', () => {
    const rig = new ComponentRig(
      fakeControllableModel,
      { support: [...UNIVERSAL], asyncDelay: 1 },
      { name: 'Fake', bufferSize: 1 },
    );
    rig.deliver('Control', {
      kind: 'ControlReq',
      id: rig.freshId(),
      src: 'Ctl',
      dst: 'Fake.Control',
      rspTo: 0,
      command: 'Pause',
      addresses: [],
      pid: 0,
    });
    rig.tick();
    rig.deliver('Control', {
      kind: 'ControlReq',
      id: rig.freshId(),
      src: 'Ctl',
      dst: 'Fake.Control',
      rspTo: 0,
      command: 'Enable',
      addresses: [],
      pid: 0,
    });
    rig.ticks(3);
    expect(rig.ports.Control.incoming).toHaveLength(1);
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Pause' });
    rig.tick();
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Enable' });
  });
});
