import type { MismatchReport, RunResult } from '../scenario/run-result';
import { type ComponentSnapshot, componentStats } from '../stats/component-stats';
import type { SimRecord } from '../streams/kernel/simulation';
import type { TraceSink } from './trace-event';
import { TraceLayout } from './trace-layout';
import type { TraceOptions } from './trace-options';

/**
 * The part of a built machine the recorder reads (a scenario `Topology` fits).
 *
 * @example
 * runScenario(config, { onBuilt: (topo: TraceableMachine) => recorder.begin(topo) });
 */
export interface TraceableMachine {
  readonly sim: { readonly components: readonly ComponentSnapshot[] };
}

interface OpenRequest {
  readonly agent: number;
  readonly op: 'read' | 'write';
  readonly address: number;
  readonly ts: number;
}

interface OpenMigration {
  readonly number: number;
  readonly page: number;
  readonly fromDevice: number;
  readonly toDevice: number;
  readonly srcAddr: number;
  readonly dstAddr: number;
  readonly ts: number;
  readonly phases: Array<{ name: string; ts: number; end: number | null }>;
}

interface Counter {
  readonly pid: number;
  readonly name: string;
  value: number;
  emitted: number;
  lastChange: number;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * Turns a run's simulation events into a Chrome trace (Perfetto UI,
 * chrome://tracing): each migration a span on the migration controller's
 * thread with its phases nested in it (and the copy on the data mover's
 * thread); each memory request an async span from issue to response in its
 * agent's process; mismatches and the failure as instants; counters for
 * in-flight requests (per agent and in all) and migrations, and per-chunk
 * activity of caches, TLBs, the MMU and memory controllers. One process per
 * group, one thread per component ({@link TraceLayout}); 1 µs in the viewer
 * is one simulated cycle. Requests can be sampled and everything limited to
 * a window of cycles ({@link TraceOptions}). Costs nothing unless attached.
 *
 * @example
 * const rec = new ChromeTraceRecorder(new TraceFileWriter('run.json'), { sample: 10 });
 * const result = runScenario(config, {
 *   onBuilt: (t) => rec.begin(t),
 *   onEvent: (r) => rec.onEvent(r),
 *   onChunk: (p) => rec.onChunk(p.cycle),
 *   onMismatch: (m, r) => rec.onMismatch(m, r),
 * });
 * rec.finish(result);
 */
export class ChromeTraceRecorder {
  private layout = new TraceLayout([]);
  private machine: TraceableMachine | null = null;
  private readonly sample: number;
  private readonly start: number;
  private readonly end: number;
  private readonly period: number;
  private readonly issued: number[] = [];
  private readonly open = new Map<number, OpenRequest>();
  private readonly counters = new Map<string, Counter>();
  private nextSample = 0;
  private windowOpened = false;
  private windowClosed = false;
  private migration: OpenMigration | null = null;
  private lastChunk = 0;
  private readonly lastComponent = new Map<string, Record<string, number>>();
  private finished = false;
  /** Migration spans written. */
  migrationSpans = 0;
  /** Request spans written. */
  requestSpans = 0;

  constructor(
    private readonly sink: TraceSink,
    readonly options: TraceOptions = {},
  ) {
    this.sample = Math.max(1, Math.floor(options.sample ?? 1));
    this.start = options.window?.start ?? 0;
    this.end = options.window?.end ?? Number.MAX_SAFE_INTEGER;
    this.period = Math.max(1, options.counterPeriod ?? 100);
  }

  /** Names the processes and threads of `machine` (call once, before it runs). */
  begin(machine: TraceableMachine): void {
    this.machine = machine;
    this.layout = new TraceLayout(machine.sim.components.map((c) => c.name));
    for (const e of this.layout.metadata()) this.sink.write(e);
    this.counter('migrations', 1, 'migrations in flight');
    this.counter('requests', 1, 'requests in flight');
  }

  private counter(key: string, pid: number, name: string): Counter {
    let c = this.counters.get(key);
    if (c === undefined) {
      c = { pid, name, value: 0, emitted: Number.NaN, lastChange: 0 };
      this.counters.set(key, c);
    }
    return c;
  }

  private change(c: Counter, delta: number, cycle: number): void {
    c.value += delta;
    c.lastChange = cycle;
  }

  private emitCounter(c: Counter, ts: number): void {
    if (c.emitted === c.value) return;
    c.emitted = c.value;
    this.sink.write({ ph: 'C', name: c.name, pid: c.pid, ts, args: { value: c.value } });
  }

  /** Counter samples due before the record at `cycle` is applied. */
  private sampleCounters(cycle: number): void {
    if (!this.windowOpened) {
      if (cycle < this.start) return;
      this.windowOpened = true;
      for (const c of this.counters.values()) this.emitCounter(c, this.start);
    }
    if (cycle > this.end) {
      if (!this.windowClosed)
        for (const c of this.counters.values()) this.emitCounter(c, Math.max(this.start, c.lastChange));
      this.windowClosed = true;
      this.nextSample = Number.POSITIVE_INFINITY;
      return;
    }
    for (const c of this.counters.values()) this.emitCounter(c, Math.max(this.start, c.lastChange));
    this.nextSample = cycle + this.period;
  }

  private overlaps(from: number, to: number): boolean {
    return from <= this.end && to >= this.start;
  }

  /** Feeds one simulation event (in run order). */
  onEvent(rec: SimRecord): void {
    const c = rec.cycle;
    if (c >= this.nextSample || (!this.windowOpened && c >= this.start)) this.sampleCounters(c);
    const e = rec.event;
    switch (e.type) {
      case 'request-issued': {
        const n = this.issued[e.agent] ?? 0;
        this.issued[e.agent] = n + 1;
        if (n % this.sample === 0)
          this.open.set(e.id, { agent: e.agent, op: e.op, address: e.address, ts: c });
        this.change(
          this.counter(`agent${e.agent}`, this.layout.agentPid(e.agent), 'in-flight requests'),
          1,
          c,
        );
        this.change(this.counters.get('requests')!, 1, c);
        break;
      }
      case 'request-completed': {
        const o = this.open.get(e.id);
        if (o !== undefined) {
          this.open.delete(e.id);
          this.emitRequest(e.id, o, c, false);
        }
        this.change(
          this.counter(`agent${e.agent}`, this.layout.agentPid(e.agent), 'in-flight requests'),
          -1,
          c,
        );
        this.change(this.counters.get('requests')!, -1, c);
        break;
      }
      case 'migration-begin':
        this.migration = { ...e, number: e.migration, ts: c, phases: [] };
        this.change(this.counters.get('migrations')!, 1, c);
        break;
      case 'phase-begin':
        this.migration?.phases.push({ name: e.phase, ts: c, end: null });
        break;
      case 'phase-end': {
        const ph = this.migration?.phases;
        if (ph !== undefined && ph.length > 0) ph[ph.length - 1].end = c;
        break;
      }
      case 'migration-end':
        if (this.migration !== null) this.emitMigration(this.migration, c, false);
        this.migration = null;
        this.change(this.counters.get('migrations')!, -1, c);
        break;
      default:
        break;
    }
  }

  private emitRequest(id: number, o: OpenRequest, end: number, unfinished: boolean): void {
    if (!this.overlaps(o.ts, end)) return;
    const { pid, tid } = this.layout.agentTrack(o.agent);
    const sid = hex(id);
    const args: Record<string, unknown> = { address: hex(o.address), latency: end - o.ts };
    if (unfinished) args.unfinished = true;
    const id2 = { local: sid }; // process-scoped: the span belongs to its agent's process
    this.sink.write({ ph: 'b', cat: 'request', name: o.op, id2, pid, tid, ts: o.ts, args });
    this.sink.write({ ph: 'e', cat: 'request', name: o.op, id2, pid, tid, ts: end });
    this.requestSpans++;
  }

  private emitMigration(m: OpenMigration, end: number, unfinished: boolean): void {
    if (!this.overlaps(m.ts, end)) return;
    const { pid, tid } = this.layout.track('MigrationController');
    const args: Record<string, unknown> = {
      page: m.page,
      fromDevice: m.fromDevice,
      toDevice: m.toDevice,
      srcAddr: hex(m.srcAddr),
      dstAddr: hex(m.dstAddr),
    };
    if (unfinished) args.unfinished = true;
    const name = `migration #${m.number} page ${m.page} ${m.fromDevice}→${m.toDevice}`;
    this.sink.write({ ph: 'X', cat: 'migration', name, pid, tid, ts: m.ts, dur: end - m.ts, args });
    this.migrationSpans++;
    m.phases.forEach((p, step) => {
      const pe = p.end ?? end;
      const a = { migration: m.number, step, ...(p.end === null ? { unfinished: true } : {}) };
      this.sink.write({ ph: 'X', cat: 'phase', name: p.name, pid, tid, ts: p.ts, dur: pe - p.ts, args: a });
      if (p.name === 'copy') {
        const mover = this.layout.track('DataMover');
        this.sink.write({
          ph: 'X',
          cat: 'copy',
          name: `copy page ${m.page}`,
          pid: mover.pid,
          tid: mover.tid,
          ts: p.ts,
          dur: pe - p.ts,
          args: { migration: m.number, from: hex(m.srcAddr), to: hex(m.dstAddr) },
        });
      }
    });
  }

  /** Reports a value mismatch as an instant on the agent's thread. */
  onMismatch(m: MismatchReport, rec: SimRecord): void {
    if (!this.overlaps(rec.cycle, rec.cycle)) return;
    const { pid, tid } = this.layout.agentTrack(m.agent);
    this.sink.write({
      ph: 'i',
      s: 't',
      name: 'mismatch',
      pid,
      tid,
      ts: rec.cycle,
      args: {
        address: hex(m.address),
        expected: m.expected === null ? null : hex(m.expected),
        actual: hex(m.actual),
        virtualPage: m.virtualPage,
        migrationsOfPage: m.migrationsOfPage,
      },
    });
  }

  /** Samples the components' activity since the last chunk (call every chunk; the run loop's `onChunk`). */
  onChunk(cycle: number): void {
    if (this.machine === null || cycle <= this.lastChunk) return;
    const from = this.lastChunk;
    this.lastChunk = cycle;
    const inWindow = this.overlaps(from, cycle);
    for (const slot of this.machine.sim.components) {
      const s = componentStats(slot);
      const now: Record<string, number> =
        s.hits !== null
          ? { hits: s.hits, misses: s.misses ?? 0 }
          : s.kind === 'memory-controller'
            ? { reads: s.counters.reads ?? 0, writes: s.counters.writes ?? 0 }
            : s.pageWalks !== null
              ? { walks: s.pageWalks }
              : s.kind === 'data-mover'
                ? { bytesMoved: s.counters.bytesMoved ?? 0 }
                : {};
      const keys = Object.keys(now);
      if (keys.length === 0) continue;
      const before = this.lastComponent.get(s.name) ?? {};
      this.lastComponent.set(s.name, now);
      if (!inWindow) continue;
      const args: Record<string, number> = {};
      for (const k of keys) args[k] = now[k] - (before[k] ?? 0);
      const { pid } = this.layout.track(s.name);
      this.sink.write({ ph: 'C', name: `${s.name} per chunk`, pid, ts: Math.max(from, this.start), args });
    }
  }

  /**
   * Ends the trace: closes what is still open at the final cycle (marked
   * `unfinished`), adds the failure as a global instant and the run's
   * summary as `otherData`, and closes the sink.
   */
  finish(result: RunResult): void {
    if (this.finished) return;
    this.finished = true;
    const end = result.cycles;
    this.onChunk(end);
    if (this.migration !== null) this.emitMigration(this.migration, end, true);
    for (const [id, o] of this.open) this.emitRequest(id, o, end, true);
    this.open.clear();
    const f = result.failure;
    if (f !== null && this.overlaps(f.cycle, f.cycle)) {
      this.sink.write({
        ph: 'i',
        s: 'g',
        name: `failure: ${f.kind}`,
        pid: 1,
        tid: 0,
        ts: f.cycle,
        args: f.frame ? { message: f.message, frame: f.frame } : { message: f.message },
      });
    }
    if (!this.windowClosed) {
      if (!this.windowOpened && end >= this.start) this.sampleCounters(Math.min(end, this.end));
      else if (this.windowOpened)
        for (const c of this.counters.values()) this.emitCounter(c, Math.max(this.start, c.lastChange));
    }
    const otherData: Record<string, unknown> = {
      generator: 'numasim',
      timeUnit: '1 µs in the viewer = 1 simulated cycle',
      seed: result.seed,
      status: result.status,
      cycles: result.cycles,
      migrations: result.migrations,
      traceHash: result.traceHash,
      requestSample: this.sample,
      window: this.options.window === undefined ? null : [this.start, this.end],
      config: result.config,
    };
    this.sink.close(otherData);
  }

  /** Drops the trace (e.g. when the run threw). */
  abort(): void {
    this.finished = true;
    this.sink.abort();
  }
}
