import { statsTablesHtml } from '../../src/report/stats-html';
import { runScenario } from '../../src/scenario/run-scenario';
import { defaultScenarioConfig } from '../../src/scenario/scenario-config';
import { formatStatsTable } from '../../src/stats/format-stats';
import { agentRows, deviceRows, migrationRows, phaseRows, shareText } from '../../src/stats/stats-rows';

describe('statistics rows shared by the text tables and the HTML report', () => {
  const { stats } = runScenario({ ...defaultScenarioConfig(), seed: 5, accesses: 150, interval: 500 });

  test('one row per device, agent, phase and (capped) migration', () => {
    expect(stats.migrations.length).toBeGreaterThan(2);
    expect(deviceRows(stats).rows).toHaveLength(stats.devices.length);
    expect(agentRows(stats).rows).toHaveLength(stats.agents.length);
    expect(phaseRows(stats).rows).toHaveLength(stats.phases.length);
    expect(migrationRows(stats, 2).rows).toHaveLength(2);
    for (const r of [deviceRows(stats), agentRows(stats), agentRows(stats, { splitLatency: true })])
      for (const row of r.rows) expect(row).toHaveLength(r.headers.length);
  });

  test('a migration row adds up: its phases sum to its duration', () => {
    const m = migrationRows(stats, 1);
    const row = m.rows[0];
    const duration = row[m.headers.indexOf('duration')] as number;
    const phases = row.slice(m.headers.indexOf('duration') + 1) as number[];
    expect(phases.reduce((a, b) => a + b, 0)).toBe(duration);
  });

  test('both renderings show the same cells', () => {
    const text = formatStatsTable(stats).join('\n');
    const html = statsTablesHtml(stats);
    for (const row of deviceRows(stats).rows) {
      const share = row[4] as string;
      expect(text).toContain(share);
      expect(html).toContain(share);
    }
    expect(shareText(null)).toBeNull();
    expect(shareText(0.4783)).toBe('47.8%');
  });
});
