import { performance } from 'node:perf_hooks';
import { parsePlanStep } from '../controllers/migration-plan';
import { FrameOracle } from '../oracle/frame-oracle';
import { describeFrameViolation, type FrameViolation } from '../oracle/frame-violation';
import { HazardTracker } from '../oracle/hazard-tracker';
import { ReadChecker } from '../oracle/read-checker';
import { ValueOracle } from '../oracle/value-oracle';
import type { Msg } from '../state/contract/messages';
import { deviceOf } from '../state/memory/address-map';
import { agentDone, beginSweep } from '../state/memory-agent/memory-agent';
import { StatsCollector } from '../stats/stats-collector';
import { livenessDump } from '../streams/kernel/liveness-dump';
import type { SimRecord } from '../streams/kernel/simulation';
import { MigrationLog } from './migration-log';
import type { MismatchReport, RunFailure, RunResult } from './run-result';
import type { ScenarioConfig } from './scenario-config';
import { buildTopology, type Topology } from './topology';
import { TraceHasher } from './trace-hash';
import { Watchdog } from './watchdog';

/**
 * Where a running scenario is: the current cycle, requests completed so far
 * (workload and sweep) and migrations completed.
 *
 * @example
 * const p: ScenarioProgress = { cycle: 8192, completed: 310, migrations: 1 };
 */
export interface ScenarioProgress {
  readonly cycle: number;
  readonly completed: number;
  readonly migrations: number;
}

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** Called for every simulation event (after the oracle saw it). */
  readonly onEvent?: (record: SimRecord) => void;
  /** Called about every 4096 simulated cycles. */
  readonly onChunk?: (progress: ScenarioProgress) => void;
  /** Called once the machine is built, before it runs (to subscribe to its streams). */
  readonly onBuilt?: (topology: Topology) => void;
  /** Called for every value mismatch the oracle finds (before the run stops). */
  readonly onMismatch?: (report: MismatchReport, record: SimRecord) => void;
  /** Called when the workload is over and the final sweep begins. */
  readonly onSweep?: () => void;
  /**
   * Simulated cycles between yields of {@link runScenarioSteps} (default and
   * maximum 4096). Smaller slices let a caller on an event loop hand control
   * back more often; the run is the same however it is sliced.
   */
  readonly sliceCycles?: number;
  /**
   * Step every component through its RxJS operator, not only the migration
   * controller (a check that the two paths give the same run; slower).
   */
  readonly throughOperators?: boolean;
}

const CHUNK = 4096;

/**
 * Builds and runs one scenario to the end: the workload with migrations,
 * the value oracle on every read, the frame oracle on every migration and
 * every arrival at a memory controller, the liveness watchdog, the end-of-run checks and
 * the final sweep. Deterministic: the same config and seed give the same
 * trace hash.
 *
 * @example
 * const r = runScenario({ ...defaultScenarioConfig(), seed: 3 });
 * console.log(r.status, r.migrations, r.traceHash);
 */
export function runScenario(config: ScenarioConfig, options: RunOptions = {}): RunResult {
  const steps = runScenarioSteps(config, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * {@link runScenario} as a generator: the machine is built on the first
 * `next()`, each later `next()` runs about 4096 simulated cycles and yields
 * the progress, and the last one returns the {@link RunResult}. A caller
 * may stop driving it at any yield (`return()`), e.g. to run a scenario in
 * slices on an event loop or to abandon it. Yields are not part of the
 * simulated behaviour: the result is the same however it is driven.
 *
 * @example
 * const steps = runScenarioSteps(defaultScenarioConfig());
 * let r = steps.next();
 * while (!r.done) r = steps.next();
 * console.log(r.value.status);
 */
export function* runScenarioSteps(
  config: ScenarioConfig,
  options: RunOptions = {},
): Generator<ScenarioProgress, RunResult, void> {
  const t0 = performance.now();
  const topo = buildTopology(config, { throughOperators: options.throughOperators });
  const { sim, map, agents } = topo;
  const oracle = new ValueOracle(config.oracle);
  const stats = new StatsCollector(
    config.devices,
    (address) => sim.pageTable.find(1, address)?.deviceID ?? null,
  );
  const hasher = new TraceHasher();
  const hazards = new HazardTracker(topo);
  const mismatches: MismatchReport[] = [];
  const migrations = new MigrationLog();
  const log = migrations.records;
  const readChecker = new ReadChecker(oracle, {
    pageSize: map.pageSize,
    pageTable: () => sim.pageTable,
    migrationsOf: (page) => migrations.migrationsOf(page),
  });
  const warnings: string[] = [];
  let failure: RunFailure | null = null;
  let reads = 0;
  let writes = 0;
  let sweepReads = 0;
  let completed = 0;
  let during: 'workload' | 'sweep' = 'workload';

  const fail = (f: RunFailure) => {
    if (failure === null) failure = f;
    sim.requestStop();
  };
  const frames = new FrameOracle({
    pageSize: map.pageSize,
    agentStride: map.agentStride,
    agents: config.agents,
    copySteps: new Set(topo.plan.flatMap((n, i) => (parsePlanStep(n).op === 'copy' ? [i] : []))),
    lastValue: (va) => oracle.lastValue(va),
    readFrame: (pa, n) => topo.memoryControllers[deviceOf(map, pa)].state.storage.read(pa, n),
    mappedFrame: (page) => sim.pageTable.find(1, page * map.pageSize)?.pAddr ?? null,
  });
  const frameFail = (v: FrameViolation) =>
    fail({ kind: v.kind, cycle: v.cycle, frame: v, message: describeFrameViolation(v) });
  if (topo.controller !== null) {
    // requests reaching memory, watched for stale frames (a no-op while no frame is stale)
    const watch = (msg: Msg, now: number) => {
      const v = frames.arrival(msg, now);
      if (v !== null) frameFail(v);
    };
    for (let d = 0; d < topo.memoryControllers.length; d++) sim.watchArrivals(`MemCtrl[${d}].Top`, watch);
  }

  sim.onEvent = (rec) => {
    hasher.add(rec);
    hazards.observe(rec);
    migrations.observe(rec);
    const e = rec.event;
    switch (e.type) {
      case 'request-issued':
        if (e.op === 'write') {
          frames.write(e.address, e.value!);
          oracle.recordWrite(e.agent, e.address, e.value!);
        }
        stats.issued(e.agent, e.id, e.address);
        break;
      case 'request-completed': {
        completed++;
        stats.completed(e.agent, e.id, e.op, rec.cycle, e.issuedAt, during === 'sweep');
        if (e.op === 'write') {
          writes++;
          frames.writeCompleted(e.address);
        } else if (during === 'sweep') sweepReads++;
        else reads++;
        if (e.op === 'read') {
          const m = readChecker.check(e.agent, e.address, e.value!, rec.cycle, during);
          if (m !== null) {
            mismatches.push(m.report);
            options.onMismatch?.(m.report, rec);
            fail({ kind: 'mismatch', cycle: rec.cycle, mismatch: m.report, message: m.message });
          }
        }
        break;
      }
      case 'oracle-error':
        fail({ kind: 'oracle', cycle: rec.cycle, message: `agent ${e.agent}: ${e.message}` });
        break;
      case 'migration-begin':
        frames.migrationBegin(e.migration, e.page, e.srcAddr, e.dstAddr, rec.cycle);
        break;
      case 'phase-begin':
        frames.phaseBegin(e.migration, e.step, rec.cycle);
        break;
      case 'repoint':
        frames.repoint(e.pAddr);
        break;
      case 'migration-end': {
        const v = frames.migrationEnd(e.migration, rec.cycle);
        if (v !== null) frameFail(v);
        break;
      }
      default:
        break;
    }
    options.onEvent?.(rec);
  };
  sim.allAgentsDone = () => agents.every((a) => agentDone(a.state));
  options.onBuilt?.(topo);

  const progress = (): ScenarioProgress => ({
    cycle: sim.scheduler.now(),
    completed,
    migrations: topo.controller?.state.numMigrations ?? 0,
  });

  const slice = Math.max(1, Math.min(CHUNK, options.sliceCycles ?? CHUNK));
  function* runPhase(): Generator<ScenarioProgress, void, void> {
    const watchdog = new Watchdog(config.watchdogCycles, sim.scheduler.now());
    for (;;) {
      const next = sim.scheduler.peekTime();
      if (next === undefined || sim.stopped) break;
      const start = Math.max(next, sim.scheduler.now());
      const end = start + CHUNK;
      // the chunk in slices (one runUntil to `end` runs the same events)
      for (let t = start; ; ) {
        t = Math.min(end, t + slice);
        try {
          sim.runUntil(t);
        } catch (e) {
          // a bug of the simulator itself (not a SimPanic): a failure of this run, so a
          // campaign records and shrinks it like any other instead of dying
          fail({
            kind: 'panic',
            cycle: sim.scheduler.now(),
            message: `internal error${sim.current ? ` in ${sim.current}` : ''}: ${(e as Error).message}`,
          });
          break;
        }
        if (t >= end || sim.stopped) break;
        yield progress();
      }
      if (sim.failure !== null) {
        const f = sim.failure;
        fail({ kind: f.kind, cycle: f.cycle, message: `${f.component}: ${f.message}` });
      }
      yield progress();
      if (sim.stopped) break;
      const now = sim.scheduler.now();
      // progress is the workload's: completed agent requests (migrations alone
      // do not count, so a plan that stalls the agents fails within the window);
      // once every agent is done, the data moving that finishes a migration counts
      const stalled = watchdog.check(completed + (sim.allAgentsDone() ? sim.transfersDone : 0), now);
      if (stalled !== null) {
        fail({
          kind: 'liveness',
          cycle: now,
          message: `the workload made no progress for ${stalled} cycles (no agent request completed) with work outstanding`,
          dump: livenessDump(sim),
        });
        break;
      }
      if (now >= config.maxCycles) {
        fail({
          kind: 'liveness',
          cycle: now,
          message: `cycle cap ${config.maxCycles} reached`,
          dump: livenessDump(sim),
        });
        break;
      }
      options.onChunk?.(progress());
    }
  }

  const endOfRunCheck = (): boolean => {
    for (const a of agents) {
      const s = a.state;
      if (s.pending.length > 0 || s.readLeft > 0 || s.writeLeft > 0 || s.sweepPos >= 0) {
        const what = s.pending.length > 0 ? 'not all req returned' : 'more requests to send';
        fail({
          kind: 'liveness',
          cycle: sim.scheduler.now(),
          message: `deadlock: every component is asleep with work outstanding (agent ${s.spec.agent}: ${what})`,
          dump: livenessDump(sim),
        });
        return false;
      }
    }
    return true;
  };

  for (const a of agents) sim.wake(a, 1);
  if (topo.controller !== null) sim.wake(topo.controller, 1);
  yield progress();
  yield* runPhase();
  if (failure === null && endOfRunCheck() && config.sweep) {
    during = 'sweep';
    options.onSweep?.();
    for (const a of agents) {
      sim.command(a, beginSweep);
    }
    yield* runPhase();
    if (failure === null) endOfRunCheck();
  }
  if (config.migrate && config.devices < 2)
    warnings.push('only one memory device: there is nowhere to migrate, so no migration ran');
  else if (config.migrate && (topo.controller?.state.numMigrations ?? 0) === 0) {
    warnings.push('migration was on but no migration completed (the workload ended first)');
  }
  const wallMs = performance.now() - t0;
  const f = failure as RunFailure | null;
  return {
    config,
    seed: config.seed,
    plan: topo.plan,
    status: f === null ? 'pass' : 'fail',
    failure: f,
    reads,
    writes,
    sweepReads,
    migrations: topo.controller?.state.numMigrations ?? 0,
    mismatches,
    staleAccepted: oracle.staleAccepted,
    cycles: sim.scheduler.now(),
    wallMs,
    accessesPerSec: wallMs > 0 ? ((reads + writes) * 1000) / wallMs : 0,
    events: hasher.count,
    traceHash: hasher.hex(),
    migrationLog: log,
    warnings,
    stats: stats.finish(sim.components, log, sim.scheduler.now()),
    hazards: hazards.counts(),
  };
}
