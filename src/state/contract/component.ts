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
 * `skipped` counts the ticks the component slept through (`wakeAt`) since
 * its previous step: ticks it would have run, one per cycle, that only let
 * time pass. Absent or 0 when every cycle was stepped (the test rig).
 */
export interface TickEvent {
  readonly kind: 'tick';
  readonly ports: PortsView;
  readonly env: Env;
  readonly skipped?: number;
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
 * (or until a message or a credit wakes it), then reports the skipped ticks
 * in {@link TickEvent.skipped}; `idleNext` is progress whose next tick
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
  /**
   * Optional, for components whose sleeping ticks depend on the environment:
   * while the component sleeps (`wakeAt`), the kernel asks it at every tick
   * it skips; true makes that tick a real step.
   */
  sleepGuard?(state: State, env: Env): boolean;
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
   * Human-readable lines describing outstanding work, for liveness dumps.
   * `skipped` is the number of ticks the component has slept through since
   * `state` was produced (0 when omitted).
   */
  describeOutstanding(state: State, skipped?: number): string[];
}
