import { type ComponentGroup, componentGroup } from '../stats/component-group';
import type { TraceEvent } from './trace-event';

/** Where one component is drawn: its process (group) and thread. @example const t: TrackId = { pid: 100, tid: 10 }; */
export interface TrackId {
  readonly pid: number;
  readonly tid: number;
}

const THREAD_ORDER = [
  'MigrationController',
  'DataMover',
  'MemAccessAgent',
  'ROB',
  'AT',
  'L1Cache',
  'L1TLB',
  'L2Cache',
  'L2TLB',
  'IoMMU',
  'MemCtrl',
];

/** Process id of a group: migration 1, shared hierarchy 2, agent i 100+i, device d 1000+d. @example groupPid(componentGroup('ROB[3]')) === 103 */
export function groupPid(g: ComponentGroup): number {
  switch (g.kind) {
    case 'migration':
      return 1;
    case 'shared':
      return 2;
    case 'agent':
      return 100 + g.index;
    case 'device':
      return 1000 + g.index;
  }
}

function processOrder(g: ComponentGroup): number {
  switch (g.kind) {
    case 'migration':
      return 0;
    case 'agent':
      return 10 + g.index;
    case 'shared':
      return 1000;
    case 'device':
      return 2000 + g.index;
  }
}

/**
 * The trace's processes and threads: one process per group (the migration
 * machinery, each agent with its ROB, AT, L1 cache and L1 TLB, the shared
 * hierarchy, each memory device) and one thread per component (thread id =
 * kernel index + 1), with the metadata events that name and order them.
 *
 * @example
 * const layout = new TraceLayout(topo.sim.components.map((c) => c.name));
 * layout.track('L2Cache'); // { pid: 2, tid: … }
 */
export class TraceLayout {
  private readonly tracks = new Map<string, TrackId>();
  private readonly groups = new Map<number, ComponentGroup>();

  constructor(readonly componentNames: readonly string[]) {
    componentNames.forEach((name, i) => {
      const g = componentGroup(name);
      const pid = groupPid(g);
      this.groups.set(pid, g);
      this.tracks.set(name, { pid, tid: i + 1 });
    });
  }

  /** The track of the component named `name` (the shared hierarchy's process, thread 0, when unknown). */
  track(name: string): TrackId {
    return this.tracks.get(name) ?? { pid: 2, tid: 0 };
  }

  /** The process of agent `agent`. */
  agentPid(agent: number): number {
    return 100 + agent;
  }

  /** Thread of agent `agent`'s memory-access agent. */
  agentTrack(agent: number): TrackId {
    return this.track(`MemAccessAgent[${agent}]`);
  }

  /** Metadata events: process and thread names and sort orders. */
  metadata(): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (const [pid, g] of this.groups) {
      out.push({ ph: 'M', name: 'process_name', pid, args: { name: g.label } });
      out.push({ ph: 'M', name: 'process_sort_index', pid, args: { sort_index: processOrder(g) } });
    }
    for (const [name, t] of this.tracks) {
      const base = name.replace(/\[\d+\]$/, '');
      const order = THREAD_ORDER.indexOf(base);
      out.push({ ph: 'M', name: 'thread_name', pid: t.pid, tid: t.tid, args: { name } });
      out.push({
        ph: 'M',
        name: 'thread_sort_index',
        pid: t.pid,
        tid: t.tid,
        args: { sort_index: order < 0 ? THREAD_ORDER.length : order },
      });
    }
    return out;
  }
}
