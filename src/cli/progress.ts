import { SingleBar } from 'cli-progress';

/** Reports campaign progress: a bar on a terminal, plain periodic lines otherwise, or nothing. */
export interface ProgressReporter {
  update(runs: number, failures: number, elapsedSeconds: number, total: number | null): void;
  stop(): void;
}

/** Where progress goes and what bounds it, apart from the work count. @example progressReporter(false, 'fuzz', 'runs', 'failure(s)', { timeSeconds: 60 }); */
export interface ProgressOptions {
  /** A wall-clock budget: with no total count, the bar fills with time (`--time`). */
  readonly timeSeconds?: number;
  /** Default `process.stderr`; a bar is drawn only when it is a terminal. */
  readonly stream?: NodeJS.WritableStream & { readonly isTTY?: boolean };
}

/**
 * A progress reporter on stderr: a `cli-progress` bar when stderr is a
 * terminal, a plain line every few seconds when it is not, nothing when
 * `quiet`. With a time budget and no total count (`fuzz --time`), the bar
 * shows the time spent out of the budget.
 *
 * @example
 * const p = progressReporter(false, 'fuzz'); p.update(10, 0, 1.2, 100); p.stop();
 */
export function progressReporter(
  quiet: boolean,
  label: string,
  unit = 'runs',
  failureWord = 'failure(s)',
  o: ProgressOptions = {},
): ProgressReporter {
  if (quiet) return { update() {}, stop() {} };
  const stream = o.stream ?? process.stderr;
  const budget = o.timeSeconds;
  if (stream.isTTY) {
    let bar: SingleBar | null = null;
    return {
      update(runs, failures, secs, total) {
        if (total === null && budget !== undefined) {
          bar ??= new SingleBar({
            stream: stream as NodeJS.WriteStream,
            format: `${label} [{bar}] {secs}/{total} s | {runs} ${unit} | {failures} ${failureWord} | {rate} ${unit}/s`,
            hideCursor: true,
            clearOnComplete: true,
          });
          if (!bar.isActive) bar.start(budget, 0, { failures: 0, rate: '0', secs: '0', runs: 0 });
          bar.update(Math.min(secs, budget), {
            failures,
            runs,
            rate: secs > 0 ? (runs / secs).toFixed(0) : '0',
            secs: Math.min(secs, budget).toFixed(0),
          });
          return;
        }
        if (bar === null) {
          bar = new SingleBar({
            stream: stream as NodeJS.WriteStream,
            format: `${label} [{bar}] {value}/{total} ${unit} | {failures} ${failureWord} | {rate} ${unit}/s | {secs}s`,
            hideCursor: true,
            clearOnComplete: true,
          });
          bar.start(total ?? runs + 1, 0, { failures: 0, rate: '0', secs: '0' });
        }
        if (total === null) bar.setTotal(runs + 1);
        bar.update(runs, {
          failures,
          rate: secs > 0 ? (runs / secs).toFixed(0) : '0',
          secs: secs.toFixed(0),
        });
      },
      stop() {
        bar?.stop();
      },
    };
  }
  let last = -Infinity;
  return {
    update(runs, failures, secs, total) {
      if (secs - last < 2) return;
      last = secs;
      const time = total === null && budget !== undefined ? `/${budget}` : '';
      stream.write(
        `${label}: ${runs}${total === null ? '' : `/${total}`} ${unit}, ${failures} ${failureWord}, ${secs.toFixed(1)}${time} s, ${secs > 0 ? (runs / secs).toFixed(0) : 0} ${unit}/s\n`,
      );
    },
    stop() {},
  };
}
