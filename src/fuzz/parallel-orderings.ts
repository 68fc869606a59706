import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { DEFAULT_PLAN_NAMES } from '../controllers/migration-plan';
import {
  classifyOrderingSteps,
  type OrderingsOptions,
  type OrderingVerdict,
  orderingPlans,
} from './orderings';
import type { OrderingReply, OrderingRequest, OrderingsWorkerData } from './orderings-worker';

/**
 * A classified table and, apart from it, the seconds each row took.
 *
 * @example
 * const { verdicts, interrupted }: OrderingsTable = await classifyOrderingsParallel(options, 2);
 */
export interface OrderingsTable {
  /** One verdict per ordering, in {@link orderingPlans} order. */
  readonly verdicts: OrderingVerdict[];
  /** Seconds each verdict took (not reproducible; kept out of the verdicts). */
  readonly seconds: number[];
  /** Stopped by `shouldStop`: `verdicts` and `seconds` hold the orderings finished, in ordering order. */
  readonly interrupted: boolean;
}

/**
 * Classifies every ordering (or `o.plans`) on `jobs` worker threads, each
 * taking the next ordering as it finishes one, and returns the verdicts in
 * ordering order — the same verdicts as {@link classifyOrderings} in this
 * thread, since each ordering's runs depend only on its plan and the seed.
 * `jobs` 1, a custom `required` rule (which cannot cross threads) or
 * running from the TypeScript sources (tests) classify in this thread,
 * yielding to the event loop between batches of runs. `shouldStop` (asked
 * after every batch in this thread, every 100 ms with workers) ends the
 * work early with the orderings finished so far (`interrupted`).
 *
 * @example
 * const { verdicts } = await classifyOrderingsParallel({ ...DEFAULT_ORDERINGS_OPTIONS }, 2);
 * // shard 2 of 3 of the table (merge the shards' verdicts in ordering order)
 * const all = orderingPlans(DEFAULT_PLAN_NAMES);
 * const mine = all.filter((_, i) => inShard(i, { index: 2, count: 3 }));
 * await classifyOrderingsParallel({ ...DEFAULT_ORDERINGS_OPTIONS, plans: mine }, 2);
 */
export async function classifyOrderingsParallel(
  o: OrderingsOptions,
  jobs: number,
  shouldStop: () => boolean = () => false,
): Promise<OrderingsTable> {
  const plans = o.plans ?? orderingPlans(o.steps ?? DEFAULT_PLAN_NAMES);
  const seconds: number[] = new Array(plans.length).fill(0);
  const inThread = jobs <= 1 || o.required !== undefined || !__filename.endsWith('.js'); // tests run the .ts
  if (inThread || plans.length === 0) {
    const verdicts: OrderingVerdict[] = [];
    const stopped = () => ({ verdicts, seconds: seconds.slice(0, verdicts.length), interrupted: true });
    const { onVerdict: _v, plans: _ps, ...options } = o;
    for (const p of plans) {
      if (shouldStop()) return stopped();
      // an ordering runs up to maxRuns runs: the event loop turns after each
      // batch, so a signal stops it within a batch (the ordering is dropped)
      const t0 = performance.now();
      const steps = classifyOrderingSteps(p.plan, p.variant, options);
      let r = steps.next();
      while (!r.done) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (shouldStop()) return stopped();
        r = steps.next();
      }
      const s = (performance.now() - t0) / 1000;
      verdicts.push(r.value);
      seconds[verdicts.length - 1] = s;
      o.onVerdict?.(r.value, verdicts.length, plans.length, s);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { verdicts, seconds, interrupted: false };
  }
  const { onVerdict, plans: _p, required: _r, ...options } = o;
  const data: OrderingsWorkerData = { orderingsWorker: true, options };
  const found: Array<OrderingVerdict | undefined> = new Array(plans.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let settled = false;
    const settle = (error?: unknown, interrupted = false) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      for (const w of workers) void w.terminate();
      if (error !== undefined) reject(error);
      else if (!interrupted) resolve({ verdicts: found as OrderingVerdict[], seconds, interrupted });
      else {
        const done = plans.map((_, i) => i).filter((i) => found[i] !== undefined);
        resolve({
          verdicts: done.map((i) => found[i]!),
          seconds: done.map((i) => seconds[i]),
          interrupted,
        });
      }
    };
    const poll = setInterval(() => {
      if (shouldStop()) settle(undefined, true);
    }, 100);
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
        if (settled) return;
        found[r.index] = r.verdict;
        seconds[r.index] = r.seconds;
        onVerdict?.(r.verdict, ++done, plans.length, r.seconds);
        if (done === plans.length) settle();
        else send(w);
      });
      w.on('error', (e) => settle(e));
      w.on('exit', (code) => {
        if (code !== 0) settle(new Error(`orderings worker exited with code ${code}`));
      });
      send(w);
    }
  });
}
