import type { Subject } from 'rxjs/internal/Subject';
import type { EffectHandler } from '../../state/contract/apply-effects';
import type { Msg } from '../../state/contract/messages';
import type { SimEvent } from '../../state/contract/sim-events';
import { SimPanic } from '../../state/contract/sim-panic';
import type { Page } from '../../state/memory/page';
import type { PageTable } from '../../state/memory/page-table';
import type { ComponentSlot } from './component-slot';
import type { PortConnection } from './port';
import type { SimRecord } from './simulation-types';

/**
 * What the kernel's effect handler needs of the simulation: its mode, its
 * components, the shared page table, the event outlets and its wake, sleep
 * and link scheduling. `Simulation` implements it.
 *
 * @example
 * const effects = new KernelEffects(sim);
 */
export interface EffectsHost {
  readonly eager: boolean;
  readonly components: readonly ComponentSlot[];
  pageTable: PageTable;
  readonly onEvent: ((record: SimRecord) => void) | null;
  readonly events$: Subject<SimRecord>;
  wake(slot: ComponentSlot, at: number): void;
  sleep(slot: ComponentSlot, at: number): void;
  wakeForCredit(slot: ComponentSlot, at: number): void;
  scheduleLink(conn: PortConnection, at: number): void;
}

/**
 * The kernel's {@link EffectHandler}: performs the effects of the step of
 * {@link slot} at cycle {@link now} (both set by the kernel before each
 * `applyEffects`) on the real ports — pops free a credit and wake the
 * connection's senders when the buffer was full, sends queue the link — and
 * turns `progress`, `wakeAt` and `idleNext` into the slot's next tick, real
 * or lazy (see docs/architecture.md, "Sleep and wake").
 *
 * @example
 * effects.slot = slot; effects.now = now;
 * applyEffects(stepEffects, effects);
 */
export class KernelEffects implements EffectHandler {
  /** The component whose step's effects are being performed. */
  slot: ComponentSlot = null as unknown as ComponentSlot;
  /** The cycle of that step. */
  now = 0;

  constructor(private readonly sim: EffectsHost) {}

  pop(name: string): void {
    const port = this.slot.port(name);
    port.incoming.shift();
    const wasFull = port.credits === 0;
    port.credits++;
    const conn = port.connection;
    if (wasFull && conn !== null) {
      const sim = this.sim;
      const at = this.now + 1;
      for (const other of conn.ports) if (other !== port) sim.wakeForCredit(sim.components[other.owner], at);
      sim.scheduleLink(conn, this.now);
    }
  }

  send(name: string, msg: Msg): void {
    const port = this.slot.port(name);
    if (port.outgoing.length >= port.outgoingCap)
      throw new SimPanic(`${port.fullName}: send on a full buffer`);
    const wasEmpty = port.outgoing.length === 0;
    port.outgoing.push(msg);
    if (port.connection === null) throw new SimPanic(`${port.fullName}: send on an unconnected port`);
    if (wasEmpty) this.sim.scheduleLink(port.connection, this.now);
  }

  progress(): void {
    this.sim.wake(this.slot, this.now + 1);
  }

  wakeAt(cycle: number): void {
    const slot = this.slot;
    const next = this.now + 1;
    if (cycle <= next || this.sim.eager) this.sim.wake(slot, next);
    else {
      slot.sleepUntil = cycle;
      this.sim.sleep(slot, next);
    }
  }

  idleNext(): void {
    const slot = this.slot;
    if (this.sim.eager || !slot.quietIdle) this.sim.wake(slot, this.now + 1);
    else {
      // the reference's next tick does nothing, so the component is then quiet
      slot.quiet = true;
      this.sim.sleep(slot, this.now + 1);
    }
  }

  setPage(page: Page): void {
    this.sim.pageTable = this.sim.pageTable.update(page);
  }

  emit(event: SimEvent): void {
    const sim = this.sim;
    const rec: SimRecord = { cycle: this.now, source: this.slot.name, event };
    if (sim.onEvent !== null) sim.onEvent(rec);
    if (sim.events$.observed) sim.events$.next(rec);
  }
}
