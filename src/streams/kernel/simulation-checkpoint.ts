import type { Msg } from '../../state/contract/messages';
import type { PageTable } from '../../state/memory/page-table';
import type { SimScheduler } from '../scheduler/sim-scheduler';
import { type ComponentSlot, KernelTask, TASK_LAZY, TASK_LINK } from './component-slot';
import type { Connection } from './connection';
import type { Port } from './port';
import type { SimulationSnapshot, TaskRef } from './simulation-types';
import { decodeState, encodeState } from './state-codec';

/**
 * The kernel's parts as a JSON-safe {@link SimulationSnapshot}: component
 * states and sleep bookkeeping, port buffers and credits, link rotation,
 * the event queue (kernel tasks by reference), the page table and the
 * transfer count. `Simulation.snapshot()` calls it.
 *
 * @example
 * const snap = snapshotKernel(sim.components, ports, sim.connections, sim.scheduler, sim.pageTable, sim.transfersDone);
 */
export function snapshotKernel(
  components: readonly ComponentSlot[],
  ports: readonly Port[],
  links: readonly Connection[],
  scheduler: SimScheduler,
  pageTable: PageTable,
  transfersDone: number,
): SimulationSnapshot {
  return {
    components: components.map((c) => ({
      name: c.name,
      state: encodeState(c.state),
      scheduledAt: c.scheduledAt,
      ticks: c.ticks,
      sleepUntil: c.sleepUntil,
      sleeperAt: c.sleeperAt,
      quiet: c.quiet,
      realAt: c.realAt,
      skipped: c.skipped,
    })),
    ports: ports.map((p) => ({
      name: p.fullName,
      incoming: encodeState(p.incoming),
      outgoing: encodeState(p.outgoing),
      credits: p.credits,
    })),
    links: links.map((c) => ({ name: c.name, next: c.next, scheduledAt: c.scheduledAt })),
    scheduler: scheduler.snapshot<TaskRef>((t) => {
      if (t instanceof KernelTask) {
        if (t.kind === TASK_LINK) return { link: links.indexOf(t.conn as Connection) };
        const index = (t.slot as ComponentSlot).index;
        return t.kind === TASK_LAZY ? { component: index, sleeping: true } : { component: index };
      }
      return null;
    }),
    pageTable: encodeState(pageTable),
    transfersDone,
  };
}

/**
 * Puts a snapshot's component states, port buffers and link rotation back
 * into a kernel built the same way (same components, ports and links, by
 * name); throws when they differ. `Simulation.restore()` calls it and then
 * restores the event queue, the page table and the counters.
 *
 * @example
 * restoreKernel(snap, sim.components, sim.connections, (name) => sim.port(name));
 */
export function restoreKernel(
  snap: SimulationSnapshot,
  components: readonly ComponentSlot[],
  links: readonly Connection[],
  port: (fullName: string) => Port,
): void {
  if (snap.components.length !== components.length) throw new Error('snapshot: component count differs');
  snap.components.forEach((c, i) => {
    const slot = components[i];
    if (slot.name !== c.name) throw new Error(`snapshot: component ${i} is ${c.name}, not ${slot.name}`);
    slot.state = decodeState(c.state);
    slot.scheduledAt = c.scheduledAt;
    slot.ticks = c.ticks;
    slot.sleepUntil = c.sleepUntil ?? -1;
    slot.sleeperAt = c.sleeperAt ?? -1;
    slot.quiet = c.quiet ?? false;
    slot.realAt = c.realAt ?? -1;
    slot.skipped = c.skipped ?? 0;
  });
  for (const p of snap.ports) {
    const target = port(p.name);
    target.incoming.splice(0, target.incoming.length, ...(decodeState(p.incoming) as Msg[]));
    target.outgoing.splice(0, target.outgoing.length, ...(decodeState(p.outgoing) as Msg[]));
    target.credits = p.credits;
  }
  snap.links.forEach((l, i) => {
    const c = links[i];
    if (c.name !== l.name) throw new Error(`snapshot: link ${i} is ${l.name}, not ${c.name}`);
    c.next = l.next;
    c.scheduledAt = l.scheduledAt;
  });
}
