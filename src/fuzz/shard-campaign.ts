import { performance } from 'node:perf_hooks';
import type { ScenarioConfig } from '../scenario/scenario-config';
import { BatchRecorder } from './batch-recorder';
import { batchSeed, CAMPAIGN_BATCH } from './campaign';
import { runCampaignBatch } from './campaign-batch';
import type { CampaignCoverage } from './campaign-coverage';
import { type FuzzSpace, fuzzArbitrary } from './fuzz-options';
import { scenarioProperty } from './scenario-property';
import { inShard, type Shard } from './shard';

/**
 * What one batch of a shard found (plain data: it goes into the shard's JSON result).
 *
 * @example
 * const runs = batches.reduce((n, b: ShardBatch) => n + b.numRuns, 0);
 */
export interface ShardBatch {
  /** The batch's position in the campaign (its seed is `batchSeed(seed, index)`). */
  readonly index: number;
  /** Runs asked of the batch. */
  readonly size: number;
  /** Runs made (up to and including a failing one). */
  readonly numRuns: number;
  readonly coverage: CampaignCoverage;
  readonly failure: {
    readonly seed: number;
    readonly path: string;
    readonly config: ScenarioConfig;
    readonly shrinks: number;
    readonly kind: string;
    readonly message: string;
    readonly cycle: number;
    /** Seconds from the shard's start to the failing run's end, and to the end of shrinking. */
    readonly detectedAtSeconds: number;
    readonly foundAtSeconds: number;
    readonly shrinkSeconds: number;
  } | null;
}

/** Options of {@link runFuzzShard}. @example const o: FuzzShardOptions = { space: DEFAULT_FUZZ_SPACE, seed: 1, runs: 300, shard: { index: 1, count: 3 } }; */
export interface FuzzShardOptions {
  readonly space: FuzzSpace;
  readonly seed: number;
  /** The whole campaign's runs (a shard needs a run count, not a time budget). */
  readonly runs: number;
  readonly keepGoing?: boolean;
  readonly batch?: number;
  readonly shrinkSeconds?: number;
  readonly shard: Shard;
  readonly shouldStop?: () => boolean;
  readonly onBatch?: (b: ShardBatch, done: number, total: number, seconds: number) => void;
}

/**
 * The batches a campaign of `runs` runs certainly makes, with their sizes:
 * batch `i` of `min(batch, runs − batch·i)` runs for `i < ⌈runs/batch⌉`.
 * Without `--keep-going` these are exactly the campaign's batches up to its
 * first failure; with it, a failing batch ends early and the campaign makes
 * up the missing runs with more batches (see `mergeFuzzShards`).
 *
 * @example
 * plannedBatches(60, 25); // [25, 25, 10]
 */
export function plannedBatches(runs: number, batch: number): number[] {
  return Array.from({ length: Math.ceil(runs / batch) }, (_, i) => Math.min(batch, runs - batch * i));
}

/**
 * Runs one shard of a `--runs` fuzzing campaign: its share of the
 * {@link plannedBatches} (round robin, see {@link inShard}), in batch order,
 * each with the seed and size the unsharded campaign gives it; without
 * `keepGoing` it stops at its own first failure (no batch after it can be
 * needed). Returns every batch's outcome, so `mergeFuzzShards` can rebuild
 * the unsharded campaign exactly. Yields to the event loop between batches;
 * `shouldStop` ends it early (`interrupted`).
 *
 * @example
 * const r = await runFuzzShard({ space: DEFAULT_FUZZ_SPACE, seed: 1, runs: 300, shard: { index: 1, count: 3 } });
 */
export async function runFuzzShard(
  o: FuzzShardOptions,
): Promise<{ batches: ShardBatch[]; interrupted: boolean; elapsedSeconds: number }> {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const sizes = plannedBatches(o.runs, o.batch ?? CAMPAIGN_BATCH);
  const mine = sizes.map((size, index) => ({ size, index })).filter((b) => inShard(b.index, o.shard));
  const recorder = new BatchRecorder();
  const prop = scenarioProperty(fuzzArbitrary(o.space), recorder);
  const batches: ShardBatch[] = [];
  let interrupted = false;
  for (const { size, index } of mine) {
    if (o.shouldStop?.()) {
      interrupted = true;
      break;
    }
    const start = elapsed();
    const seed = batchSeed(o.seed, index);
    const out = runCampaignBatch(prop, seed, size, o.shrinkSeconds ?? 60, recorder);
    const f = out.failure;
    const failure: ShardBatch['failure'] =
      f === null
        ? null
        : {
            seed: f.seed,
            path: f.path,
            config: f.config,
            shrinks: f.shrinks,
            kind: f.result.failure?.kind ?? '?',
            message: f.result.failure?.message ?? '',
            cycle: f.result.failure?.cycle ?? 0,
            detectedAtSeconds: start + f.detectSeconds,
            foundAtSeconds: elapsed(),
            shrinkSeconds: f.shrinkSeconds,
          };
    const b: ShardBatch = { index, size, numRuns: out.numRuns, coverage: out.coverage, failure };
    batches.push(b);
    o.onBatch?.(b, batches.length, mine.length, elapsed());
    if (failure !== null && !o.keepGoing) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { batches, interrupted, elapsedSeconds: elapsed() };
}
