/**
 * Something the scheduler can run. `gen` lets a task cancel old queue
 * entries: an entry queued under an older generation is skipped.
 *
 * @example
 * const task: SimTask = { gen: 0, run: (now) => console.log(now) };
 */
export interface SimTask {
  readonly gen: number;
  run(now: number): void;
}
