import { SingleBar } from 'cli-progress';

/** Reports campaign progress: a bar on a terminal, plain periodic lines otherwise, or nothing. */
export interface ProgressReporter {
  update(runs: number, failures: number, elapsedSeconds: number, total: number | null): void;
  stop(): void;
}

/**
 * A progress reporter on stderr: a `cli-progress` bar when stderr is a
 * terminal, a plain line every few seconds when it is not, nothing when
 * `quiet`.
 *
 * @example
 * const p = progressReporter(false, 'fuzz'); p.update(10, 0, 1.2, 100); p.stop();
 */
export function progressReporter(
  quiet: boolean,
  label: string,
  unit = 'runs',
  failureWord = 'failure(s)',
): ProgressReporter {
  if (quiet) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    let bar: SingleBar | null = null;
    return {
      update(runs, failures, secs, total) {
        if (bar === null) {
          bar = new SingleBar({
            stream: process.stderr,
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
      process.stderr.write(
        `${label}: ${runs}${total === null ? '' : `/${total}`} ${unit}, ${failures} ${failureWord}, ${secs.toFixed(1)} s, ${secs > 0 ? (runs / secs).toFixed(0) : 0} ${unit}/s\n`,
      );
    },
    stop() {},
  };
}
