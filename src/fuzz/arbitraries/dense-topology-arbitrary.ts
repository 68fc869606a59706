import fc from 'fast-check';
import { DENSE_SCENARIO_BOUNDS, type TopologyBounds } from './scenario-bounds';
import type { SmallTopology } from './topology-arbitrary';

/**
 * Machines of the dense space: always 2 or 3 devices (somewhere to
 * migrate to), tiny caches (128 B–1 KiB L1, 256 B–1 KiB L2) and tinier
 * TLBs (1–4 L1 TLB entries, 2–8 L2 TLB entries) so lines and translations
 * of a page are evicted and refetched around its migrations, and ranges up
 * to several pages per agent. Shrinks towards two devices, the smallest
 * range and the smallest caches.
 *
 * @example
 * fc.sample(denseTopologyArbitrary(), 1)[0].devices >= 2;
 */
export function denseTopologyArbitrary(
  bounds: TopologyBounds = DENSE_SCENARIO_BOUNDS,
): fc.Arbitrary<SmallTopology> {
  const devices = [2, 3].filter((d) => d <= Math.max(2, bounds.maxDevices));
  return fc.record({
    devices: fc.constantFrom(...devices),
    maxAddress: fc.constantFrom(...bounds.ranges),
    components: fc.record({
      l1: fc.record({ totalBytes: fc.constantFrom(128, 256, 512, 1024), ways: fc.constantFrom(1, 2) }),
      l2: fc.record({ totalBytes: fc.constantFrom(256, 512, 1024), ways: fc.constantFrom(2, 4) }),
      l1tlb: fc.record({ numSets: fc.constantFrom(1, 2), numWays: fc.constantFrom(1, 2) }),
      l2tlb: fc.record({ numSets: fc.constantFrom(1, 2), numWays: fc.constantFrom(2, 4) }),
    }),
  });
}
