/**
 * The three checks of the frame oracle: the destination frame's content at
 * the end of a migration (`frame-content`), a request other than the data
 * mover's reaching a page's old frame (`stale-frame`), and a migration that
 * left the page where it was (`no-effect`).
 *
 * @example
 * const k: FrameViolationKind = 'stale-frame';
 */
export type FrameViolationKind = 'frame-content' | 'stale-frame' | 'no-effect';

/**
 * A frame-oracle failure with everything needed to find it again. Addresses
 * are bytes: `frame` is the physical address of the frame's first byte,
 * `physicalPage` is `frame / pageSize`.
 *
 * @example
 * const v: FrameViolation = {
 *   kind: 'no-effect', migration: 0, virtualPage: 3, frame: 0x103000, physicalPage: 0x103,
 *   cycle: 812, migrationBegin: 500, mappedTo: 0x103000,
 * };
 */
export interface FrameViolation {
  readonly kind: FrameViolationKind;
  /** Number of the migration the check belongs to. */
  readonly migration: number;
  readonly virtualPage: number;
  /** The frame checked: the destination (frame-content), the old frame (stale-frame) or the intended destination (no-effect). */
  readonly frame: number;
  readonly physicalPage: number;
  readonly cycle: number;
  /** Cycle at which the migration began. */
  readonly migrationBegin: number;
  /** frame-content and stale-frame: the virtual address of the word (or request) concerned. */
  readonly address?: number;
  /** frame-content and stale-frame: its physical address. */
  readonly physicalAddress?: number;
  /** frame-content: the last value written before the migration began. */
  readonly expected?: number;
  /** frame-content: other values the frame may hold (the last acknowledged one when a write was in flight at the start; those written during the migration). */
  readonly alsoAccepted?: readonly number[];
  /** frame-content: what the frame holds. */
  readonly actual?: number;
  /** stale-frame: the full name of the port the request came from (e.g. `L2Cache.Bottom`). */
  readonly requester?: string;
  /** stale-frame: the request's operation. */
  readonly op?: 'read' | 'write';
  /** stale-frame: the agent whose address range holds the address (agents use disjoint ranges), if any. */
  readonly agent?: number | null;
  /** stale-frame: cycle at which the copy out of the frame began. */
  readonly copyBegan?: number;
  /** no-effect: the physical address the page table maps the page to at the end. */
  readonly mappedTo?: number | null;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * One line describing a frame violation (the failure message).
 *
 * @example
 * describeFrameViolation({ kind: 'no-effect', migration: 0, virtualPage: 3, frame: 0x303000,
 *   physicalPage: 0x303, cycle: 812, migrationBegin: 500, mappedTo: 0x103000 });
 * // 'migration had no effect: migration #0 of virtual page 3 ended with the page at 0x103000, not at its destination frame 0x303000'
 */
export function describeFrameViolation(v: FrameViolation): string {
  const m = `migration #${v.migration}`;
  switch (v.kind) {
    case 'no-effect':
      return `migration had no effect: ${m} of virtual page ${v.virtualPage} ended with the page at ${v.mappedTo === null || v.mappedTo === undefined ? 'no frame' : hex(v.mappedTo)}, not at its destination frame ${hex(v.frame)}`;
    case 'frame-content': {
      const also = v.alsoAccepted !== undefined && v.alsoAccepted.length > 0;
      const exp = `${hex(v.expected ?? 0)}${also ? ` (or ${v.alsoAccepted!.map(hex).join(', ')}: acknowledged before or written during the migration)` : ''}`;
      return `frame content: at the end of ${m} of virtual page ${v.virtualPage}, destination frame ${hex(v.frame)} holds ${hex(v.actual ?? 0)} at ${hex(v.physicalAddress ?? 0)} (virtual ${hex(v.address ?? 0)}), expected ${exp}`;
    }
    case 'stale-frame': {
      const who = v.agent === null || v.agent === undefined ? '' : ` (agent ${v.agent}'s range)`;
      return `stale-frame access: ${v.requester ?? '?'} ${v.op ?? 'access'} at ${hex(v.physicalAddress ?? 0)} (virtual ${hex(v.address ?? 0)}${who}) reached frame ${hex(v.frame)} (physical page ${v.physicalPage}) of virtual page ${v.virtualPage}, which ${m} copied away at cycle ${v.copyBegan ?? '?'}`;
    }
  }
}
