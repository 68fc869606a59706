import fc from 'fast-check';
import { groupDigits } from '../../src/stats/group-digits';

describe('groupDigits', () => {
  test('examples', () => {
    expect(groupDigits(0)).toBe('0');
    expect(groupDigits(999)).toBe('999');
    expect(groupDigits(1000)).toBe('1,000');
    expect(groupDigits(1234567)).toBe('1,234,567');
    expect(groupDigits(-1234.56, 1)).toBe('-1,234.6');
    expect(groupDigits(12.04, 1)).toBe('12');
  });

  test('prints what toLocaleString("en-US") prints, for integers and one fraction digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (n) => {
        expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
    // tenths and hundredths away from a rounding tie (binary fractions make ties ambiguous)
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 99 }), (i, h) => {
        fc.pre(h % 10 !== 5);
        const n = i + Math.sign(i || 1) * (h / 100);
        expect(groupDigits(n, 1)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 1 }));
      }),
      { numRuns: 2000 },
    );
  });
});
