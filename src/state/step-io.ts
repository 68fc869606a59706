import type { Effect, Env, PortsView, StepResult, TickEvent } from './component';
import type { Msg } from './messages';
import type { Page } from './page';
import type { SimEvent } from './sim-events';
import { SimPanic } from './sim-panic';

/**
 * The imperative-looking port API a component's `step` uses while staying
 * pure: it reads the tick's read-only port view, remembers what this step
 * popped and sent, and records those as effects. Nothing is changed until
 * the kernel applies the effects.
 *
 * @example
 * const io = new StepIo(event, now);
 * const m = io.peek('Top');
 * if (m && io.canSend('Bottom')) { io.pop('Top'); io.send('Bottom', forward(m)); }
 * return io.result(nextState);
 */
export class StepIo {
  /** Effects recorded so far, in order. */
  readonly effects: Effect[] = [];
  private readonly popped: Record<string, number> = {};
  private readonly sent: Record<string, number> = {};
  private progressed = false;
  /** The shared environment (page table, workload status). */
  readonly env: Env;
  private readonly ports: PortsView;

  constructor(
    event: TickEvent,
    /** The current cycle. */
    readonly now: number,
  ) {
    this.ports = event.ports;
    this.env = event.env;
  }

  /** Full name of a local port. @example io.fullName('Top') === 'ROB[0].Top' */
  fullName(port: string): string {
    return this.view(port).fullName;
  }

  /** Head of `port`'s incoming buffer after this step's pops, or undefined. */
  peek(port: string): Msg | undefined {
    return this.view(port).incoming[this.popped[port] ?? 0];
  }

  /** Number of messages still waiting in `port`'s incoming buffer. */
  incomingLength(port: string): number {
    return this.view(port).incoming.length - (this.popped[port] ?? 0);
  }

  /** Removes and returns the head of `port`'s incoming buffer. */
  pop(port: string): Msg | undefined {
    const m = this.peek(port);
    if (m !== undefined) {
      this.popped[port] = (this.popped[port] ?? 0) + 1;
      this.effects.push({ kind: 'pop', port });
      this.progressed = true;
    }
    return m;
  }

  /** True when `port`'s outgoing buffer has room for one more message. */
  canSend(port: string): boolean {
    const v = this.view(port);
    return v.outgoingCount + (this.sent[port] ?? 0) < v.outgoingCap;
  }

  /**
   * Sends `msg` on `port`. Like the reference's port, panics when the buffer
   * is full or the message's `src`/`dst` are not valid for this port.
   */
  send(port: string, msg: Msg): void {
    const v = this.view(port);
    if (!this.canSend(port)) throw new SimPanic(`${v.fullName}: send on a full outgoing buffer`);
    if (msg.src !== v.fullName) throw new SimPanic(`${v.fullName}: message src ${msg.src} is not this port`);
    if (msg.dst === '' || msg.dst === msg.src)
      throw new SimPanic(`${v.fullName}: bad message dst '${msg.dst}'`);
    this.sent[port] = (this.sent[port] ?? 0) + 1;
    this.effects.push({ kind: 'send', port, msg });
    this.progressed = true;
  }

  /** Marks this tick as having made progress (tick again next cycle). */
  progress(): void {
    this.progressed = true;
  }

  /** True if this step popped, sent or declared progress so far. */
  get madeProgress(): boolean {
    return this.progressed;
  }

  /** Writes a page-table entry (only the migration controller does this). */
  setPage(page: Page): void {
    this.effects.push({ kind: 'setPage', page });
  }

  /** Reports an observable event. */
  emit(event: SimEvent): void {
    this.effects.push({ kind: 'emit', event });
  }

  /** Finishes the step: the next state plus the recorded effects. */
  result<S>(state: S): StepResult<S> {
    if (this.progressed) this.effects.push({ kind: 'progress' });
    return [state, this.effects];
  }

  private view(port: string) {
    const v = this.ports[port];
    if (v === undefined) throw new SimPanic(`no port named ${port}`);
    return v;
  }
}
