import type { ScenarioConfig } from '../../src/scenario/scenario-config';
import { run, why } from '../support/scenario';

/**
 * The reference's acceptance matrix (spec README §7), on fixed seeds, in strict and lenient oracle modes.
 * Every run must pass, including the end-of-run checks and the final sweep;
 * migrate-on rows must complete at least one migration.
 */
describe('acceptance: stress matrix (1 MiB rows with migration)', () => {
  const stress: Array<{ name: string; over: Partial<ScenarioConfig> }> = [
    {
      name: 'range 1 MiB, 10000 accesses, interval 500',
      over: { maxAddress: 1 << 20, accesses: 10000, interval: 500 },
    },
    {
      name: '4 agents, range 1 MiB, 10000 accesses, interval 500',
      over: { agents: 4, maxAddress: 1 << 20, accesses: 10000, interval: 500 },
    },
    {
      name: 'range 1 MiB, 10000 accesses, interval 500, shuffled ties (parallel engine)',
      over: { maxAddress: 1 << 20, accesses: 10000, interval: 500, shuffleTies: true },
    },
  ];
  describe.each(stress)('$name', ({ over }) => {
    test.each([
      [11, 'strict'],
      [12, 'lenient'],
    ] as const)('seed %i, %s oracle', (seed, oracle) => {
      const r = run({ ...over, seed, oracle });
      expect(why(r)).toBe('pass');
      expect(r.reads + r.writes).toBe((over.agents ?? 2) * 20000);
      if (over.migrate !== false) expect(r.migrations).toBeGreaterThan(0);
    });
  });
});
