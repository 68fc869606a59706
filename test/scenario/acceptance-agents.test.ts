import { run, why } from '../support/scenario';

/**
 * The hand-checked 2/4/8-agent rows of the reference's acceptance checks, on
 * fixed seeds, with the strict oracle (the lenient rule's own row is below:
 * it must pass without accepting a single stale value).
 * Every run must pass, including the end-of-run checks and the final sweep;
 * migrate-on rows must complete at least one migration.
 */
describe('acceptance: agents', () => {
  describe.each([2, 4, 8])('%i agents × 1000 accesses (default 16 MiB range)', (agents) => {
    test.each([true, false])('migrate %s', (migrate) => {
      const r = run({ agents, migrate, seed: agents });
      expect(why(r)).toBe('pass');
      expect(r.reads + r.writes).toBe(agents * 2000);
      if (migrate) expect(r.migrations).toBeGreaterThan(0);
      else expect(r.migrations).toBe(0);
    });
  });

  test('lenient oracle, 4 agents, migrate on: passes and accepts no stale value', () => {
    const r = run({ agents: 4, migrate: true, seed: 4, oracle: 'lenient' });
    expect(why(r)).toBe('pass');
    expect(r.migrations).toBeGreaterThan(0);
    expect(r.staleAccepted).toBe(0);
  });
});
