import type { ScenarioConfig } from '../../../src/scenario/scenario-config';
import { expectSameRun, runKernel } from '../../support/lazy-eager';

/**
 * The lazy kernel (components sleeping through ticks that only let time
 * pass, `wakeAt`; credit-only wakes of quiet components skipped) must
 * behave exactly like eager stepping of every tick the reference runs:
 * same events in the same order, same messages moved, same final cycle,
 * same final component states and tick counts.
 */
const TINY = {
  l1: { totalBytes: 256 },
  l2: { totalBytes: 1024 },
  l1tlb: { numSets: 2, numWays: 2 },
  l2tlb: { numSets: 2, numWays: 4 },
};

const CASES: Array<[string, Partial<ScenarioConfig>]> = [
  ['1 KiB, interval 300', { maxAddress: 1024, accesses: 300, interval: 300, seed: 3 }],
  ['1 MiB, shuffled ties', { maxAddress: 1 << 20, accesses: 250, interval: 400, seed: 4, shuffleTies: true }],
  [
    '4 agents, 3 devices, buffers of 1',
    { agents: 4, devices: 3, maxAddress: 1 << 13, accesses: 120, interval: 100, bufferSize: 1, seed: 5 },
  ],
  [
    'tiny caches, scheduled migrations, a wait step',
    {
      maxAddress: 8192,
      accesses: 80,
      components: TINY,
      schedule: [
        { page: 0, at: 30 },
        { page: 1, at: 300 },
      ],
      plan: 'drain-robs,pause-rest,flush-l2,copy,repoint,wait-40,invalidate,enable-all'.split(','),
      seed: 6,
    },
  ],
  [
    'odd latencies and widths',
    {
      maxAddress: 1 << 14,
      accesses: 150,
      interval: 200,
      seed: 7,
      components: {
        memctrl: { latency: 3, width: 2 },
        mmu: { latency: 1 },
        l1: { bankLatency: 3, numReqPerCycle: 1 },
        l2: { bankLatency: 2 },
      },
    },
  ],
];

describe('lazy kernel = eager stepping', () => {
  test.each(CASES)('%s', (_name, over) => {
    const eager = runKernel(over, true);
    const lazy = runKernel(over, false);
    expectSameRun(lazy, eager);
    expect(lazy.steps).toBeLessThan(eager.steps);
  });
});
