import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../../src/scenario/run-scenario';
import {
  defaultScenarioConfig,
  parseScenarioConfig,
  type ScenarioConfig,
} from '../../src/scenario/scenario-config';
import { ChromeTraceRecorder } from '../../src/trace/chrome-trace-recorder';
import { MemoryTraceSink } from '../../src/trace/memory-trace-sink';
import type { TraceEvent } from '../../src/trace/trace-event';
import { TraceFileWriter } from '../../src/trace/trace-file-writer';
import { parseTraceWindow, type TraceOptions } from '../../src/trace/trace-options';
import { validateChromeTrace } from '../../src/trace/validate-trace';

function traced(over: Partial<ScenarioConfig>, options: TraceOptions = {}) {
  const config = parseScenarioConfig({ ...defaultScenarioConfig(), ...over });
  const sink = new MemoryTraceSink();
  const rec = new ChromeTraceRecorder(sink, options);
  let names: string[] = [];
  const result = runScenario(config, {
    onBuilt: (t) => {
      rec.begin(t);
      names = t.sim.components.map((c) => c.name);
    },
    onEvent: (r) => rec.onEvent(r),
    onChunk: (p) => rec.onChunk(p.cycle),
    onMismatch: (m, r) => rec.onMismatch(m, r),
  });
  rec.finish(result);
  // round trip through JSON text, as a viewer would read it
  const doc = JSON.parse(JSON.stringify(sink.toJSON())) as { traceEvents: TraceEvent[]; otherData: any };
  return { result, doc, events: doc.traceEvents, names, rec };
}

const spans = (events: TraceEvent[], cat: string) => events.filter((e) => e.ph === 'X' && e.cat === cat);

describe('Chrome trace of the default scenario (seed 1)', () => {
  let t: ReturnType<typeof traced>;
  beforeAll(() => {
    t = traced({ seed: 1 });
  });

  test('passes the structural validation', () => {
    const v = validateChromeTrace(t.doc);
    expect(v.problems).toEqual([]);
    expect(v.events).toBe(t.events.length);
    expect(v.counters).toBeGreaterThan(0);
  });

  test('one migration span per migration, at the migration log’s cycles, phases nested inside', () => {
    const r = t.result;
    expect(r.migrations).toBeGreaterThan(5);
    const migs = spans(t.events, 'migration');
    expect(migs).toHaveLength(r.migrations);
    expect(migs).toHaveLength(r.migrationLog.length);
    const phases = spans(t.events, 'phase');
    expect(phases).toHaveLength(r.migrationLog.reduce((s, m) => s + m.phases.length, 0));
    r.migrationLog.forEach((g, i) => {
      const m = migs[i];
      expect(m.ts).toBe(g.begin);
      expect(m.ts! + m.dur!).toBe(g.end);
      expect(m.args).toMatchObject({ page: g.page, fromDevice: g.fromDevice, toDevice: g.toDevice });
      const mine = phases.filter((p) => (p.args as { migration: number }).migration === g.number);
      expect(mine.map((p) => p.name)).toEqual(g.phases.map((p) => p.name));
      for (const p of mine) {
        expect(p.tid).toBe(m.tid);
        expect(p.ts!).toBeGreaterThanOrEqual(m.ts!);
        expect(p.ts! + p.dur!).toBeLessThanOrEqual(m.ts! + m.dur!);
      }
    });
    expect(spans(t.events, 'copy')).toHaveLength(r.migrations);
  });

  test('one request span per request, from issue to response, in its agent’s process', () => {
    const r = t.result;
    const begins = t.events.filter((e) => e.ph === 'b');
    const ends = new Map(t.events.filter((e) => e.ph === 'e').map((e) => [`${e.pid}/${e.id2!.local}`, e]));
    expect(begins).toHaveLength(r.reads + r.writes + r.sweepReads);
    for (const b of begins) {
      const e = ends.get(`${b.pid}/${b.id2!.local}`)!;
      expect(e.ts! - b.ts!).toBe((b.args as { latency: number }).latency);
      expect(b.pid).toBe(e.pid);
      expect([100, 101]).toContain(b.pid);
    }
    const lat = begins.filter((b) => b.pid === 100).map((b) => (b.args as { latency: number }).latency);
    expect(Math.max(...lat)).toBeGreaterThanOrEqual(r.stats.agents[0].latency.max);
  });

  test('one process per group, one thread per component, counters for in-flight work', () => {
    const meta = t.events.filter((e) => e.ph === 'M');
    const procs = meta.filter((e) => e.name === 'process_name').map((e) => (e.args as { name: string }).name);
    expect(procs.sort()).toEqual([
      'Agent 0',
      'Agent 1',
      'Device 0',
      'Device 1',
      'Migration',
      'Shared hierarchy',
    ]);
    const threads = meta
      .filter((e) => e.name === 'thread_name')
      .map((e) => (e.args as { name: string }).name);
    expect(threads.sort()).toEqual([...t.names].sort());
    const counterNames = new Set(t.events.filter((e) => e.ph === 'C').map((e) => e.name));
    for (const n of ['requests in flight', 'migrations in flight', 'in-flight requests', 'L2Cache per chunk'])
      expect(counterNames).toContain(n);
    const migCounter = t.events.filter((e) => e.ph === 'C' && e.name === 'migrations in flight');
    expect(migCounter.filter((e) => (e.args as { value: number }).value === 1)).toHaveLength(
      t.result.migrations,
    );
    expect(Math.max(...t.events.filter((e) => e.ts !== undefined).map((e) => e.ts!))).toBeLessThanOrEqual(
      t.result.cycles,
    );
    expect(t.doc.otherData).toMatchObject({ seed: 1, status: 'pass', traceHash: t.result.traceHash });
  });

  test('tracing does not change the run', () => {
    expect(runScenario(t.result.config).traceHash).toBe(t.result.traceHash);
  });
});

describe('sampling and windows', () => {
  test('--trace-sample N keeps one request span in N per agent, and everything else', () => {
    const full = traced({ seed: 4, accesses: 300 });
    const s = traced({ seed: 4, accesses: 300 }, { sample: 10 });
    expect(validateChromeTrace(s.doc).problems).toEqual([]);
    const perAgent = full.result.reads / 2 + full.result.writes / 2 + full.result.sweepReads / 2;
    expect(s.events.filter((e) => e.ph === 'b')).toHaveLength(2 * Math.ceil(perAgent / 10));
    expect(spans(s.events, 'migration')).toHaveLength(full.result.migrations);
    expect(s.result.traceHash).toBe(full.result.traceHash);
  });

  test('--trace-window keeps only what overlaps the window', () => {
    const w = { start: 20_000, end: 40_000 };
    const s = traced({ seed: 1, accesses: 600 }, { window: w });
    expect(validateChromeTrace(s.doc).problems).toEqual([]);
    const timed = s.events.filter((e) => e.ph !== 'M');
    expect(timed.length).toBeGreaterThan(50);
    for (const e of timed) {
      if (e.ph === 'X' && e.cat === 'migration') {
        // a migration overlapping the window is kept whole, with all its phases
        expect(e.ts!).toBeLessThanOrEqual(w.end);
        expect(e.ts! + e.dur!).toBeGreaterThanOrEqual(w.start);
      } else if (e.ph === 'C' || e.ph === 'i') {
        expect(e.ts!).toBeGreaterThanOrEqual(w.start);
        expect(e.ts!).toBeLessThanOrEqual(w.end);
      }
    }
    const overlapping = s.result.migrationLog.filter(
      (m) => m.begin <= w.end && (m.end ?? Infinity) >= w.start,
    );
    expect(spans(s.events, 'migration')).toHaveLength(overlapping.length);
    const begins = new Map(timed.filter((e) => e.ph === 'b').map((e) => [e.id2!.local, e.ts!]));
    for (const e of timed.filter((x) => x.ph === 'e')) {
      expect(begins.get(e.id2!.local)!).toBeLessThanOrEqual(w.end);
      expect(e.ts!).toBeGreaterThanOrEqual(w.start);
    }
  });

  test('window syntax', () => {
    expect(parseTraceWindow('100:200')).toEqual({ start: 100, end: 200 });
    expect(parseTraceWindow(':50')).toEqual({ start: 0, end: 50 });
    expect(parseTraceWindow('7:').start).toBe(7);
    expect(() => parseTraceWindow('200:100')).toThrow(/must not exceed/);
    expect(() => parseTraceWindow('abc')).toThrow(/START:END/);
    expect(() => parseTraceWindow(':')).toThrow(/START:END/);
  });
});

describe('a failing run', () => {
  test('the mismatch and the failure are instants; unfinished work is closed at the end', () => {
    const t = traced({ seed: 1, faults: ['skip-flush'] });
    expect(t.result.status).toBe('fail');
    expect(validateChromeTrace(t.doc).problems).toEqual([]);
    const inst = t.events.filter((e) => e.ph === 'i');
    expect(inst.map((e) => e.name)).toEqual(['mismatch', 'failure: mismatch']);
    expect(inst[0].ts).toBe(t.result.failure!.cycle);
    const open = t.events.filter((e) => (e.args as { unfinished?: boolean } | undefined)?.unfinished);
    for (const e of open) expect(e.ts! + (e.dur ?? 0)).toBeLessThanOrEqual(t.result.cycles);
  });
});

describe('trace validator negative controls', () => {
  const named = (events: object[]) => ({
    traceEvents: [{ ph: 'M', name: 'process_name', pid: 1, args: { name: 'p' } }, ...events],
  });
  test.each([
    ['negative duration', [{ ph: 'X', name: 'a', pid: 1, tid: 1, ts: 5, dur: -1 }], /end before it begins/],
    [
      'overlap without nesting',
      [
        { ph: 'X', name: 'a', pid: 1, tid: 1, ts: 0, dur: 10 },
        { ph: 'X', name: 'b', pid: 1, tid: 1, ts: 5, dur: 10 },
      ],
      /without nesting/,
    ],
    [
      'async begin never ends',
      [{ ph: 'b', cat: 'r', id: '0x1', name: 'a', pid: 1, tid: 1, ts: 0 }],
      /never ends/,
    ],
    [
      'process-scoped ids do not match across processes',
      [
        { ph: 'M', name: 'process_name', pid: 2, args: { name: 'q' } },
        { ph: 'b', cat: 'r', id2: { local: '0x1' }, name: 'a', pid: 1, tid: 1, ts: 0 },
        { ph: 'e', cat: 'r', id2: { local: '0x1' }, name: 'a', pid: 2, tid: 1, ts: 4 },
      ],
      /async end without a begin/,
    ],
    [
      'async end before begin',
      [
        { ph: 'b', cat: 'r', id: '0x1', name: 'a', pid: 1, tid: 1, ts: 9 },
        { ph: 'e', cat: 'r', id: '0x1', name: 'a', pid: 1, tid: 1, ts: 3 },
      ],
      /before it begins/,
    ],
    ['unnamed process', [{ ph: 'i', name: 'x', pid: 7, tid: 1, ts: 0, s: 't' }], /no process_name/],
    ['bad counter', [{ ph: 'C', name: 'c', pid: 1, ts: 0, args: { v: 'x' } }], /must be numbers/],
  ])('%s is reported', (_name, events, why) => {
    expect(validateChromeTrace(named(events)).problems.join('\n')).toMatch(why);
  });
  test('nested and back-to-back spans are fine', () => {
    const ok = named([
      { ph: 'X', name: 'm', pid: 1, tid: 1, ts: 0, dur: 10 },
      { ph: 'X', name: 'p1', pid: 1, tid: 1, ts: 0, dur: 4 },
      { ph: 'X', name: 'p2', pid: 1, tid: 1, ts: 4, dur: 0 },
      { ph: 'X', name: 'p3', pid: 1, tid: 1, ts: 4, dur: 6 },
    ]);
    expect(validateChromeTrace(ok).problems).toEqual([]);
    expect(validateChromeTrace({}).problems).toEqual(['traceEvents is not an array']);
  });
});

describe('TraceFileWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'numasim-trace-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('streams into a temporary file and renames it over the target on close', () => {
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old');
    const w = new TraceFileWriter(path);
    for (let i = 0; i < 30_000; i++) w.write({ ph: 'i', name: `e${i}`, pid: 1, tid: 1, ts: i, s: 't' });
    expect(readFileSync(path, 'utf8')).toBe('old'); // readers still see the old file
    expect(existsSync(w.tempPath)).toBe(true);
    w.close({ generator: 'test' });
    expect(existsSync(w.tempPath)).toBe(false);
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    expect(doc.traceEvents).toHaveLength(30_000);
    expect(doc.otherData).toEqual({ generator: 'test' });
    expect(w.bytes).toBe(readFileSync(path).length);
    expect(() => w.write({ ph: 'i', name: 'late', pid: 1, ts: 0 })).toThrow(/closed/);
  });

  test('abort leaves the target untouched and no temporary file behind', () => {
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old');
    const w = new TraceFileWriter(path);
    w.write({ ph: 'i', name: 'x', pid: 1, ts: 0 });
    w.abort();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });
});
