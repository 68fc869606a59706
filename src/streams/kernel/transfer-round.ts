import type { Subject } from 'rxjs/internal/Subject';
import { SimPanic } from '../../state/contract/sim-panic';
import type { Connection } from './connection';
import type { Port, PortConnection } from './port';
import type { LinkTransfer } from './simulation-types';

/**
 * What a transfer round needs of the kernel: the transfer counter and
 * stream, the name of what runs (for panics), and its wake and link
 * scheduling. `Simulation` implements it.
 *
 * @example
 * transferRound(sim, sim.connections[0], sim.scheduler.now());
 */
export interface TransferHost {
  transfersDone: number;
  readonly transfers$: Subject<LinkTransfer>;
  current: string;
  wake(slot: number, at: number): void;
  scheduleLink(conn: PortConnection, at: number): void;
}

/**
 * One transfer round of a direct connection (components.md §0.5): every
 * plugged port once, starting at the rotating index, forwarding its
 * outgoing head while the destination has credit (a destination without
 * credit blocks that source's head of line); senders and receivers woken
 * for the next cycle; another round queued while anything moved.
 *
 * @example
 * transferRound(sim, conn, now);
 */
export function transferRound(host: TransferHost, conn: Connection, now: number): void {
  if (conn.scheduledAt === now) conn.scheduledAt = -1;
  const ports = conn.ports;
  const P = ports.length;
  let moved = false;
  const observed = host.transfers$.observed;
  let at = conn.next;
  for (let k = 0; k < P; k++) {
    const src = ports[at];
    at = at + 1 === P ? 0 : at + 1;
    while (src.outgoing.length > 0) {
      const msg = src.outgoing[0];
      const dstName = msg.dst;
      let dst: Port | undefined;
      if (dstName === src.lastDst) dst = src.lastDstPort as Port;
      else {
        dst = conn.find(dstName);
        if (dst === undefined) {
          host.current = conn.name;
          throw new SimPanic(`${conn.name}: no port named ${dstName} (from ${msg.src})`);
        }
        src.lastDst = dstName;
        src.lastDstPort = dst;
      }
      if (dst.credits === 0) break;
      dst.credits--;
      const dstWasEmpty = dst.incoming.length === 0;
      dst.incoming.push(msg);
      const srcWasFull = src.outgoing.length === src.outgoingCap;
      src.outgoing.shift();
      moved = true;
      host.transfersDone++;
      if (srcWasFull) host.wake(src.owner, now + 1);
      if (dstWasEmpty) host.wake(dst.owner, now + 1);
      if (dst.onArrive !== null) dst.onArrive(msg, now);
      if (observed) host.transfers$.next({ cycle: now, connection: conn.name, msg });
    }
  }
  conn.next = conn.next + 1 === P ? 0 : conn.next + 1;
  if (moved) host.scheduleLink(conn, now + 1);
}
