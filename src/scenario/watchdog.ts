/**
 * The liveness watchdog: it is told the workload's progress mark (a count
 * that grows while the workload advances) at each chunk boundary, and says
 * how long the mark has stood still once that reaches the window.
 *
 * @example
 * const dog = new Watchdog(200_000, 0);
 * const stalled = dog.check(completed, now); // null while progressing
 * if (stalled !== null) fail(`no progress for ${stalled} cycles`);
 */
export class Watchdog {
  private mark = -1;
  private markCycle: number;

  constructor(
    readonly windowCycles: number,
    startCycle: number,
  ) {
    this.markCycle = startCycle;
  }

  /** Cycles without progress when they reach the window, else null. @example dog.check(42, 5000) */
  check(progressMark: number, now: number): number | null {
    if (progressMark !== this.mark) {
      this.mark = progressMark;
      this.markCycle = now;
      return null;
    }
    return now - this.markCycle >= this.windowCycles ? now - this.markCycle : null;
  }
}
