import { Observable, type OperatorFunction, Subject } from 'rxjs';
import { applyEffects, type EffectHandler } from '../state/contract/apply-effects';
import type { Env, PortsView } from '../state/contract/component';
import type {
  ControlReq,
  ControlRsp,
  DataMoveRequest,
  DataMoveResponse,
  Msg,
} from '../state/contract/messages';
import type { SimEvent } from '../state/contract/sim-events';
import type { Page } from '../state/memory/page';
import type { PageTable } from '../state/memory/page-table';
import { type ComponentTick, componentOperator } from '../streams/component-operator';
import {
  type MigrationControllerSpec,
  type MigrationControllerState,
  migrationControllerModel,
} from './migration-controller';

/** What the migration controller consumes: clock ticks, control acks and data-move completions. */
export type MigrationControllerInput =
  | { readonly kind: 'tick'; readonly now: number }
  | { readonly kind: 'ack'; readonly rsp: ControlRsp }
  | { readonly kind: 'moved'; readonly rsp: DataMoveResponse };

/** What it emits: control commands, data-move requests, page-table writes and observable events, each with its cycle. */
export type MigrationControllerOutput =
  | { readonly kind: 'command'; readonly now: number; readonly req: ControlReq }
  | { readonly kind: 'move'; readonly now: number; readonly req: DataMoveRequest }
  | { readonly kind: 'set-page'; readonly now: number; readonly page: Page }
  | { readonly kind: 'event'; readonly now: number; readonly event: SimEvent };

/** Options of {@link migrationController}. */
export interface MigrationControllerOperatorOptions {
  /** The page table the controller starts from; it then tracks its own writes. */
  readonly pageTable: PageTable;
  /** Asked in idle ticks: once true, the controller stops starting migrations. */
  readonly allAgentsDone?: () => boolean;
  /** Receives a getter of the controller's state. */
  readonly state?: (get: () => MigrationControllerState) => void;
}

const OUT_CAP = 16;

/**
 * The migration controller as an RxJS operator: feed it ticks, the control
 * acks and the data mover's completions; it emits the control commands,
 * data-move requests and page-table writes of its plan, in order, with
 * their cycles. It is built on {@link componentOperator}, the operator the
 * simulation itself steps the controller through (its scenarios add the
 * controller with `throughOperator`), and it performs the step's effects
 * with the same {@link applyEffects}: the reducer and the stepping path are
 * the run's. What differs is only where the messages live. Here acks and
 * completions are queued like messages on the `Ctrl` and `Mover` ports and
 * handled at the next tick, and the outgoing buffers are your code's, so
 * they never report backpressure; in a simulation they are the kernel's
 * port buffers, with credits.
 *
 * @example
 * inputs$.pipe(migrationController(spec, { pageTable })).subscribe((o) => {
 *   if (o.kind === 'command') sendToComponent(o.req);
 * });
 */
export function migrationController(
  spec: MigrationControllerSpec,
  options: MigrationControllerOperatorOptions,
): OperatorFunction<MigrationControllerInput, MigrationControllerOutput> {
  return (source) =>
    new Observable<MigrationControllerOutput>((sub) => {
      let pageTable = options.pageTable;
      let now = 0;
      const ctrlIn: Msg[] = [];
      const moverIn: Msg[] = [];
      const env: Env = {
        get pageTable() {
          return pageTable;
        },
        allAgentsDone: () => options.allAgentsDone?.() ?? false,
      };
      const ports: PortsView = {
        Ctrl: {
          fullName: 'MigrationController.Ctrl',
          incoming: ctrlIn,
          outgoingCount: 0,
          outgoingCap: OUT_CAP,
        },
        Mover: {
          fullName: 'MigrationController.Mover',
          incoming: moverIn,
          outgoingCount: 0,
          outgoingCap: OUT_CAP,
        },
      };
      const handler: EffectHandler = {
        pop: (port) => {
          (port === 'Ctrl' ? ctrlIn : moverIn).shift();
        },
        send: (_port, msg) => {
          if (msg.kind === 'ControlReq') sub.next({ kind: 'command', now, req: msg });
          else if (msg.kind === 'DataMoveRequest') sub.next({ kind: 'move', now, req: msg });
        },
        // the caller ticks every cycle: nothing to schedule
        progress: () => {},
        wakeAt: () => {},
        idleNext: () => {},
        setPage: (page) => {
          pageTable = pageTable.update(page);
          sub.next({ kind: 'set-page', now, page });
        },
        emit: (event) => sub.next({ kind: 'event', now, event }),
      };
      const ticks = new Subject<ComponentTick>();
      const stepped = ticks
        .pipe(
          componentOperator(
            migrationControllerModel,
            spec,
            { name: 'MigrationController', index: 0 },
            { env, state: (get) => options.state?.(get) },
          ),
        )
        .subscribe({
          next: (effects) => applyEffects(effects, handler),
          error: (e: unknown) => sub.error(e),
        });
      const fed = source.subscribe({
        next(input) {
          if (input.kind === 'ack') ctrlIn.push(input.rsp);
          else if (input.kind === 'moved') moverIn.push(input.rsp);
          else {
            now = input.now;
            ticks.next({ now, ports, env });
          }
        },
        error: (e) => sub.error(e),
        complete: () => sub.complete(),
      });
      return () => {
        fed.unsubscribe();
        stepped.unsubscribe();
      };
    });
}
