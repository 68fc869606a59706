import { TimedPipeline } from '../../../src/state/structures/timed-pipeline';
import { decodeState, encodeState } from '../../../src/streams/kernel/state-codec';
import { lcg } from '../../support/lcg';
import { Pipeline } from '../../support/pipeline';

/**
 * Drives 300 random pipelines (widths 1–4, 1–6 stages) 60 steps each: up to
 * `maxAccepts - 1` accepts (a third of them dwelling), then `check`, then one
 * tick into a random, sometimes blocked sink (so lanes get held back).
 */
function forEachRandomPipelineStep(
  seed: number,
  maxAccepts: number,
  check: (p: TimedPipeline<number>, width: number, trial: number, step: number) => void,
): void {
  const rnd = lcg(seed);
  for (let trial = 0; trial < 300; trial++) {
    const W = 1 + rnd(4);
    const S = 1 + rnd(6);
    let p = TimedPipeline.create<number>(W, S);
    let id = 0;
    for (let step = 0; step < 60; step++) {
      for (let k = rnd(maxAccepts); k > 0 && p.canAccept(); k--)
        p = p.accept(id++, rnd(3) === 0 ? 1 + rnd(2) : 0);
      check(p, W, trial, step);
      [p] = p.tick(rnd(3));
    }
  }
}

describe('TimedPipeline', () => {
  test('behaves exactly like the slot-array pipeline ticked every cycle', () => {
    const rnd = lcg(1);
    const mismatches: string[] = [];
    for (let trial = 0; trial < 1000 && mismatches.length === 0; trial++) {
      const W = 1 + rnd(4);
      const S = 1 + rnd(6);
      const dwell = rnd(3);
      let a = Pipeline.create<number>(W, S);
      let b = TimedPipeline.create<number>(W, S);
      let id = 0;
      const check = (what: string, x: unknown, y: unknown) => {
        if (JSON.stringify(x) !== JSON.stringify(y)) mismatches.push(`trial ${trial} ${what}: ${x} vs ${y}`);
      };
      for (let step = 0; step < 120; step++) {
        const acceptBefore = rnd(2) === 0;
        const accept = () => {
          for (let k = rnd(3); k > 0; k--) {
            check('canAccept', a.canAccept(), b.canAccept());
            if (!a.canAccept()) break;
            const d = rnd(2) === 1 ? dwell : 0;
            a = a.accept(id, d);
            b = b.accept(id, d);
            id++;
          }
        };
        if (acceptBefore) accept();
        if (rnd(4) === 0) {
          // Sleep through k ticks: with room only while nothing can leave; without room always.
          const k = 1 + rnd(4);
          const skipRoom = rnd(2);
          if (skipRoom === 0 || b.ticksToExit() > k) {
            b = b.skip(k, skipRoom);
            for (let i = 0; i < k; i++) {
              const [a2, outA] = a.tick(skipRoom);
              a = a2;
              check('skipped out', outA, []);
            }
            check('items after skip', a.items(), b.items());
            check('canAccept after skip', a.canAccept(), b.canAccept());
          }
        }
        const room = rnd(3);
        const [a2, outA] = a.tick(room);
        const [b2, outB] = b.tick(room);
        a = a2;
        b = b2;
        check('out', outA, outB);
        check('items', a.items(), b.items());
        if (!acceptBefore) accept();
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('peekNextExit() is the first item the next exit emits into a sink with room', () => {
    let checked = 0;
    forEachRandomPipelineStep(7, 3, (p) => {
      // Tick a copy up to the next exit with room for one item: the first out is the peeked item.
      const t = p.ticksToExit();
      if (t === Number.POSITIVE_INFINITY) {
        expect(p.peekNextExit()).toBeUndefined();
        return;
      }
      let q = p;
      let out: readonly number[] = [];
      for (let i = 0; i < t; i++) [q, out] = q.tick(1);
      expect(out.length).toBe(1);
      expect(p.peekNextExit()).toBe(out[0]);
      checked++;
    });
    expect(checked).toBeGreaterThan(1000);
  });

  test('canAcceptAfterTick(room) is what canAccept() answers after tick(room)', () => {
    const mismatches: string[] = [];
    let checked = 0;
    let refused = 0;
    forEachRandomPipelineStep(11, 4, (p, W, trial, step) => {
      for (let room = 0; room <= W; room++) {
        const expected = p.tick(room)[0].canAccept();
        if (p.canAcceptAfterTick(room) !== expected)
          mismatches.push(`trial ${trial} step ${step} room ${room}`);
        if (!expected) refused++;
        checked++;
      }
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(10000);
    expect(refused).toBeGreaterThan(500);
  });

  test('an item accepted between ticks leaves in tick stages + dwell', () => {
    let p = TimedPipeline.create<string>(1, 4).accept('x', 1);
    expect(p.ticksToExit()).toBe(5);
    const outs: (readonly string[])[] = [];
    for (let t = 1; t <= 5; t++) {
      const [next, out] = p.tick(1);
      p = next;
      outs.push(out);
    }
    expect(outs).toEqual([[], [], [], [], ['x']]);
  });

  test('skip(k) with room equals k ticks that emit nothing; it refuses to skip an exit', () => {
    const start = TimedPipeline.create<number>(2, 6).accept(1).accept(2);
    let ticked = start;
    for (let i = 0; i < 4; i++) [ticked] = ticked.tick(2);
    const skipped = start.skip(4, 2);
    expect(skipped.ticksToExit()).toBe(ticked.ticksToExit());
    expect(skipped.items()).toEqual(ticked.items());
    expect(() => start.skip(6, 2)).toThrow(/skipped past an exit/);
  });

  test('skip(k) without room holds items at the last stage like k blocked ticks', () => {
    let p = TimedPipeline.create<number>(1, 3);
    let q = Pipeline.create<number>(1, 3);
    for (const x of [1, 2]) {
      p = p.accept(x);
      q = q.accept(x);
      [p] = p.tick(0);
      [q] = q.tick(0);
    }
    const skipped = p.skip(7, 0);
    for (let i = 0; i < 7; i++) [q] = q.tick(0);
    expect(skipped.canAccept()).toBe(q.canAccept());
    const [, a] = skipped.tick(1);
    const [, b] = q.tick(1);
    expect(a).toEqual(b);
    expect(a).toEqual([1]);
  });

  test('a one-stage pipeline never counts a dwell down (the reference primitive)', () => {
    let p = TimedPipeline.create<number>(1, 1).accept(7, 1);
    let q = Pipeline.create<number>(1, 1).accept(7, 1);
    for (let i = 0; i < 10; i++) {
      const [p2, a] = p.tick(1);
      const [q2, b] = q.tick(1);
      p = p2;
      q = q2;
      expect(a).toEqual(b);
    }
    expect(p.count).toBe(1);
  });

  test('round-trips through the state codec', () => {
    const p = TimedPipeline.create<{ x: number }>(2, 3).accept({ x: 1 }).accept({ x: 2 }, 1);
    const back = decodeState(JSON.parse(JSON.stringify(encodeState(p)))) as TimedPipeline<{ x: number }>;
    expect(back).toBeInstanceOf(TimedPipeline);
    expect(back.items()).toEqual(p.items());
    expect(back.ticksToExit()).toBe(p.ticksToExit());
  });
});
