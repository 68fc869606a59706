/**
 * SIGINT and SIGTERM handled alike by every command: the first signal asks
 * the work to stop at its next safe point (the command then prints what it
 * has — a summary, a partial table — removes its temporary files, restores
 * the terminal and exits 130 or 143); a second one ends the process at once
 * with the same status.
 *
 * @example
 * const stop = new Interrupt().install();
 * while (!stop.requested) doSomeWork();
 * stop.uninstall();
 * if (stop.signal) process.exitCode = stop.exitCode();
 */
export class Interrupt {
  /** The first signal received, or null. */
  signal: 'SIGINT' | 'SIGTERM' | null = null;
  private readonly onSignal = (sig: NodeJS.Signals) => {
    if (this.signal !== null) process.exit(sig === 'SIGTERM' ? 143 : 130);
    this.signal = sig === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
  };

  /** True once a signal arrived. */
  get requested(): boolean {
    return this.signal !== null;
  }

  /** Starts listening (returns `this`). @example const i = new Interrupt().install(); */
  install(): this {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    return this;
  }

  /** Stops listening. @example i.uninstall(); */
  uninstall(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }

  /** 130 after SIGINT, 143 after SIGTERM (128 + signal number), 0 without a signal. @example process.exitCode = i.exitCode(); */
  exitCode(): number {
    return this.signal === 'SIGTERM' ? 143 : this.signal === 'SIGINT' ? 130 : 0;
  }
}

/**
 * Resolves on the next turn of the event loop (after pending I/O and
 * signal handlers), so a synchronous loop that awaits it now and then
 * stays interruptible.
 *
 * @example
 * await nextTurn();
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
