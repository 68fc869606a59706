import { componentOverridesSchema } from '../../src/scenario/component-overrides-schema';
import { ConfigError, defaultScenarioConfig, parseScenarioConfig } from '../../src/scenario/scenario-config';
import { run, why } from '../support/scenario';

const parse = (components: unknown) => () =>
  parseScenarioConfig({ ...defaultScenarioConfig(), components } as unknown);

describe('component overrides: every field checked, unknown keys named, geometry consistent', () => {
  test.each([
    [{ l2: { totalBytes: -1 } }, /^components\.l2\.totalBytes: must be at least 4$/],
    [{ l2: { totalBytes: 3 } }, /^components\.l2\.totalBytes: must be at least 4$/],
    [{ l2: { totalBytes: 1e15 } }, /^components\.l2\.totalBytes: must be at most 67108864$/],
    [{ l2: { ways: 0 } }, /^components\.l2\.ways: must be at least 1$/],
    [{ l1: { totalBytes: 0 } }, /^components\.l1\.totalBytes: must be at least 4$/],
    [{ l1tlb: { numSets: 0 } }, /^components\.l1tlb\.numSets: must be at least 1$/],
    [{ l2: { lineSize: 3 } }, /^components\.l2\.lineSize: must be at least 4$/],
    [{ l2: { lineSize: 48 } }, /^components\.l2\.lineSize: must be a power of two/],
    [{ l2: { totlBytes: 8192 } }, /^components\.l2: unknown field "totlBytes"$/],
    [
      { l2: { totalBytes: '8192' } },
      /^components\.l2\.totalBytes: expected a whole number, got the text "8192"$/,
    ],
    [{ mmu: { latency: -5 } }, /^components\.mmu\.latency: must be at least 0$/],
    [{ l1: { indexing: 'xor' } }, /^components\.l1\.indexing: must be fmix64 or modulo$/],
    [{ l2: { ways: 2.5 } }, /^components\.l2\.ways: expected a whole number, got 2\.5$/],
    [{ mmu: { latency: 2 ** 60 } }, /^components\.mmu\.latency: number too large$/],
    [{ l1tlb: { latency: 1 } }, /^components\.l1tlb\.latency: must be 0 or at least 2/],
    [{ l2: { totalBytes: 1000 } }, /^components\.l2\.totalBytes: 1000 is not a whole number of sets/],
    [{ l2: { lineSize: 32 } }, /^components\.l1\.lineSize: 64 is longer than the L2's line \(32\)/],
    [{ l1: { lowerPort: 'X' } }, /^components\.l1: unknown field "lowerPort"$/],
    [{ cache: {} }, /^components: unknown field "cache"$/],
  ])('%j is refused with one line naming the problem', (components, message) => {
    expect(parse(components)).toThrow(ConfigError);
    expect(parse(components)).toThrow(message);
  });

  test('valid overrides pass, and a run honours them', () => {
    const ok = {
      l1: { totalBytes: 256, ways: 4, bankLatency: 0 },
      l2: { totalBytes: 1536, ways: 2, lineSize: 64 },
      l1tlb: { latency: 0, numSets: 1, numWays: 1 },
      l2tlb: { latency: 2 },
      mmu: { latency: 3, maxRequestsInFlight: 1 },
      memctrl: { latency: 7, width: 2 },
      mover: { bufferSize: 256, insideGranularity: 32 },
      rob: { bufferSize: 4 },
      at: { numReqPerCycle: 1 },
    };
    expect(componentOverridesSchema.safeParse(ok).success).toBe(true);
    const r = run({ components: ok, accesses: 200, maxAddress: 1 << 14, interval: 300, seed: 3 });
    expect(why(r)).toBe('pass');
    expect(r.migrations).toBeGreaterThan(0);
  });
});
