import type { ControlReq, Msg } from '../contract/messages';
import type { StepIo } from '../contract/step-io';
import type { BasicControlState } from './basic-control-state';
import { controlReply } from './control-reply';
import { ERR_UNSUPPORTED } from './control-verbs';

/** The control fields every component with the universal verbs keeps. */
export interface UniversalControlFields {
  readonly control: BasicControlState;
  /** The Drain being waited on, acknowledged once the component is drained. */
  readonly pendingDrain: ControlReq | null;
  /** Next message id. */
  readonly nextId: number;
}

/**
 * What {@link handleUniversalControl} needs from a component: when it is
 * drained, how to rebuild its state with new control fields, what a Reset
 * clears.
 *
 * @example
 * const host: UniversalControlHost<MmuState> = {
 *   drained: (s) => s.walks.length === 0,
 *   withControl: (s, control, pendingDrain, nextId, counted) => ({ ...s, control, pendingDrain, nextId }),
 *   reset: (s) => ({ ...s, walks: [] }),
 *   resetPorts: ['Top'],
 *   continueAfterDrainAck: true,
 * };
 */
export interface UniversalControlHost<S extends UniversalControlFields> {
  /** True when a pending Drain may be acknowledged: none of the component's own work remains. */
  readonly drained: (s: S) => boolean;
  /**
   * `s` with new control fields; `counted` says one control command was
   * taken off `Control` (for the component's statistics).
   */
  readonly withControl: (
    s: S,
    control: BasicControlState,
    pendingDrain: ControlReq | null,
    nextId: number,
    counted: boolean,
  ) => S;
  /** `s` with all of its work dropped (its control fields are set afterwards). */
  readonly reset: (s: S) => S;
  /** Input ports whose queued messages a Reset discards, in order. */
  readonly resetPorts: readonly string[];
  /**
   * Whether the tick that acknowledges a Drain may go on to take the next
   * control command (true for most components; the ROB stops there).
   */
  readonly continueAfterDrainAck: boolean;
}

/**
 * The control middleware of the components that know only the universal
 * verbs (control-protocol.md §2): run at the start of every step.
 *
 * - While draining: once `drained`, acknowledge the Drain and become Paused;
 *   nothing else is taken off `Control` until then.
 * - `Drain`: taken at once (no reply yet), the component starts draining.
 * - `Pause`, `Enable`, `Reset`: replied to with success when `Control` has
 *   room; Reset also discards the queued input of `resetPorts` and the
 *   component's work, and enables it.
 * - Any other verb: replied to with {@link ERR_UNSUPPORTED}; nothing changes.
 * - A message that is not a control request is dropped.
 *
 * @example
 * const next = handleUniversalControl(MMU_CONTROL, state, io);
 */
export function handleUniversalControl<S extends UniversalControlFields>(
  host: UniversalControlHost<S>,
  s: S,
  io: StepIo,
): S {
  if (s.control === 'draining') {
    if (!host.drained(s) || !io.canSend('Control')) return s;
    io.send('Control', controlReply(s.pendingDrain!, io.fullName('Control'), s.nextId, true, ''));
    s = host.withControl(s, 'paused', null, s.nextId + 1, false);
    if (!host.continueAfterDrainAck) return s;
  }
  const m: Msg | undefined = io.peek('Control');
  if (m === undefined) return s;
  if (m.kind !== 'ControlReq') {
    io.pop('Control');
    return s;
  }
  if (m.command === 'Drain') {
    io.pop('Control');
    return host.withControl(s, 'draining', m, s.nextId, true);
  }
  if (!io.canSend('Control')) return s;
  io.pop('Control');
  const ok = m.command === 'Pause' || m.command === 'Enable' || m.command === 'Reset';
  io.send('Control', controlReply(m, io.fullName('Control'), s.nextId, ok, ok ? '' : ERR_UNSUPPORTED));
  switch (m.command) {
    case 'Pause':
      return host.withControl(s, 'paused', s.pendingDrain, s.nextId + 1, true);
    case 'Enable':
      return host.withControl(s, 'enabled', s.pendingDrain, s.nextId + 1, true);
    case 'Reset':
      for (const p of host.resetPorts) {
        while (io.pop(p) !== undefined) {
          /* discard queued traffic */
        }
      }
      return host.withControl(host.reset(s), 'enabled', null, s.nextId + 1, true);
    default:
      return host.withControl(s, s.control, s.pendingDrain, s.nextId + 1, true);
  }
}
