import type { ControlReq, MemReq } from '../contract/messages';
import type { StepIo } from '../contract/step-io';
import { controlReply, pageRange } from '../control/control-reply';
import { isPageVerb } from '../control/control-verbs';
import { type ChunkList, chunkListGet } from '../structures/chunk-list';

/**
 * A page fence at an address translator: new requests whose virtual
 * address lies in `[start, end)` (PID `pid`, 0 = any) wait at the AT.
 *
 * @example
 * const f: AtFence = { start: 0x1000, end: 0x2000, pid: 1 };
 */
export interface AtFence {
  readonly start: number;
  readonly end: number;
  readonly pid: number;
}

/**
 * The page-control fields of an AT's state (see {@link atPageControl}).
 *
 * @example
 * const p: AtPageFields = { fence: null, held: emptyChunkList(), pageDrain: null, nextId: 1, … };
 */
export interface AtPageFields {
  /** The page fence, or null. */
  readonly fence: AtFence | null;
  /** Requests to the fenced page taken off `Top`, in arrival order; released by UnfencePage. */
  readonly held: ChunkList<MemReq>;
  /** The DrainPage being waited on, acked once no request to its page is in flight below. */
  readonly pageDrain: ControlReq | null;
  readonly nextId: number;
  readonly transactions: ChunkList<{ readonly req: MemReq }>;
  readonly inflight: ChunkList<{ readonly vAddr: number; readonly pid: number }>;
}

/**
 * True when `fence` holds a request to virtual address `address` with PID `pid`.
 *
 * @example
 * fenceHolds({ start: 0x1000, end: 0x2000, pid: 0 }, 0x1004, 1) === true;
 */
export function fenceHolds(fence: AtFence, address: number, pid: number): boolean {
  return address >= fence.start && address < fence.end && (fence.pid === 0 || fence.pid === pid);
}

function anyIn<T>(list: ChunkList<T>, test: (x: T) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (test(chunkListGet(list, i)!)) return true;
  return false;
}

/**
 * True when the AT has no request to the page a DrainPage names in flight:
 * none waiting for its translation, none sent to the L1 and not answered.
 * Requests held by a fence are not in flight (they have not gone below).
 *
 * @example
 * pageQuiet(state, drainReq);
 */
export function pageQuiet(s: AtPageFields, req: ControlReq): boolean {
  const r = pageRange(req);
  if (r === null) return true;
  const f: AtFence = { start: r[0], end: r[1], pid: req.pid };
  return (
    !anyIn(s.transactions, (t) => fenceHolds(f, t.req.address, t.req.pid)) &&
    !anyIn(s.inflight, (x) => fenceHolds(f, x.vAddr, x.pid))
  );
}

/**
 * True when the head of `Control` is a page verb (which {@link atPageControl}
 * takes instead of the universal middleware).
 *
 * @example
 * if (headIsPageVerb(io)) s = atPageControl(s, io, count);
 */
export function headIsPageVerb(io: StepIo): boolean {
  const m = io.peek('Control');
  return m !== undefined && m.kind === 'ControlReq' && isPageVerb(m.command);
}

/**
 * Acks a pending DrainPage once its page is quiet and `Control` has room;
 * returns the state (with `pageDrain` cleared when acked).
 *
 * @example
 * s = atPageDrainAck(s, io);
 */
export function atPageDrainAck<S extends AtPageFields>(s: S, io: StepIo): S {
  if (s.pageDrain === null || !pageQuiet(s, s.pageDrain) || !io.canSend('Control')) return s;
  io.send('Control', controlReply(s.pageDrain, io.fullName('Control'), s.nextId, true, ''));
  return { ...s, pageDrain: null, nextId: s.nextId + 1 };
}

/**
 * Takes the page verb at the head of `Control` (the caller checked
 * {@link headIsPageVerb}): FencePage sets the fence (a second fence
 * replaces the first), UnfencePage lifts it (held requests then go on, ahead
 * of `Top`), both acked at once when `Control` has room; DrainPage is taken
 * at once and acked later by {@link atPageDrainAck}. Other page verbs are
 * unsupported. `counted` is called once per command taken.
 *
 * @example
 * s = atPageControl(s, io, (x) => ({ ...x, stats: countControl(x.stats) }));
 */
export function atPageControl<S extends AtPageFields>(s: S, io: StepIo, counted: (s: S) => S): S {
  const m = io.peek('Control') as ControlReq;
  if (m.command === 'DrainPage') {
    io.pop('Control');
    return counted({ ...s, pageDrain: m });
  }
  if (!io.canSend('Control')) return s;
  io.pop('Control');
  const r = pageRange(m);
  const ok = m.command === 'FencePage' || m.command === 'UnfencePage';
  io.send('Control', controlReply(m, io.fullName('Control'), s.nextId, ok, ok ? '' : 'unsupported'));
  let next: S = { ...s, nextId: s.nextId + 1 };
  if (m.command === 'FencePage') {
    next = { ...next, fence: r === null ? null : { start: r[0], end: r[1], pid: m.pid } };
  } else if (m.command === 'UnfencePage') {
    next = { ...next, fence: null };
  }
  return counted(next);
}
