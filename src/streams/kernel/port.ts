import type { PortView } from '../../state/contract/component';
import type { Msg } from '../../state/contract/messages';

/**
 * What a port and the kernel's send path need of the connection a port is
 * plugged into ({@link Connection} implements it; kept apart so the port
 * does not import the connection).
 *
 * @example
 * const c: PortConnection | null = port.connection;
 */
export interface PortConnection {
  /** Plugged ports, in plug-in order. */
  readonly ports: readonly Port[];
  /** Cycle of the pending transfer round, or -1. */
  scheduledAt: number;
  /** Index among the simulation's connections. */
  readonly index: number;
}

/**
 * An empty array whose elements are already of the "any object" kind: a
 * fresh `[]` holds small integers until its first push, and the first
 * message pushed into a port used only late in a run (Control ports,
 * migrations) would otherwise deoptimize the kernel's optimized link round.
 */
function objectArray(): Msg[] {
  const a: unknown[] = [null];
  a.pop();
  return a as Msg[];
}

/**
 * A port's buffers, owned by the kernel: a bounded incoming FIFO and a
 * bounded outgoing FIFO (16 each by default, components.md §0.4). Components
 * see it read-only through {@link PortView}; only the kernel changes it.
 *
 * @example
 * const p = new Port('ROB[0].Top', 0, 16, 16);
 * p.incoming.length === 0;
 */
export class Port implements PortView {
  /** Incoming messages, head first. */
  readonly incoming: Msg[] = objectArray();
  /** Outgoing messages, head first. */
  readonly outgoing: Msg[] = objectArray();
  /** The connection this port is plugged into, if any. */
  connection: PortConnection | null = null;
  /**
   * Credits the link holds for this port's incoming buffer: free slots not
   * yet promised to a sender. A delivery spends one; a pop returns one.
   */
  credits: number;
  /**
   * The kernel's one-entry cache of where this port's messages go: the last
   * `dst` name a link round looked up, and the port of that name on this
   * port's connection (components send most messages to one peer).
   */
  lastDst: string | null = null;
  lastDstPort: Port | null = null;
  /**
   * Called by the link for every message delivered into this port's
   * incoming buffer (an observer: it must not change the simulation). Null
   * by default, so an unwatched port costs one comparison per delivery.
   */
  onArrive: ((msg: Msg, now: number) => void) | null = null;

  constructor(
    readonly fullName: string,
    /** Index of the owning component in the simulation. */
    readonly owner: number,
    readonly incomingCap: number,
    readonly outgoingCap: number,
  ) {
    this.credits = incomingCap;
  }

  /** Number of messages in the outgoing buffer. */
  get outgoingCount(): number {
    return this.outgoing.length;
  }
}
