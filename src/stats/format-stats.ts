import { groupDigits } from './group-digits';
import type { ComponentStats, RunStats } from './run-stats';
import { agentRows, deviceRows, migrationRows, phaseRows } from './stats-rows';
import { percent, textTable } from './text-table';

/** Migrations listed one per row before the table is cut short. */
const MAX_MIGRATION_ROWS = 20;

function extra(c: ComponentStats): string {
  const shown = new Set([
    'hits',
    'misses',
    'readHits',
    'writeHits',
    'readMisses',
    'writeMisses',
    'mshrHits',
    'evictions',
    'writeBacks',
    'translations',
    'walks',
    'controlCommands',
  ]);
  return Object.entries(c.counters)
    .filter(([k]) => !shown.has(k))
    .map(([k, v]) => `${k} ${groupDigits(v)}`)
    .join(', ');
}

/**
 * The statistics as readable text tables (what `numasim run --stats`
 * prints): components, agents, devices, phases, migrations and totals.
 * Latencies are in cycles; locality is the page's device at issue time
 * against the agent's home device.
 *
 * @example
 * console.log(formatStatsTable(runScenario(defaultScenarioConfig()).stats).join('\n'));
 */
export function formatStatsTable(s: RunStats): string[] {
  const out: string[] = [];
  out.push('components');
  out.push(
    ...textTable(
      [
        'component',
        'ticks',
        'hits',
        'misses',
        'mshr hits',
        'evictions',
        'write-backs',
        'translations',
        'walks',
        'control',
        'other',
      ],
      s.components.map((c) => [
        c.name,
        c.ticks,
        c.hits,
        c.misses,
        c.mshrHits,
        c.evictions,
        c.writeBacks,
        c.translations,
        c.pageWalks,
        c.controlCommands,
        extra(c),
      ]),
      '  ',
    ),
  );
  const agents = agentRows(s);
  out.push('agents (latency in cycles, issue to response; local = page on the home device at issue)');
  out.push(...textTable(agents.headers, agents.rows, '  '));
  const devices = deviceRows(s);
  out.push('devices (workload accesses to pages on the device)');
  out.push(...textTable(devices.headers, devices.rows, '  '));
  if (s.migrations.length > 0) {
    const phases = phaseRows(s);
    out.push('migration phases (cycles)');
    out.push(...textTable(phases.headers, phases.rows, '  '));
    const migrations = migrationRows(s, MAX_MIGRATION_ROWS);
    out.push('migrations (cycles)');
    out.push(...textTable(migrations.headers, migrations.rows, '  '));
    if (s.migrations.length > MAX_MIGRATION_ROWS)
      out.push(`  … ${s.migrations.length - MAX_MIGRATION_ROWS} more (all of them with --json or --report)`);
  }
  const t = s.totals;
  out.push('totals');
  out.push(
    `  ${groupDigits(t.accesses)} accesses (${groupDigits(t.reads)} reads, ${groupDigits(t.writes)} writes, ${groupDigits(t.sweepReads)} sweep reads), ${groupDigits(t.migrations)} migration(s) over ${groupDigits(t.migrationCycles)} of ${groupDigits(t.cycles)} cycles`,
  );
  out.push(
    `  latency mean ${t.latency.mean}, p50 ${groupDigits(t.latency.p50)}, p99 ${groupDigits(t.latency.p99)}, max ${groupDigits(t.latency.max)}; local ${percent(t.localAccesses + t.remoteAccesses > 0 ? t.localShare : null)} (${groupDigits(t.localAccesses)} local, ${groupDigits(t.remoteAccesses)} remote)`,
  );
  out.push(
    `  hit rates: L1 ${percent(t.hitRates.l1)}, L2 ${percent(t.hitRates.l2)}, L1 TLB ${percent(t.hitRates.l1tlb)}, L2 TLB ${percent(t.hitRates.l2tlb)}; ${groupDigits(t.controlCommands)} control commands handled`,
  );
  return out;
}
