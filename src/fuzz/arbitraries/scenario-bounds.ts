/**
 * The size limits of generated scenarios, kept apart from the arbitraries
 * so that the command line can read the defaults without loading fast-check.
 */

/** What generated topologies look like. */
export interface TopologyBounds {
  /** Most agents (1–4 by default). */
  readonly maxAgents: number;
  /** Most memory devices (1–3 by default). */
  readonly maxDevices: number;
  /** Per-agent ranges to choose from, in bytes (a few pages at most so pages migrate many times). */
  readonly ranges: readonly number[];
}

/**
 * Default topology bounds: 1–4 agents, 1–3 devices, ranges from 64 B to 2 pages.
 *
 * @example
 * DEFAULT_TOPOLOGY_BOUNDS.maxAgents === 4;
 */
export const DEFAULT_TOPOLOGY_BOUNDS: TopologyBounds = {
  maxAgents: 4,
  maxDevices: 3,
  ranges: [64, 256, 1024, 4096, 8192],
};

/** What generated scenarios look like. */
export interface ScenarioBounds extends TopologyBounds {
  /** Most accesses per agent. */
  readonly maxAccesses: number;
  /** Most migrations per run. */
  readonly maxMigrations: number;
  /** Latest cycle a migration may be scheduled at. */
  readonly horizon: number;
}

/**
 * Defaults: the small topologies, up to 50 accesses per agent and 3 migrations in the first 1500 cycles.
 *
 * @example
 * const bounds: ScenarioBounds = { ...DEFAULT_SCENARIO_BOUNDS, maxAgents: 2 };
 */
export const DEFAULT_SCENARIO_BOUNDS: ScenarioBounds = {
  ...DEFAULT_TOPOLOGY_BOUNDS,
  maxAccesses: 50,
  maxMigrations: 3,
  horizon: 1500,
};

/**
 * Defaults of the dense space (`fuzz --space dense`, the default): 1–4
 * agents on 2–3 devices, ranges from a quarter page to 4 pages per agent (so
 * a run often has more pages than its tiny TLBs hold), up to 50 accesses
 * per agent, up to 3 migration groups (each one migration, a round trip or
 * two back-to-back migrations of one page), the first at cycle 4–48 so it
 * starts while the agents' first requests are in flight.
 *
 * @example
 * DENSE_SCENARIO_BOUNDS.horizon === 48;
 */
export const DENSE_SCENARIO_BOUNDS: ScenarioBounds = {
  maxAgents: 4,
  maxDevices: 3,
  ranges: [256, 4096, 8192, 16384],
  maxAccesses: 50,
  maxMigrations: 3,
  horizon: 48,
};
