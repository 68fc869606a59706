// the Observable module alone: the 'rxjs' index loads every operator (~60 ms at start-up); same class
import { Observable } from 'rxjs/internal/Observable';
import type { Subject } from 'rxjs/internal/Subject';
import type { LinkTransfer } from './simulation-types';

/**
 * One connection's traffic as a cold RxJS `Observable`: every message it
 * moves, with the cycle, from the moment of subscription. Nothing is built
 * or emitted while nobody subscribes (the kernel skips its transfer stream
 * when it has no observer), so watching a link costs nothing until used.
 * An unknown connection name errors the observable on subscribe.
 *
 * @example
 * connectionTraffic(sim, 'ConnL1L2')
 *   .subscribe((t) => console.log(t.cycle, t.msg.kind, t.msg.src, '→', t.msg.dst));
 */
export function connectionTraffic(
  sim: {
    readonly transfers$: Subject<LinkTransfer>;
    readonly connections: readonly { readonly name: string }[];
  },
  name: string,
): Observable<LinkTransfer> {
  return new Observable<LinkTransfer>((sub) => {
    if (!sim.connections.some((c) => c.name === name)) {
      sub.error(
        new Error(`no connection named ${name} (known: ${sim.connections.map((c) => c.name).join(', ')})`),
      );
      return undefined;
    }
    return sim.transfers$.subscribe((t) => {
      if (t.connection === name) sub.next(t);
    });
  });
}
