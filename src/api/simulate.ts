import { performance } from 'node:perf_hooks';
import { Observable, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { checkScenarioMemory } from '../scenario/memory-estimate';
import type { RunResult } from '../scenario/run-result';
import { type RunOptions, runScenarioSteps } from '../scenario/run-scenario';
import { defaultScenarioConfig, parseScenarioConfig, type ScenarioConfig } from '../scenario/scenario-config';
import type { SimRecord, Simulation } from '../streams/kernel/simulation';
import type { SimulationEvent } from './simulation-event';

/**
 * Options of {@link simulate}.
 *
 * @example
 * const o: SimulateOptions = { scheduler: asyncScheduler, requests: false };
 */
export interface SimulateOptions {
  /**
   * Run in slices of about 4096 simulated cycles, one per task of this RxJS
   * scheduler (e.g. `asyncScheduler` to leave the event loop free between
   * slices), instead of all at once inside `subscribe`.
   */
  readonly scheduler?: SchedulerLike;
  /** Emit `request-issued` and `request-completed` (true); false keeps only migrations, mismatches and the end. */
  readonly requests?: boolean;
  /**
   * With a scheduler: wall-clock milliseconds of simulation per scheduled
   * task (default 10), so the event loop stays responsive. Slices never
   * change the result.
   */
  readonly sliceMs?: number;
  /**
   * Error the observable with a {@link SimulationFailedError} (after the
   * `finished` event) when the run fails a check, instead of completing.
   * Default false: a failed run completes, its verdict in `finished`.
   */
  readonly errorOnFailure?: boolean;
}

/**
 * The error of a {@link simulate} observable with `errorOnFailure` whose
 * run failed a check; `result` is the whole run result.
 *
 * @example
 * simulate({ faults: ['skip-flush'] }, { errorOnFailure: true }).subscribe({
 *   error: (e) => e instanceof SimulationFailedError && console.log(e.result.failure?.kind),
 * });
 */
export class SimulationFailedError extends Error {
  constructor(readonly result: RunResult) {
    super(`${result.failure?.kind}: ${result.failure?.message}`);
    this.name = 'SimulationFailedError';
  }
}

/**
 * Runs one scenario as a cold RxJS `Observable` of typed
 * {@link SimulationEvent}s, ending with `finished` (the whole
 * {@link RunResult}, statistics included) and completion. Each subscription
 * runs its own simulation:
 *
 * - without a scheduler, synchronously inside `subscribe` (all events are
 *   delivered before `subscribe` returns);
 * - with `options.scheduler`, in slices of about `sliceMs` milliseconds
 *   (default 10), one per scheduled task, so the event loop stays free
 *   (the clock is read every 64 cycles, ~1 ms of a default run).
 *
 * Unsubscribing stops the simulation at the next event. The result does not
 * depend on how it is driven: same config and seed, same events and trace
 * hash (only `wallMs` and `accessesPerSec` of a sliced run count the time
 * between slices). `config` is merged over {@link defaultScenarioConfig} and validated
 * on subscribe: a bad one — or one whose estimated memory is over this
 * machine's limit (`checkScenarioMemory`, as `numasim run` refuses it) —
 * errors the observable with a `ConfigError`, as RxJS creation functions
 * report their errors. The
 * observable implements `Symbol.observable`, so other reactive libraries
 * (XState's `fromObservable`, Most, Bacon, …) can consume it.
 *
 * @example
 * simulate({ seed: 7, accesses: 200 })
 *   .pipe(filter((e) => e.type === 'phase-ended'))
 *   .subscribe((e) => console.log(e));
 */
export function simulate(
  config: Partial<ScenarioConfig> = {},
  options: SimulateOptions = {},
): Observable<SimulationEvent> {
  const requests = options.requests ?? true;
  const sliceMs = options.sliceMs ?? 10;
  return new Observable<SimulationEvent>((sub) => {
    let cfg: ScenarioConfig;
    try {
      cfg = parseScenarioConfig({ ...defaultScenarioConfig(), ...config });
      // as `numasim run` does: refused now rather than out of memory part-way
      checkScenarioMemory(cfg);
    } catch (e) {
      sub.error(e);
      return undefined;
    }
    let sim: Simulation | null = null;
    let during: 'workload' | 'sweep' = 'workload';
    const phaseStart = new Map<string, number>();
    const onEvent = (rec: SimRecord) => {
      if (sub.closed) {
        sim?.requestStop();
        return;
      }
      const ev = toSimulationEvent(rec, during, requests, phaseStart);
      if (ev !== null) sub.next(ev);
    };
    const runOptions: RunOptions = {
      onBuilt: (t) => {
        sim = t.sim;
      },
      onEvent,
      onMismatch: (mismatch, rec) => {
        if (!sub.closed) sub.next({ type: 'mismatch', cycle: rec.cycle, mismatch });
      },
      onSweep: () => {
        during = 'sweep';
      },
    };
    const steps = runScenarioSteps(
      cfg,
      options.scheduler === undefined ? runOptions : { ...runOptions, sliceCycles: 64 },
    );
    const abandon = () => {
      steps.return(undefined as unknown as RunResult);
    };
    /** Runs one slice; true when the run is over (or abandoned). */
    const slice = (): boolean => {
      if (sub.closed) {
        abandon();
        return true;
      }
      let r: IteratorResult<unknown, RunResult>;
      try {
        r = steps.next();
      } catch (e) {
        sub.error(e);
        return true;
      }
      if (!r.done) return false;
      if (!sub.closed) {
        sub.next({ type: 'finished', cycle: r.value.cycles, result: r.value });
        if (options.errorOnFailure === true && r.value.status === 'fail')
          sub.error(new SimulationFailedError(r.value));
        else sub.complete();
      }
      return true;
    };
    /** Runs slices for about `sliceMs` of wall time; true when the run is over. */
    const timedSlice = (): boolean => {
      const until = performance.now() + sliceMs;
      for (;;) {
        if (slice()) return true;
        if (performance.now() >= until) return false;
      }
    };
    if (options.scheduler === undefined) {
      while (!slice()) {
        // one slice after another, synchronously
      }
      return undefined;
    }
    const action = options.scheduler.schedule(function (this: SchedulerAction<void>) {
      if (!timedSlice()) this.schedule();
    });
    return () => {
      action.unsubscribe();
      abandon();
    };
  });
}

function toSimulationEvent(
  rec: SimRecord,
  during: 'workload' | 'sweep',
  requests: boolean,
  phaseStart: Map<string, number>,
): SimulationEvent | null {
  const e = rec.event;
  const cycle = rec.cycle;
  switch (e.type) {
    case 'request-issued':
      return requests
        ? {
            type: 'request-issued',
            cycle,
            agent: e.agent,
            id: e.id,
            op: e.op,
            address: e.address,
            value: e.value,
          }
        : null;
    case 'request-completed':
      return requests
        ? {
            type: 'request-completed',
            cycle,
            agent: e.agent,
            id: e.id,
            op: e.op,
            address: e.address,
            value: e.value,
            issuedAt: e.issuedAt,
            latency: cycle - e.issuedAt,
            during,
          }
        : null;
    case 'migration-begin':
      return {
        type: 'migration-started',
        cycle,
        migration: e.migration,
        page: e.page,
        fromDevice: e.fromDevice,
        toDevice: e.toDevice,
      };
    case 'phase-begin':
      phaseStart.set(`${e.migration}/${e.step}`, cycle);
      return { type: 'phase-started', cycle, migration: e.migration, phase: e.phase, step: e.step };
    case 'phase-end': {
      const key = `${e.migration}/${e.step}`;
      const start = phaseStart.get(key) ?? cycle;
      phaseStart.delete(key);
      return {
        type: 'phase-ended',
        cycle,
        migration: e.migration,
        phase: e.phase,
        step: e.step,
        duration: cycle - start,
      };
    }
    case 'migration-end':
      return { type: 'migration-ended', cycle, migration: e.migration, page: e.page };
    default:
      return null;
  }
}
