import { Observable, type OperatorFunction } from 'rxjs';
import type { Effect, PortsView } from '../state/contract/component';
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
 * their cycles. It is the same pure reducer the simulation runs, so
 * behaviour is identical; acks are queued like messages on its `Ctrl` port
 * and handled at the next tick.
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
      let state = migrationControllerModel.init(spec, { name: 'MigrationController', index: 0 });
      let pageTable = options.pageTable;
      options.state?.(() => state);
      const ctrlIn: Msg[] = [];
      const moverIn: Msg[] = [];
      const env = {
        get pageTable() {
          return pageTable;
        },
        allAgentsDone: () => options.allAgentsDone?.() ?? false,
      };
      return source.subscribe({
        next(input) {
          if (input.kind === 'ack') {
            ctrlIn.push(input.rsp);
            return;
          }
          if (input.kind === 'moved') {
            moverIn.push(input.rsp);
            return;
          }
          const now = input.now;
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
          let effects: readonly Effect[];
          try {
            [state, effects] = migrationControllerModel.step(state, { kind: 'tick', ports, env }, now);
          } catch (e) {
            sub.error(e);
            return;
          }
          for (const e of effects) {
            if (e.kind === 'pop') (e.port === 'Ctrl' ? ctrlIn : moverIn).shift();
            else if (e.kind === 'send') {
              if (e.msg.kind === 'ControlReq') sub.next({ kind: 'command', now, req: e.msg });
              else if (e.msg.kind === 'DataMoveRequest') sub.next({ kind: 'move', now, req: e.msg });
            } else if (e.kind === 'setPage') {
              pageTable = pageTable.update(e.page);
              sub.next({ kind: 'set-page', now, page: e.page });
            } else if (e.kind === 'emit') sub.next({ kind: 'event', now, event: e.event });
          }
        },
        error: (e) => sub.error(e),
        complete: () => sub.complete(),
      });
    });
}
