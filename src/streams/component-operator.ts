import { Observable } from 'rxjs/internal/Observable';
import type { OperatorFunction } from 'rxjs/internal/types';
import type { ComponentIdentity, ComponentModel, Effect, Env, PortsView } from '../state/contract/component';
import { PageTable } from '../state/memory/page-table';

/**
 * One tick fed to {@link componentOperator}: the cycle, the ports as the
 * component should see them, and optionally the environment (page table and
 * workload status) for this tick.
 *
 * @example
 * const t: ComponentTick = { now: 12, ports: { Top: topView, Bottom: bottomView } };
 */
export interface ComponentTick {
  readonly now: number;
  readonly ports: PortsView;
  readonly env?: Env;
}

/**
 * Options of {@link componentOperator}.
 *
 * @example
 * let peek: () => MmuState;
 * const o: ComponentOperatorOptions<MmuState> = { state: (get) => (peek = get) };
 */
export interface ComponentOperatorOptions<State> {
  /** Environment for ticks that bring none (default: an empty page table, workload never done). */
  readonly env?: Env;
  /** Start from this state instead of `model.init(spec, identity)`. */
  readonly initialState?: State;
  /**
   * Called on each subscription with a getter of that subscription's
   * current state (the state lives inside the operator) and a setter that
   * replaces it before the next tick — for a driver that owns the state
   * between ticks, as the kernel does when it restores a checkpoint,
   * replays slept-through ticks or applies a command.
   */
  readonly state?: (get: () => State, set: (state: State) => void) => void;
}

/**
 * A default environment: an empty one-page page table and a workload that is
 * never done.
 *
 * @example
 * const [next, fx] = model.step(state, { kind: 'tick', ports, env: standaloneEnv() }, 1);
 */
export function standaloneEnv(): Env {
  const pageTable = PageTable.empty(1);
  return { pageTable, allAgentsDone: () => false };
}

/**
 * Any pure component (ROB, AT, caches, TLBs, MMU, memory controller, data
 * mover, agent, or the migration controller) as an RxJS operator: each
 * incoming {@link ComponentTick} runs `model.step` on the state held inside
 * the operator and emits that step's effects (`pop`, `send`, `progress`,
 * `setPage`, `emit`), in order. The operator performs no effect — applying
 * them (moving messages, updating the ports the next tick sees) is the
 * caller's job, as the kernel does. Each subscription starts from its own
 * fresh state; `options.state` receives a getter and a setter of it. A step
 * that throws (a component panic) errors the stream. The simulation kernel
 * steps the migration controller through this operator (see
 * `SimulationOptions.throughOperators`), and {@link migrationController} is
 * built on it.
 *
 * @example
 * const effects$ = ticks$.pipe(
 *   componentOperator(memoryControllerModel, defaultMemoryControllerSpec(1 << 20), { name: 'MemCtrl[0]', index: 0 }, {
 *     state: (get) => (peek = get),
 *   }),
 * );
 */
export function componentOperator<Spec, State>(
  model: ComponentModel<Spec, State>,
  spec: Spec,
  identity: ComponentIdentity,
  options: ComponentOperatorOptions<State> = {},
): OperatorFunction<ComponentTick, readonly Effect[]> {
  return (source) =>
    new Observable<readonly Effect[]>((sub) => {
      const env = options.env ?? standaloneEnv();
      let state = options.initialState ?? model.init(spec, identity);
      options.state?.(
        () => state,
        (next) => {
          state = next;
        },
      );
      return source.subscribe({
        next(t) {
          let effects: readonly Effect[];
          try {
            const [next, fx] = model.step(state, { kind: 'tick', ports: t.ports, env: t.env ?? env }, t.now);
            state = next;
            effects = fx;
          } catch (e) {
            sub.error(e);
            return;
          }
          sub.next(effects);
        },
        error: (e) => sub.error(e),
        complete: () => sub.complete(),
      });
    });
}
