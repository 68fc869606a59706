import fc from 'fast-check';
import { ValueOracle } from '../../src/oracle/value-oracle';

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

/** The oracle as it was before its compact table: one history array per address (the reference rule). */
class ReferenceOracle {
  private readonly history = new Map<number, number[]>();
  staleAccepted = 0;
  constructor(readonly mode: 'strict' | 'lenient') {}
  recordWrite(address: number, value: number): void {
    const h = this.history.get(address);
    if (h === undefined || this.mode === 'strict') this.history.set(address, [value]);
    else h.push(value);
  }
  checkRead(address: number, actual: number): { expected: number | null; accepted: number[] } | null {
    const h = this.history.get(address) ?? [];
    const last = h.length > 0 ? h[h.length - 1] : null;
    const i = h.indexOf(actual);
    if (i >= 0 && i !== h.length - 1) this.staleAccepted++;
    const ok = this.mode === 'strict' ? last === actual : i >= 0;
    if (ok) {
      if (this.mode === 'lenient' && i > 0) this.history.set(address, h.slice(i));
      return null;
    }
    return { expected: last, accepted: h.slice() };
  }
  snapshot(): Array<[number, number[]]> {
    return [...this.history.entries()].sort((a, b) => a[0] - b[0]).map(([a, h]) => [a, h.slice()]);
  }
}

describe('value oracle against the reference rule', () => {
  const op = fc.record({
    write: fc.boolean(),
    address: fc.constantFrom(0, 4, 8, 0xfffffffc, 2 ** 33, 5.5),
    value: fc.oneof(fc.nat({ max: 3 }), fc.constantFrom(0xffffffff, -1, 2 ** 40)),
  });

  test.each(['strict', 'lenient'] as const)(
    '%s: same verdicts, expectations, stale counts and snapshots on random traffic (wrong reads included)',
    (mode) => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 60 }), fc.boolean(), (ops, restoreHalfway) => {
          let o = new ValueOracle(mode);
          const ref = new ReferenceOracle(mode);
          let failures = 0;
          ops.forEach((x, n) => {
            if (restoreHalfway && n === ops.length >> 1) {
              const p = new ValueOracle(mode);
              p.restore(JSON.parse(JSON.stringify(o.snapshot())));
              p.staleAccepted = o.staleAccepted;
              o = p;
            }
            if (x.write) {
              o.recordWrite(0, x.address, x.value);
              ref.recordWrite(x.address, x.value);
              return;
            }
            const got = o.checkRead(0, x.address, x.value, n);
            const want = ref.checkRead(x.address, x.value);
            if (want === null) expect(got).toBeNull();
            else {
              failures++;
              expect(got).toMatchObject({ ...want, actual: x.value, address: x.address, mode });
            }
            expect(o.lastValue(x.address)).toBe(
              ref
                .snapshot()
                .find(([a]) => a === x.address)?.[1]
                .at(-1),
            );
          });
          expect(o.staleAccepted).toBe(ref.staleAccepted);
          expect(o.snapshot()).toEqual(ref.snapshot());
          expect(o.addresses).toBe(ref.snapshot().length);
          expect(failures).toBeGreaterThanOrEqual(0);
        }),
        { numRuns: 300 },
      );
    },
  );

  test('a deliberately wrong read is caught among many addresses (strict and lenient)', () => {
    for (const mode of ['strict', 'lenient'] as const) {
      const o = new ValueOracle(mode);
      for (let a = 0; a < 200_000; a += 4) o.recordWrite(0, a * 3, (a * 2654435761) >>> 0);
      expect(o.addresses).toBe(50_000);
      for (let a = 0; a < 200_000; a += 4 * 97)
        expect(o.checkRead(0, a * 3, (a * 2654435761) >>> 0, 1)).toBeNull();
      const wrong = ((40_000 * 2654435761) >>> 0) ^ 1;
      expect(o.checkRead(1, 40_000 * 3, wrong, 9)).toMatchObject({
        agent: 1,
        address: 120_000,
        actual: wrong,
        expected: (40_000 * 2654435761) >>> 0,
        mode,
      });
      expect(o.checkRead(0, 4, 0, 1)).toMatchObject({ expected: null, accepted: [] });
    }
  });
});
