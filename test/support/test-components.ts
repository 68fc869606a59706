import type { ComponentModel } from '../../src/state/contract/component';
import { StepIo } from '../../src/state/contract/step-io';

/** Sends `count` numbered ReadReqs to `dst`, at most `perTick` per tick. */
export interface ProducerSpec {
  readonly count: number;
  readonly dst: string;
  readonly perTick: number;
}
export interface ProducerState {
  readonly spec: ProducerSpec;
  readonly sent: number;
  readonly stalls: number;
  readonly nextId: number;
}
export const producerModel: ComponentModel<ProducerSpec, ProducerState> = {
  kind: 'test-producer',
  ports: () => ['Out'],
  init: (spec, id) => ({ spec, sent: 0, stalls: 0, nextId: id.index * 1e6 + 1 }),
  step(s, ev, now) {
    const io = new StepIo(ev, now);
    let sent = s.sent;
    let nextId = s.nextId;
    let stalls = s.stalls;
    for (let k = 0; k < s.spec.perTick && sent < s.spec.count; k++) {
      if (!io.canSend('Out')) {
        stalls++;
        break;
      }
      io.send('Out', {
        kind: 'ReadReq',
        id: nextId++,
        src: io.fullName('Out'),
        dst: s.spec.dst,
        rspTo: 0,
        address: sent++,
        size: 4,
        pid: 0,
      });
    }
    return io.result({ spec: s.spec, sent, stalls, nextId });
  },
  controlState: () => 'enabled',
  isQuiescent: (s) => s.sent === s.spec.count,
  describeOutstanding: (s) => [`${s.spec.count - s.sent} to send`],
};

/** Pops at most `perTick` messages per tick and records them. */
export interface ConsumerSpec {
  readonly perTick: number;
}
export interface Received {
  readonly src: string;
  readonly seq: number;
  readonly cycle: number;
}
export interface ConsumerState {
  readonly spec: ConsumerSpec;
  readonly received: readonly Received[];
  readonly maxQueued: number;
}
export const consumerModel: ComponentModel<ConsumerSpec, ConsumerState> = {
  kind: 'test-consumer',
  ports: () => ['In'],
  init: (spec) => ({ spec, received: [], maxQueued: 0 }),
  step(s, ev, now) {
    const io = new StepIo(ev, now);
    const maxQueued = Math.max(s.maxQueued, io.incomingLength('In'));
    let received = s.received;
    for (let k = 0; k < s.spec.perTick; k++) {
      const m = io.pop('In');
      if (m === undefined || m.kind !== 'ReadReq') break;
      received = [...received, { src: m.src, seq: m.address, cycle: now }];
    }
    return io.result({ spec: s.spec, received, maxQueued });
  },
  controlState: () => 'enabled',
  isQuiescent: () => true,
  describeOutstanding: () => [],
};
