import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { progressReporter } from '../../src/cli/progress';
import { CLI } from '../support/paths';

class FakeStream extends Writable {
  constructor(readonly isTTY: boolean) {
    super();
  }
  readonly columns = 160;
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal escapes
const plain = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '');

describe('campaign progress', () => {
  test('fuzz --time on a terminal: the bar fills with time, not full from the start', () => {
    const stream = new FakeStream(true);
    const p = progressReporter(false, 'fuzz', 'runs', 'failure(s)', { timeSeconds: 60, stream });
    try {
      p.update(25, 0, 1, null);
      // drawn at once, empty: the first second of sixty
      expect(plain(stream.text)).toMatch(/^fuzz \[-{40}\] 0\/60 s/);
      p.update(900, 1, 30, null);
    } finally {
      p.stop();
    }
    // half the budget: half the bar
    expect(plain(stream.text)).toContain(
      '[====================--------------------] 30/60 s | 900 runs | 1 failure(s) | 30 runs/s',
    );
  });

  test('fuzz --time without a terminal: plain lines with the time out of the budget', () => {
    const stream = new FakeStream(false);
    const p = progressReporter(false, 'fuzz', 'runs', 'failure(s)', { timeSeconds: 60, stream });
    p.update(50, 0, 2.5, null);
    p.stop();
    expect(stream.text).toBe('fuzz: 50 runs, 0 failure(s), 2.5/60 s, 20 runs/s\n');
  });

  test('a run count still bounds the bar', () => {
    const stream = new FakeStream(true);
    const p = progressReporter(false, 'teeth', 'campaigns', 'undetected', { stream });
    try {
      p.update(3, 1, 2, 10);
    } finally {
      p.stop();
    }
    expect(plain(stream.text)).toContain('3/10 campaigns | 1 undetected');
  });
});

describe('orderings progress on a terminal (built dist)', () => {
  test('the bar is drawn at 0 before the first ordering is classified (it took seconds to appear)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'numasim-progress-'));
    // standard error made a terminal in the child, as under script(1)
    const script = `
      process.stderr.isTTY = true;
      process.stderr.columns = 160;
      require(${JSON.stringify(CLI)}).main(['node', 'numasim', 'orderings', '--seed', '1', '--jobs', '1']);`;
    const child = spawn(process.execPath, ['-e', script], { cwd: dir });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    // SIGINT as soon as a bar is drawn: the first ordering (the reference plan) runs for seconds
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!signalled && plain(stderr).includes('orderings [')) signalled = child.kill('SIGINT');
    });
    const stop = setTimeout(() => child.kill('SIGTERM'), 60_000);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    clearTimeout(stop);
    rmSync(dir, { recursive: true, force: true });
    expect(plain(stderr)).toMatch(/^orderings \[-{40}\] 0\/5047 orderings \| 0 unsafe/);
    expect(code).toBe(130);
    // drawn before any ordering finished: interrupted with none classified
    expect(stdout).toMatch(/^INTERRUPTED \(SIGINT\): 0 of 5047 orderings classified/);
  }, 90_000);
});
