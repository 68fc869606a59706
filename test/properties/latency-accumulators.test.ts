import fc from 'fast-check';
import { LatencyHistogram } from '../../src/stats/latency-histogram';
import { latencyBuckets, summarizeLatencies } from '../../src/stats/latency-summary';
import { LatencyTimeline } from '../../src/stats/latency-timeline';

describe('LatencyHistogram', () => {
  test('summarizes exactly like summarizeLatencies, merged or not', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.nat({ max: 5000 }),
            fc.nat({ max: 120_000 }),
            fc.constantFrom(-3, 0.5, 1023, 1024, 65535, 65536, 1e7, 2 ** 24 - 1, 2 ** 24, 2 ** 40),
          ),
          { maxLength: 400 },
        ),
        fc.array(fc.nat({ max: 50 }), { maxLength: 50 }),
        (xs, ys) => {
          const a = new LatencyHistogram();
          for (const x of xs) a.add(x);
          expect(a.summary()).toEqual(summarizeLatencies(xs));
          const b = new LatencyHistogram();
          for (const y of ys) b.add(y);
          const all = new LatencyHistogram();
          all.addAll(a);
          all.addAll(b);
          expect(all.summary()).toEqual(summarizeLatencies([...xs, ...ys]));
          expect(all.count).toBe(xs.length + ys.length);
        },
      ),
    );
  });
});

test('LatencyHistogram: counts of 256 and more (carried past 8 bits), added one by one or merged', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom(0, 40, 255, 1023, 1024, 70_000), fc.integer({ min: 1, max: 700 })), {
        maxLength: 8,
      }),
      (runs) => {
        const xs = runs.flatMap(([v, n]) => new Array<number>(n).fill(v));
        const a = new LatencyHistogram();
        for (const x of xs) a.add(x);
        expect(a.summary()).toEqual(summarizeLatencies(xs));
        const twice = new LatencyHistogram();
        twice.addAll(a);
        twice.addAll(a);
        expect(twice.summary()).toEqual(summarizeLatencies([...xs, ...xs]));
      },
    ),
    { numRuns: 60 },
  );
});

describe('LatencyTimeline', () => {
  const completions = (maxCycle: number) =>
    fc
      .array(fc.tuple(fc.nat({ max: maxCycle }), fc.nat({ max: 900 })), { maxLength: 300 })
      .map((xs) => xs.sort((p, q) => p[0] - q[0]));

  test('while the granule is one cycle it equals latencyBuckets', () => {
    fc.assert(
      fc.property(
        completions(4095),
        fc.integer({ min: 0, max: 9000 }),
        fc.integer({ min: 1, max: 60 }),
        (cs, extra, n) => {
          const t = new LatencyTimeline();
          for (const [at, l] of cs) t.add(at, l);
          expect(t.granuleCycles).toBe(1);
          const until = (cs.at(-1)?.[0] ?? 0) + extra;
          expect(t.buckets(until, n)).toEqual(
            latencyBuckets(
              cs.map(([at]) => at),
              cs.map(([, l]) => l),
              until,
              n,
            ),
          );
        },
      ),
    );
  });

  test('long runs: bounded granules, buckets exact for their (rounded) width', () => {
    fc.assert(
      fc.property(completions(3_000_000), fc.integer({ min: 0, max: 100_000 }), (cs, extra) => {
        const t = new LatencyTimeline();
        for (const [at, l] of cs) t.add(at, l);
        const until = (cs.at(-1)?.[0] ?? 0) + extra;
        const got = t.buckets(until, 40);
        const width = got[0].end - got[0].start;
        expect(got.length).toBeLessThanOrEqual(40);
        expect(width % t.granuleCycles).toBe(0);
        expect(width).toBeGreaterThanOrEqual(Math.ceil(Math.max(1, until) / 40));
        expect(width).toBeLessThanOrEqual(Math.ceil(Math.max(1, until) / 40) * 1.02 + 1);
        for (let b = 0; b < got.length; b++) {
          const inB = cs.filter(([at]) => Math.min(got.length - 1, Math.floor(at / width)) === b);
          expect(got[b].count).toBe(inB.length);
          expect(got[b].max).toBe(inB.reduce((m, [, l]) => Math.max(m, l), 0));
          const sum = inB.reduce((s, [, l]) => s + l, 0);
          expect(got[b].mean).toBe(inB.length === 0 ? 0 : Math.round((sum / inB.length) * 10) / 10);
          expect(got[b].start).toBe(b * width);
        }
        expect(got.at(-1)!.end).toBe(Math.max(1, until));
      }),
    );
  });

  test('memory stays bounded however many requests complete', () => {
    const t = new LatencyTimeline();
    for (let c = 0; c < 50_000_000; c += 997) t.add(c, c % 300);
    expect(t.granuleCycles).toBeGreaterThan(1);
    expect(Math.ceil(50_000_000 / t.granuleCycles)).toBeLessThanOrEqual(4096);
    expect(t.buckets(50_000_000, 40).reduce((s, b) => s + b.count, 0)).toBe(Math.ceil(50_000_000 / 997));
  });
});
