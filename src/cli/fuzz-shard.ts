import type { FuzzSpace } from '../fuzz/fuzz-options';
import type { Shard } from '../fuzz/shard';
import type { ShardBatch } from '../fuzz/shard-campaign';
import { ConfigError, parseScenarioConfig } from '../scenario/scenario-config';
import { failureFileName, fuzzJson, fuzzText, writeCampaignFailure } from './fuzz-report';
import type { Interrupt } from './interrupt';
import { type ShardResult, shardResult } from './shard-result';

/** What identifies a sharded fuzz campaign (every shard has the same). */
interface FuzzCampaign {
  readonly seed: number;
  readonly runs: number;
  readonly keepGoing: boolean;
  readonly batch: number;
  readonly shrinkSeconds: number;
  readonly space: FuzzSpace;
  /** Where the merged campaign writes its failure files (as the unsharded one would). */
  readonly failureFile: string;
}

/** The flags a fuzz shard needs. @example const f: FuzzShardFlags = { runs: 300, seed: 1, json: true }; */
export interface FuzzShardFlags {
  runs?: number;
  time?: number;
  seed?: number;
  keepGoing?: boolean;
  failureFile?: string;
  json?: boolean;
  jobs?: number;
}

/** A shard's own failure file: the campaign's name with the batch in it (unique across shards). */
function shardFailureFile(base: string, batch: number): string {
  return base.replace(/(\.json)?$/, `-batch-${batch}$1`);
}

/**
 * `fuzz --shard k/n`: runs this shard's batches of a `--runs` campaign
 * (refusing `--time`, a missing `--seed` and `--jobs`), writes a failure
 * file per failing batch (`…-batch-<i>.json`) and prints, with `--json`,
 * the shard result `numasim merge` combines. Sets the exit status: 1 if a
 * batch failed, 130/143 when interrupted, else 0.
 *
 * @example
 * await fuzzShardCommand(flags, space, { index: 1, count: 3 }, interrupt, process.argv.slice(2));
 */
export async function fuzzShardCommand(
  flags: FuzzShardFlags,
  space: FuzzSpace,
  shard: Shard,
  interrupt: Interrupt,
  argv: readonly string[],
): Promise<void> {
  if (flags.time !== undefined)
    throw new ConfigError(
      '--shard needs --runs, not --time: shards of a time budget cannot be merged exactly',
    );
  if (flags.seed === undefined)
    throw new ConfigError('--shard needs --seed: every shard must run the same campaign');
  if ((flags.jobs ?? 1) > 1)
    throw new ConfigError('--shard runs in one thread: use more shards instead of --jobs');
  const { runFuzzShard }: typeof import('../fuzz/shard-campaign') = require('../fuzz/shard-campaign');
  const { CAMPAIGN_BATCH }: typeof import('../fuzz/campaign') = require('../fuzz/campaign');
  const { runScenario }: typeof import('../scenario/run-scenario') = require('../scenario/run-scenario');
  const { progressReporter }: typeof import('./progress') = require('./progress');
  const campaign: FuzzCampaign = {
    seed: flags.seed,
    runs: flags.runs ?? 1000,
    keepGoing: flags.keepGoing === true,
    batch: CAMPAIGN_BATCH,
    shrinkSeconds: 60,
    space,
    failureFile: flags.failureFile ?? `numasim-failure-${flags.seed}.json`,
  };
  const progress = progressReporter(!process.stderr.isTTY, `fuzz ${shard.index}/${shard.count}`, 'batches');
  const files: string[] = [];
  let failed = 0;
  const r = await runFuzzShard({
    ...campaign,
    shard,
    shouldStop: () => interrupt.requested,
    onBatch: (b, done, total, secs) => {
      if (b.failure !== null) {
        failed++;
        const f = b.failure;
        const result = runScenario(f.config);
        files.push(
          writeCampaignFailure(
            shardFailureFile(campaign.failureFile, b.index),
            {
              ...f,
              result,
              foundAfterRuns: b.numRuns,
              secondsToFind: f.foundAtSeconds,
              secondsToDetect: f.detectedAtSeconds,
            },
            campaign.seed,
          ),
        );
      }
      progress.update(done, failed, secs, total);
    },
  });
  progress.stop();
  const runs = r.batches.reduce((a, b) => a + b.numRuns, 0);
  if (flags.json) {
    const out = shardResult('fuzz', { ...campaign }, argv, shard, r.interrupted, r.elapsedSeconds, {
      batches: r.batches,
      failureFiles: files,
    });
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    process.stdout.write(
      `numasim fuzz — seed ${campaign.seed}, shard ${shard.index}/${shard.count}: ${r.batches.length} batches, ${runs} runs in ${r.elapsedSeconds.toFixed(1)} s, ${failed} failing batch(es)${r.interrupted ? ', stopped early' : ''}${files.map((f) => `\n  failure file: ${f}`).join('')}\n  (run every shard with --json and combine them with: numasim merge RESULT…)\n`,
    );
  }
  process.exitCode = interrupt.requested ? interrupt.exitCode() : failed > 0 ? 1 : 0;
}

/**
 * `numasim merge` for fuzz shards: the unsharded campaign's report (text,
 * or `--json`), its failure files written under the unsharded names, and
 * its exit status (1 when it failed). Batches no shard could know were
 * needed (`--keep-going` after short failing batches) are run here.
 *
 * @example
 * await mergeFuzzResults(readShardResults(paths), true);
 */
export async function mergeFuzzResults(
  shards: readonly ShardResult<unknown>[],
  json: boolean,
): Promise<void> {
  const {
    mergeFuzzShards,
  }: typeof import('../fuzz/merge-fuzz-shards') = require('../fuzz/merge-fuzz-shards');
  const c = shards[0].campaign as unknown as FuzzCampaign;
  const batches: ShardBatch[] = [];
  for (const s of shards) {
    const r = s.result as { batches?: unknown };
    if (!Array.isArray(r?.batches)) throw new ConfigError(`shard ${s.shard.index}: no batches in its result`);
    for (const b of r.batches as ShardBatch[]) {
      if (b.failure === null) batches.push(b);
      else {
        try {
          parseScenarioConfig(b.failure.config); // checked; kept as written (key order: the failure file's text)
        } catch (e) {
          throw new ConfigError(`shard ${s.shard.index}, batch ${b.index}: config.${(e as Error).message}`);
        }
        batches.push(b);
      }
    }
  }
  const { summary, batchesRunHere } = await mergeFuzzShards({
    ...c,
    batches,
    shardSeconds: Math.max(...shards.map((s) => s.elapsedSeconds)),
  });
  if (batchesRunHere > 0)
    process.stderr.write(
      `merge: ran ${batchesRunHere} batch(es) here that no shard could know were needed (--keep-going after short failing batches)\n`,
    );
  const files = summary.failures.map((f, i) =>
    writeCampaignFailure(failureFileName(c.failureFile, i), f, c.seed),
  );
  if (json) process.stdout.write(`${JSON.stringify(fuzzJson(summary, c.space, files))}\n`);
  else process.stdout.write(`${fuzzText(summary, c.space, files, shards[0].argv).join('\n')}\n`);
  process.exitCode = summary.failures.length > 0 ? 1 : 0;
}
