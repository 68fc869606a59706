import { applyEffects, type EffectHandler } from '../../../src/state/contract/apply-effects';
import type { Effect } from '../../../src/state/contract/component';
import type { Msg } from '../../../src/state/contract/messages';
import type { Page } from '../../../src/state/memory/page';

function recorder(): { handler: EffectHandler; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    handler: {
      pop: (port) => calls.push(`pop ${port}`),
      send: (port, msg) => calls.push(`send ${port} ${msg.kind}#${msg.id}`),
      progress: () => calls.push('progress'),
      wakeAt: (cycle) => calls.push(`wakeAt ${cycle}`),
      idleNext: () => calls.push('idleNext'),
      setPage: (page) => calls.push(`setPage ${page.vAddr}`),
      emit: (event) => calls.push(`emit ${event.type}`),
    },
  };
}

const msg = {
  kind: 'ReadReq',
  id: 7,
  src: 'A.Out',
  dst: 'B.In',
  rspTo: 0,
  address: 0,
  size: 4,
  pid: 1,
} as Msg;
const page = { pid: 1, vAddr: 4096, pAddr: 8192, pageSize: 4096, valid: true, deviceID: 1 } as Page;

test('applyEffects hands every effect kind to its handler method, in order', () => {
  const effects: Effect[] = [
    { kind: 'pop', port: 'In' },
    { kind: 'send', port: 'Out', msg },
    { kind: 'setPage', page },
    {
      kind: 'emit',
      event: { type: 'migration-start', migration: 1, page: 1, srcDevice: 0, dstDevice: 1 } as never,
    },
    { kind: 'progress' },
    { kind: 'wakeAt', cycle: 40 },
    { kind: 'idleNext' },
    { kind: 'pop', port: 'Ctrl' },
  ];
  const { handler, calls } = recorder();
  applyEffects(effects, handler);
  expect(calls).toEqual([
    'pop In',
    'send Out ReadReq#7',
    'setPage 4096',
    'emit migration-start',
    'progress',
    'wakeAt 40',
    'idleNext',
    'pop Ctrl',
  ]);
});

test('no effects, no calls', () => {
  const { handler, calls } = recorder();
  applyEffects([], handler);
  expect(calls).toEqual([]);
});
