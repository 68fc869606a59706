import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { classifyOrdering, type OrderingsOptions, type OrderingVerdict } from './orderings';

/** What the parent asks an orderings worker: classify ordering `index`. */
export interface OrderingRequest {
  readonly index: number;
  readonly plan: string[];
  readonly variant: OrderingVerdict['variant'];
}

/** What an orderings worker answers: the verdict and the seconds it took, or an internal error. */
export type OrderingReply =
  | { readonly index: number; readonly verdict: OrderingVerdict; readonly seconds: number }
  | { readonly index: number; readonly error: string };

/** Data an orderings worker is started with: the classification's options (plain data only). */
export interface OrderingsWorkerData {
  readonly orderingsWorker: true;
  readonly options: Omit<OrderingsOptions, 'onVerdict' | 'plans' | 'required'>;
}

/**
 * Worker-thread entry of `numasim orderings --jobs N`: classifies each
 * ordering the parent sends, one at a time, answering with an
 * {@link OrderingReply}. Verdicts do not depend on the thread.
 *
 * @example
 * new Worker(require.resolve('./orderings-worker'), { workerData: { orderingsWorker: true, options } });
 */
export function runOrderingsWorker(): void {
  const { options } = workerData as OrderingsWorkerData;
  parentPort?.on('message', (req: OrderingRequest) => {
    const t0 = performance.now();
    let reply: OrderingReply;
    try {
      const verdict = classifyOrdering(req.plan, req.variant, options);
      reply = { index: req.index, verdict, seconds: (performance.now() - t0) / 1000 };
    } catch (e) {
      reply = { index: req.index, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    parentPort?.postMessage(reply);
  });
}

if (
  parentPort !== null &&
  workerData !== null &&
  typeof workerData === 'object' &&
  (workerData as Partial<OrderingsWorkerData>).orderingsWorker === true
) {
  runOrderingsWorker();
}
