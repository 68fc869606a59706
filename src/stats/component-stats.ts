import { componentGroup } from './component-group';
import type { ComponentStats } from './run-stats';

/**
 * What {@link componentStats} reads of a component (a kernel `ComponentSlot` fits).
 *
 * @example
 * const c: ComponentSnapshot = { name: 'IoMMU', model: { kind: 'mmu' }, state, ticks: 10 };
 */
export interface ComponentSnapshot {
  readonly name: string;
  readonly model: { readonly kind: string };
  readonly state: unknown;
  readonly ticks: number;
}

/** Top-level numeric state fields that are counters, by model kind. */
const TOP_LEVEL: Readonly<Record<string, readonly string[]>> = {
  'memory-controller': ['reads', 'writes'],
  'memory-agent': ['reads', 'writes'],
  'migration-controller': ['numMigrations', 'acks'],
};

function numericFields(o: unknown, keys?: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof o !== 'object' || o === null) return out;
  const rec = o as Record<string, unknown>;
  for (const k of keys ?? Object.keys(rec)) {
    const v = rec[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

const pick = (c: Record<string, number>, ...keys: string[]): number | null => {
  let sum: number | null = null;
  for (const k of keys) if (k in c) sum = (sum ?? 0) + c[k];
  return sum;
};

/**
 * One component's statistics, read from its state's `stats` counters (and
 * the top-level `reads`/`writes` of memory controllers and agents, the
 * migration and ack counts of the migration controller), with the common
 * columns normalized: an L1's hits are its read and write hits, an MMU's
 * page walks its `walks`, a data mover's reads and writes its memory
 * requests.
 *
 * @example
 * const rows = topo.sim.components.map(componentStats);
 * rows.find((r) => r.name === 'L2Cache')?.writeBacks;
 */
export function componentStats(slot: ComponentSnapshot): ComponentStats {
  const kind = slot.model.kind;
  const state = slot.state as { stats?: unknown } | null;
  const counters = {
    ...numericFields(state?.stats),
    ...numericFields(state, TOP_LEVEL[kind] ?? []),
  };
  const l1 = kind === 'l1-cache';
  return {
    name: slot.name,
    kind,
    group: componentGroup(slot.name),
    ticks: slot.ticks,
    hits: l1 ? pick(counters, 'readHits', 'writeHits') : pick(counters, 'hits'),
    misses: l1 ? pick(counters, 'readMisses', 'writeMisses') : pick(counters, 'misses'),
    mshrHits: pick(counters, 'mshrHits'),
    evictions: pick(counters, 'evictions'),
    writeBacks: pick(counters, 'writeBacks'),
    translations: pick(counters, 'translations'),
    pageWalks: pick(counters, 'walks'),
    controlCommands: pick(counters, 'controlCommands'),
    counters,
  };
}
