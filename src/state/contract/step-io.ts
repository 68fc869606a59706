import type { Page } from '../memory/page';
import type { Effect, Env, PortView, StepResult, TickEvent } from './component';
import type { Msg } from './messages';
import type { SimEvent } from './sim-events';
import { SimPanic } from './sim-panic';

const PROGRESS: Effect = Object.freeze({ kind: 'progress' });
const IDLE_NEXT: Effect = Object.freeze({ kind: 'idleNext' });
/**
 * The effect lists of steps that only ask for their next tick (about a
 * fifth of all steps) or do nothing: shared and frozen, so such a step
 * allocates no list.
 */
const ONLY_PROGRESS: readonly Effect[] = Object.freeze([PROGRESS]);
const ONLY_IDLE_NEXT: readonly Effect[] = Object.freeze([IDLE_NEXT]);
const NO_EFFECTS: readonly Effect[] = Object.freeze([]);
const NO_NAMES: readonly string[] = [];
/** Pop effects are immutable and the same for every pop of a port: shared, one per port name. */
const POPS = new Map<string, Effect>();

function popEffect(port: string): Effect {
  let e = POPS.get(port);
  if (e === undefined) {
    e = Object.freeze({ kind: 'pop', port }) as Effect;
    POPS.set(port, e);
  }
  return e;
}

/**
 * The imperative-looking port API a component's `step` uses while staying
 * pure: it reads the tick's read-only port view, remembers what this step
 * popped and sent, and records those as effects. Nothing is changed until
 * the kernel applies the effects.
 *
 * Ports are found by name in the event's `portNames`/`portViews` lists (the
 * kernel builds them once per component), or in its `ports` record.
 *
 * @example
 * const io = new StepIo(event, now);
 * const m = io.peek('Top');
 * if (m && io.canSend('Bottom')) { io.pop('Top'); io.send('Bottom', forward(m)); }
 * return io.result(nextState);
 */
export class StepIo {
  /**
   * Effects recorded so far, in order: the first three in fields, the rest
   * in `more` — so the list `result` returns is built at its exact size
   * (a growing array would reserve 16 spare slots on its second push).
   */
  private n = 0;
  private e0: Effect | null = null;
  private e1: Effect | null = null;
  private e2: Effect | null = null;
  private more: Effect[] | null = null;
  private readonly names: readonly string[];
  private readonly views: readonly PortView[];
  /** Messages popped / sent this step, for the first four ports (then in the arrays). */
  private pop0 = 0;
  private pop1 = 0;
  private pop2 = 0;
  private pop3 = 0;
  private sent0 = 0;
  private sent1 = 0;
  private sent2 = 0;
  private sent3 = 0;
  private popMore: number[] | null = null;
  private sentMore: number[] | null = null;
  private progressed = false;
  private wake = -1;
  private idle = false;
  /** The shared environment (page table, workload status). */
  readonly env: Env;

  constructor(
    event: TickEvent,
    /** The current cycle. */
    readonly now: number,
  ) {
    this.env = event.env;
    if (event.portNames !== undefined && event.portViews !== undefined) {
      this.names = event.portNames;
      this.views = event.portViews;
    } else {
      const names = Object.keys(event.ports);
      this.names = names.length > 0 ? names : NO_NAMES;
      this.views = names.map((n) => event.ports[n]);
    }
  }

  /** Full name of a local port. @example io.fullName('Top') === 'ROB[0].Top' */
  fullName(port: string): string {
    return this.views[this.index(port)].fullName;
  }

  /** Head of `port`'s incoming buffer after this step's pops, or undefined. */
  peek(port: string): Msg | undefined {
    const i = this.index(port);
    return this.views[i].incoming[this.popped(i)];
  }

  /** Number of messages still waiting in `port`'s incoming buffer. */
  incomingLength(port: string): number {
    const i = this.index(port);
    return this.views[i].incoming.length - this.popped(i);
  }

  /** Removes and returns the head of `port`'s incoming buffer. */
  pop(port: string): Msg | undefined {
    const i = this.index(port);
    const m = this.views[i].incoming[this.popped(i)];
    if (m !== undefined) {
      if (i === 0) this.pop0++;
      else if (i === 1) this.pop1++;
      else if (i === 2) this.pop2++;
      else if (i === 3) this.pop3++;
      else {
        this.popMore ??= new Array(this.names.length).fill(0);
        this.popMore[i]++;
      }
      this.record(popEffect(port));
      this.progressed = true;
    }
    return m;
  }

  /** True when `port`'s outgoing buffer has room for one more message. */
  canSend(port: string): boolean {
    const i = this.index(port);
    const v = this.views[i];
    return v.outgoingCount + this.sentCount(i) < v.outgoingCap;
  }

  /**
   * Sends `msg` on `port`. Like the reference's port, panics when the buffer
   * is full or the message's `src`/`dst` are not valid for this port.
   */
  send(port: string, msg: Msg): void {
    const i = this.index(port);
    const v = this.views[i];
    if (!this.canSend(port)) throw new SimPanic(`${v.fullName}: send on a full outgoing buffer`);
    if (msg.src !== v.fullName) throw new SimPanic(`${v.fullName}: message src ${msg.src} is not this port`);
    if (msg.dst === '' || msg.dst === msg.src)
      throw new SimPanic(`${v.fullName}: bad message dst '${msg.dst}'`);
    if (i === 0) this.sent0++;
    else if (i === 1) this.sent1++;
    else if (i === 2) this.sent2++;
    else if (i === 3) this.sent3++;
    else {
      this.sentMore ??= new Array(this.names.length).fill(0);
      this.sentMore[i]++;
    }
    this.record({ kind: 'send', port, msg });
    this.progressed = true;
  }

  /** Marks this tick as having made progress (tick again next cycle). */
  progress(): void {
    this.progressed = true;
  }

  /**
   * Declares that the ticks after this one, up to but not including `cycle`,
   * would only let time pass: the kernel may skip them (and replays them
   * with the model's `sleep.catchUp` before the next step). Replaces progress; a
   * `cycle` of the next cycle or earlier is plain progress. Only call it when
   * every skipped tick would really change nothing but time — no message
   * taken, sent or retried with a different outcome.
   */
  wakeAt(cycle: number): void {
    this.wake = this.wake < 0 ? cycle : Math.min(this.wake, cycle);
  }

  /**
   * Declares that the next tick would do nothing at all — no effect, the
   * same state — unless a message arrives in an empty incoming buffer or a
   * full outgoing buffer drains before it: judge it by the ports as this
   * step leaves them ({@link peek}, {@link canSend} after this step's pops
   * and sends) and the next state. Only for a `quietIdle` model whose step
   * reads neither the time nor the environment. If this step made progress,
   * the kernel then keeps that tick's place in the tick order without
   * running `step` (as for a quiet component); a {@link wakeAt} wins.
   *
   * @example
   * if (io.incomingLength('Top') === 0) io.idleNext();
   */
  idleNext(): void {
    this.idle = true;
  }

  /** True if this step popped, sent or declared progress so far. */
  get madeProgress(): boolean {
    return this.progressed;
  }

  /** Writes a page-table entry (only the migration controller does this). */
  setPage(page: Page): void {
    this.record({ kind: 'setPage', page });
  }

  /** Reports an observable event. */
  emit(event: SimEvent): void {
    this.record({ kind: 'emit', event });
  }

  /** Effects recorded so far, in order (a copy). @example io.effects.length */
  get effects(): readonly Effect[] {
    return this.n === 0 ? NO_EFFECTS : this.recorded(null);
  }

  /**
   * Finishes the step: the next state plus the recorded effects. The
   * effect list is the caller's to read, never to change (lists of steps
   * that only ask for their next tick are shared and frozen).
   */
  result<S>(state: S): StepResult<S> {
    let last: Effect | null = null;
    if (this.wake >= 0) last = { kind: 'wakeAt', cycle: this.wake };
    else if (this.progressed) {
      if (this.n === 0) return [state, this.idle ? ONLY_IDLE_NEXT : ONLY_PROGRESS];
      last = this.idle ? IDLE_NEXT : PROGRESS;
    }
    if (this.n === 0) return [state, last === null ? NO_EFFECTS : [last]];
    return [state, this.recorded(last)];
  }

  private record(e: Effect): void {
    const n = this.n++;
    if (n === 0) this.e0 = e;
    else if (n === 1) this.e1 = e;
    else if (n === 2) this.e2 = e;
    else if (this.more === null) this.more = [e];
    else this.more.push(e);
  }

  /** The recorded effects (n > 0) plus `last` if given, as a new exact-size list. */
  private recorded(last: Effect | null): Effect[] {
    const e0 = this.e0 as Effect;
    const e1 = this.e1 as Effect;
    const e2 = this.e2 as Effect;
    switch (this.n) {
      case 1:
        return last === null ? [e0] : [e0, last];
      case 2:
        return last === null ? [e0, e1] : [e0, e1, last];
      case 3:
        return last === null ? [e0, e1, e2] : [e0, e1, e2, last];
      default: {
        const out = [e0, e1, e2].concat(this.more as Effect[]);
        if (last !== null) out.push(last);
        return out;
      }
    }
  }

  private popped(i: number): number {
    if (i === 0) return this.pop0;
    if (i === 1) return this.pop1;
    if (i === 2) return this.pop2;
    if (i === 3) return this.pop3;
    return this.popMore === null ? 0 : this.popMore[i];
  }

  private sentCount(i: number): number {
    if (i === 0) return this.sent0;
    if (i === 1) return this.sent1;
    if (i === 2) return this.sent2;
    if (i === 3) return this.sent3;
    return this.sentMore === null ? 0 : this.sentMore[i];
  }

  private index(port: string): number {
    const names = this.names;
    for (let i = 0; i < names.length; i++) if (names[i] === port) return i;
    throw new SimPanic(`no port named ${port}`);
  }
}
