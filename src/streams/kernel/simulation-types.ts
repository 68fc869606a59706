import type { Msg } from '../../state/contract/messages';
import type { SimEvent } from '../../state/contract/sim-events';
import type { PageTable } from '../../state/memory/page-table';
import type { SchedulerSnapshot } from '../scheduler/sim-scheduler';

import type { Encoded } from './state-codec';

/**
 * What a queued kernel event runs: a component tick, a sleeping component's
 * place in the tick order (`sleeping`), or a link transfer round.
 */
export type TaskRef = { readonly component: number; readonly sleeping?: true } | { readonly link: number };

/**
 * The whole kernel state as JSON-safe data: component states, port buffers
 * and credits, link rotation, the event queue, the page table and counters.
 * Restoring it into a simulation built the same way resumes the run exactly.
 */
export interface SimulationSnapshot {
  readonly components: ReadonlyArray<{
    readonly name: string;
    readonly state: Encoded;
    readonly scheduledAt: number;
    readonly ticks: number;
    readonly sleepUntil?: number;
    readonly sleeperAt?: number;
    readonly quiet?: boolean;
    readonly realAt?: number;
    readonly skipped?: number;
  }>;
  readonly ports: ReadonlyArray<{
    readonly name: string;
    readonly incoming: Encoded;
    readonly outgoing: Encoded;
    readonly credits: number;
  }>;
  readonly links: ReadonlyArray<{
    readonly name: string;
    readonly next: number;
    readonly scheduledAt: number;
  }>;
  readonly scheduler: SchedulerSnapshot<TaskRef>;
  readonly pageTable: Encoded;
  readonly transfersDone: number;
}

/** One observable simulation event with when and where it happened. */
export interface SimRecord {
  readonly cycle: number;
  readonly source: string;
  readonly event: SimEvent;
}

/** One message moved across a link. */
export interface LinkTransfer {
  readonly cycle: number;
  readonly connection: string;
  readonly msg: Msg;
}

/** Options of `Simulation`. */
export interface SimulationOptions {
  /** Seed of the same-cycle tie-break permutation; omit for schedule order. */
  readonly tieBreakSeed?: number;
  /** The initial page table. */
  readonly pageTable?: PageTable;
  /** Step every tick the reference would run (no sleeping or quiet skipping); see `Simulation.eager`. */
  readonly eager?: boolean;
  /** Deep-freeze every component state after each step (the purity check); see `Simulation.freezeStates`. */
  readonly freezeStates?: boolean;
  /**
   * Step every component through its RxJS operator (`componentOperator`)
   * instead of calling `step` directly — a check that the two paths are one
   * (the traces are equal). Off by default: each component then chooses
   * with {@link AddComponentOptions.throughOperator}.
   */
  readonly throughOperators?: boolean;
}

/**
 * Options of `Simulation.addComponent`.
 *
 * @example
 * sim.addComponent(migrationControllerModel, spec, 'MigrationController', 16, { throughOperator: true });
 */
export interface AddComponentOptions {
  /**
   * Step this component through its RxJS operator (`componentOperator`,
   * driven by the kernel's ticks) rather than by a direct `step` call; the
   * scenarios do so for the migration controller.
   */
  readonly throughOperator?: boolean;
}
