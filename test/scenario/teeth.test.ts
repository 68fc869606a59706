import { CONFIG_A, CONFIG_A_SMALL_L2, run, why } from '../support/scenario';

/**
 * The oracle has teeth: each fault in the catalogue makes a run fail the way
 * the spec predicts (oracle.md §5), and the negative controls pass.
 */
describe('oracle teeth', () => {
  test('skip-flush fails with a value mismatch within the first migrations of the default scenario', () => {
    const r = run({ seed: 1, faults: ['skip-flush'] });
    expect(r.failure?.kind).toBe('mismatch');
    expect(r.migrations).toBeLessThanOrEqual(2);
    expect(r.failure?.mismatch).toMatchObject({ agent: expect.any(Number), during: 'workload' });
  });

  test('skip-invalidate, which the value oracle alone lets pass on config A (as upstream), is a stale-frame access', () => {
    // the stale L2 lines and TLB entries keep the agents on the old frame, consistently
    expect(run({ ...CONFIG_A, accesses: 3000, seed: 1, faults: ['skip-invalidate'] }).failure?.kind).toBe(
      'stale-frame',
    );
    for (const seed of [1, 2, 3]) {
      const r = run({ ...CONFIG_A_SMALL_L2, accesses: 3000, seed, faults: ['skip-invalidate'] });
      expect(r.failure?.kind).toBe('stale-frame');
      expect(r.failure!.frame!.migration).toBe(0);
    }
  });

  test.each(['skip-tlb-invalidate', 'skip-drain', 'copy-before-flush', 'enable-before-invalidate'] as const)(
    '%s sends a request to the old frame on config A (stale-frame, before any wrong value is read)',
    (fault) => {
      const r = run({ ...CONFIG_A, accesses: 3000, seed: 1, faults: [fault] });
      expect(r.failure?.kind).toBe('stale-frame');
      expect(r.failure?.frame?.requester).toBe('L2Cache.Bottom');
    },
  );

  test('early-write-ack fails on config A with a small L2 (a request reaches the old frame after its copy)', () => {
    const r = run({ ...CONFIG_A_SMALL_L2, accesses: 3000, seed: 1, faults: ['early-write-ack'] });
    expect(r.failure?.kind).toBe('stale-frame');
    expect(r.failure?.frame?.requester).toBe('L2Cache.Bottom');
  });

  test('drain-all is reported as a liveness failure with a dump, not a hang', () => {
    const r = run({ ...CONFIG_A, seed: 1, faults: ['drain-all'] });
    expect(r.failure?.kind).toBe('liveness');
    expect(r.failure?.message).toMatch(/not all req returned/);
    expect(r.failure?.dump?.some((l) => l.includes('[draining]'))).toBe(true);
    expect(r.migrations).toBe(0);
  });

  test('datamover-absolute-window is a liveness failure at the first copy', () => {
    const r = run({ seed: 1, faults: ['datamover-absolute-window'] });
    expect(r.failure?.kind).toBe('liveness');
    expect(r.migrations).toBe(0);
    expect(r.migrationLog).toHaveLength(1);
    expect(r.migrationLog[0].phases.at(-1)).toMatchObject({ name: 'copy', end: null });
    expect(r.failure?.dump?.some((l) => l.startsWith('MigrationController'))).toBe(true);
  });

  test('skipping quiescence entirely is a protocol failure (Flush rejected by an enabled L2)', () => {
    const r = run({
      ...CONFIG_A,
      seed: 1,
      plan: ['flush-l2', 'copy', 'repoint', 'invalidate', 'enable-all'],
    });
    expect(r.failure?.kind).toBe('protocol');
    expect(r.failure?.message).toMatch(/must be paused or drained/);
  });

  describe('negative controls pass', () => {
    test.each([
      [
        'T6b: invalidate before the repoint inside the paused window',
        'drain-robs,pause-rest,flush-l2,invalidate,copy,repoint,enable-all',
      ],
      [
        'repoint before the copy, still waiting for the move',
        'drain-robs,pause-rest,flush-l2,repoint,copy,invalidate,enable-all',
      ],
      [
        'an extra flush and invalidate',
        'drain-robs,pause-rest,flush-l2,flush-l2,copy,repoint,invalidate,invalidate,enable-all',
      ],
    ])('%s', (_name, plan) => {
      const r = run({ ...CONFIG_A_SMALL_L2, accesses: 3000, seed: 2, plan: plan.split(',') });
      expect(why(r)).toBe('pass');
      expect(r.migrations).toBeGreaterThan(10);
    });

    test('a data mover with a 64-byte buffer is slower but correct', () => {
      const r = run({ ...CONFIG_A, accesses: 3000, seed: 3, components: { mover: { bufferSize: 64 } } });
      expect(why(r)).toBe('pass');
    });
  });

  test('a lost write that is never read again is caught at the end of its migration (frame oracle)', () => {
    // Skipping the flush on the very last migration loses dirty data that the workload
    // never reads back; before the frame oracle only the final sweep could see it.
    const r = run({
      ...CONFIG_A,
      accesses: 400,
      seed: 4,
      faults: ['skip-flush'],
      schedule: [{ page: 0, at: 2500 }],
    });
    expect(r.failure?.kind).toBe('frame-content');
    expect(r.failure?.frame?.migration).toBe(0);
  });
});
