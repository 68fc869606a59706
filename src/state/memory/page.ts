/**
 * A page-table entry, as carried by translation responses and stored in the
 * page table (spec README §3.4, components.md §0.6).
 *
 * @example
 * const p: Page = { pid: 1, vAddr: 0, pAddr: 0x100000, pageSize: 4096, valid: true,
 *   deviceID: 0, unified: false, isMigrating: false, isPinned: false };
 */
export interface Page {
  readonly pid: number;
  readonly vAddr: number;
  readonly pAddr: number;
  readonly pageSize: number;
  readonly valid: boolean;
  readonly deviceID: number;
  readonly unified: boolean;
  readonly isMigrating: boolean;
  readonly isPinned: boolean;
}

/**
 * An invalid, empty page: what an unused TLB way holds.
 *
 * @example
 * EMPTY_PAGE.valid === false;
 */
export const EMPTY_PAGE: Page = Object.freeze({
  pid: 0,
  vAddr: 0,
  pAddr: 0,
  pageSize: 0,
  valid: false,
  deviceID: 0,
  unified: false,
  isMigrating: false,
  isPinned: false,
});
