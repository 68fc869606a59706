import { type ComponentModel, firstMessageId } from '../contract/component';
import type { ControlReq } from '../contract/messages';
import { SimPanic } from '../contract/sim-panic';
import { StepIo } from '../contract/step-io';
import type { BasicControlState } from '../control/basic-control-state';
import { handleUniversalControl, type UniversalControlHost } from '../control/universal-control';

/**
 * Configuration of the MMU (`IoMMU`, components.md §6).
 *
 * @example
 * const spec: MmuSpec = { log2PageSize: 12, latency: 10, maxRequestsInFlight: 16 };
 */
export interface MmuSpec {
  /** log2 of the page size. Default 12. */
  readonly log2PageSize: number;
  /** Walk countdown in cycles. Default 10 (a walk answers in tick t+11). */
  readonly latency: number;
  /** Maximum open walks. Default 16. */
  readonly maxRequestsInFlight: number;
}

/** The spec's defaults. @example defaultMmuSpec().latency === 10 */
export function defaultMmuSpec(): MmuSpec {
  return { log2PageSize: 12, latency: 10, maxRequestsInFlight: 16 };
}

/**
 * One open page walk. The page is looked up only when the walk finishes,
 * in the tick where the MMU's tick clock ({@link MmuState.clock}) reaches
 * `readyAt`.
 *
 * @example
 * const w: MmuWalk = { reqId: 5, src: 'L2TLB.Bottom', pid: 1, vAddr: 0x1000, deviceID: 1, readyAt: 31 };
 */
export interface MmuWalk {
  readonly reqId: number;
  readonly src: string;
  readonly pid: number;
  readonly vAddr: number;
  readonly deviceID: number;
  readonly readyAt: number;
}

/**
 * Plain counters of the MMU.
 *
 * @example
 * state.stats.walks; // walks started
 */
export interface MmuStats {
  readonly walks: number;
  /** Translation responses sent. */
  readonly translations: number;
  readonly controlCommands: number;
}

/**
 * State of the MMU: the open walks in list order.
 *
 * @example
 * mmuModel.init(defaultMmuSpec(), { name: 'IoMMU', index: 9 }).walks.length === 0;
 */
export interface MmuState {
  readonly spec: MmuSpec;
  readonly control: BasicControlState;
  readonly pendingDrain: ControlReq | null;
  readonly walks: readonly MmuWalk[];
  readonly nextId: number;
  readonly stats: MmuStats;
  /** Ticks in which walks counted down (every tick the MMU is not paused). */
  readonly clock: number;
}

function make(
  s: MmuState,
  control: BasicControlState,
  pendingDrain: ControlReq | null,
  walks: readonly MmuWalk[],
  nextId: number,
  stats: MmuStats,
  clock = s.clock,
): MmuState {
  return { spec: s.spec, control, pendingDrain, walks, nextId, stats, clock };
}

function countControl(st: MmuStats): MmuStats {
  return { walks: st.walks, translations: st.translations, controlCommands: st.controlCommands + 1 };
}

/** Control: the universal verbs (see {@link handleUniversalControl}). */
const MMU_CONTROL: UniversalControlHost<MmuState> = {
  drained: (s) => s.walks.length === 0,
  withControl: (s, control, pendingDrain, nextId, counted) =>
    make(s, control, pendingDrain, s.walks, nextId, counted ? countControl(s.stats) : s.stats),
  // the page table is never touched by Reset
  reset: (s) => make(s, s.control, s.pendingDrain, [], s.nextId, s.stats),
  resetPorts: ['Top'],
  continueAfterDrainAck: true,
};

/** True when the next tick cannot take the head of `Top`: none, or a translation request while the walks are full. */
/** `list` with `w` appended, as an array of exactly that length. */
function appended(list: readonly MmuWalk[], w: MmuWalk): MmuWalk[] {
  const n = list.length;
  const out = new Array<MmuWalk>(n + 1);
  for (let i = 0; i < n; i++) out[i] = list[i];
  out[n] = w;
  return out;
}

function topBlocked(io: StepIo, full: boolean): boolean {
  const m = io.peek('Top');
  return m === undefined || (full && m.kind === 'TranslationReq');
}

function runDataPath(s: MmuState, io: StepIo): MmuState {
  let walks = s.walks;
  let nextId = s.nextId;
  let translations = 0;
  let started = 0;
  const clock = s.clock + 1;

  // 1. Walk: finished walks (a prefix: they finish in acceptance order) read the page table *now*.
  if (walks.length > 0) {
    let n = 0;
    while (n < walks.length && walks[n].readyAt <= clock) {
      const w = walks[n];
      const page = io.env.pageTable.find(w.pid, w.vAddr);
      if (page === undefined) {
        throw new SimPanic(
          `${io.fullName('Top')}: page not found (pid ${w.pid}, vAddr 0x${w.vAddr.toString(16)})`,
        );
      }
      if (!io.canSend('Top')) break;
      io.send('Top', {
        kind: 'TranslationRsp',
        id: nextId++,
        src: io.fullName('Top'),
        dst: w.src,
        rspTo: w.reqId,
        page,
      });
      translations++;
      n++;
    }
    // A finished walk that could not answer still reads the page table each tick (and may panic).
    for (let k = n; k < walks.length && walks[k].readyAt <= clock; k++) {
      const w = walks[k];
      if (io.env.pageTable.find(w.pid, w.vAddr) === undefined) {
        throw new SimPanic(
          `${io.fullName('Top')}: page not found (pid ${w.pid}, vAddr 0x${w.vAddr.toString(16)})`,
        );
      }
    }
    if (n > 0) walks = walks.slice(n);
    io.progress();
  }

  // 2. Accept (Enabled only, at most one per tick).
  if (s.control === 'enabled') {
    const m = io.peek('Top');
    if (m !== undefined) {
      if (m.kind !== 'TranslationReq') throw new SimPanic(`${io.fullName('Top')}: cannot handle ${m.kind}`);
      if (walks.length < s.spec.maxRequestsInFlight) {
        io.pop('Top');
        walks = appended(walks, {
          reqId: m.id,
          src: m.src,
          pid: m.pid,
          vAddr: m.vAddr,
          deviceID: m.deviceID,
          readyAt: clock + s.spec.latency + 1,
        });
        started++;
        io.progress();
      }
    }
  }

  // Nothing but the countdown until the first walk finishes: sleep until then.
  const head = walks[0];
  if (
    head !== undefined &&
    head.readyAt > clock + 1 &&
    io.incomingLength('Control') === 0 &&
    (s.control !== 'enabled' || topBlocked(io, walks.length >= s.spec.maxRequestsInFlight))
  ) {
    io.wakeAt(io.now + head.readyAt - clock);
  }

  if (walks === s.walks && s.walks.length === 0) return s;
  const st = s.stats;
  const stats =
    started === 0 && translations === 0
      ? st
      : {
          walks: st.walks + started,
          translations: st.translations + translations,
          controlCommands: st.controlCommands,
        };
  return make(s, s.control, s.pendingDrain, walks, nextId, stats, clock);
}

/**
 * True when the MMU's next tick, given the state and ports this step leaves,
 * would do nothing unless a message arrives in an empty buffer (see
 * {@link StepIo.idleNext}): paused with no control message, or enabled with
 * no walk open and no request waiting. (A walk in progress sleeps with
 * `wakeAt` instead.)
 */
function nextTickIdle(s: MmuState, io: StepIo): boolean {
  if (io.incomingLength('Control') > 0) return false;
  if (s.control === 'paused') return true;
  return s.control === 'enabled' && s.walks.length === 0 && io.incomingLength('Top') === 0;
}

/**
 * The MMU (`IoMMU`, components.md §6): each translation request starts a
 * page walk that counts down `latency` cycles and then looks the page up in
 * the shared page table (`io.env.pageTable`) **at that moment** — a walk
 * accepted in tick t answers in tick t+11. A page that is not found panics
 * (no auto allocation). Per tick: control, then unless Paused: Walk, Accept
 * (≤1, Enabled only, at most 16 walks). Control: Universal verbs; Invalidate
 * and Flush are unsupported.
 *
 * @example
 * sim.addComponent(mmuModel, defaultMmuSpec(), 'IoMMU');
 */
export const mmuModel: ComponentModel<MmuSpec, MmuState> = {
  kind: 'mmu',
  quietIdle: true,
  ports: () => ['Top', 'Control'],
  init: (spec, id) => ({
    spec,
    control: 'enabled',
    pendingDrain: null,
    walks: [],
    nextId: firstMessageId(id.index),
    stats: { walks: 0, translations: 0, controlCommands: 0 },
    clock: 0,
  }),
  step(state, event, now) {
    const io = new StepIo(event, now);
    let s = handleUniversalControl(MMU_CONTROL, state, io);
    if (s.control !== 'paused') s = runDataPath(s, io);
    if (io.madeProgress && nextTickIdle(s, io)) io.idleNext();
    return io.result(s);
  },
  // Slept-through ticks were countdown ticks.
  sleep: {
    catchUp: (s, skipped) =>
      make(s, s.control, s.pendingDrain, s.walks, s.nextId, s.stats, s.clock + skipped),
  },
  controlState: (s) => s.control,
  isQuiescent: (s) => s.walks.length === 0,
  describeOutstanding: (s) =>
    s.walks.map(
      (w) =>
        `walk pid ${w.pid} vAddr 0x${w.vAddr.toString(16)} for ${w.src} (${Math.max(0, w.readyAt - s.clock - 1)} cycles left)`,
    ),
};
