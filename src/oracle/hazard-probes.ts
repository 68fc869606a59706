import type { Topology } from '../scenario/topology';
import type { L1CacheState } from '../state/l1-cache/l1-cache-state';
import type { L2CacheState } from '../state/l2-cache/l2-cache-state';
import type { MmuState } from '../state/mmu/mmu';
import type { Directory } from '../state/structures/cache-directory';
import type { TlbState } from '../state/tlb/tlb-state';

/**
 * Read-only looks into component state for the hazard tracker: which
 * components hold what of a page at a given moment. They never change
 * state, so a run observed by them has the same trace hash.
 */

/** Whether `dir` holds a valid line (any pid) in `[frame, frame + size)`, dirty if `dirty`. */
function directoryHolds(dir: Directory, frame: number, size: number, dirty: boolean): boolean {
  for (let line = frame; line < frame + size; line += dir.lineSize) {
    const set = dir.getSet(dir.setIndex(line));
    for (let w = 0; w < set.tags.length; w++) {
      if (set.tags[w] !== line) continue;
      const b = set.blocks[w];
      if (b.isValid && (!dirty || b.isDirty)) return true;
    }
  }
  return false;
}

/**
 * Whether a component of `kind` holds a line of the frame: the L2 a dirty
 * one (`'l2-dirty'`), any L1 a valid one (`'l1-valid'`).
 *
 * @example
 * cacheHoldsFrame(topo, 'l2-dirty', 0x100000, 4096);
 */
export function cacheHoldsFrame(
  topo: Topology,
  what: 'l2-dirty' | 'l1-valid',
  frame: number,
  pageSize: number,
): boolean {
  const kind = what === 'l2-dirty' ? 'l2-cache' : 'l1-cache';
  for (const slot of topo.sim.components) {
    if (slot.model.kind !== kind) continue;
    const dir = (slot.state as L1CacheState | L2CacheState).directory;
    if (directoryHolds(dir, frame, pageSize, what === 'l2-dirty')) return true;
  }
  return false;
}

/**
 * Whether any TLB (L1 or L2) holds a valid translation of the page at
 * virtual address `vAddr` (page-aligned).
 *
 * @example
 * tlbHoldsPage(topo, 0x1000);
 */
export function tlbHoldsPage(topo: Topology, vAddr: number): boolean {
  for (const slot of topo.sim.components) {
    if (slot.model.kind !== 'tlb') continue;
    for (const set of (slot.state as TlbState).sets) {
      if (set.keys.includes(vAddr)) return true;
    }
  }
  return false;
}

/**
 * Whether a translation of the page is under way: an open MMU walk for it,
 * or a TLB miss for it awaiting the level below.
 *
 * @example
 * translationInProgress(topo, 0x1000, 4096);
 */
export function translationInProgress(topo: Topology, vAddr: number, pageSize: number): boolean {
  const inPage = (a: number) => a >= vAddr && a < vAddr + pageSize;
  for (const slot of topo.sim.components) {
    const kind = slot.model.kind;
    if (kind === 'mmu') {
      if ((slot.state as MmuState).walks.some((w) => inPage(w.vAddr))) return true;
    } else if (kind === 'tlb') {
      if ((slot.state as TlbState).mshr.some((e) => inPage(e.vAddr))) return true;
    }
  }
  return false;
}
