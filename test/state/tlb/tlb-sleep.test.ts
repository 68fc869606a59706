import type { ScenarioConfig } from '../../../src/scenario/scenario-config';
import type { TranslationReq } from '../../../src/state/contract/messages';
import { TimedPipeline } from '../../../src/state/structures/timed-pipeline';
import { replayTlbPipeline } from '../../../src/state/tlb/tlb-state';
import { expectSameRun, runKernel } from '../../support/lazy-eager';
import { lcg } from '../../support/lcg';

function req(id: number): TranslationReq {
  return {
    kind: 'TranslationReq',
    id,
    src: 'A.Top',
    dst: 'T.Top',
    rspTo: 0,
    vAddr: id * 4096,
    pid: 1,
    deviceID: 1,
  };
}

/** What a pipeline shows from outside: contents, next exit, room, and what the next ticks give. */
function looks(p: TimedPipeline<TranslationReq>, width: number): string {
  const parts: unknown[] = [p.count, p.clock, p.items().map((r) => r.id), p.ticksToExit(), p.canAccept()];
  let q = p;
  for (let k = 0; k < 8 && q.count > 0; k++) {
    const [next, out] = q.tick(1 + (k % width));
    parts.push(out.map((r) => r.id));
    q = next;
  }
  return JSON.stringify(parts);
}

describe('replayTlbPipeline', () => {
  test('equals ticking the pipeline once per tick into a buffer that only fills', () => {
    const rnd = lcg(11);
    const bad: string[] = [];
    for (let trial = 0; trial < 600 && bad.length === 0; trial++) {
      const width = 1 + rnd(4);
      const stages = 1 + rnd(6);
      let p = TimedPipeline.create<TranslationReq>(width, stages);
      let id = 0;
      // A random history: accepts (with or without the dwell) and ticks with random sink room.
      for (let step = rnd(30); step > 0; step--) {
        for (let k = rnd(3); k > 0 && p.canAccept(); k--) p = p.accept(req(id++), rnd(2));
        if (p.count > 0) p = p.tick(rnd(width + 1))[0];
      }
      const buffered = rnd(width + 1);
      const ticks = rnd(12);
      // Reference: the TLB's own per-tick loop (tick only when not empty; room = what the buffer has left).
      let ref = p;
      const refOut: TranslationReq[] = [];
      for (let t = 0; t < ticks; t++) {
        if (ref.count === 0) continue;
        const [next, out] = ref.tick(width - buffered - refOut.length);
        ref = next;
        refOut.push(...out);
      }
      const out: TranslationReq[] = [];
      const got = replayTlbPipeline(p, buffered, ticks, width, out);
      const a = `${looks(ref, width)} ${JSON.stringify(refOut.map((r) => r.id))}`;
      const b = `${looks(got, width)} ${JSON.stringify(out.map((r) => r.id))}`;
      if (a !== b)
        bad.push(`trial ${trial} (w${width} s${stages} buf ${buffered} ticks ${ticks}): ${a} vs ${b}`);
    }
    expect(bad).toEqual([]);
  });

  test('appends after what `out` already holds; the room is `width - buffered`', () => {
    let p = TimedPipeline.create<TranslationReq>(2, 1);
    p = p.accept(req(1)).accept(req(2));
    const out = [req(0)];
    expect(replayTlbPipeline(p, 0, 1, 2, out).count).toBe(0);
    // same-tick leavers go newest first (the reference's pipeline order)
    expect(out.map((r) => r.id)).toEqual([0, 2, 1]);
    const held: TranslationReq[] = [];
    expect(replayTlbPipeline(p, 1, 1, 2, held).count).toBe(1);
    expect(held.map((r) => r.id)).toEqual([2]);
  });
});

const CASES: Array<[string, Partial<ScenarioConfig>]> = [
  [
    'narrow TLBs, one-entry MSHRs, buffers of 1',
    {
      maxAddress: 1 << 16,
      accesses: 200,
      interval: 300,
      bufferSize: 1,
      seed: 21,
      components: {
        l1tlb: { numSets: 2, numWays: 2, numReqPerCycle: 1, mshrSize: 1, latency: 2 },
        l2tlb: { numSets: 2, numWays: 4, numReqPerCycle: 1, mshrSize: 1, latency: 5 },
      },
    },
  ],
  [
    'wide, deep TLB pipelines, slow walks, shuffled ties',
    {
      agents: 3,
      maxAddress: 1 << 18,
      accesses: 150,
      interval: 250,
      seed: 22,
      shuffleTies: true,
      components: {
        l1tlb: { numReqPerCycle: 3, latency: 6, mshrSize: 2 },
        l2tlb: { numReqPerCycle: 2, latency: 2, mshrSize: 2 },
        mmu: { latency: 30 },
      },
    },
  ],
  [
    'default TLBs under migration',
    { agents: 2, maxAddress: 1 << 20, accesses: 300, interval: 200, seed: 23 },
  ],
];

/**
 * The TLB sleeps through ticks that only move requests out of its pipeline
 * (and replays them on waking), and skips the idle tick after its work: the
 * run must be exactly the one of stepping every tick.
 */
describe('TLB sleeping = eager stepping', () => {
  test.each(CASES)('%s', (_name, over) => {
    const eager = runKernel(over, true);
    const lazy = runKernel(over, false);
    expectSameRun(lazy, eager);
    expect(lazy.steps).toBeLessThan(eager.steps);
  });
});
