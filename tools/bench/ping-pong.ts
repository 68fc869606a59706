import { performance } from 'node:perf_hooks';
import type { ComponentModel } from '../../src/state/contract/component';
import { StepIo } from '../../src/state/contract/step-io';
import { Simulation } from '../../src/streams/kernel/simulation';

interface PingState {
  readonly peer: string;
  readonly left: number;
  readonly nextId: number;
  readonly started: boolean;
}

/** A component that bounces messages with its peer: it serves whatever arrives and, if it is the starter, keeps one ping in flight. */
const pingModel: ComponentModel<{ peer: string; rounds: number }, PingState> = {
  kind: 'ping',
  ports: () => ['P'],
  init: (spec, id) => ({
    peer: spec.peer,
    left: spec.rounds,
    nextId: id.index * 2 ** 32 + 1,
    started: false,
  }),
  step(s, ev, now) {
    const io = new StepIo(ev, now);
    let { left, nextId, started } = s;
    const m = io.peek('P');
    if (m !== undefined && io.canSend('P')) {
      io.pop('P');
      if (m.kind === 'ReadReq') {
        io.send('P', {
          kind: 'DataReadyRsp',
          id: nextId++,
          src: io.fullName('P'),
          dst: m.src,
          rspTo: m.id,
          data: EMPTY,
        });
      } else if (left > 0) {
        left--;
        io.send('P', {
          kind: 'ReadReq',
          id: nextId++,
          src: io.fullName('P'),
          dst: s.peer,
          rspTo: 0,
          address: left,
          size: 4,
          pid: 0,
        });
      }
    } else if (!started && left > 0 && io.canSend('P')) {
      started = true;
      left--;
      io.send('P', {
        kind: 'ReadReq',
        id: nextId++,
        src: io.fullName('P'),
        dst: s.peer,
        rspTo: 0,
        address: left,
        size: 4,
        pid: 0,
      });
    }
    return io.result({ peer: s.peer, left, nextId, started });
  },
  controlState: () => 'enabled',
  isQuiescent: () => true,
  describeOutstanding: () => [],
};
const EMPTY = new Uint8Array(4);

/**
 * Kernel throughput for a two-component ping-pong: `rounds` request/response
 * round trips through the scheduler and one link. Returns events and
 * messages per second.
 *
 * @example
 * pingPong(100_000).eventsPerSecond;
 */
export function pingPong(rounds: number): {
  rounds: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  messagesPerSecond: number;
} {
  const sim = new Simulation();
  const a = sim.addComponent(pingModel, { peer: 'B.P', rounds }, 'A');
  sim.addComponent(pingModel, { peer: 'A.P', rounds: 0 }, 'B');
  sim.connect('Link', ['A.P', 'B.P']);
  sim.wake(a, 1);
  const t0 = performance.now();
  sim.runUntil(Number.MAX_SAFE_INTEGER);
  const seconds = (performance.now() - t0) / 1000;
  const events = sim.scheduler.eventsRun;
  return {
    rounds,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    messagesPerSecond: sim.transfersDone / seconds,
  };
}

if (require.main === module) {
  pingPong(20_000);
  const r = pingPong(Number(process.argv[2] ?? 500_000));
  process.stdout.write(
    `ping-pong: ${r.rounds} round trips, ${r.events} events in ${r.seconds.toFixed(2)} s = ${Math.round(r.eventsPerSecond).toLocaleString('en-US')} events/s, ${Math.round(r.messagesPerSecond).toLocaleString('en-US')} messages/s\n`,
  );
}
