/**
 * A live latency histogram over the simulator's event stream, with nothing
 * but stock RxJS operators: `filter` the completed workload requests, `map`
 * them to latencies, `bufferCount` them in batches and `scan` the batches
 * into a running histogram — one snapshot per batch, so a UI could redraw
 * as the run goes.
 *
 * Run it: `npm run example:histogram` (optionally `-- SEED ACCESSES`).
 */
import { bufferCount, filter, map, type OperatorFunction, scan } from 'rxjs';
import { isEventOf, type ScenarioConfig, type SimulationEvent, simulate } from '../src/index';

/**
 * A histogram of latencies: `counts[i]` requests took
 * `[i·bucketWidth, (i+1)·bucketWidth)` cycles.
 *
 * @example
 * const h: LatencyHistogram = { bucketWidth: 500, counts: [3, 9], total: 12, sum: 6100, max: 990 };
 */
export interface LatencyHistogram {
  readonly bucketWidth: number;
  readonly counts: readonly number[];
  readonly total: number;
  readonly sum: number;
  readonly max: number;
}

/**
 * Adds a batch of latencies to a histogram (pure).
 *
 * @example
 * addToHistogram({ bucketWidth: 100, counts: [], total: 0, sum: 0, max: 0 }, [50, 250]).counts; // [1, 0, 1]
 */
export function addToHistogram(h: LatencyHistogram, latencies: readonly number[]): LatencyHistogram {
  const counts = h.counts.slice();
  let { sum, max } = h;
  for (const l of latencies) {
    const b = Math.floor(l / h.bucketWidth);
    while (counts.length <= b) counts.push(0);
    counts[b]++;
    sum += l;
    if (l > max) max = l;
  }
  return { bucketWidth: h.bucketWidth, counts, total: h.total + latencies.length, sum, max };
}

/**
 * The operator: simulation events in, a histogram snapshot out after every
 * `batch` completed workload requests (and one for the last partial batch).
 *
 * @example
 * simulate({ seed: 1 }).pipe(liveLatencyHistogram(500, 100)).subscribe((h) => draw(h));
 */
export function liveLatencyHistogram(
  bucketWidth = 500,
  batch = 100,
): OperatorFunction<SimulationEvent, LatencyHistogram> {
  return (events$) =>
    events$.pipe(
      filter(isEventOf('request-completed')),
      filter((e) => e.during === 'workload'),
      map((e) => e.latency),
      bufferCount(batch),
      scan(addToHistogram, { bucketWidth, counts: [], total: 0, sum: 0, max: 0 } as LatencyHistogram),
    );
}

/**
 * Runs a scenario and collects every histogram snapshot (the simulation runs
 * synchronously inside `subscribe`).
 *
 * @example
 * const snapshots = latencyHistogramOf({ seed: 1, accesses: 200 });
 * snapshots.at(-1)?.total === 800;
 */
export function latencyHistogramOf(
  config: Partial<ScenarioConfig>,
  bucketWidth = 500,
  batch = 100,
): LatencyHistogram[] {
  const snapshots: LatencyHistogram[] = [];
  simulate(config)
    .pipe(liveLatencyHistogram(bucketWidth, batch))
    .subscribe((h) => snapshots.push(h));
  return snapshots;
}

/**
 * A histogram as text bars.
 *
 * @example
 * console.log(renderHistogram(h));
 */
export function renderHistogram(h: LatencyHistogram, width = 50): string {
  const top = Math.max(1, ...h.counts);
  const lines = h.counts.map((c, i) => {
    const from = `${i * h.bucketWidth}`.padStart(6);
    const to = `${(i + 1) * h.bucketWidth}`.padEnd(6);
    return `${from}–${to} ${'#'.repeat(Math.round((c / top) * width)).padEnd(width)} ${c}`;
  });
  const mean = h.total > 0 ? (h.sum / h.total).toFixed(1) : '-';
  return [...lines, `${h.total} requests, mean ${mean} cycles, max ${h.max}`].join('\n');
}

if (require.main === module) {
  const seed = Number(process.argv[2] ?? 1);
  const accesses = Number(process.argv[3] ?? 1000);
  let last: LatencyHistogram | undefined;
  simulate({ seed, accesses })
    .pipe(liveLatencyHistogram(500, 500))
    .subscribe({
      next: (h) => {
        last = h;
        process.stdout.write(
          `after ${h.total} requests: mean ${(h.sum / h.total).toFixed(1)} cycles, max ${h.max}\n`,
        );
      },
      complete: () => {
        if (last !== undefined) process.stdout.write(`${renderHistogram(last)}\n`);
      },
    });
}
