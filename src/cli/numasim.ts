#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { limitHeapGrowth } from '../api/heap-growth';
import { ConfigError } from '../scenario/scenario-config';
import { fuzzCommand } from './fuzz-command';
import { orderingsCommand } from './orderings-command';
import { replayCommand } from './replay-command';
import { runCommand } from './run-command';
import { teethCommand } from './teeth-command';

/**
 * Makes a closed standard output (`numasim run --json | head -c 100`) end
 * the process quietly with its exit status so far, as Unix tools do,
 * instead of an unhandled EPIPE stack trace; any other output error is one
 * line on standard error and exit 1.
 *
 * @example
 * exitQuietlyOnClosedStdout(process.stdout);
 */
export function exitQuietlyOnClosedStdout(out: NodeJS.WriteStream): void {
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`numasim: cannot write output (${e.code ?? e.message})\n`);
    process.exit(1);
  });
}

/**
 * The `numasim` command line: `run` (default), `fuzz`, `replay`, `orderings`, `teeth`.
 * Exit status: 0 pass, 1 failure found, 2 bad input.
 *
 * @example
 * await main(['node', 'numasim', 'run', '--seed', '1']);
 */
export async function main(argv: readonly string[]): Promise<void> {
  limitHeapGrowth();
  const program = new Command('numasim')
    .description('NUMA page-migration simulator with a value oracle')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.addCommand(runCommand().exitOverride(), { isDefault: true });
  program.addCommand(fuzzCommand().exitOverride());
  program.addCommand(replayCommand().exitOverride());
  program.addCommand(orderingsCommand().exitOverride());
  program.addCommand(teethCommand().exitOverride());
  try {
    await program.parseAsync(argv as string[]);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
      return;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`numasim: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}

if (require.main === module) {
  exitQuietlyOnClosedStdout(process.stdout);
  void main(process.argv);
}
