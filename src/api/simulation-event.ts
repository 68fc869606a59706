import type { MismatchReport, RunResult } from '../scenario/run-result';

/**
 * One event of {@link simulate}'s stream, tagged by `type`, each with the
 * simulated `cycle` it happened at. Requests are the agents' 4-byte reads
 * and writes (`during` tells workload from final sweep); migrations and
 * their phases come from the migration controller; `mismatch` is a read
 * the oracle rejected; `finished` is last and carries the whole result.
 *
 * @example
 * simulate(config).subscribe((e) => {
 *   if (e.type === 'request-completed') console.log(e.agent, e.latency);
 * });
 */
export type SimulationEvent =
  | {
      readonly type: 'request-issued';
      readonly cycle: number;
      readonly agent: number;
      readonly id: number;
      readonly op: 'read' | 'write';
      readonly address: number;
      /** The value written (writes only). */
      readonly value?: number;
    }
  | {
      readonly type: 'request-completed';
      readonly cycle: number;
      readonly agent: number;
      readonly id: number;
      readonly op: 'read' | 'write';
      readonly address: number;
      /** The value read (reads only). */
      readonly value?: number;
      readonly issuedAt: number;
      /** `cycle - issuedAt`. */
      readonly latency: number;
      readonly during: 'workload' | 'sweep';
    }
  | {
      readonly type: 'migration-started';
      readonly cycle: number;
      readonly migration: number;
      readonly page: number;
      readonly fromDevice: number;
      readonly toDevice: number;
    }
  | {
      readonly type: 'phase-started';
      readonly cycle: number;
      readonly migration: number;
      readonly phase: string;
      readonly step: number;
    }
  | {
      readonly type: 'phase-ended';
      readonly cycle: number;
      readonly migration: number;
      readonly phase: string;
      readonly step: number;
      /** Cycles since the phase started. */
      readonly duration: number;
    }
  | {
      readonly type: 'migration-ended';
      readonly cycle: number;
      readonly migration: number;
      readonly page: number;
    }
  | { readonly type: 'mismatch'; readonly cycle: number; readonly mismatch: MismatchReport }
  | { readonly type: 'finished'; readonly cycle: number; readonly result: RunResult };

/**
 * The `type` tags of {@link SimulationEvent}.
 *
 * @example
 * const t: SimulationEventType = 'phase-ended';
 */
export type SimulationEventType = SimulationEvent['type'];

/**
 * Narrows a {@link SimulationEvent} to one type (for `filter`).
 *
 * @example
 * simulate(config).pipe(filter(isEventOf('request-completed'))).subscribe((e) => e.latency);
 */
export function isEventOf<T extends SimulationEventType>(
  type: T,
): (e: SimulationEvent) => e is Extract<SimulationEvent, { type: T }> {
  return (e): e is Extract<SimulationEvent, { type: T }> => e.type === type;
}
