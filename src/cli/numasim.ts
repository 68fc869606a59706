#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { limitHeapGrowth } from '../api/heap-growth';
import { ConfigError } from '../scenario/scenario-config';
import { toolVersion } from '../tool-version';
import { comparePlansCommand } from './compare-plans-command';
import { fuzzCommand } from './fuzz-command';
import { mergeCommand } from './merge-command';
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

const COMMANDS = ['run', 'fuzz', 'replay', 'orderings', 'teeth', 'compare-plans', 'merge', 'help'] as const;

/** Levenshtein distance (small strings: command names). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The known subcommand closest to a mistyped one (at most two edits away,
 * or a prefix), or null.
 *
 * @example
 * suggestCommand('fuz') === 'fuzz';
 */
export function suggestCommand(word: string): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const c of COMMANDS) {
    const d = c.startsWith(word) ? 0 : distance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/**
 * Commander's error text in the command's one error style: `numasim: …`,
 * naming the flag and the value.
 *
 * @example
 * cliErrorLine("error: option '--seed <n>' argument '-1' is invalid. must be at least 0.");
 * // "numasim: --seed -1: must be at least 0"
 */
export function cliErrorLine(text: string): string {
  const t = text.trim().replace(/^error: /, '');
  const missing = /^option '(--[\w-]+)[^']*' argument missing$/.exec(t);
  if (missing) return `numasim: ${missing[1]} needs a value`;
  const arg = /^option '(--[\w-]+)[^']*' argument '([^']*)' is invalid\. (.*?)\.?$/s.exec(t);
  if (arg)
    return `numasim: ${arg[1]} ${arg[2] === '' ? "''" : arg[2]}: ${arg[3].replace(/^Allowed choices are (.*)$/, 'must be one of $1')}`;
  return `numasim: ${t.replace(/\.$/, '').replace(/\n/g, ' ')}`;
}

const HELP_FOOTER = `
Examples:
  numasim run --seed 7                       the default scenario, seed 7
  numasim run --fault skip-flush --seed 1    a broken migration: exit 1 and a reproduce line
  numasim fuzz --runs 2000 --seed 1          search for failures of the reference plan
  numasim replay numasim-failure-1.json      re-run a recorded failure exactly
  numasim orderings                          which orderings of the plan steps are safe
  numasim compare-plans drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all \
    fence-page,drain-page,flush-page,copy,repoint,invalidate-page,unfence-page --seed 1 --no-sweep
  numasim fuzz --runs 3000 --seed 1 --shard 2/3 --json > s2.json
                                             one shard of a campaign (CI matrix, Indexed Job)
  numasim merge s1.json s2.json s3.json      the unsharded campaign's report from its shards
  numasim help run                           the flags of one command

Exit status: 0 every check passed (nothing found), 1 a failure found or
reproduced, 2 bad input (one line naming it), 130/143 interrupted (SIGINT/SIGTERM).`;

function styleErrors(cmd: Command): void {
  cmd.exitOverride();
  cmd.configureOutput({
    writeErr: (s) => process.stderr.write(s),
    outputError: (s, write) => write(`${cliErrorLine(s)}\n`),
  });
  cmd.showSuggestionAfterError(true);
  for (const c of cmd.commands) styleErrors(c);
}

/**
 * The `numasim` command line: `run` (default), `fuzz`, `replay`, `orderings`, `teeth`, `compare-plans`, `merge`.
 * Exit status: 0 pass, 1 failure found, 2 bad input.
 *
 * @example
 * await main(['node', 'numasim', 'run', '--seed', '1']);
 */
export async function main(argv: readonly string[]): Promise<void> {
  limitHeapGrowth();
  const program = new Command('numasim')
    .description('NUMA page-migration simulator with a value oracle')
    .version(toolVersion(), '-V, --version', 'print the version')
    .addHelpText('after', HELP_FOOTER);
  program.addCommand(runCommand(), { isDefault: true });
  program.addCommand(fuzzCommand());
  program.addCommand(replayCommand());
  program.addCommand(orderingsCommand());
  program.addCommand(teethCommand());
  program.addCommand(comparePlansCommand());
  program.addCommand(mergeCommand());
  for (const c of program.commands)
    c.addHelpText(
      'after',
      '\nExit status: 0 pass (nothing found), 1 a failure found, 2 bad input, 130/143 interrupted.',
    );
  styleErrors(program);
  const first = argv[2];
  if (first !== undefined && !first.startsWith('-') && !(COMMANDS as readonly string[]).includes(first)) {
    const near = suggestCommand(first);
    process.stderr.write(
      `numasim: unknown command '${first}'${near ? ` (did you mean ${near}?)` : ''}; see numasim --help\n`,
    );
    process.exitCode = 2;
    return;
  }
  try {
    await program.parseAsync(argv as string[]);
  } catch (e) {
    if (e instanceof CommanderError) {
      const ok = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(e.code);
      process.exitCode = ok ? 0 : 2;
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
