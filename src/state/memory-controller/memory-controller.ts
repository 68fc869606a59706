import { type ComponentModel, firstMessageId } from '../contract/component';
import type { ControlReq, MemReq } from '../contract/messages';
import { SimPanic } from '../contract/sim-panic';
import { StepIo } from '../contract/step-io';
import type { BasicControlState } from '../control/basic-control-state';
import { handleUniversalControl, type UniversalControlHost } from '../control/universal-control';
import { Storage } from '../memory/storage';
import {
  type ChunkList,
  chunkListDropFirst,
  chunkListFirst,
  chunkListGet,
  chunkListPush,
  chunkListToArray,
  emptyChunkList,
} from '../structures/chunk-list';

/**
 * Configuration of an ideal memory controller (components.md §8).
 *
 * @example
 * const spec: MemoryControllerSpec = { latency: 100, width: 1, capacity: 5 << 20 };
 */
export interface MemoryControllerSpec {
  /** Cycles from admission to response. Default 100. */
  readonly latency: number;
  /** Requests admitted per cycle. Default 1. */
  readonly width: number;
  /** Storage size in bytes (indexed by global physical address). */
  readonly capacity: number;
}

/**
 * One admitted request. `readyAt` is the value of the controller's tick
 * clock ({@link MemoryControllerState.clock}) at which it is answered.
 *
 * @example
 * const f: MemInFlight = { readyAt: 140, req };
 */
export interface MemInFlight {
  readonly readyAt: number;
  readonly req: MemReq;
}

/**
 * State of an ideal memory controller. `clock` counts the ticks in which the
 * controller counted down (not paused, requests in flight); a request admitted
 * when the clock reads `c` (after that tick's count) is answered at
 * `c + max(0, latency - 1)`, so one admitted in tick t answers in tick
 * t + latency − 1 when nothing pauses it.
 *
 * @example
 * const s = memoryControllerModel.init(defaultMemoryControllerSpec(1 << 20), { name: 'MemCtrl[0]', index: 0 });
 * s.inflight.length === 0;
 */
export interface MemoryControllerState {
  readonly spec: MemoryControllerSpec;
  readonly control: BasicControlState;
  readonly pendingDrain: ControlReq | null;
  /** Admitted requests, oldest (first due) first. */
  readonly inflight: ChunkList<MemInFlight>;
  readonly storage: Storage;
  readonly nextId: number;
  readonly reads: number;
  readonly writes: number;
  readonly clock: number;
}

/** The spec's defaults for a controller of `capacity` bytes. @example defaultMemoryControllerSpec(5 << 20) */
export function defaultMemoryControllerSpec(capacity: number): MemoryControllerSpec {
  return { latency: 100, width: 1, capacity };
}

function withState(s: MemoryControllerState, patch: Partial<MemoryControllerState>): MemoryControllerState {
  return {
    spec: s.spec,
    control: patch.control ?? s.control,
    pendingDrain: patch.pendingDrain !== undefined ? patch.pendingDrain : s.pendingDrain,
    inflight: patch.inflight ?? s.inflight,
    storage: patch.storage ?? s.storage,
    nextId: patch.nextId ?? s.nextId,
    reads: patch.reads ?? s.reads,
    writes: patch.writes ?? s.writes,
    clock: patch.clock ?? s.clock,
  };
}

function make(
  s: MemoryControllerState,
  inflight: ChunkList<MemInFlight>,
  storage: Storage,
  nextId: number,
  reads: number,
  writes: number,
  clock: number,
): MemoryControllerState {
  return {
    spec: s.spec,
    control: s.control,
    pendingDrain: s.pendingDrain,
    inflight,
    storage,
    nextId,
    reads,
    writes,
    clock,
  };
}

/** Control: the universal verbs (see {@link handleUniversalControl}). */
const MEMCTRL_CONTROL: UniversalControlHost<MemoryControllerState> = {
  drained: (s) => s.inflight.length === 0,
  withControl: (s, control, pendingDrain, nextId) => withState(s, { control, pendingDrain, nextId }),
  reset: (s) => withState(s, { inflight: emptyChunkList() }),
  resetPorts: ['Top'],
  continueAfterDrainAck: true,
};

/**
 * Answers the due head of `inflight` (the state's list plus this tick's
 * admissions) while `Top` has room; returns the state after tick `clock`.
 */
function respond(
  s: MemoryControllerState,
  io: StepIo,
  clock: number,
  inflight: ChunkList<MemInFlight>,
): MemoryControllerState {
  let n = 0;
  let storage = s.storage;
  let nextId = s.nextId;
  let reads = s.reads;
  let writes = s.writes;
  const first = inflight.chunks[0];
  while (n < inflight.length) {
    const f = n < first.length ? first[n] : chunkListGet(inflight, n)!;
    if (f.readyAt > clock || !io.canSend('Top')) break;
    const r = f.req;
    if (r.kind === 'ReadReq') {
      io.send('Top', {
        kind: 'DataReadyRsp',
        id: nextId++,
        src: io.fullName('Top'),
        dst: r.src,
        rspTo: r.id,
        data: storage.read(r.address, r.size),
      });
      reads++;
    } else {
      io.send('Top', {
        kind: 'WriteDoneRsp',
        id: nextId++,
        src: io.fullName('Top'),
        dst: r.src,
        rspTo: r.id,
      });
      storage = storage.write(r.address, r.data, r.dirtyMask);
      writes++;
    }
    n++;
  }
  return make(s, chunkListDropFirst(inflight, n), storage, nextId, reads, writes, clock);
}

/**
 * True when the next tick would do nothing at all: no control request
 * waiting, and enabled with nothing in flight and nothing to admit (a
 * draining controller acknowledges its Drain once empty).
 */
function nextTickIdle(s: MemoryControllerState, io: StepIo): boolean {
  return (
    s.control === 'enabled' &&
    s.inflight.length === 0 &&
    io.incomingLength('Top') === 0 &&
    io.incomingLength('Control') === 0
  );
}

/**
 * The ideal memory controller as a pure component (components.md §8): admits
 * up to `width` requests per cycle, answers each after `latency` cycles in
 * arrival order, reads storage at response time and applies a write right
 * after acknowledging it — so effects on storage happen in arrival order.
 * Control: the Universal verbs. While requests count down and nothing else
 * can happen it sleeps (`wakeAt`) until the head is due.
 *
 * @example
 * sim.addComponent(memoryControllerModel, defaultMemoryControllerSpec(capacity), 'MemCtrl[0]');
 */
export const memoryControllerModel: ComponentModel<MemoryControllerSpec, MemoryControllerState> = {
  kind: 'memory-controller',
  quietIdle: true,
  ports: () => ['Top', 'Control'],
  init: (spec, id) => ({
    spec,
    control: 'enabled',
    pendingDrain: null,
    inflight: emptyChunkList(),
    storage: Storage.create(spec.capacity),
    nextId: firstMessageId(id.index),
    reads: 0,
    writes: 0,
    clock: 0,
  }),
  step(state, event, now) {
    const io = new StepIo(event, now);
    const spec = state.spec;
    let s = state;
    // The control middleware changes nothing without a request or a pending Drain.
    if (state.control === 'draining' || io.incomingLength('Control') > 0) {
      s = handleUniversalControl(MEMCTRL_CONTROL, state, io);
    }
    if (s.control === 'paused') {
      if (io.incomingLength('Control') === 0) io.idleNext();
      return io.result(s);
    }
    const clock = state.clock + 1;
    let inflight = s.inflight;
    if (s.control === 'enabled') {
      const readyAt = clock + Math.max(0, spec.latency - 1);
      for (let k = 0; k < spec.width; k++) {
        const m = io.peek('Top');
        if (m === undefined) break;
        if (m.kind !== 'ReadReq' && m.kind !== 'WriteReq')
          throw new SimPanic(`${io.fullName('Top')}: cannot handle ${m.kind}`);
        io.pop('Top');
        inflight = chunkListPush(inflight, { readyAt, req: m });
      }
    }
    if (inflight.length > 0) {
      s = respond(s, io, clock, inflight);
      const head = chunkListFirst(s.inflight);
      const idle =
        head !== undefined &&
        head.readyAt > clock + 1 &&
        io.incomingLength('Control') === 0 &&
        (s.control !== 'enabled' || io.incomingLength('Top') === 0);
      if (idle) io.wakeAt(now + head.readyAt - clock);
      else io.progress();
    }
    if (nextTickIdle(s, io)) io.idleNext();
    return io.result(s);
  },
  // Slept-through ticks were countdown ticks (the controller only sleeps while counting down).
  sleep: { catchUp: (s, skipped) => withState(s, { clock: s.clock + skipped }) },
  controlState: (s) => s.control,
  isQuiescent: (s) => s.inflight.length === 0,
  describeOutstanding: (s) =>
    chunkListToArray(s.inflight).map(
      (f) =>
        `${f.req.kind} 0x${f.req.address.toString(16)} from ${f.req.src} (${Math.max(0, f.readyAt - s.clock)} cycles left)`,
    ),
};
