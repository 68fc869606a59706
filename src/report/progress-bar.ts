import { performance } from 'node:perf_hooks';
import type { SingleBar } from 'cli-progress';
import type { ScenarioProgress } from '../scenario/run-scenario';
import { groupDigits } from '../stats/group-digits';

/**
 * Options of {@link RunProgressBar}.
 *
 * @example
 * const o: RunProgressOptions = { total: 4000, stream: process.stderr, delayMs: 1000 };
 */
export interface RunProgressOptions {
  /** Workload accesses the run will make (reads and writes of all agents). */
  readonly total: number;
  /** Where to draw (standard error by default); must be a terminal. */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Milliseconds of running before the bar appears (1000: short runs stay quiet). */
  readonly delayMs?: number;
  /** Wall clock in milliseconds (tests). */
  readonly clock?: () => number;
}

/**
 * Whether `numasim run` may draw a progress bar: not with `--json`,
 * `--debug` (its lines go to standard error too) or `--no-progress`, and
 * only when both standard output and standard error are terminals.
 *
 * @example
 * progressWanted({ json: false, progress: true }, process.stdout, process.stderr);
 */
export function progressWanted(
  flags: { readonly json?: boolean; readonly debug?: boolean; readonly progress?: boolean },
  stdout: { readonly isTTY?: boolean },
  stderr: { readonly isTTY?: boolean },
): boolean {
  return (
    !flags.json && !flags.debug && flags.progress !== false && stdout.isTTY === true && stderr.isTTY === true
  );
}

/**
 * A terminal progress bar for a run (cli-progress): accesses done of the
 * total, migrations, simulated cycles and accesses per second of wall time.
 * It appears only once the run has taken `delayMs` (1 s), redraws at most
 * ten times a second from the run loop's chunk callback (the run is
 * synchronous, so no timer would fire) and erases itself when stopped.
 *
 * @example
 * const bar = new RunProgressBar({ total: 4000 });
 * runScenario(config, { onChunk: (p) => bar.update(p) });
 * bar.stop();
 */
export class RunProgressBar {
  private bar: SingleBar | null = null;
  private readonly t0: number;
  private readonly clock: () => number;
  /** True once the bar has been drawn. */
  shown = false;

  constructor(readonly options: RunProgressOptions) {
    this.clock = options.clock ?? (() => performance.now());
    this.t0 = this.clock();
  }

  /** Reports progress; draws the bar once the delay has passed. */
  update(p: ScenarioProgress): void {
    const elapsed = this.clock() - this.t0;
    if (this.bar === null) {
      if (elapsed < (this.options.delayMs ?? 1000)) return;
      // loaded only when a bar is drawn: most runs (short, or not on a terminal) never need it (~10 ms)
      const { Presets, SingleBar: Bar }: typeof import('cli-progress') = require('cli-progress');
      this.bar = new Bar(
        {
          format:
            ' {bar} {percentage}% | {value}/{total} accesses{phase} | {migrations} migrations | {cycles} cycles | {rate} acc/s',
          stream: this.options.stream ?? process.stderr,
          hideCursor: true,
          clearOnComplete: true,
          barsize: 28,
          fps: 10,
          // counts grouped like every other number the command prints
          formatValue: (v: number, _o: unknown, type: string) =>
            type === 'value' || type === 'total' ? groupDigits(v) : String(v),
        },
        Presets.shades_classic,
      );
      this.bar.start(this.options.total, Math.min(p.completed, this.options.total), this.payload(p, elapsed));
      this.shown = true;
      return;
    }
    this.bar.update(Math.min(p.completed, this.options.total), this.payload(p, elapsed));
  }

  private payload(p: ScenarioProgress, elapsed: number) {
    return {
      migrations: p.migrations,
      cycles: groupDigits(p.cycle),
      rate: elapsed > 0 ? groupDigits(Math.round((p.completed * 1000) / elapsed)) : '0',
      phase: p.completed > this.options.total ? ' (final sweep)' : '',
    };
  }

  /** Erases the bar (if it was drawn). */
  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
