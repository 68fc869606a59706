import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { progressWanted, RunProgressBar } from '../../src/report/progress-bar';
import { CLI } from '../support/paths';

class FakeTty extends Writable {
  readonly isTTY = true;
  readonly columns = 160;
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal escapes
const plain = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '');

describe('run progress bar', () => {
  test('stays silent for the first second, then shows accesses, migrations, cycles and rate', () => {
    const stream = new FakeTty();
    let now = 0;
    const bar = new RunProgressBar({ total: 4000, stream, clock: () => now });
    try {
      now = 500;
      bar.update({ cycle: 4096, completed: 300, migrations: 0 });
      expect(stream.text).toBe('');
      expect(bar.shown).toBe(false);
      now = 1500;
      bar.update({ cycle: 40960, completed: 2000, migrations: 7 });
      expect(bar.shown).toBe(true);
      const shown = plain(stream.text);
      expect(shown).toContain('50% | 2,000/4,000 accesses | 7 migrations | 40,960 cycles | 1,333 acc/s');
      now = 3000;
      bar.update({ cycle: 90000, completed: 5000, migrations: 19 });
    } finally {
      bar.stop();
    }
    // the final redraw on stop shows the last state, then the line is erased
    expect(plain(stream.text)).toContain('4,000/4,000 accesses (final sweep) | 19 migrations');
  });

  test('a short run never draws', () => {
    const stream = new FakeTty();
    let now = 0;
    const bar = new RunProgressBar({ total: 100, stream, clock: () => now });
    now = 999;
    bar.update({ cycle: 1, completed: 100, migrations: 0 });
    bar.stop();
    expect(stream.text).toBe('');
  });

  test('only on a terminal, never with --json, --debug or --no-progress', () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    expect(progressWanted({}, tty, tty)).toBe(true);
    expect(progressWanted({ json: true }, tty, tty)).toBe(false);
    expect(progressWanted({ progress: false }, tty, tty)).toBe(false);
    expect(progressWanted({ debug: true }, tty, tty)).toBe(false);
    expect(progressWanted({}, pipe, tty)).toBe(false);
    expect(progressWanted({}, tty, pipe)).toBe(false);
  });
});

const haveScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

(haveScript ? describe : describe.skip)(
  'numasim run on a real pseudo-terminal (util-linux script, built dist)',
  () => {
    const onTty = (args: string) =>
      spawnSync('script', ['-qec', `${process.execPath} ${CLI} run ${args}`, '/dev/null'], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, COLUMNS: '160' },
      });

    test('a run over a second draws the bar on the terminal, then erases it', () => {
      // long enough (several seconds) that the bar is drawn during the workload, not only in the sweep
      const r = onTty('--seed 1 --accesses 10000');
      expect(r.status).toBe(0);
      expect(plain(r.stdout)).toMatch(
        /\d+% \| [\d,]+\/40,000 accesses( \(final sweep\))? \| \d+ migrations \| [\d,]+ cycles \| [\d,]+ acc\/s/,
      );
      expect(r.stdout).toContain('PASS  40,000 accesses');
    });

    test('--json and --no-progress draw nothing', () => {
      for (const flags of ['--seed 1 --accesses 2500 --json', '--seed 1 --accesses 2500 --no-progress']) {
        const r = onTty(flags);
        expect(r.status).toBe(0);
        expect(r.stdout).not.toMatch(/accesses( \(final sweep\))? \|/);
      }
    });
  },
);
