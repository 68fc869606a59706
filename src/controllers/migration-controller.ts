import { type ComponentModel, firstMessageId } from '../state/contract/component';
import type { Msg } from '../state/contract/messages';
import { SimPanic } from '../state/contract/sim-panic';
import { StepIo } from '../state/contract/step-io';
import type { MigrationPlan, PlanStep, TargetGroup } from './migration-plan';

/** When migrations start and which pages they move. */
export type MigrationPolicy =
  /** Round-robin pages to the next device; `interval` idle cycles after each migration ends. */
  | { readonly kind: 'interval'; readonly interval: number }
  /** Explicit migrations, each started at the first idle cycle at or after `at`. */
  | {
      readonly kind: 'schedule';
      readonly entries: ReadonlyArray<{
        readonly page: number;
        readonly toDevice?: number;
        readonly at: number;
      }>;
    };

/**
 * Configuration of the migration controller (migration.md §2).
 *
 * @example
 * const spec = migrationControllerSpec(topologyTargets, layout, defaultPlan(), { kind: 'interval', interval: 2000 });
 */
export interface MigrationControllerSpec {
  /** Full `Control` port names of each target group, in the reference's order. */
  readonly targets: Readonly<Record<TargetGroup, readonly string[]>>;
  /** Full name of the data mover's Top port. */
  readonly moverPort: string;
  readonly numPages: number;
  readonly numDevices: number;
  readonly deviceStride: number;
  readonly ptBase: number;
  readonly pageSize: number;
  readonly pid: number;
  readonly plan: MigrationPlan;
  readonly policy: MigrationPolicy;
}

/** The migration in progress. */
export interface CurrentMigration {
  readonly number: number;
  readonly page: number;
  readonly srcDevice: number;
  readonly dstDevice: number;
  readonly srcAddr: number;
  readonly dstAddr: number;
}

/** State of the migration controller. */
export interface MigrationControllerState {
  readonly spec: MigrationControllerSpec;
  readonly countdown: number;
  readonly pageCursor: number;
  readonly scheduleIndex: number;
  readonly current: CurrentMigration | null;
  readonly stepIndex: number;
  readonly stepStart: number;
  readonly sendCursor: number;
  /** Ids of control requests of the current step still awaiting their ack. */
  readonly outstanding: readonly number[];
  readonly moveId: number;
  readonly moveDone: boolean;
  readonly numMigrations: number;
  readonly nextId: number;
  /** Acks received in total. */
  readonly acks: number;
}

function make(s: MigrationControllerState, p: Partial<MigrationControllerState>): MigrationControllerState {
  return {
    spec: s.spec,
    countdown: p.countdown ?? s.countdown,
    pageCursor: p.pageCursor ?? s.pageCursor,
    scheduleIndex: p.scheduleIndex ?? s.scheduleIndex,
    current: p.current !== undefined ? p.current : s.current,
    stepIndex: p.stepIndex ?? s.stepIndex,
    stepStart: p.stepStart ?? s.stepStart,
    sendCursor: p.sendCursor ?? s.sendCursor,
    outstanding: p.outstanding ?? s.outstanding,
    moveId: p.moveId ?? s.moveId,
    moveDone: p.moveDone ?? s.moveDone,
    numMigrations: p.numMigrations ?? s.numMigrations,
    nextId: p.nextId ?? s.nextId,
    acks: p.acks ?? s.acks,
  };
}

function processAcks(s: MigrationControllerState, io: StepIo): MigrationControllerState {
  let outstanding: number[] | null = null;
  let acks = s.acks;
  for (let m: Msg | undefined = io.pop('Ctrl'); m !== undefined; m = io.pop('Ctrl')) {
    if (m.kind !== 'ControlRsp')
      throw new SimPanic(`MigrationController: non-control message ${m.kind} on Ctrl`);
    if (!m.success) {
      throw new SimPanic(`control ${m.command} rejected by ${m.src}: ${m.error}`, 'protocol');
    }
    outstanding ??= s.outstanding.slice();
    const i = outstanding.indexOf(m.rspTo);
    if (i < 0)
      throw new SimPanic(`MigrationController: ack ${m.rspTo} from ${m.src} matches no command sent`);
    outstanding.splice(i, 1);
    acks++;
  }
  return outstanding === null ? s : make(s, { outstanding, acks });
}

function processMoveRsp(s: MigrationControllerState, io: StepIo): MigrationControllerState {
  const m = io.pop('Mover');
  if (m === undefined) return s;
  if (m.kind !== 'DataMoveResponse')
    throw new SimPanic(`MigrationController: non-move message ${m.kind} on Mover`);
  if (m.rspTo !== s.moveId || s.moveDone)
    throw new SimPanic('MigrationController: move response outside copy');
  return make(s, { moveDone: true });
}

function pageEntry(s: MigrationControllerState, io: StepIo, page: number) {
  const e = io.env.pageTable.find(s.spec.pid, page * s.spec.pageSize);
  if (e === undefined) throw new SimPanic(`MigrationController: page ${page} not in the page table`);
  return e;
}

function beginMigration(s: MigrationControllerState, io: StepIo): MigrationControllerState {
  const spec = s.spec;
  let page: number;
  let toDevice: number | undefined;
  let pageCursor = s.pageCursor;
  let scheduleIndex = s.scheduleIndex;
  if (spec.policy.kind === 'schedule') {
    const e = spec.policy.entries[scheduleIndex++];
    page = e.page % spec.numPages;
    toDevice = e.toDevice;
  } else {
    page = pageCursor % spec.numPages;
    pageCursor = (pageCursor + 1) % spec.numPages;
  }
  const entry = pageEntry(s, io, page);
  const srcDevice = entry.deviceID;
  const dstDevice = toDevice !== undefined ? toDevice % spec.numDevices : (srcDevice + 1) % spec.numDevices;
  const dstAddr = dstDevice * spec.deviceStride + spec.ptBase + page * spec.pageSize;
  io.setPage({ ...entry, isMigrating: true });
  const current: CurrentMigration = {
    number: s.numMigrations,
    page,
    srcDevice,
    dstDevice,
    srcAddr: entry.pAddr,
    dstAddr,
  };
  io.emit({
    type: 'migration-begin',
    migration: current.number,
    page,
    fromDevice: srcDevice,
    toDevice: dstDevice,
    srcAddr: entry.pAddr,
    dstAddr,
  });
  io.progress();
  const started = make(s, { current, pageCursor, scheduleIndex, stepIndex: 0 });
  return spec.plan.length === 0 ? finish(started, io) : enterStep(started, io, 0);
}

function enterStep(s: MigrationControllerState, io: StepIo, index: number): MigrationControllerState {
  const step = s.spec.plan[index];
  io.emit({ type: 'phase-begin', migration: s.current!.number, phase: step.name, step: index });
  return make(s, {
    stepIndex: index,
    stepStart: io.now,
    sendCursor: 0,
    outstanding: [],
    moveId: 0,
    moveDone: false,
  });
}

function finish(s: MigrationControllerState, io: StepIo): MigrationControllerState {
  const cur = s.current!;
  io.emit({ type: 'migration-end', migration: cur.number, page: cur.page });
  const interval = s.spec.policy.kind === 'interval' ? s.spec.policy.interval : 0;
  return make(s, { current: null, numMigrations: s.numMigrations + 1, countdown: interval, stepIndex: 0 });
}

/**
 * What a page verb names: the virtual page (ATs, TLBs; the controller's
 * PID) or the source frame (caches; PID 0 = any), or the frame after it for
 * a `neighbour` step; null for the other verbs (every entry).
 */
function pageScope(
  s: MigrationControllerState,
  step: Extract<PlanStep, { op: 'control' }>,
): { address: number; pid: number } | null {
  const cur = s.current!;
  switch (step.verb) {
    case 'FencePage':
    case 'UnfencePage':
    case 'DrainPage':
    case 'InvalidatePage':
      return { address: cur.page * s.spec.pageSize, pid: s.spec.pid };
    case 'FlushPage':
      return { address: cur.srcAddr + (step.neighbour ? s.spec.pageSize : 0), pid: 0 };
    default:
      return null;
  }
}

/** Runs the current step; returns the state and whether the step is complete. */
function runStep(
  s: MigrationControllerState,
  io: StepIo,
  step: PlanStep,
): [MigrationControllerState, boolean] {
  const cur = s.current!;
  switch (step.op) {
    case 'control': {
      const targets = s.spec.targets[step.group];
      const scope = pageScope(s, step);
      let cursor = s.sendCursor;
      let nextId = s.nextId;
      let outstanding: number[] | null = null;
      while (cursor < targets.length && io.canSend('Ctrl')) {
        outstanding ??= s.outstanding.slice();
        io.send('Ctrl', {
          kind: 'ControlReq',
          id: nextId,
          src: io.fullName('Ctrl'),
          dst: targets[cursor],
          rspTo: 0,
          command: step.verb,
          addresses: scope === null ? [] : [scope.address],
          pid: scope === null ? 0 : scope.pid,
          ...(scope === null ? {} : { bytes: s.spec.pageSize }),
        });
        outstanding.push(nextId++);
        cursor++;
      }
      const next = outstanding === null ? s : make(s, { sendCursor: cursor, nextId, outstanding });
      return [next, cursor === targets.length && next.outstanding.length === 0];
    }
    case 'copy': {
      if (s.moveId === 0 && io.canSend('Mover')) {
        io.send('Mover', {
          kind: 'DataMoveRequest',
          id: s.nextId,
          src: io.fullName('Mover'),
          dst: s.spec.moverPort,
          rspTo: 0,
          srcAddress: cur.srcAddr,
          dstAddress: cur.dstAddr,
          byteSize: s.spec.pageSize,
          srcSide: 'inside',
          dstSide: 'outside',
        });
        return [make(s, { moveId: s.nextId, nextId: s.nextId + 1 }), false];
      }
      return [s, s.moveDone];
    }
    case 'repoint': {
      const entry = pageEntry(s, io, cur.page);
      io.setPage({ ...entry, pAddr: cur.dstAddr, deviceID: cur.dstDevice, isMigrating: false });
      io.emit({
        type: 'repoint',
        migration: cur.number,
        page: cur.page,
        pAddr: cur.dstAddr,
        deviceID: cur.dstDevice,
      });
      return [s, true];
    }
    case 'wait': {
      const done = io.now >= s.stepStart + step.cycles;
      if (!done) io.wakeAt(s.stepStart + step.cycles);
      return [s, done];
    }
  }
}

function advance(s: MigrationControllerState, io: StepIo): MigrationControllerState {
  for (;;) {
    const step = s.spec.plan[s.stepIndex];
    const [next, complete] = runStep(s, io, step);
    s = next;
    if (!complete) return s;
    io.emit({ type: 'phase-end', migration: s.current!.number, phase: step.name, step: s.stepIndex });
    io.progress();
    if (s.stepIndex + 1 >= s.spec.plan.length) return finish(s, io);
    s = enterStep(s, io, s.stepIndex + 1);
    // After a control step the next step's sends go out next tick (migration.md §4);
    // after copy or repoint the next step runs in this same tick.
    if (step.op === 'control') return s;
  }
}

function tickIdle(s: MigrationControllerState, io: StepIo): MigrationControllerState {
  if (io.env.allAgentsDone()) return s;
  const policy = s.spec.policy;
  if (policy.kind === 'schedule') {
    const e = policy.entries[s.scheduleIndex];
    if (e === undefined) return s;
    if (io.now < e.at) {
      // Nothing but waiting (and watching the workload, see sleep.wakeEarly) until `at`.
      io.wakeAt(e.at);
      return s;
    }
    return beginMigration(s, io);
  }
  io.progress();
  if (s.countdown > 0) {
    // The next `countdown - 1` ticks only count down (and watch the workload).
    io.wakeAt(io.now + s.countdown);
    return make(s, { countdown: s.countdown - 1 });
  }
  return beginMigration(s, io);
}

/**
 * The migration controller as a pure component (migration.md): it consumes
 * control acknowledgements (`Ctrl`) and the data mover's completion
 * (`Mover`), and emits control commands, the data-move request and
 * page-table writes, following a {@link MigrationPlan} — data, so any
 * ordering, omission or repetition of steps runs. Acks are matched to the
 * commands sent (stricter than the reference, which counts them); a rejected
 * command stops the run as a protocol failure. It stops for good once every
 * agent is done while it is idle.
 *
 * @example
 * sim.addComponent(migrationControllerModel, spec, 'MigrationController');
 */
export const migrationControllerModel: ComponentModel<MigrationControllerSpec, MigrationControllerState> = {
  kind: 'migration-controller',
  ports: () => ['Ctrl', 'Mover'],
  init: (spec, id) => ({
    spec,
    countdown: spec.policy.kind === 'interval' ? spec.policy.interval : 0,
    pageCursor: 0,
    scheduleIndex: 0,
    current: null,
    stepIndex: 0,
    stepStart: 0,
    sendCursor: 0,
    outstanding: [],
    moveId: 0,
    moveDone: false,
    numMigrations: 0,
    nextId: firstMessageId(id.index),
    acks: 0,
  }),
  step(state, event, now) {
    const io = new StepIo(event, now);
    let s = processAcks(state, io);
    s = processMoveRsp(s, io);
    s = s.current === null ? tickIdle(s, io) : advance(s, io);
    return io.result(s);
  },
  sleep: {
    // Ticks slept through while idle each counted the interval down; in a wait step they do nothing.
    catchUp: (s, skipped) =>
      s.current === null && s.spec.policy.kind === 'interval'
        ? make(s, { countdown: s.countdown - skipped })
        : s,
    // An idle controller stops for good once the workload is done: it must see that tick.
    wakeEarly: (s, env) => s.current === null && env.allAgentsDone(),
  },
  controlState: (s) => (s.current === null ? 'idle' : `migrating (${s.spec.plan[s.stepIndex]?.name ?? '-'})`),
  isQuiescent: (s) => s.current === null,
  describeOutstanding(s) {
    if (s.current === null) return [];
    const step = s.spec.plan[s.stepIndex];
    const lines = [
      `migration #${s.current.number} of page ${s.current.page} (device ${s.current.srcDevice} -> ${s.current.dstDevice}) in step ${step.name} since cycle ${s.stepStart}`,
    ];
    if (s.outstanding.length > 0) lines.push(`awaiting ${s.outstanding.length} control ack(s)`);
    if (step.op === 'copy' && !s.moveDone)
      lines.push(s.moveId === 0 ? 'move request not sent' : 'awaiting the data move');
    return lines;
  },
};
