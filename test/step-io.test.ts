import type { Env, PortView, TickEvent } from '../src/state/component';
import type { Msg } from '../src/state/messages';
import { PageTable } from '../src/state/page-table';
import { StepIo } from '../src/state/step-io';

const env: Env = { pageTable: PageTable.empty(1), allAgentsDone: () => false };
const msg = (id: number): Msg => ({
  kind: 'ReadReq',
  id,
  src: 'A.Out',
  dst: 'B.In',
  rspTo: 0,
  address: 0,
  size: 4,
  pid: 1,
});

function event(incoming: Msg[], ioCache?: { io: StepIo | null }): TickEvent {
  const inPort: PortView = { fullName: 'B.In', incoming, outgoingCount: 0, outgoingCap: 4 };
  const outPort: PortView = { fullName: 'B.Out', incoming: [], outgoingCount: 0, outgoingCap: 4 };
  return {
    kind: 'tick',
    ports: { In: inPort, Out: outPort },
    env,
    portNames: ['In', 'Out'],
    portViews: [inPort, outPort],
    ioCache,
  };
}

/** A step: pop one message from In and forward it on Out. */
function forward(io: StepIo) {
  const m = io.pop('In');
  if (m !== undefined) io.send('Out', { ...m, src: 'B.Out', dst: 'C.In' });
  return io.result('state');
}

describe('StepIo', () => {
  test('begin reuses the cached instance step after step; each result stands on its own', () => {
    const cache = { io: null as StepIo | null };
    const ev = event([msg(1), msg(2)], cache);
    const a = StepIo.begin(ev, 10);
    const first = forward(a);
    const b = StepIo.begin(ev, 11);
    expect(b).toBe(a); // no allocation
    expect(b.now).toBe(11);
    expect(b.peek('In')).toBe(ev.portViews![0].incoming[0]); // nothing popped yet in this step
    b.wakeAt(20);
    const second = forward(b);
    expect(first[1].map((e) => e.kind)).toEqual(['pop', 'send', 'progress']);
    expect(second[1].map((e) => e.kind)).toEqual(['pop', 'send', 'wakeAt']);
    expect(second[1][1]).not.toBe(first[1][1]);
  });

  test('a step that never finished (it threw) does not hand its instance out again', () => {
    const cache = { io: null as StepIo | null };
    const ev = event([msg(1)], cache);
    const abandoned = StepIo.begin(ev, 1);
    abandoned.pop('In');
    const next = StepIo.begin(ev, 2);
    expect(next).not.toBe(abandoned);
    expect(next.incomingLength('In')).toBe(1);
    expect(cache.io).toBe(next);
  });

  test('events without a cache get a new instance each step, as with new StepIo', () => {
    const ev = event([msg(1)]);
    expect(StepIo.begin(ev, 1)).not.toBe(StepIo.begin(ev, 1));
  });

  test('effect lists: shared for progress-only steps, exact and in order otherwise', () => {
    const ev = event([msg(1), msg(2), msg(3), msg(4)]);
    const io = new StepIo(ev, 5);
    io.progress();
    const [, onlyProgress] = io.result(0);
    expect(onlyProgress).toEqual([{ kind: 'progress' }]);
    expect(Object.isFrozen(onlyProgress)).toBe(true);
    const many = new StepIo(ev, 5);
    for (let k = 0; k < 4; k++) {
      many.pop('In');
      many.send('Out', { ...msg(10 + k), src: 'B.Out', dst: 'C.In' });
    }
    many.wakeAt(9);
    const [, fx] = many.result(0);
    expect(fx.map((e) => (e.kind === 'send' ? `send${e.msg.id}` : e.kind))).toEqual([
      'pop',
      'send10',
      'pop',
      'send11',
      'pop',
      'send12',
      'pop',
      'send13',
      'wakeAt',
    ]);
    expect(many.effects).toHaveLength(8);
  });
});
