import { runScenario } from '../../src/scenario/run-scenario';
import { defaultScenarioConfig, type ScenarioConfig } from '../../src/scenario/scenario-config';
import { addressTranslatorModel } from '../../src/state/address-translator/address-translator';
import type { ComponentModel } from '../../src/state/contract/component';
import { dataMoverModel } from '../../src/state/data-mover/data-mover';
import { l1CacheModel } from '../../src/state/l1-cache/l1-cache';
import { l2CacheModel } from '../../src/state/l2-cache/l2-cache';
import { memoryAgentModel } from '../../src/state/memory-agent/memory-agent';
import { memoryControllerModel } from '../../src/state/memory-controller/memory-controller';
import { mmuModel } from '../../src/state/mmu/mmu';
import { reorderBufferModel } from '../../src/state/reorder-buffer/reorder-buffer';
import { tlbModel } from '../../src/state/tlb/tlb';

/** Real steps and time inside `step` of one component kind over a run. */
export interface StepTimes {
  readonly kind: string;
  readonly steps: number;
  readonly ms: number;
}

const MODELS: ReadonlyArray<[string, ComponentModel<never, unknown>]> = [
  ['agent', memoryAgentModel as unknown as ComponentModel<never, unknown>],
  ['rob', reorderBufferModel as unknown as ComponentModel<never, unknown>],
  ['at', addressTranslatorModel as unknown as ComponentModel<never, unknown>],
  ['tlb', tlbModel as unknown as ComponentModel<never, unknown>],
  ['l1', l1CacheModel as unknown as ComponentModel<never, unknown>],
  ['l2', l2CacheModel as unknown as ComponentModel<never, unknown>],
  ['mc', memoryControllerModel as unknown as ComponentModel<never, unknown>],
  ['mmu', mmuModel as unknown as ComponentModel<never, unknown>],
  ['dm', dataMoverModel as unknown as ComponentModel<never, unknown>],
];

/**
 * Runs `config` `warmup` times, then once more with a timer around every
 * component model's `step`, and returns the real steps and milliseconds
 * inside `step` per component kind (timer overhead included), plus the
 * accesses (with the final sweep) and wall time of the timed run. The
 * models' `step` is restored afterwards.
 *
 * @example
 * const t = measureStepTimes({ ...defaultScenarioConfig(), maxAddress: 1 << 20 }, 2);
 * t.kinds.find((k) => k.kind === 'l2')?.steps;
 */
export function measureStepTimes(
  config: ScenarioConfig,
  warmup = 2,
): { kinds: StepTimes[]; accesses: number; wallMs: number } {
  for (let i = 0; i < warmup; i++) runScenario(config);
  const counters = MODELS.map(() => ({ steps: 0, ns: 0n }));
  const saved = MODELS.map(([, m]) => m.step);
  MODELS.forEach(([, m], k) => {
    const step = saved[k];
    const c = counters[k];
    m.step = (s, e, now) => {
      const t = process.hrtime.bigint();
      const r = step.call(m, s, e, now);
      c.ns += process.hrtime.bigint() - t;
      c.steps++;
      return r;
    };
  });
  try {
    const t0 = process.hrtime.bigint();
    const r = runScenario(config);
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    return {
      kinds: MODELS.map(([kind], k) => ({
        kind,
        steps: counters[k].steps,
        ms: Number(counters[k].ns) / 1e6,
      })),
      accesses: r.reads + r.writes + r.sweepReads,
      wallMs,
    };
  } finally {
    MODELS.forEach(([, m], k) => {
      m.step = saved[k];
    });
  }
}

if (require.main === module) {
  // The stress probe of docs/performance.md: 2 agents x 3000, 1 MiB, interval 500, migration on.
  const accesses = Number(process.argv[2] ?? 3000);
  const r = measureStepTimes({
    ...defaultScenarioConfig(),
    accesses,
    maxAddress: 1 << 20,
    interval: 500,
    seed: 7,
  });
  let steps = 0;
  let ms = 0;
  for (const k of r.kinds) {
    steps += k.steps;
    ms += k.ms;
    process.stdout.write(
      `${k.kind.padEnd(6)}${String(k.steps).padStart(9)} steps ${(k.steps / r.accesses).toFixed(2).padStart(6)} per access ${((k.ms * 1000) / Math.max(1, k.steps)).toFixed(2).padStart(6)} µs/step ${k.ms.toFixed(0).padStart(5)} ms\n`,
    );
  }
  process.stdout.write(
    `all   ${String(steps).padStart(9)} steps ${(steps / r.accesses).toFixed(2).padStart(6)} per access; ${ms.toFixed(0)} ms in step of ${r.wallMs.toFixed(0)} ms wall (timers included), ${r.accesses} accesses with the sweep\n`,
  );
}
