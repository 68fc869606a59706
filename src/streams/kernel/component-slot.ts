import type { ComponentModel, Env, PortsView, StepResult, TickEvent } from '../../state/contract/component';
import { SimPanic } from '../../state/contract/sim-panic';
import type { SimTask } from '../scheduler/sim-scheduler';
import type { Connection } from './connection';
import { OperatorStepper } from './operator-stepper';
import type { Port } from './port';

/** A function type checked like a method (bivariantly), as the model's members are. */
type Method<F extends (...args: never[]) => unknown> = { m(...args: Parameters<F>): ReturnType<F> }['m'];

/**
 * What a component slot and a kernel task need of the kernel that owns
 * them: the environment and the three entry points the scheduler's tasks
 * call. `Simulation` implements it (kept apart so the slot does not
 * import the simulation).
 *
 * @example
 * const host: KernelHost = sim;
 */
export interface KernelHost {
  readonly env: Env;
  tickComponent(slot: ComponentSlot, now: number): void;
  lazyTick(slot: ComponentSlot, now: number): void;
  transfer(conn: Connection, now: number): void;
}

/**
 * A component instance inside a `Simulation`: its model, state, ports
 * and the kernel's bookkeeping of its queued ticks (pending, sleeping,
 * quiet).
 *
 * @example
 * const slot = sim.addComponent(robModel, spec, 'ROB[0]');
 * slot.state.transactions.length; slot.ticks;
 */
export class ComponentSlot<State = unknown> {
  /** Cycle of the pending tick, or -1. */
  scheduledAt = -1;
  /** Ticks run so far (including the ones a sleeping component skipped). */
  ticks = 0;
  /** While sleeping (a `wakeAt` effect): the cycle of the next real tick, else -1. */
  sleepUntil = -1;
  /** Cycle of the queued lazy entry ({@link sleeper}), or -1. */
  sleeperAt = -1;
  /**
   * True after a real tick that did nothing at all (no effects, same state)
   * of a model that declares `quietIdle`: its ticks repeat that until what it
   * sees changes, so a credit wake alone only queues a lazy entry.
   */
  quiet = false;
  /** A wake merged into the sleeping entry at this cycle makes its tick real. */
  realAt = -1;
  /** Ticks skipped while sleeping since the last real tick. */
  skipped = 0;
  readonly ports: Record<string, Port> = {};
  /**
   * The model's `step`, `quietIdle` and sleep layer, read once: every slot
   * has the same shape, so the kernel's hot paths see one map here instead
   * of one per model kind (no polymorphic loads, no deoptimization when a
   * component kind first ticks mid-run).
   */
  readonly step: Method<(state: State, event: TickEvent, now: number) => StepResult<State>>;
  readonly quietIdle: boolean;
  /** The model's `sleep.catchUp`, or null (slept ticks then change nothing). */
  readonly catchUp: Method<(state: State, skipped: number) => State> | null;
  /** The model's `sleep.wakeEarly`, or null. */
  readonly wakeEarly: Method<(state: State, env: Env) => boolean> | null;
  /** The queue entry that holds a sleeping component's place in the tick order. */
  readonly sleeper: KernelTask;
  /** The queue entry of a real tick (the kernel queues this, not the slot itself). */
  readonly ticker: KernelTask;
  /** The tick event handed to `step` (one per slot, reused). */
  readonly event: {
    kind: 'tick';
    ports: PortsView;
    env: Env;
    portNames: string[];
    portViews: Port[];
  };
  constructor(
    readonly sim: KernelHost,
    readonly index: number,
    readonly name: string,
    readonly model: ComponentModel<unknown, State>,
    readonly spec: unknown,
    public state: State,
    /** Stepped through the model's RxJS operator (`OperatorStepper`) rather than by a direct `step` call. */
    readonly throughOperator = false,
  ) {
    this.sleeper = new KernelTask(sim, TASK_LAZY, this as ComponentSlot, null);
    this.ticker = new KernelTask(sim, TASK_TICK, this as ComponentSlot, null);
    if (throughOperator) {
      const stepper = new OperatorStepper(model, spec, { name, index }, state);
      this.step = stepper.step.bind(stepper);
    } else this.step = model.step.bind(model);
    this.quietIdle = model.quietIdle === true;
    const sleep = model.sleep;
    this.catchUp = sleep === undefined ? null : sleep.catchUp.bind(sleep);
    this.wakeEarly = sleep?.wakeEarly === undefined ? null : sleep.wakeEarly.bind(sleep);
    this.event = {
      kind: 'tick',
      ports: this.ports as PortsView,
      env: sim.env,
      portNames: [],
      portViews: [],
    };
  }
  /**
   * The state as the reference would have it now: {@link state} with the
   * ticks slept through since it was produced replayed (`sleep.catchUp`).
   *
   * @example
   * model.describeOutstanding(slot.caughtUp());
   */
  caughtUp(): State {
    return this.skipped > 0 && this.catchUp !== null ? this.catchUp(this.state, this.skipped) : this.state;
  }
  /** The port with local name `name`. */
  port(name: string): Port {
    const names = this.event.portNames;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return this.event.portViews[i] as Port;
    throw new SimPanic(`${this.name}: no port named ${name}`);
  }
}

// module-local copies for the hot path (an exported const is read through `exports` in CommonJS)
const TICK = 0;
const LAZY = 1;
/** {@link KernelTask} kinds: a component's real tick. */
export const TASK_TICK = TICK;
/** {@link KernelTask} kinds: a component's lazy entry (see {@link ComponentSlot.sleeper}). */
export const TASK_LAZY = LAZY;
/** {@link KernelTask} kinds: a connection's transfer round. */
export const TASK_LINK = 2;

/**
 * A queue entry of the kernel (kernel use): a component's tick
 * ({@link TASK_TICK}, {@link ComponentSlot.ticker}), its lazy entry
 * ({@link TASK_LAZY}, {@link ComponentSlot.sleeper}) or a connection's
 * transfer round ({@link TASK_LINK}). One class for all three, so the
 * scheduler's loop sees a single shape (`gen`, `run`) for every kernel event.
 *
 * A lazy entry is a tick the reference would run but that would change
 * nothing but time, so `step` is not run. While the component sleeps
 * (`wakeAt`) it keeps the component's place in the tick order exactly as
 * the ticks it would have run every cycle would have, counting them in
 * `skipped`; for a quiet component it is a tick only a credit asked for. It
 * becomes a real tick at the wake cycle, when a message or a credit-less
 * wake merged into it, when the model's sleep guard says so, or when the
 * component is neither sleeping nor quiet any more.
 *
 * @example
 * sim.scheduler.enqueueTick(slot.sleeper, now + 1);
 */
export class KernelTask implements SimTask {
  /** Kernel tasks are never cancelled: always generation 0. */
  readonly gen = 0;
  constructor(
    private readonly sim: KernelHost,
    /** {@link TASK_TICK}, {@link TASK_LAZY} or {@link TASK_LINK}. */
    readonly kind: number,
    /** The component (tick and lazy entries), else null. */
    readonly slot: ComponentSlot | null,
    /** The connection (transfer rounds), else null. */
    readonly conn: Connection | null,
  ) {}
  run(now: number): void {
    const kind = this.kind;
    if (kind === LAZY) this.sim.lazyTick(this.slot as ComponentSlot, now);
    else if (kind === TICK) this.sim.tickComponent(this.slot as ComponentSlot, now);
    else this.sim.transfer(this.conn as Connection, now);
  }
}
