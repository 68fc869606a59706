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

if (require.main === module) void main(process.argv);
