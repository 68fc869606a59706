import type { Page } from '../memory/page';
import type { PageTable } from '../memory/page-table';
import type { Msg } from './messages';
import type { SimEvent } from './sim-events';

/**
 * Who a component instance is: its name (`ROB[0]`) and a unique index used
 * to make message ids unique without a global counter.
 *
 * @example
 * const id: ComponentIdentity = { name: 'ROB[0]', index: 3 };
 */
export interface ComponentIdentity {
  readonly name: string;
  readonly index: number;
}

/**
 * First message id a component with this index hands out. Ids are
 * `index * 2^32 + n`, so every component has its own range and ids stay
 * unique, deterministic and free of any global counter.
 *
 * @example
 * firstMessageId(2) === 2 * 2 ** 32 + 1;
 */
export function firstMessageId(index: number): number {
  return index * 2 ** 32 + 1;
}

/** Read-only view of one port's buffers, handed to `step`. */
export interface PortView {
  /** Full port name, e.g. `ROB[0].Bottom`. */
  readonly fullName: string;
  /** Incoming buffer, head first. Never mutate it. */
  readonly incoming: readonly Msg[];
  /** Messages currently in the outgoing buffer. */
  readonly outgoingCount: number;
  /** Capacity of the outgoing buffer. */
  readonly outgoingCap: number;
}

/** The ports of one component, by local name (`Top`, `Bottom`, `Control`, …). */
export type PortsView = { readonly [port: string]: PortView };

/**
 * What a component may read besides its own state and ports: the shared page
 * table (read-only; writers emit `setPage`) and the workload's completion.
 *
 * @example
 * const env: Env = { pageTable: PageTable.empty(16), allAgentsDone: () => false };
 */
export interface Env {
  readonly pageTable: PageTable;
  allAgentsDone(): boolean;
}

/**
 * The one event kind the kernel delivers: a tick, with a view of the ports.
 * Ticks the component slept through (`wakeAt`) were replayed into the state
 * before this one (`SleepRules.catchUp`): `step` always sees the state
 * the reference's previous tick left.
 */
export interface TickEvent {
  readonly kind: 'tick';
  readonly ports: PortsView;
  readonly env: Env;
  /** The local port names and their views in matching order (the kernel's fast path; else `ports` is used). */
  readonly portNames?: readonly string[];
  readonly portViews?: readonly PortView[];
}

/**
 * What a step asks the kernel to do. `pop` and `send` use local port names;
 * `progress` asks for a tick in the next cycle (otherwise the component
 * sleeps until woken); `wakeAt` is progress whose next ticks, up to but not
 * including `cycle`, would only let time pass — the kernel keeps the
 * component's place in the tick order without stepping it until `cycle`
 * (or until a message or a credit wakes it), then replays the skipped ticks
 * with the model's `SleepRules.catchUp` before the next step; `idleNext` is progress whose next tick
 * would do nothing at all (no effect, same state) unless a message arrives
 * or a full outgoing buffer drains first — the kernel keeps that tick's
 * place in the tick order without stepping it (only for `quietIdle`
 * models); `setPage` writes the shared page table; `emit` reports an
 * observable event.
 */
export type Effect =
  | { readonly kind: 'pop'; readonly port: string }
  | { readonly kind: 'send'; readonly port: string; readonly msg: Msg }
  | { readonly kind: 'progress' }
  | { readonly kind: 'wakeAt'; readonly cycle: number }
  | { readonly kind: 'idleNext' }
  | { readonly kind: 'setPage'; readonly page: Page }
  | { readonly kind: 'emit'; readonly event: SimEvent };

/** A step's result: the next state and the effects to perform, in order. */
export type StepResult<State> = readonly [State, readonly Effect[]];

/**
 * A model's sleep layer: what the kernel needs to let the component sleep
 * through ticks it would have run (after a `wakeAt` effect) and to give it
 * back, on waking, the state those ticks would have left. The rules (see
 * docs/architecture.md, "Sleep and wake"):
 *
 * - A step asks to sleep (`wakeAt(c)`) only when each tick before `c` would
 *   take, send and retry nothing with a different outcome, and would itself
 *   ask for the next tick — the reference's scheduling is then unchanged.
 * - What those ticks change (clocks, pipelines, items moving between the
 *   component's own stages) is a function of the state alone: `catchUp`
 *   computes it, reading no port, no time and no environment.
 * - A message, a freed full buffer or a credit-less wake ends the sleep
 *   early; the kernel then catches up the ticks slept so far and steps.
 * - `catchUp` is pure, `catchUp(s, a + b)` equals `catchUp(catchUp(s, a), b)`,
 *   and `catchUp(s, k)` followed by a step is what `k + 1` eager steps give
 *   (the lazy-vs-eager differential tests check exactly this).
 *
 * A model with no sleep layer may still return `wakeAt`; its slept ticks
 * are then assumed to change nothing at all.
 *
 * @example
 * const sleep: SleepRules<{ clock: number }> = { catchUp: (s, k) => ({ clock: s.clock + k }) };
 */
export interface SleepRules<State> {
  /**
   * The state `skipped` slept-through ticks leave, from the state the last
   * real step returned (the kernel calls it only with `skipped > 0`, before
   * the waking step, and for liveness dumps).
   */
  catchUp(state: State, skipped: number): State;
  /**
   * Optional, for components whose sleeping ticks depend on the
   * environment: at every tick it would skip, the kernel asks with the
   * state the last real step returned; true makes that tick a real step
   * (after catching up the ticks before it).
   */
  wakeEarly?(state: State, env: Env): boolean;
}

/**
 * A component: data plus a pure step function, in the spirit of XState v5's
 * `transition(logic, snapshot, event) → [snapshot, actions]`.
 * `step` never mutates `state` or the event and performs no effect.
 *
 * @example
 * const [next, effects] = robModel.step(state, { kind: 'tick', ports, env }, 12);
 */
export interface ComponentModel<Spec, State> {
  /** Component kind, e.g. `rob`. */
  readonly kind: string;
  /** Local port names this component has. */
  ports(spec: Spec): readonly string[];
  /** The just-built state. */
  init(spec: Spec, id: ComponentIdentity): State;
  /** One tick at cycle `now`. */
  step(state: State, event: TickEvent, now: number): StepResult<State>;
  /** Optional: the sleep layer — replay of slept-through ticks (see `SleepRules`). */
  readonly sleep?: SleepRules<State>;
  /**
   * Declares that a tick which did nothing (no effect, same state) repeats
   * exactly until a message arrives or a full outgoing buffer drains: the
   * step reads only its state and the heads, emptiness and room of its
   * ports — not the time, the environment or credits. The kernel then skips
   * such a component's ticks that only a freed credit on its connection
   * asked for.
   */
  readonly quietIdle?: boolean;
  /** Lifecycle state, for dumps and tests. */
  controlState(state: State): string;
  /** True when nothing is in flight (the drain/contract quiescence probe). */
  isQuiescent(state: State): boolean;
  /**
   * Human-readable lines describing outstanding work, for liveness dumps
   * (of a sleeping component, the kernel passes the caught-up state).
   */
  describeOutstanding(state: State): string[];
}
