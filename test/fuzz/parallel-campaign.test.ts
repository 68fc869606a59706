import { join } from 'node:path';
import { type CampaignSummary, runCampaign } from '../../src/fuzz/campaign';
import { DEFAULT_FUZZ_SPACE, type FuzzSpace, fuzzArbitrary } from '../../src/fuzz/fuzz-options';
import type { ParallelCampaignOptions } from '../../src/fuzz/parallel-campaign';
import { REPO_ROOT } from '../support/paths';

// The worker threads run the built files (npm test builds dist first), so the
// parallel campaign is loaded from dist too.
const { runParallelCampaign } = require(join(REPO_ROOT, 'dist', 'fuzz', 'parallel-campaign')) as {
  runParallelCampaign: (o: ParallelCampaignOptions) => Promise<CampaignSummary>;
};

/** What a campaign found, without timings. */
function findings(s: CampaignSummary) {
  return {
    runs: s.runs,
    interrupted: s.interrupted,
    failures: s.failures.map((f) => ({
      seed: f.seed,
      path: f.path,
      shrinks: f.shrinks,
      foundAfterRuns: f.foundAfterRuns,
      config: f.config,
      failure: f.result.failure,
      traceHash: f.result.traceHash,
    })),
  };
}

const skipFlush: FuzzSpace = { ...DEFAULT_FUZZ_SPACE, faults: ['skip-flush'] };

describe('runParallelCampaign (worker threads) finds what runCampaign finds', () => {
  test('the first failure: same batch seed, path, shrunk counterexample and run count', async () => {
    const o = { seed: 1, runs: 200, batch: 10 };
    const serial = await runCampaign({ ...o, arbitrary: fuzzArbitrary(skipFlush) });
    const parallel = await runParallelCampaign({ ...o, space: skipFlush, jobs: 2 });
    expect(serial.failures).toHaveLength(1);
    expect(findings(parallel)).toEqual(findings(serial));
  });

  test('--keep-going: every failure in batch order, and the batch sizes after short failing batches', async () => {
    // 7 batches of at most 4 runs: failing batches stop early, so later batch
    // sizes and the number of batches depend on the runs before them.
    const o = { seed: 11, runs: 26, batch: 4, keepGoing: true };
    const space: FuzzSpace = { ...skipFlush, bounds: { ...skipFlush.bounds, maxAccesses: 12 } };
    const serial = await runCampaign({ ...o, arbitrary: fuzzArbitrary(space) });
    const parallel = await runParallelCampaign({ ...o, space, jobs: 3 });
    expect(serial.failures.length).toBeGreaterThan(1);
    expect(serial.runs).toBe(26);
    expect(findings(parallel)).toEqual(findings(serial));
  });

  test('no failure: every run is counted once', async () => {
    const o = { seed: 3, runs: 57, batch: 10 };
    const serial = await runCampaign({ ...o, arbitrary: fuzzArbitrary(DEFAULT_FUZZ_SPACE) });
    const parallel = await runParallelCampaign({ ...o, space: DEFAULT_FUZZ_SPACE, jobs: 2 });
    expect(parallel.failures).toHaveLength(0);
    expect(findings(parallel)).toEqual(findings(serial));
  });

  test('a different campaign seed finds something else (the comparison can fail)', async () => {
    const a = await runParallelCampaign({ seed: 1, runs: 200, batch: 10, space: skipFlush, jobs: 2 });
    const b = await runParallelCampaign({ seed: 2, runs: 200, batch: 10, space: skipFlush, jobs: 2 });
    expect(findings(a)).not.toEqual(findings(b));
  });

  test('a stop request ends it after the running batches, counting them', async () => {
    let asked = 0;
    const s = await runParallelCampaign({
      seed: 5,
      runs: 100_000,
      batch: 5,
      space: DEFAULT_FUZZ_SPACE,
      jobs: 2,
      shouldStop: () => ++asked > 6,
    });
    expect(s.interrupted).toBe(true);
    expect(s.runs % 5).toBe(0);
    expect(s.runs).toBeGreaterThanOrEqual(5 * 6);
    expect(s.runs).toBeLessThan(100_000);
  });
});
