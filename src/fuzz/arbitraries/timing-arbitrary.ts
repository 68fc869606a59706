import fc from 'fast-check';
import { TIMING_KNOBS, type TimingKnob } from './timing-knobs';

export { TIMING_KNOBS, type TimingKnob, timingDifferences } from './timing-knobs';

/** Fuzzed timing: per-component field overrides and the port buffer size (absent: default). */
export interface TimingOverrides {
  readonly components: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly bufferSize?: number;
}

/**
 * Timing overrides: each knob of {@link TIMING_KNOBS} is left at its
 * default half the time, else drawn from its valid range. Shrinks towards
 * the defaults (no override), so a counterexample keeps only the timing it
 * needs.
 *
 * @example
 * fc.sample(timingArbitrary(), 1)[0].components.mmu?.latency; // undefined or 1 … 40
 */
export function timingArbitrary(knobs: readonly TimingKnob[] = TIMING_KNOBS): fc.Arbitrary<TimingOverrides> {
  const values = knobs.map((k) =>
    fc.option(fc.integer({ min: k.min, max: k.max }), { nil: undefined, freq: 2 }),
  );
  return fc.tuple(...values).map((vs) => {
    const components: Record<string, Record<string, number>> = {};
    let bufferSize: number | undefined;
    vs.forEach((v, i) => {
      if (v === undefined) return;
      const k = knobs[i];
      if (k.component === 'config') bufferSize = v;
      else components[k.component] = { ...components[k.component], [k.field]: v };
    });
    return bufferSize === undefined ? { components } : { components, bufferSize };
  });
}
