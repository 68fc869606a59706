import { spawnSync } from 'node:child_process';
import { CLI } from '../support/paths';

function numasim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('statistics on the command line (built dist)', () => {
  test('--json has a stats key with components, agents, devices, migrations, phases and totals', () => {
    const r = numasim('run', '--seed', '3', '--accesses', '200', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.stats).sort()).toEqual([
      'agents',
      'components',
      'devices',
      'migrations',
      'phases',
      'totals',
    ]);
    expect(out.stats.totals.accesses).toBe(out.reads + out.writes);
    expect(out.stats.agents[0].latency).toEqual(
      expect.objectContaining({ mean: expect.any(Number), p50: expect.any(Number), p99: expect.any(Number) }),
    );
    expect(out.stats.components.find((c: { name: string }) => c.name === 'L2Cache').hits).toEqual(
      expect.any(Number),
    );
    expect(out.stats.migrations).toHaveLength(out.migrations);
  });

  test('--stats prints the tables; the default summary stays short', () => {
    const plain = numasim('run', '--seed', '3', '--accesses', '200');
    const withStats = numasim('run', '--seed', '3', '--accesses', '200', '--stats');
    expect(plain.code).toBe(0);
    expect(withStats.code).toBe(0);
    expect(plain.stdout.split('\n').length).toBeLessThan(10);
    expect(plain.stdout).not.toContain('components');
    expect(withStats.stdout.startsWith(plain.stdout.split('\n').slice(0, 4).join('\n'))).toBe(true);
    for (const s of [
      'components',
      'agents (latency',
      'devices',
      'migration phases',
      'totals',
      'L2Cache',
      'MemCtrl[1]',
      'p99',
    ])
      expect(withStats.stdout).toContain(s);
  });
});
