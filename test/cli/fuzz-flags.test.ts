import { fuzzSpaceFromFlags } from '../../src/cli/fuzz-flags';
import { configFromFlags } from '../../src/cli/run-command';
import { ConfigError } from '../../src/scenario/scenario-config';

describe('fuzz --ranges', () => {
  test('accepts ranges up to 2^31 bytes, as run --max-address does', () => {
    expect(fuzzSpaceFromFlags({ ranges: '4,2147483648' }).bounds.ranges).toEqual([4, 2 ** 31]);
  });

  test('refuses a range over 2^31 with one line naming it', () => {
    for (const [ranges, bad] of [
      ['1099511627776', '1099511627776'],
      ['4096, 2147483649', '2147483649'],
    ]) {
      expect(() => fuzzSpaceFromFlags({ ranges })).toThrow(ConfigError);
      expect(() => fuzzSpaceFromFlags({ ranges })).toThrow(`--ranges ${bad}: must be at most 2147483648`);
    }
  });
});

test('a fault given twice is refused (run and the fuzzing commands): it printed "faults: skip-flush, skip-flush"', () => {
  expect(() => fuzzSpaceFromFlags({ fault: ['skip-flush', 'skip-flush'] })).toThrow(
    '--fault skip-flush given twice: give each fault once',
  );
  expect(() => configFromFlags({ fault: ['skip-flush', 'skip-invalidate', 'skip-flush'] })).toThrow(
    '--fault skip-flush given twice: give each fault once',
  );
});
