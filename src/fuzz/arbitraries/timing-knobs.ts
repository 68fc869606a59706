/**
 * The fuzzed timing knobs and their valid ranges, kept apart from the
 * arbitrary so that counterexample descriptions load without fast-check.
 */

/** One fuzzed timing knob: a numeric field of a component kind's spec and its valid range. */
export interface TimingKnob {
  /** Key under the config's `components` (or `'config'` for the port buffer size). */
  readonly component: 'mmu' | 'l1tlb' | 'l2tlb' | 'l1' | 'l2' | 'memctrl' | 'config';
  readonly field: string;
  readonly min: number;
  readonly max: number;
  /** The value when not overridden. */
  readonly default: number;
}

/**
 * The timing knobs the dense space fuzzes, each within its valid range:
 * MMU walk latency and open walks, TLB pipeline latency and width, cache
 * directory and bank pipeline latencies and widths, memory latency and
 * width, and the port buffer size.
 *
 * @example
 * TIMING_KNOBS.find((k) => k.component === 'mmu' && k.field === 'latency')?.default === 10;
 */
export const TIMING_KNOBS: readonly TimingKnob[] = [
  { component: 'mmu', field: 'latency', min: 1, max: 40, default: 10 },
  { component: 'mmu', field: 'maxRequestsInFlight', min: 1, max: 16, default: 16 },
  { component: 'l1tlb', field: 'latency', min: 2, max: 8, default: 4 },
  { component: 'l1tlb', field: 'numReqPerCycle', min: 1, max: 4, default: 2 },
  { component: 'l2tlb', field: 'latency', min: 2, max: 8, default: 4 },
  { component: 'l2tlb', field: 'numReqPerCycle', min: 1, max: 4, default: 4 },
  { component: 'l1', field: 'dirLatency', min: 1, max: 4, default: 2 },
  { component: 'l1', field: 'bankLatency', min: 1, max: 20, default: 20 },
  { component: 'l1', field: 'numReqPerCycle', min: 1, max: 4, default: 4 },
  { component: 'l2', field: 'bankLatency', min: 1, max: 20, default: 10 },
  { component: 'l2', field: 'numReqPerCycle', min: 1, max: 4, default: 2 },
  { component: 'memctrl', field: 'latency', min: 1, max: 150, default: 100 },
  { component: 'memctrl', field: 'width', min: 1, max: 4, default: 1 },
  { component: 'config', field: 'bufferSize', min: 1, max: 16, default: 16 },
];

/**
 * The timing of a configuration that differs from the defaults, as
 * `component.field=value` strings (for counterexamples).
 *
 * @example
 * timingDifferences({ components: { mmu: { latency: 3 } }, bufferSize: 16 }); // ['mmu.latency=3']
 */
export function timingDifferences(c: {
  readonly components: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;
  readonly bufferSize: number;
}): string[] {
  const out: string[] = [];
  for (const k of TIMING_KNOBS) {
    const v = k.component === 'config' ? c.bufferSize : c.components[k.component]?.[k.field];
    if (typeof v === 'number' && v !== k.default) out.push(`${k.component}.${k.field}=${v}`);
  }
  return out;
}
