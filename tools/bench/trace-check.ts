import { createHash } from 'node:crypto';
import { runScenario } from '../../src/scenario/run-scenario';
import {
  defaultScenarioConfig,
  parseScenarioConfig,
  type ScenarioConfig,
} from '../../src/scenario/scenario-config';
import type { Simulation } from '../../src/streams/kernel/simulation';
import { fuzzConfig } from './bench-scenarios';

/**
 * One configuration of the behaviour fingerprint matrix: a name and the
 * overrides of the default scenario.
 *
 * @example
 * const c: CheckCase = { name: 'default', over: {} };
 */
export interface CheckCase {
  readonly name: string;
  readonly over: Partial<ScenarioConfig>;
}

const SMALL = { maxAddress: 1 << 16, accesses: 800, interval: 300 };
const CONFIG_A = { maxAddress: 1024, interval: 500, accesses: 1500 };
const TINY = {
  l1: { totalBytes: 256 },
  l2: { totalBytes: 1024 },
  l1tlb: { numSets: 2, numWays: 2 },
  l2tlb: { numSets: 2, numWays: 4 },
};

/**
 * The matrix the fingerprint covers: every fault, both oracles, shuffled
 * ties, small buffers, tiny caches, several plans and topologies.
 *
 * @example
 * CHECK_CASES.length > 10;
 */
export const CHECK_CASES: readonly CheckCase[] = [
  { name: 'default', over: {} },
  { name: 'config-a', over: { ...CONFIG_A, seed: 3 } },
  { name: 'config-a-small-l2', over: { ...CONFIG_A, seed: 2, components: { l2: { totalBytes: 1024 } } } },
  { name: '1mib', over: { maxAddress: 1 << 20, accesses: 1500, interval: 500, seed: 11 } },
  {
    name: '1mib-shuffle',
    over: { maxAddress: 1 << 20, accesses: 1500, interval: 500, seed: 11, shuffleTies: true },
  },
  { name: '1mib-no-migrate', over: { maxAddress: 1 << 20, accesses: 1500, migrate: false, seed: 4 } },
  {
    name: '4agents-3dev',
    over: { agents: 4, devices: 3, maxAddress: 1 << 16, accesses: 500, interval: 200, seed: 5 },
  },
  { name: 'lenient', over: { ...SMALL, oracle: 'lenient', seed: 6 } },
  { name: 'bufsize-2', over: { ...SMALL, bufferSize: 2, seed: 7 } },
  { name: 'bufsize-1-shuffle', over: { ...SMALL, bufferSize: 1, seed: 8, shuffleTies: true } },
  { name: 'tiny-caches', over: { ...SMALL, components: TINY, seed: 9 } },
  {
    name: 'tiny-schedule',
    over: {
      maxAddress: 8192,
      accesses: 60,
      components: TINY,
      schedule: [
        { page: 0, at: 30 },
        { page: 1, at: 200 },
        { page: 0, at: 400 },
      ],
      seed: 10,
    },
  },
  { name: 'skip-flush', over: { ...SMALL, seed: 1, faults: ['skip-flush'] } },
  {
    name: 'skip-invalidate',
    over: { ...CONFIG_A, seed: 2, faults: ['skip-invalidate'], components: { l2: { totalBytes: 1024 } } },
  },
  { name: 'skip-tlb-invalidate', over: { ...CONFIG_A, seed: 1, faults: ['skip-tlb-invalidate'] } },
  { name: 'skip-drain', over: { ...CONFIG_A, seed: 1, faults: ['skip-drain'] } },
  { name: 'copy-before-flush', over: { ...CONFIG_A, seed: 1, faults: ['copy-before-flush'] } },
  { name: 'enable-before-invalidate', over: { ...CONFIG_A, seed: 1, faults: ['enable-before-invalidate'] } },
  {
    name: 'early-write-ack',
    over: { ...CONFIG_A, seed: 1, faults: ['early-write-ack'], components: { l2: { totalBytes: 1024 } } },
  },
  { name: 'drain-all', over: { ...CONFIG_A, seed: 1, faults: ['drain-all'] } },
  {
    name: 'datamover-absolute-window',
    over: { ...SMALL, seed: 1, faults: ['datamover-absolute-window'], watchdogCycles: 20000 },
  },
  {
    name: 'plan-variant',
    over: {
      ...CONFIG_A,
      seed: 2,
      components: { l2: { totalBytes: 1024 } },
      plan: 'pause-all,flush-l2,copy,repoint,invalidate-l1,invalidate-l2,invalidate-l1tlbs,invalidate-l2tlb,wait-50,enable-all'.split(
        ',',
      ),
    },
  },
  { name: 'mover-window-64', over: { ...CONFIG_A, seed: 3, components: { mover: { bufferSize: 64 } } } },
  {
    name: 'checkpoint-config',
    over: { maxAddress: 1 << 14, accesses: 600, interval: 300, seed: 21, shuffleTies: true },
  },
  { name: 'bufsize-1-tiny', over: { ...SMALL, bufferSize: 1, components: TINY, seed: 13 } },
  {
    name: 'bufsize-1-4agents-shuffle',
    over: {
      agents: 4,
      maxAddress: 1 << 14,
      accesses: 400,
      interval: 100,
      bufferSize: 1,
      shuffleTies: true,
      seed: 14,
    },
  },
  {
    name: 'interval-0-tiny-shuffle',
    over: { maxAddress: 4096, accesses: 500, interval: 0, components: TINY, shuffleTies: true, seed: 15 },
  },
  {
    name: 'short-latencies',
    over: {
      ...SMALL,
      seed: 16,
      components: {
        memctrl: { latency: 1 },
        mmu: { latency: 0 },
        l1: { bankLatency: 1, dirLatency: 0 },
        l2: { bankLatency: 1 },
        l1tlb: { latency: 2 },
        l2tlb: { latency: 2 },
      },
    },
  },
  {
    name: 'wide',
    over: {
      ...SMALL,
      agents: 3,
      seed: 17,
      components: { memctrl: { width: 4 }, l1: { numReqPerCycle: 1 }, l2: { numReqPerCycle: 1 } },
    },
  },
  {
    name: 'slow-mem',
    over: { ...SMALL, seed: 12, components: { memctrl: { latency: 7, width: 2 }, mmu: { latency: 3 } } },
  },
];

/**
 * Runs one case and returns its behaviour fingerprint: status, failure,
 * counts, final cycle, link transfers, a hash of the ordered event trace
 * and a hash of the trace with the events of each cycle sorted (equal when
 * only the order of same-cycle events differs).
 *
 * @example
 * const f = fingerprint(CHECK_CASES[0]);
 */
export function fingerprint(c: CheckCase): Record<string, unknown> {
  const config = parseScenarioConfig({ ...defaultScenarioConfig(), ...c.over });
  return fingerprintConfig(c.name, config);
}

/**
 * {@link fingerprint} of a complete configuration.
 *
 * @example
 * const f = fingerprintConfig('fuzz-1', fuzzConfig(1));
 */
export function fingerprintConfig(name: string, config: ScenarioConfig): Record<string, unknown> {
  const ordered = createHash('sha1');
  const sorted = createHash('sha1');
  let cycle = -1;
  let batch: string[] = [];
  const flush = () => {
    batch.sort();
    for (const s of batch) sorted.update(s);
    batch = [];
  };
  let sim: Simulation | null = null;
  const r = runScenario(config, {
    onBuilt: (t) => {
      sim = t.sim;
    },
    onEvent: (rec) => {
      const s = `${rec.cycle} ${rec.source} ${JSON.stringify(rec.event)}\n`;
      ordered.update(s);
      if (rec.cycle !== cycle) {
        flush();
        cycle = rec.cycle;
      }
      batch.push(s);
    },
  });
  flush();
  const s = sim as Simulation | null;
  const dump = r.failure?.dump ?? [];
  return {
    name,
    status: r.status,
    failure: r.failure === null ? null : `${r.failure.kind}@${r.failure.cycle}: ${r.failure.message}`,
    reads: r.reads,
    writes: r.writes,
    sweepReads: r.sweepReads,
    migrations: r.migrations,
    cycles: r.cycles,
    transfers: s?.transfersDone ?? -1,
    events: r.events,
    ordered: ordered.digest('hex').slice(0, 16),
    sorted: sorted.digest('hex').slice(0, 16),
    dump: createHash('sha1').update(dump.join('\n')).digest('hex').slice(0, 16),
    kernelEvents: s?.scheduler.eventsRun ?? -1,
    steps: (s as { steps?: number } | null)?.steps ?? -1,
  };
}

/**
 * Prints one JSON line per case (all cases, or those named on the command
 * line; `--fuzz N` adds N small random configurations). Compare two
 * outputs to prove an optimization changed no behaviour.
 *
 * @example
 * // node dist-tools/tools/bench/trace-check.js --fuzz 100 > before.jsonl
 */
export function main(argv: readonly string[]): void {
  const fuzzAt = argv.indexOf('--fuzz');
  const fuzz = fuzzAt >= 0 ? Number(argv[fuzzAt + 1]) : 0;
  for (let i = 0; i < fuzz; i++) {
    process.stdout.write(`${JSON.stringify(fingerprintConfig(`fuzz-${i}`, fuzzConfig(1000 + i)))}\n`);
  }
  if (fuzz > 0 && argv.length === 2) return;
  const only = new Set(argv.filter((_, i) => i !== fuzzAt && i !== fuzzAt + 1));
  for (const c of CHECK_CASES) {
    if (only.size > 0 && !only.has(c.name)) continue;
    process.stdout.write(`${JSON.stringify(fingerprint(c))}\n`);
  }
}

if (require.main === module) main(process.argv.slice(2));
