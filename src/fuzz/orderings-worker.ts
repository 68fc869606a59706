import { parentPort, workerData } from 'node:worker_threads';
import { classifyOrderings, type OrderingsOptions } from './orderings';

/**
 * Worker-thread entry of `numasim orderings --jobs N`: classifies one shard
 * of the orderings and posts each verdict to the parent as it is found.
 *
 * @example
 * new Worker(require.resolve('./orderings-worker'), { workerData: { ...options, shard: 0, shards: 2 } });
 */
export function runOrderingsWorker(): void {
  const options = workerData as Omit<OrderingsOptions, 'onVerdict'>;
  classifyOrderings({ ...options, onVerdict: (v) => parentPort?.postMessage(v) });
}

if (parentPort !== null && workerData !== null && typeof workerData === 'object' && 'budget' in workerData) {
  runOrderingsWorker();
}
