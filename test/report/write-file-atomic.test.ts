import { execFileSync, spawn } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicTarget, writeFileAtomic } from '../../src/report/write-file-atomic';
import { TraceFileWriter } from '../../src/trace/trace-file-writer';

/**
 * Atomic writes (reports, failure files, traces) go through a temporary
 * file renamed over the target — except that a link stays a link (its
 * target is replaced) and a pipe or device (`/dev/stdout`) is written
 * directly instead of being replaced by a regular file.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'numasim-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `cat fifo` (a reader in another process) and resolves with what it read. */
function readFifo(fifo: string): Promise<string> {
  const cat = spawn('cat', [fifo]);
  let out = '';
  cat.stdout.on('data', (d) => {
    out += d;
  });
  return new Promise((r) => cat.on('close', () => r(out)));
}

/** A named pipe `name` in the test folder. */
function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

test('a plain file: written whole through a temporary file, nothing else left', () => {
  const path = join(dir, 'r.html');
  writeFileAtomic(path, 'old');
  writeFileAtomic(path, 'new');
  expect(readFileSync(path, 'utf8')).toBe('new');
  expect(readdirSync(dir)).toEqual(['r.html']);
});

test('a symlink stays a symlink; its target (existing or not yet) gets the content', () => {
  mkdirSync(join(dir, 'elsewhere'));
  symlinkSync(join('elsewhere', 'r.html'), join(dir, 'link.html')); // dangling until written
  writeFileAtomic(join(dir, 'link.html'), 'first');
  writeFileAtomic(join(dir, 'link.html'), 'second');
  expect(lstatSync(join(dir, 'link.html')).isSymbolicLink()).toBe(true);
  expect(readFileSync(join(dir, 'elsewhere', 'r.html'), 'utf8')).toBe('second');
  expect(readdirSync(join(dir, 'elsewhere'))).toEqual(['r.html']);
});

test('a named pipe is written directly, and stays a pipe', async () => {
  const path = fifo('out.fifo');
  expect(atomicTarget(path).direct).toBe(true);
  const read = readFifo(path);
  writeFileAtomic(path, 'through the pipe');
  expect(await read).toBe('through the pipe');
  expect(lstatSync(path).isFIFO()).toBe(true);
  expect(readdirSync(dir)).toEqual(['out.fifo']);
});

test('a trace into a named pipe streams through it; the pipe stays', async () => {
  const path = fifo('t.fifo');
  const read = readFifo(path);
  const w = new TraceFileWriter(path);
  w.write({ ph: 'i', name: 'hello', pid: 1, tid: 1, ts: 0, s: 't' });
  w.close({ generator: 'test' });
  const text = await read;
  expect(JSON.parse(text).traceEvents[0].name).toBe('hello');
  expect(lstatSync(path).isFIFO()).toBe(true);
  expect(readdirSync(dir)).toEqual(['t.fifo']);
});

test('a trace through a symlink replaces the link target, not the link; abort leaves both', () => {
  writeFileSync(join(dir, 'real.json'), 'previous');
  symlinkSync('real.json', join(dir, 't.json'));
  const dropped = new TraceFileWriter(join(dir, 't.json'));
  dropped.abort();
  expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('previous');
  const w = new TraceFileWriter(join(dir, 't.json'));
  w.close({});
  expect(lstatSync(join(dir, 't.json')).isSymbolicLink()).toBe(true);
  expect(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8')).traceEvents).toEqual([]);
  expect(readdirSync(dir).sort()).toEqual(['real.json', 't.json']);
});
