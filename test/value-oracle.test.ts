import { ValueOracle } from '../src/oracle/value-oracle';

describe('value oracle', () => {
  describe('lenient mode (the reference rule, reproduced exactly)', () => {
    test('a stale-by-one read passes and trims the history at the match', () => {
      const o = new ValueOracle('lenient');
      o.recordWrite(0, 8, 1);
      o.recordWrite(0, 8, 2);
      expect(o.checkRead(0, 8, 1, 10)).toBeNull();
      expect(o.staleAccepted).toBe(1);
      expect(o.checkRead(0, 8, 2, 11)).toBeNull();
      // 1 is now older than an observed value: time going backwards fails.
      expect(o.checkRead(0, 8, 1, 12)).toMatchObject({ actual: 1, expected: 2, accepted: [2] });
    });

    test('a value never written fails, including zeros', () => {
      const o = new ValueOracle('lenient');
      o.recordWrite(1, 4, 9);
      expect(o.checkRead(1, 4, 0, 3)).toMatchObject({
        agent: 1,
        address: 4,
        actual: 0,
        expected: 9,
        mode: 'lenient',
      });
    });

    test('the first equal element is matched', () => {
      const o = new ValueOracle('lenient');
      for (const v of [5, 6, 5, 7]) o.recordWrite(0, 0, v);
      expect(o.checkRead(0, 0, 5, 1)).toBeNull();
      expect(o.snapshot()).toEqual([[0, [5, 6, 5, 7]]]);
      expect(o.checkRead(0, 0, 6, 1)).toBeNull();
      expect(o.snapshot()).toEqual([[0, [6, 5, 7]]]);
    });
  });

  describe('strict mode', () => {
    test('only the last written value passes', () => {
      const o = new ValueOracle('strict');
      o.recordWrite(0, 8, 1);
      o.recordWrite(0, 8, 2);
      expect(o.checkRead(0, 8, 1, 10)).toMatchObject({ expected: 2, actual: 1, mode: 'strict' });
      expect(o.checkRead(0, 8, 2, 10)).toBeNull();
    });

    test('keeps one value per address (bounded memory)', () => {
      const o = new ValueOracle('strict');
      for (let v = 0; v < 1000; v++) o.recordWrite(0, 8, v);
      expect(o.snapshot()).toEqual([[8, [999]]]);
    });

    test('a read of a never-written address reports expected null', () => {
      expect(new ValueOracle().checkRead(0, 64, 0, 1)).toMatchObject({ expected: null, actual: 0 });
    });
  });

  test('snapshot and restore round-trip', () => {
    const o = new ValueOracle('lenient');
    o.recordWrite(0, 4, 1);
    o.recordWrite(0, 8, 2);
    const p = new ValueOracle('lenient');
    p.restore(JSON.parse(JSON.stringify(o.snapshot())));
    expect(p.snapshot()).toEqual(o.snapshot());
  });
});
