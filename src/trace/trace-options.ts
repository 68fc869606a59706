/**
 * What a trace keeps. Every migration, phase, mismatch and failure is kept
 * (inside the window); request spans are sampled; counters are sampled at
 * most once per `counterPeriod` cycles each.
 *
 * @example
 * const o: TraceOptions = { sample: 10, window: { start: 0, end: 50_000 } };
 */
export interface TraceOptions {
  /** Keep one request span in `sample` (per agent, in issue order); 1 keeps all. */
  readonly sample?: number;
  /** Keep only what overlaps these cycles (inclusive). */
  readonly window?: { readonly start: number; readonly end: number };
  /** Minimum cycles between two samples of one in-flight counter (default 100). */
  readonly counterPeriod?: number;
}

/** Thrown for a malformed `--trace-window` or `--trace-sample`. @example new TraceOptionError('bad window') */
export class TraceOptionError extends Error {
  override readonly name = 'TraceOptionError';
}

/**
 * Parses `--trace-window START:END` (cycles, START ≤ END; either side may be
 * empty: `:5000` from the start, `20000:` to the end).
 *
 * @example
 * parseTraceWindow('1000:5000'); // { start: 1000, end: 5000 }
 */
export function parseTraceWindow(text: string): { start: number; end: number } {
  const m = /^\s*(\d*)\s*:\s*(\d*)\s*$/.exec(text);
  if (m === null || (m[1] === '' && m[2] === ''))
    throw new TraceOptionError(`--trace-window must be START:END in cycles, got '${text}'`);
  const start = m[1] === '' ? 0 : Number(m[1]);
  const end = m[2] === '' ? Number.MAX_SAFE_INTEGER : Number(m[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end)
    throw new TraceOptionError(`--trace-window START must not exceed END, got '${text}'`);
  return { start, end };
}
