import type { ScenarioConfig } from '../../../src/scenario/scenario-config';
import { l1CacheModel } from '../../../src/state/l1-cache/l1-cache';
import { expectSameRun, runKernelCounting } from '../../support/lazy-eager';

/**
 * The L1 sleeps through the ticks in which only its own items move — bank
 * exits and finalizes, directory input and exits queueing behind a head
 * that surely stalls on a full MSHR — and replays them on its next step
 * (`catchUp`). Lazy stepping must still equal eager stepping exactly, in the
 * states where that rule applies most: saturated L1s (every transaction slot
 * and MSHR entry taken), narrow stages, tiny buffers, shuffled ties and the
 * early-write-ack fault.
 */
const CASES: Array<[string, Partial<ScenarioConfig>]> = [
  ['saturated, 1 MiB', { agents: 2, maxAddress: 1 << 20, accesses: 300, interval: 500, seed: 7 }],
  [
    'saturated, shuffled ties',
    { agents: 2, maxAddress: 1 << 20, accesses: 300, interval: 300, seed: 8, shuffleTies: true },
  ],
  [
    'one request per cycle, one MSHR entry, short bank',
    {
      maxAddress: 1 << 14,
      accesses: 200,
      interval: 200,
      seed: 9,
      components: { l1: { bankLatency: 3, numReqPerCycle: 1, mshrEntries: 1 }, l2: { bankLatency: 2 } },
    },
  ],
  [
    'buffers of one, no directory pipeline, early write acks',
    {
      maxAddress: 1 << 16,
      accesses: 200,
      interval: 300,
      seed: 12,
      shuffleTies: true,
      faults: ['early-write-ack'],
      components: {
        l1: { bankLatency: 5, dirLatency: 0, bankBufferCap: 1, dirBufferCap: 1, maxTransactions: 4 },
      },
    },
  ],
];

const run = (over: Partial<ScenarioConfig>, eager: boolean) => runKernelCounting(l1CacheModel, over, eager);

describe('L1 sleeping through its own moves = eager stepping', () => {
  test.each(CASES)('%s', (_name, over) => {
    const eager = run(over, true);
    const lazy = run(over, false);
    expectSameRun(lazy, eager);
    expect(lazy.modelSteps).toBeLessThan(eager.modelSteps);
  });
});
