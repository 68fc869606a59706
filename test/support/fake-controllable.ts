import { type ComponentModel, firstMessageId } from '../../src/state/contract/component';
import type { ControlReq } from '../../src/state/contract/messages';
import { StepIo } from '../../src/state/contract/step-io';
import { controlReply } from '../../src/state/control/control-reply';
import {
  type ControlVerb,
  ERR_MUST_BE_PAUSED,
  ERR_UNSUPPORTED,
  isSyncVerb,
} from '../../src/state/control/control-verbs';

/**
 * Configuration of the reference fake component (control-protocol.md §8).
 *
 * @example
 * const spec: FakeControllableSpec = { support: ['Pause', 'Drain', 'Enable', 'Reset'], asyncDelay: 1 };
 */
export interface FakeControllableSpec {
  /** The verbs it implements; every other verb is answered "unsupported". */
  readonly support: readonly ControlVerb[];
  /** Ticks an async verb (Drain, Flush) takes before its ack. */
  readonly asyncDelay: number;
}

/** The one pending async verb and its countdown. @example const p: FakePending = { req, ticksLeft: 100 }; */
export interface FakePending {
  readonly req: ControlReq;
  readonly ticksLeft: number;
}

/**
 * State of the fake: a `paused` flag and at most one pending async verb.
 *
 * @example
 * fakeControllableModel.init(spec, { name: 'Fake', index: 1 }).paused === false;
 */
export interface FakeControllableState {
  readonly spec: FakeControllableSpec;
  readonly paused: boolean;
  readonly pending: FakePending | null;
  readonly nextId: number;
  readonly stats: { readonly controlCommands: number };
}

function make(
  s: FakeControllableState,
  paused: boolean,
  pending: FakePending | null,
  nextId: number,
  commands: number,
): FakeControllableState {
  return {
    spec: s.spec,
    paused,
    pending,
    nextId,
    stats: { controlCommands: s.stats.controlCommands + commands },
  };
}

/**
 * The reference fake controllable component (control-protocol.md §8), the
 * executable statement of the protocol surface the contract harness is
 * tested against. Each tick: a pending async verb counts down; at 0 (and if
 * `Control` can send) a Drain sets `paused`, the success ack goes out and
 * the slot clears. When nothing is pending, the head of `Control` is
 * handled: unsupported → "unsupported"; Invalidate/Flush while not paused →
 * "must be paused or drained"; otherwise Pause sets `paused`, Enable and
 * Reset clear it, sync verbs ack at once and async verbs wait `asyncDelay`
 * ticks.
 *
 * Deviations from upstream's Go fake, both towards the protocol: a sync
 * reply is sent in the tick the command is taken, and the command is taken
 * only when the reply can be sent (upstream pops first and could lose the
 * reply); a non-control message on `Control` is discarded (upstream leaves
 * it in place).
 *
 * @example
 * const rig = new ComponentRig(fakeControllableModel, { support: [...UNIVERSAL], asyncDelay: 1 }, { name: 'Fake' });
 */
export const fakeControllableModel: ComponentModel<FakeControllableSpec, FakeControllableState> = {
  kind: 'fake-controllable',
  ports: () => ['Control'],
  init: (spec, id) => ({
    spec,
    paused: false,
    pending: null,
    nextId: firstMessageId(id.index),
    stats: { controlCommands: 0 },
  }),
  step(state, event, now) {
    const io = new StepIo(event, now);
    let s = state;
    if (s.pending !== null) {
      const left = s.pending.ticksLeft - 1;
      if (left <= 0 && io.canSend('Control')) {
        const req = s.pending.req;
        io.send('Control', controlReply(req, io.fullName('Control'), s.nextId, true, ''));
        s = make(s, req.command === 'Drain' ? true : s.paused, null, s.nextId + 1, 0);
      } else {
        s = make(s, s.paused, { req: s.pending.req, ticksLeft: left }, s.nextId, 0);
        io.progress();
      }
    }
    if (s.pending === null) {
      const m = io.peek('Control');
      if (m !== undefined && m.kind !== 'ControlReq') io.pop('Control');
      else if (m !== undefined) {
        const verb = m.command;
        const ctrl = io.fullName('Control');
        if (!s.spec.support.includes(verb)) {
          if (io.canSend('Control')) {
            io.pop('Control');
            io.send('Control', controlReply(m, ctrl, s.nextId, false, ERR_UNSUPPORTED));
            s = make(s, s.paused, null, s.nextId + 1, 1);
          }
        } else if ((verb === 'Invalidate' || verb === 'Flush') && !s.paused) {
          if (io.canSend('Control')) {
            io.pop('Control');
            io.send('Control', controlReply(m, ctrl, s.nextId, false, ERR_MUST_BE_PAUSED));
            s = make(s, s.paused, null, s.nextId + 1, 1);
          }
        } else if (isSyncVerb(verb)) {
          if (io.canSend('Control')) {
            io.pop('Control');
            const paused = verb === 'Pause' ? true : verb === 'Enable' || verb === 'Reset' ? false : s.paused;
            io.send('Control', controlReply(m, ctrl, s.nextId, true, ''));
            s = make(s, paused, null, s.nextId + 1, 1);
          }
        } else {
          io.pop('Control');
          s = make(s, s.paused, { req: m, ticksLeft: s.spec.asyncDelay }, s.nextId, 1);
        }
      }
    }
    return io.result(s);
  },
  controlState: (s) =>
    s.pending !== null
      ? s.pending.req.command === 'Drain'
        ? 'draining'
        : 'flushing'
      : s.paused
        ? 'paused'
        : 'enabled',
  isQuiescent: (s) => s.pending === null,
  describeOutstanding: (s) =>
    s.pending === null
      ? []
      : [`${s.pending.req.command} from ${s.pending.req.src} (${s.pending.ticksLeft} ticks left)`],
};
