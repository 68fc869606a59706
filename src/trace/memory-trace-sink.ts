import type { TraceEvent, TraceSink } from './trace-event';

/**
 * A {@link TraceSink} that keeps the events in memory (tests, embedding):
 * `toJSON()` gives the same document the file writer would write.
 *
 * @example
 * const sink = new MemoryTraceSink();
 * sink.write({ ph: 'i', name: 'x', pid: 1, tid: 1, ts: 0, s: 't' });
 * sink.close({});
 * sink.events.length === 1;
 */
export class MemoryTraceSink implements TraceSink {
  readonly events: TraceEvent[] = [];
  otherData: Readonly<Record<string, unknown>> | null = null;
  closed = false;

  /** Keeps one event. */
  write(event: TraceEvent): void {
    if (this.closed) throw new Error('trace is already closed');
    this.events.push(event);
  }

  /** Ends the trace. */
  close(otherData: Readonly<Record<string, unknown>>): void {
    this.otherData = otherData;
    this.closed = true;
  }

  /** Drops every event. */
  abort(): void {
    this.events.length = 0;
    this.closed = true;
  }

  /** The trace as a Chrome trace-event JSON document. */
  toJSON(): { traceEvents: TraceEvent[]; otherData: Readonly<Record<string, unknown>> } {
    return { traceEvents: this.events, otherData: this.otherData ?? {} };
  }
}
