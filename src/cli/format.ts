import type { RunResult } from '../scenario/run-result';
import { defaultScenarioConfig, type ScenarioConfig } from '../scenario/scenario-config';
import { groupDigits } from '../stats/group-digits';
import { CLI_COMMAND } from './cli-command';

const hex = (n: number) => `0x${n.toString(16)}`;
/** Counts and cycles in human text: digits grouped (one rule everywhere; JSON keeps plain numbers). */
const g = (n: number | null): string => (n === null ? '' : groupDigits(n));

/**
 * A failure message for human text: its cycle counts (`N cycles`, `cap N
 * reached`) with digits grouped, as the rest of the summary (the result's
 * JSON keeps the message as recorded, which replays compare).
 *
 * @example
 * groupedMessage('no progress for 200753 cycles'); // 'no progress for 200,753 cycles'
 */
export function groupedMessage(message: string): string {
  return message.replace(/(?<=\s)\d{4,}(?= cycles\b| reached\b)/g, (d) => groupDigits(Number(d)));
}

/** `path` as one shell word (quoted when it holds anything but safe characters). */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one-line `numasim run` command that reproduces `config` (only the
 * flags that differ from the defaults, plus the seed). Fields that have no
 * flag (component overrides, schedules, scripts, `maxCycles`, `bufferSize`)
 * are carried by `--config FILE`: the run's own config file when given
 * (`configFile`), else a placeholder for a file holding the `--json`
 * output's `config`.
 *
 * @example
 * replayCommand({ ...defaultScenarioConfig(), seed: 9, agents: 4 }); // "npx numasim run --seed 9 --agents 4"
 * replayCommand({ ...defaultScenarioConfig(), seed: 9, maxCycles: 5e6 }, 'c.json'); // "npx numasim run --seed 9 --config c.json"
 */
export function replayCommand(config: ScenarioConfig, configFile?: string): string {
  const d = defaultScenarioConfig();
  const parts = [`${CLI_COMMAND} run`, `--seed ${config.seed}`];
  if (config.agents !== d.agents) parts.push(`--agents ${config.agents}`);
  if (config.accesses !== d.accesses) parts.push(`--accesses ${config.accesses}`);
  if (config.maxAddress !== d.maxAddress) parts.push(`--max-address ${config.maxAddress}`);
  if (config.devices !== d.devices) parts.push(`--devices ${config.devices}`);
  if (!config.migrate) parts.push('--no-migrate');
  if (config.interval !== d.interval) parts.push(`--interval ${config.interval}`);
  if (config.plan.join(',') !== d.plan.join(',')) parts.push(`--plan ${config.plan.join(',') || '""'}`);
  for (const f of config.faults) parts.push(`--fault ${f}`);
  if (config.oracle !== d.oracle) parts.push(`--oracle ${config.oracle}`);
  if (config.shuffleTies) parts.push('--shuffle-ties');
  if (!config.sweep) parts.push('--no-sweep');
  if (config.watchdogCycles !== d.watchdogCycles) parts.push(`--watchdog ${config.watchdogCycles}`);
  const extra =
    Object.keys(config.components).length > 0 ||
    config.schedule !== undefined ||
    config.scripts !== undefined ||
    config.maxCycles !== d.maxCycles ||
    config.bufferSize !== d.bufferSize;
  if (extra)
    parts.push(
      configFile !== undefined
        ? `--config ${shellWord(configFile)}`
        : '--config <a file with the --json config>',
    );
  return parts.join(' ');
}

function bytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} B`;
}

/**
 * The human summary of a run, as printed by `numasim run` (`configFile`:
 * the `--config` file the run read, named in its reproduce line).
 *
 * @example
 * console.log(formatSummary(result).join('\n'));
 */
export function formatSummary(r: RunResult, configFile?: string): string[] {
  const c = r.config;
  const lines: string[] = [];
  const mig = c.migrate
    ? c.devices > 1
      ? `migration every ${g(c.interval)} idle cycles`
      : 'migration on (1 device: nothing to migrate)'
    : 'no migration';
  lines.push(`numasim run — seed ${r.seed}`);
  lines.push(
    `  ${c.agents} agent(s) × ${g(c.accesses)} reads + ${g(c.accesses)} writes over ${bytes(c.maxAddress)} each; ${c.devices} device(s); ${mig}`,
  );
  if (r.plan.length > 0 || c.migrate)
    lines.push(
      `  plan: ${r.plan.join(',') || '(empty)'}${c.faults.length ? `  faults: ${c.faults.join(', ')}` : ''}`,
    );
  const verdict = r.status === 'pass' ? 'PASS' : 'FAIL';
  lines.push(
    `${verdict}  ${g(r.reads + r.writes)} accesses (${g(r.reads)} reads, ${g(r.writes)} writes)${c.sweep ? ` + ${g(r.sweepReads)} sweep reads` : ''}, ${g(r.migrations)} migration(s), ${g(r.cycles)} cycles`,
  );
  lines.push(
    `      oracle ${c.oracle}: ${g(r.mismatches.length)} mismatch(es)${c.oracle === 'lenient' ? `; reads accepted with a stale value: ${g(r.staleAccepted)}` : ''}`,
  );
  if (r.migrationLog.length > 0) {
    const done = r.migrationLog.filter((m) => m.end !== null);
    if (done.length > 0) {
      const avg = (name: string) => {
        const ds = done.flatMap((m) =>
          m.phases.filter((p) => p.name === name && p.end !== null).map((p) => p.end! - p.start),
        );
        return ds.length ? Math.round(ds.reduce((a, b) => a + b, 0) / ds.length) : null;
      };
      const names = [...new Set(done.flatMap((m) => m.phases.map((p) => p.name)))];
      lines.push(`      mean phase cycles: ${names.map((n) => `${n} ${g(avg(n)) || '-'}`).join(', ')}`);
    }
  }
  lines.push(
    `      ${(r.wallMs / 1000).toFixed(2)} s wall, ${groupDigits(Math.round(r.accessesPerSec))} accesses/s, ${g(r.events)} events, trace ${r.traceHash}`,
  );
  for (const w of r.warnings) lines.push(`  note: ${w}`);
  if (r.failure !== null) {
    const f = r.failure;
    lines.push(`  failure (${f.kind}) at cycle ${g(f.cycle)}: ${groupedMessage(f.message)}`);
    if (f.mismatch) {
      const m = f.mismatch;
      lines.push(
        `    agent ${m.agent}, address ${hex(m.address)}, virtual page ${m.virtualPage}, physical ${m.physicalAddress === null ? '?' : hex(m.physicalAddress)} (page ${m.physicalPage ?? '?'}), during ${m.during}`,
      );
      lines.push(
        `    expected ${m.expected === null ? 'none' : hex(m.expected)}, actual ${hex(m.actual)}; migrations of this page: ${m.migrationsOfPage.length ? m.migrationsOfPage.join(', ') : 'none'}`,
      );
    }
    if (f.frame) {
      const v = f.frame;
      lines.push(
        `    migration #${v.migration} (began at cycle ${v.migrationBegin}), virtual page ${v.virtualPage}, frame ${hex(v.frame)} (physical page ${v.physicalPage})`,
      );
    }
    if (f.dump && f.dump.length > 0) {
      lines.push('  outstanding work:');
      for (const d of f.dump.slice(0, 40)) lines.push(`    ${d}`);
      if (f.dump.length > 40) lines.push(`    … ${f.dump.length - 40} more lines (use --json for all)`);
    }
    lines.push(`  reproduce: ${replayCommand(c, configFile)}`);
  }
  return lines;
}
