import { freeze } from 'immer';
// the Subject module alone: the 'rxjs' index loads every operator (~60 ms at start-up); same class
import { Subject } from 'rxjs/internal/Subject';
import type { ComponentModel, Effect, Env } from '../../state/contract/component';
import type { Msg } from '../../state/contract/messages';
import { SimPanic } from '../../state/contract/sim-panic';
import { PageTable } from '../../state/memory/page-table';
import { SimScheduler } from '../scheduler/sim-scheduler';
import { ComponentSlot, type KernelHost, KernelTask, TASK_LINK } from './component-slot';
import { Connection } from './connection';
import { Port, type PortConnection } from './port';

export { ComponentSlot } from './component-slot';

import { restoreKernel, snapshotKernel } from './simulation-checkpoint';
import type { LinkTransfer, SimRecord, SimulationOptions, SimulationSnapshot } from './simulation-types';
import { decodeState } from './state-codec';
import { transferRound } from './transfer-round';

export type {
  LinkTransfer,
  SimRecord,
  SimulationOptions,
  SimulationSnapshot,
  TaskRef,
} from './simulation-types';

/** Events one {@link Simulation.runUntil} call runs at most, by default. */
const RUN_UNTIL_MAX_EVENTS = 2 ** 27;
/** Cycles per flush window inside {@link Simulation.runUntil}. */
const RUN_WINDOW = 4096;

/**
 * The reactive kernel: pure components, kernel-owned port buffers, direct
 * connections with credit-based flow control, all driven by a
 * {@link SimScheduler}. It performs the effects components return and
 * implements the reference's sleep/wake rules (components.md §0.2): a
 * component ticks in the next cycle when its tick made progress, when a
 * message lands in an empty incoming buffer, when a full outgoing buffer
 * drains, or when a receiver on its connection frees a full buffer.
 *
 * Observers: `events$` carries every {@link SimRecord}; `transfers$` every
 * message moved over a link (only built when subscribed);
 * {@link Simulation.watchArrivals} calls a function for every message
 * delivered into one port.
 *
 * @example
 * const sim = new Simulation();
 * const rob = sim.addComponent(robModel, robSpec, 'ROB[0]');
 * sim.connect('ConnAgentROB[0]', ['Agent[0].Mem', 'ROB[0].Top']);
 * sim.wake(rob, 1);
 * sim.scheduler.flush();
 */
export class Simulation implements KernelHost {
  readonly scheduler: SimScheduler;
  readonly components: ComponentSlot[] = [];
  readonly connections: Connection[] = [];
  /** Every observable event. */
  readonly events$ = new Subject<SimRecord>();
  /** Every link transfer (only when observed). */
  readonly transfers$ = new Subject<LinkTransfer>();
  /** The shared page table (replaced, never mutated). */
  pageTable: PageTable;
  /** Set when a component panicked; the run stops. */
  failure: {
    readonly message: string;
    readonly cycle: number;
    readonly component: string;
    readonly kind: 'panic' | 'protocol';
  } | null = null;
  /** Called for every event before `events$` (internal collectors). */
  onEvent: ((record: SimRecord) => void) | null = null;
  /** Workload status as the controller sees it. */
  allAgentsDone: () => boolean = () => false;
  /** Link transfers performed. */
  transfersDone = 0;
  /** Real component steps run (sleeping ticks not counted). */
  steps = 0;
  /** Eager mode: every tick the reference would run calls `step` (the lazy default must match it; used in tests). */
  eager: boolean;
  /**
   * Purity check (test/debug mode, like Redux Toolkit's invariant
   * middleware): states deep-frozen (immer's `freeze`) when built and after
   * each step and catch-up, so a model that writes a given state throws.
   */
  freezeStates = false;
  private readonly ports = new Map<string, Port>();
  /** The transfer-round task of each connection, by connection index. */
  private readonly linkTasks: KernelTask[] = [];
  private stopRequested = false;
  readonly env: Env;

  constructor(options: SimulationOptions = {}) {
    this.scheduler = new SimScheduler({ tieBreakSeed: options.tieBreakSeed });
    this.pageTable = options.pageTable ?? PageTable.empty(1);
    this.eager = options.eager ?? false;
    this.freezeStates = options.freezeStates ?? false;
    const sim = this;
    this.env = {
      get pageTable() {
        return sim.pageTable;
      },
      allAgentsDone: () => sim.allAgentsDone(),
    };
  }

  /**
   * Adds a component and creates its ports (buffers of `bufferSize`, 16 by
   * default). Returns its slot. @example sim.addComponent(l2Model, spec, 'L2Cache')
   */
  addComponent<Spec, State>(
    model: ComponentModel<Spec, State>,
    spec: Spec,
    name: string,
    bufferSize: number | ((port: string) => number) = 16,
  ): ComponentSlot<State> {
    const index = this.components.length;
    const slot = new ComponentSlot<State>(
      this,
      index,
      name,
      model as ComponentModel<unknown, State>,
      spec,
      model.init(spec, { name, index }),
    );
    for (const p of model.ports(spec)) {
      const size = typeof bufferSize === 'number' ? bufferSize : bufferSize(p);
      const port = new Port(`${name}.${p}`, index, size, size);
      slot.ports[p] = port;
      slot.event.portNames.push(p);
      slot.event.portViews.push(port);
      this.ports.set(port.fullName, port);
    }
    if (this.freezeStates) freeze(slot.state, true);
    this.components.push(slot as ComponentSlot);
    return slot;
  }

  /**
   * Turns the purity check ({@link freezeStates}) on or off; on, it also
   * freezes the states the components hold now.
   *
   * @example
   * sim.setFreezeStates(true); // a model writing its input state now throws
   */
  setFreezeStates(on: boolean): void {
    this.freezeStates = on;
    if (on) for (const c of this.components) freeze(c.state, true);
  }

  /** The port named `fullName`; throws if there is none. @example sim.port('ROB[0].Top') */
  port(fullName: string): Port {
    const p = this.ports.get(fullName);
    if (p === undefined) throw new Error(`no port named ${fullName}`);
    return p;
  }

  /**
   * Calls `observer` for every message delivered into the port named
   * `fullName` (after the delivery, in delivery order) — a cheap alternative
   * to {@link transfers$} for watching one port: no object per transfer, no
   * cost on other ports. One observer per port; `null` removes it.
   *
   * @example
   * sim.watchArrivals('MemCtrl[0].Top', (msg, now) => console.log(now, msg.kind));
   */
  watchArrivals(fullName: string, observer: ((msg: Msg, now: number) => void) | null): void {
    this.port(fullName).onArrive = observer;
  }

  /** Creates a direct connection joining the named ports. @example sim.connect('ConnL1L2', ['L1Cache[0].Bottom', 'L2Cache.Top']) */
  connect(name: string, portNames: readonly string[]): Connection {
    const c = new Connection(name);
    for (const n of portNames) c.plug(this.port(n));
    c.index = this.connections.length;
    this.connections.push(c);
    this.linkTasks.push(new KernelTask(this, TASK_LINK, null, c));
    return c;
  }

  /**
   * A driver's command to a component between its steps (e.g. the final
   * sweep): its state becomes `reduce(state)` (frozen in purity mode) and it
   * ticks at `at`. The one way code outside the kernel changes a state.
   *
   * @example
   * sim.command(agent, beginSweep);
   */
  command<S>(slot: ComponentSlot<S>, reduce: (state: S) => S, at = this.scheduler.now() + 1): void {
    slot.state = reduce(slot.state);
    if (this.freezeStates) freeze(slot.state, true);
    this.wake(slot as ComponentSlot, at);
  }

  /** Schedules a tick of `slot` at cycle `at` (merged with one already due then). */
  wake(slot: ComponentSlot | number, at = this.scheduler.now() + 1): void {
    const s = typeof slot === 'number' ? this.components[slot] : slot;
    if (s.scheduledAt === at) {
      // Merged into the pending entry; if that is the sleeping one, it must tick for real.
      if (s.sleeperAt === at) s.realAt = at;
      return;
    }
    s.scheduledAt = at;
    this.scheduler.enqueueTick(s.ticker, at);
  }

  /**
   * The wake the reference gives every component on a connection when a
   * receiver frees a full buffer. A credit changes nothing a component can
   * see — the messages the link then moves wake it themselves (arrival in an
   * empty buffer, room in a full one) — so a component sleeping through that
   * cycle (`wakeAt`) stays asleep, and a quiet one gets a lazy entry that
   * skips the tick.
   */
  private wakeForCredit(s: ComponentSlot, at: number): void {
    if (s.sleeperAt === at || s.scheduledAt === at) return;
    if (s.quiet && !this.eager) {
      s.scheduledAt = at;
      s.sleeperAt = at;
      this.scheduler.enqueueTick(s.sleeper, at);
      return;
    }
    this.wake(s, at);
  }

  /** Queues a sleeping `slot`'s place in the tick order at `at` (kernel use). */
  sleep(s: ComponentSlot, at: number): void {
    if (s.scheduledAt === at) return;
    s.scheduledAt = at;
    s.sleeperAt = at;
    this.scheduler.enqueueTick(s.sleeper, at);
  }

  /** Runs `slot`'s lazy entry at `now` (see `KernelTask`). (Kernel use.) */
  lazyTick(s: ComponentSlot, now: number): void {
    if (s.sleeperAt === now) s.sleeperAt = -1;
    if (s.realAt === now) {
      this.tickComponent(s, now);
      return;
    }
    if (s.sleepUntil >= 0) {
      if (now >= s.sleepUntil || (s.wakeEarly !== null && s.wakeEarly(s.state, this.env) === true)) {
        this.tickComponent(s, now);
        return;
      }
      if (s.scheduledAt === now) s.scheduledAt = -1;
      s.ticks++;
      s.skipped++;
      this.sleep(s, now + 1);
      return;
    }
    if (s.quiet) {
      if (s.scheduledAt === now) s.scheduledAt = -1;
      s.ticks++;
      return;
    }
    this.tickComponent(s, now);
  }

  /** Asks the running flush to stop after the current event. */
  requestStop(): void {
    this.stopRequested = true;
    this.scheduler.halted = true;
  }

  /** True once {@link requestStop} was called or a component panicked. */
  get stopped(): boolean {
    return this.stopRequested || this.failure !== null;
  }

  /**
   * Runs events up to cycle `until` (or until stopped). Returns true when
   * events remain queued. Panics become {@link failure}. At most
   * `maxEvents` events run per call (default 2^27, ~10–60 s of work): a
   * livelocked machine asked to run to a far cycle returns instead of
   * spinning forever, with {@link capped} set; call again to go on.
   *
   * @example
   * sim.runUntil(1_000_000);
   * if (sim.capped) console.log('still busy at cycle', sim.scheduler.now());
   */
  runUntil(until: number, maxEvents = RUN_UNTIL_MAX_EVENTS): boolean {
    const s = this.scheduler;
    s.halted = this.stopped;
    this.capped = false;
    const stopAt = s.eventsRun + maxEvents;
    while (!this.stopped) {
      try {
        // in windows of cycles, so the event cap is checked now and then (the
        // same events run in the same order as one flush to `until`)
        const next = s.peekTime();
        if (next === undefined || next > until) break;
        s.flush(Math.min(until, next + RUN_WINDOW));
        if (s.eventsRun >= stopAt && (s.peekTime() ?? Number.POSITIVE_INFINITY) <= until) {
          this.capped = true;
          break;
        }
      } catch (e) {
        if (e instanceof SimPanic) {
          this.failure = { message: e.message, cycle: s.now(), component: this.current, kind: e.kind };
          s.halted = true;
        } else throw e;
      }
    }
    return s.peekTime() !== undefined;
  }

  /** True when the last {@link runUntil} stopped at its event cap before reaching its cycle. */
  capped = false;

  /** @internal The component or connection running now (named in panics). */
  current = '';

  /**
   * The kernel state as JSON-safe data (see {@link SimulationSnapshot}).
   * Plain RxJS work scheduled on the scheduler is not included.
   *
   * @example
   * const text = JSON.stringify(sim.snapshot());
   */
  snapshot(): SimulationSnapshot {
    return snapshotKernel(
      this.components,
      [...this.ports.values()],
      this.connections,
      this.scheduler,
      this.pageTable,
      this.transfersDone,
    );
  }

  /**
   * Restores a {@link snapshot} into this simulation, which must have been
   * built the same way (same components, ports and links, by name).
   *
   * @example
   * const again = buildTheSameTopology(); again.restore(JSON.parse(text));
   */
  restore(snap: SimulationSnapshot): void {
    restoreKernel(snap, this.components, this.connections, (name) => this.port(name));
    this.scheduler.restore(snap.scheduler, (ref) => {
      if ('link' in ref) return this.linkTasks[ref.link];
      const slot = this.components[ref.component];
      return ref.sleeping === true ? slot.sleeper : slot.ticker;
    });
    this.pageTable = decodeState(snap.pageTable) as PageTable;
    this.transfersDone = snap.transfersDone;
    this.failure = null;
    this.stopRequested = false;
    this.scheduler.halted = false;
  }

  /** Runs one tick of `slot` at `now` and performs its effects. (Kernel use.) */
  tickComponent(slot: ComponentSlot, now: number): void {
    if (slot.scheduledAt === now) slot.scheduledAt = -1;
    this.current = slot.name;
    slot.ticks++;
    this.steps++;
    const skipped = slot.skipped;
    slot.skipped = 0;
    slot.sleepUntil = -1;
    slot.realAt = -1;
    const prev = slot.state;
    // The sleep layer: the ticks slept through are replayed before the step (SleepRules).
    const start = skipped > 0 && slot.catchUp !== null ? slot.catchUp(prev, skipped) : prev;
    if (this.freezeStates && start !== prev) freeze(start, true);
    const result = slot.step(start, slot.event, now);
    const next = result[0];
    const effects = result[1];
    if (this.freezeStates) freeze(next, true);
    slot.state = next;
    slot.quiet = effects.length === 0 && next === prev && slot.quietIdle;
    this.applyEffects(slot, effects, now);
  }

  private applyEffects(slot: ComponentSlot, effects: readonly Effect[], now: number): void {
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i];
      switch (e.kind) {
        case 'pop':
          this.applyPop(slot.port(e.port), now);
          break;
        case 'send':
          this.applySend(slot.port(e.port), e.msg, now);
          break;
        case 'progress':
          this.wake(slot, now + 1);
          break;
        case 'wakeAt':
          if (e.cycle <= now + 1 || this.eager) this.wake(slot, now + 1);
          else {
            slot.sleepUntil = e.cycle;
            this.sleep(slot, now + 1);
          }
          break;
        case 'idleNext':
          if (this.eager || !slot.quietIdle) this.wake(slot, now + 1);
          else {
            // the reference's next tick does nothing, so the component is then quiet
            slot.quiet = true;
            this.sleep(slot, now + 1);
          }
          break;
        case 'setPage':
          this.pageTable = this.pageTable.update(e.page);
          break;
        case 'emit': {
          const rec: SimRecord = { cycle: now, source: slot.name, event: e.event };
          if (this.onEvent !== null) this.onEvent(rec);
          if (this.events$.observed) this.events$.next(rec);
          break;
        }
      }
    }
  }

  private applyPop(port: Port, now: number): void {
    port.incoming.shift();
    const wasFull = port.credits === 0;
    port.credits++;
    const conn = port.connection;
    if (wasFull && conn !== null) {
      for (const other of conn.ports)
        if (other !== port) this.wakeForCredit(this.components[other.owner], now + 1);
      this.scheduleLink(conn, now);
    }
  }

  private applySend(port: Port, msg: Msg, now: number): void {
    if (port.outgoing.length >= port.outgoingCap)
      throw new SimPanic(`${port.fullName}: send on a full buffer`);
    const wasEmpty = port.outgoing.length === 0;
    port.outgoing.push(msg);
    if (port.connection === null) throw new SimPanic(`${port.fullName}: send on an unconnected port`);
    if (wasEmpty) this.scheduleLink(port.connection, now);
  }

  /** @internal Queues `conn`'s transfer round at `at` (once per cycle). */
  scheduleLink(conn: PortConnection, at: number): void {
    if (conn.scheduledAt === at) return;
    conn.scheduledAt = at;
    this.scheduler.enqueueLink(this.linkTasks[conn.index], at);
  }

  /** One transfer round of `conn` at `now` (see `transferRound`). (Kernel use.) */
  transfer(conn: Connection, now: number): void {
    transferRound(this, conn, now);
  }
}
