/**
 * One Chrome trace event (the JSON trace-event format read by Perfetto's UI
 * and chrome://tracing). `ts` and `dur` are in microseconds of the viewer;
 * numasim writes one simulated cycle as one microsecond. Phases used:
 * `X` complete span, `b`/`e` async span (with `cat` and a process-scoped
 * `id2.local`, or a global `id`), `i` instant,
 * `C` counter, `M` metadata.
 *
 * @example
 * const e: TraceEvent = { ph: 'X', name: 'copy', pid: 1, tid: 18, ts: 4683, dur: 270 };
 */
export interface TraceEvent {
  readonly ph: 'X' | 'b' | 'e' | 'i' | 'C' | 'M';
  readonly name: string;
  readonly pid: number;
  readonly tid?: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  /** Global async id. */
  readonly id?: string;
  /** Scoped async id: `local` ids are per process. */
  readonly id2?: { readonly local?: string; readonly global?: string };
  /** Instant scope: `t` thread, `p` process, `g` global. */
  readonly s?: 't' | 'p' | 'g';
  readonly args?: Readonly<Record<string, unknown>>;
}

/**
 * Where trace events go, in the order they are produced; `close` ends the
 * trace with `otherData` (shown as metadata by the viewers), `abort` drops
 * it.
 *
 * @example
 * const sink: TraceSink = new TraceFileWriter('run.trace.json');
 */
export interface TraceSink {
  write(event: TraceEvent): void;
  close(otherData: Readonly<Record<string, unknown>>): void;
  abort(): void;
}
