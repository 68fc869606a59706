import { performance } from 'node:perf_hooks';
import { runScenario } from '../scenario/run-scenario';
import { ConfigError } from '../scenario/scenario-config';
import { BatchRecorder } from './batch-recorder';
import { batchSeed, type CampaignFailure, type CampaignSummary, campaignSummary } from './campaign';
import { runCampaignBatch } from './campaign-batch';
import { emptyCoverage, mergeCoverage } from './campaign-coverage';
import { type FuzzSpace, fuzzArbitrary } from './fuzz-options';
import { scenarioProperty } from './scenario-property';
import type { ShardBatch } from './shard-campaign';

/**
 * Options of {@link mergeFuzzShards}: the campaign the shards ran, and what they found.
 *
 * @example
 * const o: MergeFuzzOptions = { space, seed: 1, runs: 300, keepGoing: false, batches, shardSeconds: 2 };
 */
export interface MergeFuzzOptions {
  readonly space: FuzzSpace;
  readonly seed: number;
  readonly runs: number;
  readonly keepGoing: boolean;
  readonly batch?: number;
  readonly shrinkSeconds?: number;
  /** Every shard's batches. */
  readonly batches: readonly ShardBatch[];
  /** The longest shard's seconds (the shards ran side by side). */
  readonly shardSeconds: number;
}

/**
 * The unsharded campaign rebuilt from its shards' batches: batches taken in
 * batch order with the sizes the unsharded campaign gives them
 * (`min(batch, runs − runs so far)`), stopping at the first failure unless
 * `keepGoing` — so the same failures (seeds, paths, shrunk counterexamples,
 * `foundAfterRuns`), the same run count and coverage as `runCampaign`. Each
 * recorded counterexample is run again here and must fail the same way.
 * With `keepGoing`, a failing batch ends early and the unsharded campaign
 * makes up its missing runs with batches no shard could know were needed
 * (or with a last batch of another size): those are run here, and counted
 * in `batchesRunHere`.
 *
 * @example
 * // three shards of a 300-run campaign (here side by side; usually on three machines)
 * const space = DEFAULT_FUZZ_SPACE;
 * const shards = await Promise.all(
 *   [1, 2, 3].map((index) => runFuzzShard({ space, seed: 1, runs: 300, shard: { index, count: 3 } })),
 * );
 * const { summary } = await mergeFuzzShards({
 *   space, seed: 1, runs: 300, keepGoing: false,
 *   batches: shards.flatMap((s) => s.batches),
 *   shardSeconds: Math.max(...shards.map((s) => s.elapsedSeconds)),
 * });
 * summary.failures.length; // as runCampaign({ seed: 1, runs: 300, … }) finds
 */
export async function mergeFuzzShards(
  o: MergeFuzzOptions,
): Promise<{ summary: CampaignSummary; batchesRunHere: number }> {
  const t0 = performance.now();
  const batch = o.batch ?? 25;
  const byIndex = new Map(o.batches.map((b) => [b.index, b]));
  const recorder = new BatchRecorder();
  let prop: ReturnType<typeof scenarioProperty> | null = null;
  const failures: CampaignFailure[] = [];
  let coverage = emptyCoverage();
  let runs = 0;
  let here = 0;
  const hereSeconds = () => (performance.now() - t0) / 1000;
  for (let i = 0; runs < o.runs; i++) {
    const size = Math.min(batch, o.runs - runs);
    let b = byIndex.get(i);
    let failure: CampaignFailure | null = null;
    if (b === undefined || b.size !== size) {
      prop ??= scenarioProperty(fuzzArbitrary(o.space), recorder);
      const start = o.shardSeconds + hereSeconds();
      const out = runCampaignBatch(prop, batchSeed(o.seed, i), size, o.shrinkSeconds ?? 60, recorder);
      here++;
      b = { index: i, size, numRuns: out.numRuns, coverage: out.coverage, failure: null };
      if (out.failure !== null) {
        const { detectSeconds, ...found } = out.failure;
        failure = {
          ...found,
          foundAfterRuns: runs + out.numRuns,
          secondsToFind: o.shardSeconds + hereSeconds(),
          secondsToDetect: start + detectSeconds,
        };
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    } else if (b.failure !== null) {
      const f = b.failure;
      const result = runScenario(f.config);
      const again = result.failure;
      if (again === null || again.kind !== f.kind || again.message !== f.message || again.cycle !== f.cycle)
        throw new ConfigError(`batch ${i}: its recorded counterexample does not fail the same way here`);
      failure = {
        seed: f.seed,
        path: f.path,
        config: result.config,
        result,
        shrinks: f.shrinks,
        foundAfterRuns: runs + b.numRuns,
        secondsToFind: f.foundAtSeconds,
        secondsToDetect: f.detectedAtSeconds,
        shrinkSeconds: f.shrinkSeconds,
      };
    }
    runs += b.numRuns;
    coverage = mergeCoverage(coverage, b.coverage);
    if (failure !== null) {
      failures.push(failure);
      if (!o.keepGoing) break;
    }
  }
  const seconds = o.shardSeconds + hereSeconds();
  return { summary: campaignSummary(o.seed, runs, failures, seconds, false, coverage), batchesRunHere: here };
}
