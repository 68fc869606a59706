import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { atomicTarget } from '../report/write-file-atomic';
import type { TraceEvent, TraceSink } from './trace-event';

/** Bytes buffered in memory before a write to the file. */
const FLUSH_AT = 1 << 20;

/**
 * Writes a Chrome trace-event JSON file as events come (`{"traceEvents":[`
 * … `],"otherData":{…}}`), buffering about 1 MiB at a time, into a
 * temporary file beside the target that is renamed over it on
 * {@link close}: readers never see a half-written trace, and
 * {@link abort} (or a crash) leaves the target untouched. A target that is
 * not a regular file (`/dev/stdout`, a named pipe) is written directly.
 *
 * @example
 * const w = new TraceFileWriter('out.trace.json');
 * w.write({ ph: 'i', name: 'hello', pid: 1, tid: 1, ts: 0, s: 't' });
 * w.close({ generator: 'numasim' });
 */
export class TraceFileWriter implements TraceSink {
  /** The temporary file written until {@link close} (the target itself when it is a pipe or device). */
  readonly tempPath: string;
  /** The file renamed over on {@link close} (a symlink's target), or null when written directly. */
  private readonly renameTo: string | null;
  private fd: number | null;
  private buf: string[] = [];
  private bufLen = 0;
  private first = true;
  /** Events written so far. */
  events = 0;
  /** Bytes written so far (after close: the file's size). */
  bytes = 0;

  constructor(readonly path: string) {
    const t = atomicTarget(path);
    this.tempPath = t.direct ? t.target : t.temp;
    this.renameTo = t.direct ? null : t.target;
    this.fd = openSync(this.tempPath, 'w');
    this.push('{"traceEvents":[\n');
  }

  private push(s: string): void {
    this.buf.push(s);
    this.bufLen += s.length;
    if (this.bufLen >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.fd === null || this.buf.length === 0) return;
    const data = Buffer.from(this.buf.join(''), 'utf8');
    writeSync(this.fd, data);
    this.bytes += data.length;
    this.buf = [];
    this.bufLen = 0;
  }

  /** Appends one event. */
  write(event: TraceEvent): void {
    if (this.fd === null) throw new Error(`trace ${this.path} is already closed`);
    this.push(this.first ? JSON.stringify(event) : `,\n${JSON.stringify(event)}`);
    this.first = false;
    this.events++;
  }

  /** Ends the JSON, flushes it to disk and renames the temporary file over the target. */
  close(otherData: Readonly<Record<string, unknown>>): void {
    if (this.fd === null) throw new Error(`trace ${this.path} is already closed`);
    this.push(`\n],"otherData":${JSON.stringify(otherData)}}\n`);
    this.flush();
    const fd = this.fd;
    this.fd = null;
    if (this.renameTo === null) {
      closeSync(fd);
      return;
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(this.tempPath, this.renameTo);
  }

  /** Drops the trace: closes and removes the temporary file (the target is not touched). */
  abort(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    this.buf = [];
    closeSync(fd);
    if (this.renameTo === null) return;
    try {
      unlinkSync(this.tempPath);
    } catch {
      // already gone
    }
  }
}
