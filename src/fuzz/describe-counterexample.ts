import type { RunResult } from '../scenario/run-result';
import type { ScenarioConfig } from '../scenario/scenario-config';
import { computeAddressMap } from '../state/memory/address-map';
import { timingDifferences } from './arbitraries/timing-arbitrary';

const hex = (n: number) => `0x${n.toString(16)}`;

function bytes(n: number): string {
  return n >= 1024 && n % 1024 === 0 ? `${n / 1024} KiB` : `${n} B`;
}

/**
 * Size of a counterexample: accesses plus migrations (what shrinking minimizes).
 *
 * @example
 * counterexampleSize(config); // e.g. 3
 */
export function counterexampleSize(c: ScenarioConfig): number {
  const accesses = c.scripts ? c.scripts.reduce((n, s) => n + s.length, 0) : c.agents * c.accesses * 2;
  return accesses + (c.schedule?.length ?? 0);
}

/**
 * A counterexample as a person reads it: the machine, the plan, each
 * agent's accesses (virtual address and value), the migrations, the
 * tie-break order and the failure.
 *
 * @example
 * console.log(describeCounterexample(config, result).join('\n'));
 */
export function describeCounterexample(c: ScenarioConfig, r?: RunResult): string[] {
  const map = computeAddressMap({ agents: c.agents, maxAddress: c.maxAddress, devices: c.devices });
  const comp = c.components as Record<string, Record<string, number> | undefined>;
  const cache = (k: string) =>
    comp[k] ? `${bytes(comp[k]!.totalBytes ?? 0)} ${comp[k]!.ways ?? '?'}-way` : 'default';
  const tlb = (k: string) => (comp[k] ? `${comp[k]!.numSets ?? '?'}×${comp[k]!.numWays ?? '?'}` : 'default');
  const lines = [
    `counterexample (${counterexampleSize(c)} accesses + migrations):`,
    `  machine: ${c.agents} agent(s), ${c.devices} device(s), range ${bytes(c.maxAddress)} per agent (${map.numPages} page(s)); L1 ${cache('l1')}, L2 ${cache('l2')}, L1 TLB ${tlb('l1tlb')}, L2 TLB ${tlb('l2tlb')}`,
    `  timing: ${timingDifferences(c).join(', ') || 'default'}`,
    `  plan: ${c.plan.join(',') || '(empty)'}${c.faults.length ? `; faults: ${c.faults.join(', ')}` : ''}`,
  ];
  if (c.scripts) {
    c.scripts.forEach((s, i) => {
      const base = i * map.agentStride;
      const ops = s.map((a) =>
        a.op === 'write' ? `W ${hex(base + a.word * 4)}=${hex(a.value ?? 0)}` : `R ${hex(base + a.word * 4)}`,
      );
      lines.push(`  agent ${i}: ${ops.join(', ')}`);
    });
  } else {
    lines.push(`  agents: random traffic, ${c.accesses} reads and writes each (seed ${c.seed})`);
  }
  if (c.schedule) {
    const m = c.schedule.map(
      (s) =>
        `page ${s.page} → ${s.toDevice === undefined ? 'next device' : `device ${s.toDevice}`} at cycle ≥${s.at}`,
    );
    lines.push(`  migrations: ${m.length ? m.join('; ') : 'none'}`);
  } else if (c.migrate) {
    lines.push(`  migrations: round robin every ${c.interval} idle cycles`);
  }
  lines.push(`  same-cycle order: ${c.shuffleTies ? `shuffled (seed ${c.seed})` : 'schedule order'}`);
  const f = r?.failure;
  if (f) {
    lines.push(`  failure: ${f.kind} at cycle ${f.cycle}: ${f.message}`);
    if (f.mismatch) {
      const mm = f.mismatch;
      lines.push(
        `    expected ${mm.expected === null ? 'none' : hex(mm.expected)}, actual ${hex(mm.actual)} at ${hex(mm.address)} (virtual page ${mm.virtualPage}, physical ${mm.physicalAddress === null ? '?' : hex(mm.physicalAddress)}), during ${mm.during}; migrations of the page: ${mm.migrationsOfPage.join(', ') || 'none'}`,
      );
    }
  }
  return lines;
}
