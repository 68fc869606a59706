import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { migrationControllerModel } from '../../src/controllers/migration-controller';
import { defaultScenarioConfig } from '../../src/scenario/scenario-config';
import { buildTopology } from '../../src/scenario/topology';
import type { ComponentModel, Effect, Env, PortsView } from '../../src/state/contract/component';
import { type Msg, u32Bytes } from '../../src/state/contract/messages';
import {
  defaultMemoryControllerSpec,
  memoryControllerModel,
} from '../../src/state/memory-controller/memory-controller';
import { type ComponentTick, componentOperator, standaloneEnv } from '../../src/streams/component-operator';

/** Port buffers outside any kernel: the test applies pops and sends itself. */
class Ports {
  readonly incoming: Record<string, Msg[]> = {};
  readonly sent: Msg[] = [];
  constructor(
    readonly owner: string,
    readonly names: readonly string[],
  ) {
    for (const n of names) this.incoming[n] = [];
  }
  view(): PortsView {
    const v: Record<
      string,
      { fullName: string; incoming: readonly Msg[]; outgoingCount: number; outgoingCap: number }
    > = {};
    for (const n of this.names)
      v[n] = {
        fullName: `${this.owner}.${n}`,
        incoming: this.incoming[n].slice(),
        outgoingCount: 0,
        outgoingCap: 4,
      };
    return v;
  }
  apply(effects: readonly Effect[]): void {
    for (const e of effects) {
      if (e.kind === 'pop') this.incoming[e.port].shift();
      else if (e.kind === 'send') this.sent.push(e.msg);
    }
  }
}

/** Runs `ticks` cycles of a closed loop, the step given as a function. */
function loop(ports: Ports, ticks: number, env: Env, step: (t: ComponentTick) => readonly Effect[]) {
  const all: (readonly Effect[])[] = [];
  for (let now = 1; now <= ticks; now++) {
    const fx = step({ now, ports: ports.view(), env });
    ports.apply(fx);
    all.push(fx);
  }
  return all;
}

function viaOperator<Spec, State>(model: ComponentModel<Spec, State>, spec: Spec, name: string) {
  const ticks = new Subject<ComponentTick>();
  let last: readonly Effect[] = [];
  let get: () => State = () => {
    throw new Error('not subscribed');
  };
  ticks
    .pipe(componentOperator(model, spec, { name, index: 0 }, { state: (g) => (get = g) }))
    .subscribe((fx) => {
      last = fx;
    });
  return {
    step: (t: ComponentTick) => {
      ticks.next(t);
      return last;
    },
    state: () => get(),
  };
}

function direct<Spec, State>(model: ComponentModel<Spec, State>, spec: Spec, name: string) {
  let state = model.init(spec, { name, index: 0 });
  return {
    step: (t: ComponentTick) => {
      const [next, fx] = model.step(state, { kind: 'tick', ports: t.ports, env: t.env! }, t.now);
      state = next;
      return fx;
    },
    state: () => state,
  };
}

const req = (i: number, kind: 'read' | 'write'): Msg =>
  kind === 'read'
    ? {
        kind: 'ReadReq',
        id: 100 + i,
        src: 'Req',
        dst: 'MemCtrl.Top',
        rspTo: 0,
        address: 64 * i,
        size: 4,
        pid: 0,
      }
    : {
        kind: 'WriteReq',
        id: 100 + i,
        src: 'Req',
        dst: 'MemCtrl.Top',
        rspTo: 0,
        address: 64 * i,
        data: u32Bytes(i * 7),
        dirtyMask: null,
        pid: 0,
      };

describe('componentOperator', () => {
  test('a memory controller as an operator gives exactly the effects of model.step', () => {
    const spec = defaultMemoryControllerSpec(1 << 20);
    const a = new Ports('MemCtrl', ['Top', 'Control']);
    const b = new Ports('MemCtrl', ['Top', 'Control']);
    for (let i = 0; i < 6; i++) {
      a.incoming.Top.push(req(i, i % 2 ? 'read' : 'write'));
      b.incoming.Top.push(req(i, i % 2 ? 'read' : 'write'));
    }
    const env = standaloneEnv();
    const op = viaOperator(memoryControllerModel, spec, 'MemCtrl');
    const ref = direct(memoryControllerModel, spec, 'MemCtrl');
    const got = loop(a, 300, env, op.step);
    const want = loop(b, 300, env, ref.step);
    expect(got).toEqual(want);
    expect(a.sent).toEqual(b.sent);
    expect(a.sent.map((m) => m.kind)).toEqual([
      'WriteDoneRsp',
      'DataReadyRsp',
      'WriteDoneRsp',
      'DataReadyRsp',
      'WriteDoneRsp',
      'DataReadyRsp',
    ]);
    expect(op.state()).toEqual(ref.state());
    expect(op.state().writes).toBe(3);
  });

  test('the migration controller as an operator starts a migration exactly as model.step does', () => {
    const topo = buildTopology(defaultScenarioConfig());
    const spec = topo.controller!.spec as Parameters<typeof migrationControllerModel.init>[0];
    const a = new Ports('MigrationController', ['Ctrl', 'Mover']);
    const b = new Ports('MigrationController', ['Ctrl', 'Mover']);
    const op = viaOperator(migrationControllerModel, spec, 'MigrationController');
    const ref = direct(migrationControllerModel, spec, 'MigrationController');
    const got = loop(a, 2_100, topo.sim.env, op.step);
    const want = loop(b, 2_100, topo.sim.env, ref.step);
    expect(got).toEqual(want);
    const emitted = got.flat().filter((e) => e.kind === 'emit');
    expect(emitted.map((e) => (e.kind === 'emit' ? e.event.type : ''))).toEqual([
      'migration-begin',
      'phase-begin',
    ]);
    // the first step drains the ROBs: one Drain per ROB, then it waits for the acks
    expect(a.sent.map((m) => (m.kind === 'ControlReq' ? `${m.command} ${m.dst}` : m.kind))).toEqual([
      'Drain ROB[0].Control',
      'Drain ROB[1].Control',
    ]);
    expect(op.state().current?.page).toBe(0);
  });

  test('each subscription starts from a fresh state', async () => {
    const spec = defaultMemoryControllerSpec(1 << 20);
    const ports = new Ports('MemCtrl', ['Top', 'Control']);
    ports.incoming.Top.push(req(1, 'write'));
    const ticks: ComponentTick[] = [{ now: 1, ports: ports.view() }];
    const op = componentOperator(memoryControllerModel, spec, { name: 'MemCtrl', index: 0 });
    const first = await lastValueFrom(from(ticks).pipe(op, toArray()));
    const second = await lastValueFrom(from(ticks).pipe(op, toArray()));
    expect(second).toEqual(first);
    expect(first[0].map((e) => e.kind)).toContain('pop');
  });

  test('a step that throws errors the stream', async () => {
    const broken: ComponentModel<null, number> = {
      kind: 'broken',
      ports: () => [],
      init: () => 0,
      step: (s, _e, now) => {
        if (now === 2) throw new Error('panic at 2');
        return [s + 1, [{ kind: 'progress' }]];
      },
      controlState: () => 'enabled',
      isQuiescent: () => true,
      describeOutstanding: () => [],
    };
    const ticks = [1, 2, 3].map((now) => ({ now, ports: {} }));
    const seen: number[] = [];
    await expect(
      lastValueFrom(
        from(ticks).pipe(
          componentOperator(broken, null, { name: 'B', index: 0 }, { state: (g) => seen.push(g()) }),
        ),
      ),
    ).rejects.toThrow('panic at 2');
    expect(seen).toEqual([0]);
  });

  test('the state setter replaces the state the next tick steps from', () => {
    const counter: ComponentModel<null, number> = {
      kind: 'counter',
      ports: () => [],
      init: () => 0,
      step: (s) => [s + 1, []],
      controlState: () => 'enabled',
      isQuiescent: () => true,
      describeOutstanding: () => [],
    };
    const ticks = new Subject<ComponentTick>();
    let get: () => number = () => -1;
    let set: (s: number) => void = () => {};
    ticks
      .pipe(
        componentOperator(
          counter,
          null,
          { name: 'N', index: 0 },
          {
            state: (g, st) => {
              get = g;
              set = st;
            },
          },
        ),
      )
      .subscribe();
    ticks.next({ now: 1, ports: {} });
    ticks.next({ now: 2, ports: {} });
    expect(get()).toBe(2);
    set(40);
    expect(get()).toBe(40);
    ticks.next({ now: 3, ports: {} });
    expect(get()).toBe(41);
  });
});
