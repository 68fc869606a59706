import fc from 'fast-check';
import { DEFAULT_TOPOLOGY_BOUNDS, type TopologyBounds } from './scenario-bounds';

export { DEFAULT_TOPOLOGY_BOUNDS, type TopologyBounds } from './scenario-bounds';

/** A small machine (its agent count comes with the access scripts): sizes of everything that matters for evictions and migrations. */
export interface SmallTopology {
  readonly devices: number;
  readonly maxAddress: number;
  readonly components: {
    readonly l1: { readonly totalBytes: number; readonly ways: number };
    readonly l2: { readonly totalBytes: number; readonly ways: number };
    readonly l1tlb: { readonly numSets: number; readonly numWays: number };
    readonly l2tlb: { readonly numSets: number; readonly numWays: number };
  };
}

/**
 * Small topologies: 1–3 devices, tiny caches and TLBs (so lines and
 * translations get evicted) and few pages (so pages migrate many times).
 * Shrinks towards two devices and the smallest range.
 *
 * @example
 * fc.sample(topologyArbitrary(), 1)[0].devices; // 1 … 3
 */
export function topologyArbitrary(
  bounds: TopologyBounds = DEFAULT_TOPOLOGY_BOUNDS,
): fc.Arbitrary<SmallTopology> {
  const twoFirst = [2, 1, 3].filter((d) => d <= bounds.maxDevices);
  return fc.record({
    devices: fc.constantFrom(...twoFirst),
    maxAddress: fc.constantFrom(...bounds.ranges),
    components: fc.record({
      l1: fc.record({ totalBytes: fc.constantFrom(128, 256, 512, 1024), ways: fc.constantFrom(2, 1) }),
      l2: fc.record({ totalBytes: fc.constantFrom(256, 512, 1024, 2048), ways: fc.constantFrom(2, 4) }),
      l1tlb: fc.record({ numSets: fc.constantFrom(1, 2), numWays: fc.constantFrom(2, 4) }),
      l2tlb: fc.record({ numSets: fc.constantFrom(1, 2, 4), numWays: fc.constantFrom(2, 4) }),
    }),
  });
}
