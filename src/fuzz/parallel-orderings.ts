import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_PLAN_NAMES } from '../controllers/migration-plan';
import { classifyOrderings, type OrderingsOptions, type OrderingVerdict, orderingPlans } from './orderings';
import type { OrderingReply, OrderingRequest, OrderingsWorkerData } from './orderings-worker';

/** A classified table and, apart from it, the seconds each row took. */
export interface OrderingsTable {
  /** One verdict per ordering, in {@link orderingPlans} order. */
  readonly verdicts: OrderingVerdict[];
  /** Seconds each verdict took (not reproducible; kept out of the verdicts). */
  readonly seconds: number[];
}

/**
 * Classifies every ordering (or `o.plans`) on `jobs` worker threads, each
 * taking the next ordering as it finishes one, and returns the verdicts in
 * ordering order — the same verdicts as {@link classifyOrderings} in this
 * thread, since each ordering's runs depend only on its plan and the seed.
 * `jobs` 1, a custom `required` rule (which cannot cross threads) or
 * running from the TypeScript sources (tests) classify in this thread.
 *
 * @example
 * const { verdicts } = await classifyOrderingsParallel({ ...DEFAULT_ORDERINGS_OPTIONS }, 2);
 */
export function classifyOrderingsParallel(o: OrderingsOptions, jobs: number): Promise<OrderingsTable> {
  const plans = o.plans ?? orderingPlans(o.steps ?? DEFAULT_PLAN_NAMES);
  const seconds: number[] = new Array(plans.length).fill(0);
  const inThread = jobs <= 1 || o.required !== undefined || !__filename.endsWith('.js'); // tests run the .ts
  if (inThread || plans.length === 0) {
    const verdicts = classifyOrderings({
      ...o,
      plans,
      onVerdict: (v, done, total, s) => {
        seconds[done - 1] = s;
        o.onVerdict?.(v, done, total, s);
      },
    });
    return Promise.resolve({ verdicts, seconds });
  }
  const { onVerdict, plans: _p, required: _r, ...options } = o;
  const data: OrderingsWorkerData = { orderingsWorker: true, options };
  const found: Array<OrderingVerdict | undefined> = new Array(plans.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (error !== undefined) reject(error);
      else resolve({ verdicts: found as OrderingVerdict[], seconds });
    };
    const send = (w: Worker) => {
      if (next >= plans.length) return;
      const req: OrderingRequest = { index: next, ...plans[next] };
      next++;
      w.postMessage(req);
    };
    for (let j = 0; j < Math.min(jobs, plans.length); j++) {
      const w = new Worker(join(__dirname, 'orderings-worker.js'), { workerData: data });
      workers.push(w);
      w.on('message', (r: OrderingReply) => {
        if ('error' in r) {
          settle(new Error(r.error));
          return;
        }
        found[r.index] = r.verdict;
        seconds[r.index] = r.seconds;
        onVerdict?.(r.verdict, ++done, plans.length, r.seconds);
        if (done === plans.length) settle();
        else send(w);
      });
      w.on('error', settle);
      w.on('exit', (code) => {
        if (code !== 0) settle(new Error(`orderings worker exited with code ${code}`));
      });
      send(w);
    }
  });
}
