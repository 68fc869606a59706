/**
 * Where a component sits in the machine: with one agent (its ROB, AT, L1
 * cache and L1 TLB), with one memory device (its controller), in the shared
 * hierarchy (L2 cache, L2 TLB, MMU) or in the migration machinery
 * (controller and data mover). Traces draw one process per group; the
 * statistics table groups rows by it.
 *
 * @example
 * const g: ComponentGroup = { kind: 'agent', index: 0, label: 'Agent 0' };
 */
export interface ComponentGroup {
  readonly kind: 'agent' | 'device' | 'shared' | 'migration';
  /** Agent or device number; 0 for the shared and migration groups. */
  readonly index: number;
  /** A human label, e.g. `Agent 1`, `Device 0`, `Shared hierarchy`. */
  readonly label: string;
}

const INDEXED = /^(.*)\[(\d+)\]$/;

/**
 * The group of the component named `name` (the topology's names:
 * `MemCtrl[d]` → device d; any other `X[i]` → agent i; the migration
 * controller and the data mover → migration; everything else → shared).
 *
 * @example
 * componentGroup('L1Cache[1]'); // { kind: 'agent', index: 1, label: 'Agent 1' }
 * componentGroup('MemCtrl[0]'); // { kind: 'device', index: 0, label: 'Device 0' }
 */
export function componentGroup(name: string): ComponentGroup {
  const m = INDEXED.exec(name);
  if (m !== null) {
    const index = Number(m[2]);
    if (m[1] === 'MemCtrl') return { kind: 'device', index, label: `Device ${index}` };
    return { kind: 'agent', index, label: `Agent ${index}` };
  }
  if (name === 'MigrationController' || name === 'DataMover')
    return { kind: 'migration', index: 0, label: 'Migration' };
  return { kind: 'shared', index: 0, label: 'Shared hierarchy' };
}

/**
 * The device agent `agent` is attached to (its NUMA node): `agent mod
 * devices`. An access is *local* when the page it touches lives on that
 * device at the time of the access, *remote* otherwise.
 *
 * @example
 * agentHomeDevice(3, 2) === 1;
 */
export function agentHomeDevice(agent: number, devices: number): number {
  return agent % Math.max(1, devices);
}
