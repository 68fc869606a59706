import type { Port } from './port';

/**
 * A direct connection (components.md §0.5): a set of plugged ports and a
 * rotating start index. Each transfer round visits every port once, starting
 * at `next`, and forwards its outgoing head while the destination has
 * credit; a destination without credit blocks that source's head of line.
 * Per-sender order is FIFO, and senders into a shared receiver interleave
 * in rotating order. A transfer round is one hop: a message sent in cycle c
 * is delivered at the end of cycle c and handled in cycle c+1.
 *
 * @example
 * const c = new Connection('ConnL1L2');
 * c.plug(l1Bottom); c.plug(l2Top);
 */
export class Connection {
  /** Plugged ports, in plug-in order. */
  readonly ports: Port[] = [];
  /** Rotating start index. */
  next = 0;
  /** Cycle of the pending transfer round, or -1. */
  scheduledAt = -1;
  /** Index among the simulation's connections (set when it is connected; -1 before). */
  index = -1;
  private readonly byName = new Map<string, Port>();

  constructor(readonly name: string) {}

  /** Plugs `port` in. @example c.plug(port) */
  plug(port: Port): void {
    if (port.connection !== null) throw new Error(`${port.fullName} is already connected`);
    port.connection = this;
    this.ports.push(port);
    this.byName.set(port.fullName, port);
  }

  /** The plugged port named `fullName`, if any. */
  find(fullName: string): Port | undefined {
    return this.byName.get(fullName);
  }
}
