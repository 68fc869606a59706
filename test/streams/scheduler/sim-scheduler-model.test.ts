import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xorshift128plus } from 'pure-rand/generator/xorshift128plus';
import {
  PHASE_LINK,
  PHASE_TICK,
  SimScheduler,
  type SimTask,
} from '../../../src/streams/scheduler/sim-scheduler';

/**
 * The scheduler (calendar ring, overflow heap, the flush loop's fast path
 * through the current bucket) against a plain model: every entry in one
 * list, the smallest `(cycle, phase, key, sequence)` runs next, keys drawn
 * with `uniformInt(rng, 0, 0x7fffffff)` in enqueue order. Random programs
 * whose events enqueue more events (same cycle in both phases, next cycle,
 * far future, the past), cancel and re-queue tasks, halt the flush, and are
 * flushed in pieces.
 */

interface Queue {
  enqueue(task: SimTask, t: number, p: number): void;
  /** Runs events up to `until`; false when it stopped on `halted`. */
  flush(until: number): void;
  halted: boolean;
  now(): number;
}

class ModelQueue implements Queue {
  private readonly entries: Array<{
    t: number;
    p: number;
    k: number;
    s: number;
    gen: number;
    task: SimTask;
  }> = [];
  private seq = 0;
  private frame = 0;
  private readonly rng: ReturnType<typeof xorshift128plus> | null;
  halted = false;
  constructor(seed: number | undefined) {
    this.rng = seed === undefined ? null : xorshift128plus(seed);
  }
  enqueue(task: SimTask, t: number, p: number): void {
    const k = this.rng === null ? 0 : uniformInt(this.rng, 0, 0x7fffffff);
    this.entries.push({ t, p, k, s: this.seq++, gen: task.gen, task });
  }
  flush(until: number): void {
    while (!this.halted && this.entries.length > 0) {
      let best = 0;
      for (let i = 1; i < this.entries.length; i++) {
        const a = this.entries[i];
        const b = this.entries[best];
        if ((a.t - b.t || a.p - b.p || a.k - b.k || a.s - b.s) < 0) best = i;
      }
      const e = this.entries[best];
      if (e.t > until) return;
      this.entries.splice(best, 1);
      if (e.gen !== e.task.gen) continue;
      this.frame = e.t;
      e.task.run(e.t);
    }
  }
  now(): number {
    return this.frame;
  }
}

/** A small deterministic hash of a few integers, for the programs' choices. */
function mix(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Runs random program `prog` on `q`; returns the log of `task@cycle` runs. */
function runProgram(q: Queue, prog: number): string[] {
  const log: string[] = [];
  const tasks: Array<SimTask & { gen: number }> = [];
  const make = (): number => {
    const id = tasks.length;
    let runs = 0;
    tasks.push({
      gen: 0,
      run(now: number) {
        log.push(`${id}@${now}`);
        runs++;
        const r = mix(prog, id, runs, now);
        const actions = r % 4;
        for (let a = 0; a < actions && tasks.length < 400; a++) {
          const c = mix(r, a);
          const kind = c % 10;
          const p = (c >>> 4) % 2 === 0 ? PHASE_TICK : PHASE_LINK;
          if (kind < 3) q.enqueue(tasks[make()], now, p);
          else if (kind < 6) q.enqueue(tasks[make()], now + 1, p);
          else if (kind === 6) q.enqueue(tasks[make()], now + 2 + ((c >>> 8) % 60), p);
          else if (kind === 7) q.enqueue(tasks[make()], Math.max(0, now - 1 - ((c >>> 8) % 20)), p);
          else if (kind === 8) tasks[(c >>> 8) % tasks.length].gen++;
          else {
            const t = tasks[(c >>> 8) % tasks.length];
            q.enqueue(t, now + ((c >>> 12) % 3), p);
          }
        }
        if (r % 97 === 0) q.halted = true;
      },
    });
    return id;
  };
  for (let i = 0; i < 12; i++) {
    const c = mix(prog, 1000 + i);
    q.enqueue(tasks[make()], c % 30, c % 3 === 0 ? PHASE_LINK : PHASE_TICK);
  }
  let until = 0;
  for (let piece = 0; piece < 400 && until < 5000; piece++) {
    until += 1 + (mix(prog, 5000 + piece) % 25);
    q.flush(until);
    if (q.halted) {
      log.push(`halt@${q.now()}`);
      q.halted = false;
      until -= 1 + (mix(prog, 6000 + piece) % 25);
    }
  }
  q.flush(Number.POSITIVE_INFINITY);
  return log;
}

describe('SimScheduler against a sorted-list model', () => {
  for (const seed of [undefined, 1, 77]) {
    test(`random programs run in the same order (tie-break seed ${seed})`, () => {
      for (let prog = 0; prog < 60; prog++) {
        const real = runProgram(new SimScheduler({ tieBreakSeed: seed }), prog);
        const model = runProgram(new ModelQueue(seed), prog);
        expect(real.length).toBeGreaterThan(12);
        expect(real).toEqual(model);
      }
    });
  }

  test('tie-break keys are the uniformInt(0, 2^31 - 1) draws, in enqueue order', () => {
    const s = new SimScheduler({ tieBreakSeed: 42 });
    const tasks = Array.from({ length: 200 }, (_, i) => ({ gen: 0, run: () => {}, i }));
    // ring and overflow entries, both phases
    tasks.forEach((t, i) => {
      s.enqueue(t, (i * 13) % 70, i % 2);
    });
    const snap = s.snapshot((t) => (t as unknown as { i: number }).i);
    const rng = xorshift128plus(42);
    const keys = tasks.map(() => uniformInt(rng, 0, 0x7fffffff));
    expect(snap.entries).toHaveLength(200);
    for (const e of snap.entries) expect(e.k).toBe(keys[e.ref]);
    // and they survive a restore
    const again = new SimScheduler({ tieBreakSeed: 42 });
    again.restore(snap, (i: number) => tasks[i]);
    expect(again.snapshot((t) => (t as unknown as { i: number }).i).entries).toEqual(snap.entries);
  });
});
