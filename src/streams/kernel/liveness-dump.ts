import type { Simulation } from './simulation';

/**
 * Describes every component's control state, its outstanding work and any
 * message still sitting in its port buffers — the dump a liveness failure
 * prints.
 *
 * @example
 * for (const line of livenessDump(sim)) console.error(line);
 */
export function livenessDump(sim: Simulation): string[] {
  const out: string[] = [];
  for (const c of sim.components) {
    const work = c.model.describeOutstanding(c.caughtUp());
    const buffers: string[] = [];
    for (const [name, p] of Object.entries(c.ports)) {
      if (p.incoming.length > 0) buffers.push(`${name} in: ${p.incoming.map((m) => m.kind).join(' ')}`);
      if (p.outgoing.length > 0) buffers.push(`${name} out: ${p.outgoing.map((m) => m.kind).join(' ')}`);
    }
    const state = c.model.controlState(c.state);
    if (work.length === 0 && buffers.length === 0 && (state === 'enabled' || state === 'idle')) continue;
    out.push(`${c.name} [${state}]`);
    for (const w of work.slice(0, 20)) out.push(`  ${w}`);
    if (work.length > 20) out.push(`  … ${work.length - 20} more`);
    for (const b of buffers) out.push(`  ${b}`);
  }
  return out;
}
