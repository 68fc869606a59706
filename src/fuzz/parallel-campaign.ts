import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { runScenario } from '../scenario/run-scenario';
import {
  batchSeed,
  CAMPAIGN_BATCH,
  type CampaignFailure,
  type CampaignOptions,
  type CampaignSummary,
  campaignSummary,
  runCampaign,
} from './campaign';
import { emptyCoverage, mergeCoverage } from './campaign-coverage';
import type { BatchReply, BatchRequest, CampaignWorkerData } from './campaign-worker';
import { type FuzzSpace, fuzzArbitrary } from './fuzz-options';

/** Options of {@link runParallelCampaign}: a campaign's options with its fuzz space instead of an arbitrary. */
export interface ParallelCampaignOptions extends Omit<CampaignOptions, 'arbitrary'> {
  /** What to generate (plain data: every worker rebuilds the same arbitrary from it). */
  readonly space: FuzzSpace;
  /** Worker threads; 1 runs the campaign in this thread. */
  readonly jobs: number;
}

/**
 * Runs a fuzzing campaign on `jobs` worker threads and finds exactly what
 * {@link runCampaign} finds with the same options: the same batches (seed
 * `batchSeed``(seed, i)`, the same sizes), their outcomes taken in
 * batch order, so the same failures with the same fast-check seeds, paths,
 * shrunk counterexamples and run counts — sooner on long campaigns with
 * free cores (each worker warms up its own JIT first). Workers take the
 * next batch as they finish one; a batch is sent ahead only when it is
 * certain to be needed (its size cannot depend on the runs before it), and
 * without `keepGoing` the batches after the first failing one are dropped.
 * A stop request or the time budget stops sending batches; the batches
 * already running finish and count, as in {@link runCampaign}.
 *
 * @example
 * const s = await runParallelCampaign({ space: { ...DEFAULT_FUZZ_SPACE, faults: ['skip-flush'] }, seed: 1, runs: 400, jobs: 2 });
 * s.failures[0]?.path;
 */
export async function runParallelCampaign(o: ParallelCampaignOptions): Promise<CampaignSummary> {
  if (o.jobs <= 1) {
    const { space, jobs, ...rest } = o;
    return runCampaign({ ...rest, arbitrary: fuzzArbitrary(space) });
  }
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const total = o.timeSeconds === undefined ? (o.runs ?? 1000) : (o.runs ?? null);
  const batch = o.batch ?? CAMPAIGN_BATCH;
  const data: CampaignWorkerData = {
    campaignWorker: true,
    space: o.space,
    shrinkSeconds: o.shrinkSeconds ?? 60,
  };
  const failures: CampaignFailure[] = [];
  /** Replies of batches not yet taken, by batch index. */
  const replies = new Map<number, BatchReply>();
  let runs = 0;
  let coverage = emptyCoverage();
  let committed = 0; // batches taken, in order
  let sent = 0; // batches sent to a worker
  let closed = false; // no more batches will be sent
  let interrupted = false;
  let finished = false;

  return new Promise<CampaignSummary>((resolve, reject) => {
    const workers: Worker[] = [];
    const idle: Worker[] = [];
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      for (const w of workers) void w.terminate();
      if (error !== undefined) {
        reject(error);
        return;
      }
      resolve(campaignSummary(o.seed, runs, failures, elapsed(), interrupted, coverage));
    };

    /** The size of batch `i` if it is certainly run, null if that is not known yet, 0 if it is not run. */
    const sizeOf = (i: number): number | null => {
      if (total === null) return batch;
      if (batch * (i + 1) <= total) return batch; // needed and full even if every batch before it is full
      if (committed < i) return null; // depends on the runs of the batches before it
      return runs >= total ? 0 : Math.min(batch, total - runs);
    };

    const dispatch = () => {
      while (!closed && idle.length > 0) {
        if (o.timeSeconds !== undefined && elapsed() >= o.timeSeconds) {
          interrupted = total !== null;
          closed = true;
          break;
        }
        if (o.shouldStop?.()) {
          interrupted = true;
          closed = true;
          break;
        }
        const size = sizeOf(sent);
        if (size === null) break;
        if (size === 0) {
          closed = true;
          break;
        }
        const req: BatchRequest = { index: sent, seed: batchSeed(o.seed, sent), numRuns: size };
        sent++;
        idle.pop()!.postMessage(req);
      }
      if (closed && committed === sent) finish();
    };

    /** Takes the replies that are next in batch order. */
    const commit = () => {
      for (let r = replies.get(committed); r !== undefined; r = replies.get(committed)) {
        replies.delete(committed);
        committed++;
        if ('error' in r) {
          finish(new Error(r.error));
          return;
        }
        runs += r.numRuns;
        coverage = mergeCoverage(coverage, r.coverage);
        if (r.failure !== null) {
          const result = runScenario(r.failure.config);
          if (result.status !== 'fail') {
            finish(new Error(`batch ${committed - 1}: its counterexample passed when run again here`));
            return;
          }
          const found = elapsed();
          const f: CampaignFailure = {
            ...r.failure,
            result,
            foundAfterRuns: runs,
            secondsToFind: found,
            // the worker's clock is its own: detection is the find time less the shrinking
            secondsToDetect: Math.max(0, found - r.failure.shrinkSeconds),
          };
          failures.push(f);
          o.onFailure?.(f);
          if (!o.keepGoing) {
            closed = true;
            finish();
            return;
          }
        }
        o.onProgress?.({ runs, failures: failures.length, elapsedSeconds: elapsed(), total });
      }
    };

    for (let k = 0; k < o.jobs; k++) {
      const w = new Worker(join(__dirname, 'campaign-worker.js'), { workerData: data });
      workers.push(w);
      idle.push(w);
      w.on('message', (r: BatchReply) => {
        if (finished) return;
        replies.set(r.index, r);
        idle.push(w);
        try {
          commit();
          if (!finished) dispatch();
        } catch (e) {
          finish(e);
        }
      });
      w.on('error', (e) => finish(e));
    }
    dispatch();
  });
}
