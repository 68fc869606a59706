import { parentPort, workerData } from 'node:worker_threads';
import { BatchRecorder } from './batch-recorder';
import { runCampaignBatch } from './campaign-batch';
import type { CampaignCoverage } from './campaign-coverage';
import { type FuzzSpace, fuzzArbitrary } from './fuzz-options';
import { scenarioProperty } from './scenario-property';

/** What the parent asks a campaign worker: run batch `index` (fast-check seed `seed`, `numRuns` runs). */
export interface BatchRequest {
  readonly index: number;
  readonly seed: number;
  readonly numRuns: number;
}

/**
 * What a campaign worker answers: the batch's runs and its shrunk
 * counterexample (without the run's result, which the parent recomputes
 * from the configuration — runs are deterministic), or an internal error.
 */
export type BatchReply =
  | {
      readonly index: number;
      readonly numRuns: number;
      readonly coverage: CampaignCoverage;
      readonly failure: {
        readonly seed: number;
        readonly path: string;
        readonly config: import('../scenario/scenario-config').ScenarioConfig;
        readonly shrinks: number;
        readonly shrinkSeconds: number;
      } | null;
    }
  | { readonly index: number; readonly error: string };

/** Data a campaign worker is started with. */
export interface CampaignWorkerData {
  readonly campaignWorker: true;
  readonly space: FuzzSpace;
  readonly shrinkSeconds: number;
}

/**
 * Worker-thread entry of `numasim fuzz --jobs N`: rebuilds the campaign's
 * property from its fuzz space and runs each batch the parent sends, one at
 * a time, answering with a {@link BatchReply}.
 *
 * @example
 * new Worker(require.resolve('./campaign-worker'), { workerData: { campaignWorker: true, space, shrinkSeconds: 60 } });
 */
export function runCampaignWorker(): void {
  const data = workerData as CampaignWorkerData;
  const recorder = new BatchRecorder();
  const prop = scenarioProperty(fuzzArbitrary(data.space), recorder);
  parentPort?.on('message', (req: BatchRequest) => {
    let reply: BatchReply;
    try {
      const o = runCampaignBatch(prop, req.seed, req.numRuns, data.shrinkSeconds, recorder);
      reply = {
        index: req.index,
        numRuns: o.numRuns,
        coverage: o.coverage,
        failure:
          o.failure === null
            ? null
            : {
                seed: o.failure.seed,
                path: o.failure.path,
                config: o.failure.config,
                shrinks: o.failure.shrinks,
                shrinkSeconds: o.failure.shrinkSeconds,
              },
      };
    } catch (e) {
      reply = { index: req.index, error: e instanceof Error ? e.message : String(e) };
    }
    parentPort?.postMessage(reply);
  });
}

if (
  parentPort !== null &&
  workerData !== null &&
  typeof workerData === 'object' &&
  (workerData as Partial<CampaignWorkerData>).campaignWorker === true
) {
  runCampaignWorker();
}
