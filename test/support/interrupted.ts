import { spawn } from 'node:child_process';
import { CLI } from './paths';

/**
 * Starts the built `numasim args` in `cwd`, sends `signal` after `ms`, and
 * resolves with its exit status and output.
 *
 * @example
 * const r = await interrupted(['fuzz', '--time', '60'], dir, 'SIGINT', 1500);
 */
export function interrupted(args: readonly string[], cwd: string, signal: NodeJS.Signals, ms: number) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  setTimeout(() => child.kill(signal), ms);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((r) =>
    child.on('close', (code) => r({ code, stdout, stderr })),
  );
}
