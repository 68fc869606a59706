import type { FrameViolation, FrameViolationKind } from '../oracle/frame-violation';
import type { HazardCounts } from '../oracle/hazard-names';
import type { ValueMismatch } from '../oracle/value-oracle';
import type { RunStats } from '../stats/run-stats';
import type { ScenarioConfig } from './scenario-config';

/**
 * How a run failed: a value mismatch, a liveness failure (deadlock or no
 * progress), an end-of-run check, a rejected control command, a component
 * panic, an oracle protocol error, or one of the frame oracle's checks
 * (`frame-content`, `stale-frame`, `no-effect`; see `FrameViolationKind`).
 *
 * @example
 * const k: FailureKind = 'stale-frame';
 */
export type FailureKind =
  | 'mismatch'
  | 'liveness'
  | 'end-of-run'
  | 'protocol'
  | 'panic'
  | 'oracle'
  | FrameViolationKind;

/** A mismatch with where it happened in the address map and its history. */
export interface MismatchReport extends ValueMismatch {
  readonly virtualPage: number;
  readonly physicalAddress: number | null;
  readonly physicalPage: number | null;
  /** Numbers of the migrations that moved this page before the mismatch. */
  readonly migrationsOfPage: readonly number[];
  /** Whether the read was part of the workload or the final sweep. */
  readonly during: 'workload' | 'sweep';
}

/** Why a run failed. */
export interface RunFailure {
  readonly kind: FailureKind;
  readonly message: string;
  readonly cycle: number;
  readonly mismatch?: MismatchReport;
  /** The frame oracle's finding (kinds `frame-content`, `stale-frame`, `no-effect`). */
  readonly frame?: FrameViolation;
  /** Outstanding work and control states (liveness failures). */
  readonly dump?: readonly string[];
}

/** One migration and the start and end cycle of each of its phases. */
export interface MigrationRecord {
  readonly number: number;
  readonly page: number;
  readonly fromDevice: number;
  readonly toDevice: number;
  readonly srcAddr: number;
  readonly dstAddr: number;
  readonly begin: number;
  end: number | null;
  readonly phases: Array<{ readonly name: string; readonly start: number; end: number | null }>;
}

/**
 * Everything a run reports.
 *
 * @example
 * const r = runScenario(defaultScenarioConfig());
 * if (r.status === 'fail') console.error(r.failure?.message);
 */
export interface RunResult {
  readonly config: ScenarioConfig;
  readonly seed: number;
  readonly plan: readonly string[];
  readonly status: 'pass' | 'fail';
  readonly failure: RunFailure | null;
  /** Completed workload reads over all agents. */
  readonly reads: number;
  /** Completed workload writes over all agents. */
  readonly writes: number;
  /** Reads of the final sweep. */
  readonly sweepReads: number;
  /** Completed migrations. */
  readonly migrations: number;
  readonly mismatches: readonly MismatchReport[];
  /** Reads the lenient rule would accept with a value that was not the last written. */
  readonly staleAccepted: number;
  /** Final simulated cycle. */
  readonly cycles: number;
  readonly wallMs: number;
  readonly accessesPerSec: number;
  readonly events: number;
  readonly traceHash: string;
  readonly migrationLog: readonly MigrationRecord[];
  readonly warnings: readonly string[];
  /** Per component, agent, device, migration and phase statistics, and totals. */
  readonly stats: RunStats;
  /** Per hazard window (see HAZARD_NAMES), the migrations of this run that exercised it. */
  readonly hazards: HazardCounts;
}
