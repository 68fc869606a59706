import { run, why } from '../support/scenario';

/**
 * The hand-checked 2/4/8-agent rows of the reference's acceptance checks, on fixed seeds, in strict and lenient oracle modes.
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
      expect(r.staleAccepted).toBe(0);
    });
  });
});
