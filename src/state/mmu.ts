import { type ComponentModel, firstMessageId } from './component';
import { controlReply } from './control-reply';
import { ERR_UNSUPPORTED } from './control-verbs';
import type { BasicControlState } from './memory-controller';
import type { ControlReq, Msg } from './messages';
import { SimPanic } from './sim-panic';
import { StepIo } from './step-io';

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
 * One open page walk. The page is looked up only when the walk finishes.
 *
 * @example
 * const w: MmuWalk = { reqId: 5, src: 'L2TLB.Bottom', pid: 1, vAddr: 0x1000, deviceID: 1, cycleLeft: 10 };
 */
export interface MmuWalk {
  readonly reqId: number;
  readonly src: string;
  readonly pid: number;
  readonly vAddr: number;
  readonly deviceID: number;
  readonly cycleLeft: number;
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
}

function make(
  s: MmuState,
  control: BasicControlState,
  pendingDrain: ControlReq | null,
  walks: readonly MmuWalk[],
  nextId: number,
  stats: MmuStats,
): MmuState {
  return { spec: s.spec, control, pendingDrain, walks, nextId, stats };
}

function countControl(st: MmuStats): MmuStats {
  return { walks: st.walks, translations: st.translations, controlCommands: st.controlCommands + 1 };
}

function handleControl(s: MmuState, io: StepIo): MmuState {
  if (s.control === 'draining') {
    if (s.walks.length > 0 || !io.canSend('Control')) return s;
    io.send('Control', controlReply(s.pendingDrain!, io.fullName('Control'), s.nextId, true, ''));
    s = make(s, 'paused', null, s.walks, s.nextId + 1, s.stats);
  }
  const m: Msg | undefined = io.peek('Control');
  if (m === undefined) return s;
  if (m.kind !== 'ControlReq') {
    io.pop('Control');
    return s;
  }
  if (m.command === 'Drain') {
    io.pop('Control');
    return make(s, 'draining', m, s.walks, s.nextId, countControl(s.stats));
  }
  if (!io.canSend('Control')) return s;
  io.pop('Control');
  const stats = countControl(s.stats);
  const ok = m.command === 'Pause' || m.command === 'Enable' || m.command === 'Reset';
  io.send('Control', controlReply(m, io.fullName('Control'), s.nextId, ok, ok ? '' : ERR_UNSUPPORTED));
  switch (m.command) {
    case 'Pause':
      return make(s, 'paused', s.pendingDrain, s.walks, s.nextId + 1, stats);
    case 'Enable':
      return make(s, 'enabled', s.pendingDrain, s.walks, s.nextId + 1, stats);
    case 'Reset':
      // The page table is never touched by Reset.
      while (io.pop('Top') !== undefined) {
        /* discard queued requests */
      }
      return make(s, 'enabled', null, [], s.nextId + 1, stats);
    default:
      return make(s, s.control, s.pendingDrain, s.walks, s.nextId + 1, stats);
  }
}

function runDataPath(s: MmuState, io: StepIo): MmuState {
  let walks = s.walks;
  let nextId = s.nextId;
  let translations = 0;
  let started = 0;

  // 1. Walk: count down; finished walks read the page table *now*.
  if (walks.length > 0) {
    const kept: MmuWalk[] = [];
    for (const w of walks) {
      if (w.cycleLeft > 0) {
        kept.push({
          reqId: w.reqId,
          src: w.src,
          pid: w.pid,
          vAddr: w.vAddr,
          deviceID: w.deviceID,
          cycleLeft: w.cycleLeft - 1,
        });
        continue;
      }
      const page = io.env.pageTable.find(w.pid, w.vAddr);
      if (page === undefined) {
        throw new SimPanic(
          `${io.fullName('Top')}: page not found (pid ${w.pid}, vAddr 0x${w.vAddr.toString(16)})`,
        );
      }
      if (!io.canSend('Top')) {
        kept.push(w);
        continue;
      }
      io.send('Top', {
        kind: 'TranslationRsp',
        id: nextId++,
        src: io.fullName('Top'),
        dst: w.src,
        rspTo: w.reqId,
        page,
      });
      translations++;
    }
    walks = kept;
    io.progress();
  }

  // 2. Accept (Enabled only, at most one per tick).
  if (s.control === 'enabled') {
    const m = io.peek('Top');
    if (m !== undefined) {
      if (m.kind !== 'TranslationReq') throw new SimPanic(`${io.fullName('Top')}: cannot handle ${m.kind}`);
      if (walks.length < s.spec.maxRequestsInFlight) {
        io.pop('Top');
        walks = walks.concat([
          {
            reqId: m.id,
            src: m.src,
            pid: m.pid,
            vAddr: m.vAddr,
            deviceID: m.deviceID,
            cycleLeft: s.spec.latency,
          },
        ]);
        started++;
        io.progress();
      }
    }
  }

  if (walks === s.walks) return s;
  const st = s.stats;
  return make(s, s.control, s.pendingDrain, walks, nextId, {
    walks: st.walks + started,
    translations: st.translations + translations,
    controlCommands: st.controlCommands,
  });
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
  ports: () => ['Top', 'Control'],
  init: (spec, id) => ({
    spec,
    control: 'enabled',
    pendingDrain: null,
    walks: [],
    nextId: firstMessageId(id.index),
    stats: { walks: 0, translations: 0, controlCommands: 0 },
  }),
  step(state, event, now) {
    const io = new StepIo(event, now);
    let s = handleControl(state, io);
    if (s.control !== 'paused') s = runDataPath(s, io);
    return io.result(s);
  },
  controlState: (s) => s.control,
  isQuiescent: (s) => s.walks.length === 0,
  describeOutstanding: (s) =>
    s.walks.map(
      (w) => `walk pid ${w.pid} vAddr 0x${w.vAddr.toString(16)} for ${w.src} (${w.cycleLeft} cycles left)`,
    ),
};
