import { performance } from 'node:perf_hooks';
import {
  asyncScheduler,
  filter,
  lastValueFrom,
  type SchedulerAction,
  type SchedulerLike,
  take,
  toArray,
} from 'rxjs';
import { latencyHistogramOf, renderHistogram } from '../../examples/latency-histogram';
import { monitorWithXState } from '../../examples/xstate-interop';
import { SimulationFailedError, simulate } from '../../src/api/simulate';
import { isEventOf, type SimulationEvent } from '../../src/api/simulation-event';
import * as api from '../../src/index';
import type { RunResult } from '../../src/scenario/run-result';
import { runScenario } from '../../src/scenario/run-scenario';
import { ConfigError, defaultScenarioConfig } from '../../src/scenario/scenario-config';

const SMALL = { seed: 3, accesses: 300 };

function collectSync(config: object, options = {}): SimulationEvent[] {
  const out: SimulationEvent[] = [];
  simulate(config, options).subscribe((e) => out.push(e));
  return out;
}

/** A consumer that knows nothing of RxJS: only the interop symbol and a plain observer. */
function foreignCollect(obj: unknown): Promise<unknown[]> {
  const key = (Symbol as unknown as { observable?: symbol }).observable ?? '@@observable';
  const source = (obj as Record<PropertyKey, () => { subscribe(o: object): { unsubscribe(): void } }>)[key]();
  return new Promise((resolve, reject) => {
    const seen: unknown[] = [];
    source.subscribe({ next: (v: unknown) => seen.push(v), error: reject, complete: () => resolve(seen) });
  });
}

const finished = (events: SimulationEvent[]): RunResult => {
  const last = events[events.length - 1];
  if (last.type !== 'finished') throw new Error(`last event is ${last.type}`);
  return last.result;
};

describe('simulate()', () => {
  let events: SimulationEvent[];
  let direct: RunResult;
  beforeAll(() => {
    events = collectSync(SMALL);
    direct = runScenario({ ...defaultScenarioConfig(), ...SMALL });
  });

  test('runs synchronously on subscribe and ends with the same result as runScenario', () => {
    const r = finished(events);
    expect(r.traceHash).toBe(direct.traceHash);
    expect(r.stats).toEqual(direct.stats);
    expect(events.filter((e) => e.type === 'finished')).toHaveLength(1);
  });

  test('typed events: requests, migrations and their phases, in cycle order', () => {
    const r = finished(events);
    const done = events.filter(isEventOf('request-completed'));
    expect(done).toHaveLength(r.reads + r.writes + r.sweepReads);
    expect(done.filter((e) => e.during === 'sweep')).toHaveLength(r.sweepReads);
    expect(events.filter(isEventOf('request-issued'))).toHaveLength(done.length);
    for (const e of done) expect(e.latency).toBe(e.cycle - e.issuedAt);
    expect(events.filter(isEventOf('migration-started'))).toHaveLength(r.migrations);
    expect(events.filter(isEventOf('migration-ended'))).toHaveLength(r.migrations);
    const ended = events.filter(isEventOf('phase-ended'));
    expect(ended.map((e) => [e.migration, e.phase, e.duration])).toEqual(
      r.migrationLog.flatMap((m) => m.phases.map((p) => [m.number, p.name, p.end! - p.start])),
    );
    for (let i = 1; i < events.length; i++)
      expect(events[i].cycle).toBeGreaterThanOrEqual(events[i - 1].cycle);
  });

  test('interoperates through Symbol.observable with a consumer that does not use RxJS', async () => {
    const seen = (await foreignCollect(simulate(SMALL))) as SimulationEvent[];
    expect(seen).toHaveLength(events.length);
    expect(finished(seen).traceHash).toBe(direct.traceHash);
    expect(seen.map((e) => `${e.type}@${e.cycle}`)).toEqual(events.map((e) => `${e.type}@${e.cycle}`));
  });

  test('on a scheduler it runs in slices, leaving subscribe at once, with the same events', async () => {
    const out: SimulationEvent[] = [];
    let completed = false;
    const done = new Promise<void>((resolve) =>
      simulate(SMALL, { scheduler: asyncScheduler }).subscribe({
        next: (e) => out.push(e),
        complete: () => {
          completed = true;
          resolve();
        },
      }),
    );
    expect(out).toEqual([]); // nothing ran inside subscribe
    expect(completed).toBe(false);
    await done;
    expect(out.map((e) => `${e.type}@${e.cycle}`)).toEqual(events.map((e) => `${e.type}@${e.cycle}`));
    expect(finished(out).traceHash).toBe(direct.traceHash);
  });

  test('unsubscribing stops the simulation (synchronous and scheduled)', async () => {
    const big = { seed: 1, accesses: 1_000_000 };
    const t0 = Date.now();
    const few = await lastValueFrom(simulate(big).pipe(take(5), toArray()));
    expect(few).toHaveLength(5);
    expect(Date.now() - t0).toBeLessThan(20_000); // a million accesses would take minutes
    const seen: SimulationEvent[] = [];
    const sub = simulate(big, { scheduler: asyncScheduler }).subscribe((e) => seen.push(e));
    await new Promise((r) => setTimeout(r, 50));
    sub.unsubscribe();
    const n = seen.length;
    expect(n).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.length).toBe(n);
    expect(seen.some((e) => e.type === 'finished')).toBe(false);
  });

  test('requests: false keeps only migrations and the end', () => {
    const quiet = collectSync(SMALL, { requests: false });
    expect(quiet.some((e) => e.type.startsWith('request'))).toBe(false);
    expect(quiet.filter((e) => e.type !== 'finished')).toHaveLength(
      events.filter((e) => !e.type.startsWith('request') && e.type !== 'finished').length,
    );
  });

  test('a mismatch is an event before the failed result', () => {
    const bad = collectSync({ seed: 1, faults: ['skip-flush'] });
    const m = bad.filter(isEventOf('mismatch'));
    expect(m).toHaveLength(1);
    const r = finished(bad);
    expect(r.status).toBe('fail');
    expect(m[0].mismatch).toEqual(r.failure!.mismatch);
    expect(m[0].cycle).toBe(r.failure!.cycle);
  });

  test('a bad configuration errors the observable on subscribe (ConfigError), as RxJS creation functions do', () => {
    const obs = simulate({ agents: 0 }); // no throw here
    let error: unknown = null;
    let completed = false;
    obs.subscribe({ error: (e) => (error = e), complete: () => (completed = true) });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^agents: /);
    expect(completed).toBe(false);
  });

  test('errorOnFailure: a failing run emits finished, then errors with SimulationFailedError; a passing one completes', () => {
    const seen: string[] = [];
    let error: unknown = null;
    simulate(
      { ...SMALL, faults: ['skip-flush'], maxAddress: 1024 },
      { errorOnFailure: true, requests: false },
    ).subscribe({
      next: (e) => seen.push(e.type),
      error: (e) => (error = e),
    });
    expect(seen.at(-1)).toBe('finished');
    expect(error).toBeInstanceOf(SimulationFailedError);
    expect((error as SimulationFailedError).result.status).toBe('fail');
    let completed = false;
    simulate(SMALL, { errorOnFailure: true, requests: false }).subscribe({
      complete: () => (completed = true),
    });
    expect(completed).toBe(true);
  });

  test('with a scheduler, each scheduled task runs about sliceMs of wall time (the event loop stays free)', async () => {
    const big = { seed: 2, accesses: 1500, agents: 2, maxAddress: 1 << 20 };
    const durations: number[] = [];
    // asyncScheduler, timing each task it runs (a rescheduled action runs this same wrapper again)
    const timed: SchedulerLike = {
      now: () => asyncScheduler.now(),
      schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T) {
        return asyncScheduler.schedule<T>(
          function (this: SchedulerAction<T>, st?: T) {
            const t0 = performance.now();
            work.call(this, st);
            durations.push(performance.now() - t0);
          },
          delay,
          state,
        );
      },
    };
    const events = await lastValueFrom(
      simulate(big, { scheduler: timed, requests: false, sliceMs: 5 }).pipe(toArray()),
    );
    expect(finished(events).traceHash).toBe(runScenario({ ...defaultScenarioConfig(), ...big }).traceHash);
    durations.sort((x, y) => x - y);
    expect(durations.length).toBeGreaterThan(20);
    // each task stops at its first slice boundary past 5 ms; a slice is 64 cycles (~1 ms in a default run)
    expect(durations[Math.floor(durations.length / 2)]).toBeLessThan(20);
  });
});

describe('the examples consume simulate()', () => {
  test('latency-histogram: a live histogram with bufferCount and scan', () => {
    const snapshots = latencyHistogramOf(SMALL, 500, 100);
    const r = runScenario({ ...defaultScenarioConfig(), ...SMALL });
    const total = r.reads + r.writes;
    expect(snapshots).toHaveLength(Math.ceil(total / 100));
    snapshots.forEach((h, i) => {
      expect(h.total).toBe(Math.min(total, (i + 1) * 100));
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(h.total);
    });
    const last = snapshots[snapshots.length - 1];
    expect(last.max).toBe(r.stats.totals.latency.max);
    expect(last.sum / last.total).toBeCloseTo(r.stats.totals.latency.mean, 1);
    expect(renderHistogram(last)).toContain(`${total} requests`);
  });

  test('xstate-interop: XState v5 fromObservable drives a machine through the run', async () => {
    const out = await monitorWithXState(SMALL);
    const r = runScenario({ ...defaultScenarioConfig(), ...SMALL });
    expect(out.status).toBe('pass');
    expect(out.result!.traceHash).toBe(r.traceHash);
    expect(out.migrationsEntered).toBe(r.migrations);
    expect(out.requestsCompleted).toBe(r.reads + r.writes + r.sweepReads);
    expect(out.events).toBe(collectSync(SMALL).length);
    for (const p of r.stats.phases) expect(out.phaseCycles[p.name]).toBe(p.total);
  });
});

describe('the public entry point', () => {
  test('exports the main API', () => {
    for (const name of [
      'runScenario',
      'runScenarioSteps',
      'defaultScenarioConfig',
      'parseScenarioConfig',
      'simulate',
      'Simulation',
      'SimScheduler',
      'componentOperator',
      'migrationControllerModel',
      'l1CacheModel',
      'l2CacheModel',
      'tlbModel',
      'mmuModel',
      'reorderBufferModel',
      'addressTranslatorModel',
      'memoryControllerModel',
      'dataMoverModel',
      'memoryAgentModel',
      'parsePlan',
      'DEFAULT_PLAN_NAMES',
      'FAULT_NAMES',
      'faultyPlan',
      'ValueOracle',
      'ChromeTraceRecorder',
      'renderHtmlReport',
      'formatStatsTable',
      'validateChromeTrace',
      'limitHeapGrowth',
      'scenarioConfigSchema',
    ])
      expect(api).toHaveProperty(name);
    const r = api.runScenario({ ...api.defaultScenarioConfig(), seed: 2, accesses: 20 });
    expect(r.status).toBe('pass');
  });

  test('events can be filtered with stock operators', async () => {
    const phases = await lastValueFrom(
      simulate(SMALL).pipe(filter(isEventOf('phase-started')), take(3), toArray()),
    );
    expect(phases.map((p) => p.phase)).toEqual(defaultScenarioConfig().plan.slice(0, 3));
  });
});
