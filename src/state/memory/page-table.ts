import { SimPanic } from '../contract/sim-panic';
import { PersistentArray } from '../structures/persistent-array';
import type { Page } from './page';

/**
 * A regular initial layout: virtual page `p` of process `pid` is valid, on
 * device `p mod devices`, at physical address
 * `device · deviceStride + ptBase + p · pageSize`.
 *
 * @example
 * const l: PageLayout = { pid: 1, devices: 2, deviceStride: 0x1200000, ptBase: 0x100000 };
 */
export interface PageLayout {
  readonly pid: number;
  readonly devices: number;
  readonly deviceStride: number;
  readonly ptBase: number;
}

/**
 * The shared page table, immutable: entries indexed by virtual page number.
 * One PID per virtual page is supported (this system uses PID 1 only). A
 * table built from a `PageLayout` stores only the pages changed since
 * (migrated ones): the others are computed when looked up, so its size does
 * not grow with the address range.
 *
 * @example
 * const pt = PageTable.empty(4, 12).insert(page);
 * pt.find(1, 0x10)?.pAddr;
 */
export class PageTable {
  private constructor(
    private readonly entries: PersistentArray<Page>,
    /** log2 of the page size. */
    readonly log2PageSize: number,
    /** Where the pages not in `entries` are, or null: nowhere (not mapped). */
    private readonly layout: PageLayout | null = null,
  ) {}

  /** An empty table for `numPages` virtual pages. @example PageTable.empty(512) */
  static empty(numPages: number, log2PageSize = 12): PageTable {
    return new PageTable(PersistentArray.empty(Math.max(1, numPages)), log2PageSize);
  }

  /**
   * A table of `numPages` virtual pages, every one mapped as `layout` says —
   * the same pages as {@link fromPages} with each page listed, in O(1)
   * memory until pages are updated.
   *
   * @example
   * PageTable.laidOut(4, 12, { pid: 1, devices: 2, deviceStride: 1 << 24, ptBase: 1 << 20 }).find(1, 0x1000)?.deviceID === 1;
   */
  static laidOut(numPages: number, log2PageSize: number, layout: PageLayout): PageTable {
    return new PageTable(PersistentArray.empty(Math.max(1, numPages)), log2PageSize, { ...layout });
  }

  /**
   * A table for `numPages` virtual pages holding `pages` (distinct virtual
   * pages, any order), built in one pass: each tree node is copied once,
   * instead of once per page as a chain of {@link insert}s would.
   *
   * @example
   * PageTable.fromPages(4, 12, [page0, page1]).find(1, 0x1000) === page1;
   */
  static fromPages(numPages: number, log2PageSize: number, pages: readonly Page[]): PageTable {
    const n = Math.max(1, numPages);
    const byVpn = new Map<number, Page>();
    for (const page of pages) {
      const vpn = Math.floor(page.vAddr / 2 ** log2PageSize);
      if (!(vpn >= 0 && vpn < n))
        throw new RangeError(`page table: vAddr 0x${page.vAddr.toString(16)} outside ${n} pages`);
      if (byVpn.has(vpn))
        throw new SimPanic(`page table: insert of existing vAddr 0x${page.vAddr.toString(16)}`);
      byVpn.set(vpn, page);
    }
    const vpns = [...byVpn.keys()].sort((a, b) => a - b);
    const entries = PersistentArray.empty<Page>(n).updateAt(vpns, (_, vpn) => byVpn.get(vpn)!);
    return new PageTable(entries, log2PageSize);
  }

  /** The entry for `(pid, addr)` (any address inside the page), or undefined. @example pt.find(1, 0x1234) */
  find(pid: number, addr: number): Page | undefined {
    const log2 = this.log2PageSize;
    // a u32 address and a page size below 2^32: a shift, not a floating-point power and division
    const vpn =
      addr >>> 0 === addr && log2 >>> 0 === log2 && log2 < 32 ? addr >>> log2 : Math.floor(addr / 2 ** log2);
    if (vpn >= this.entries.capacity) return undefined;
    const p = this.entries.get(vpn) ?? this.laidOutPage(vpn);
    return p !== undefined && p.pid === pid ? p : undefined;
  }

  /** Adds a new entry; an existing vAddr panics. @example pt.insert(page) */
  insert(page: Page): PageTable {
    if (this.find(page.pid, page.vAddr) !== undefined) {
      throw new SimPanic(`page table: insert of existing vAddr 0x${page.vAddr.toString(16)}`);
    }
    return new PageTable(this.entries.set(this.vpn(page), page), this.log2PageSize, this.layout);
  }

  /** Replaces the entry with the same vAddr; a missing entry panics. @example pt.update({ ...page, pAddr }) */
  update(page: Page): PageTable {
    if (this.find(page.pid, page.vAddr) === undefined) {
      throw new SimPanic(`page table: update of missing vAddr 0x${page.vAddr.toString(16)}`);
    }
    return new PageTable(this.entries.set(this.vpn(page), page), this.log2PageSize, this.layout);
  }

  /** Every entry in vAddr order. @example pt.pages().length */
  pages(): Page[] {
    if (this.layout === null) return this.entries.entries().map(([, p]) => p);
    const out: Page[] = [];
    for (let vpn = 0; vpn < this.entries.capacity; vpn++)
      out.push(this.entries.get(vpn) ?? this.laidOutPage(vpn)!);
    return out;
  }

  /** Page `vpn` as the layout places it (a new record each time), or undefined without a layout. */
  private laidOutPage(vpn: number): Page | undefined {
    const l = this.layout;
    if (l === null) return undefined;
    const pageSize = 2 ** this.log2PageSize;
    const d = vpn % l.devices;
    // the fields in the order initial pages always had (one hidden class for all pages)
    return {
      pid: l.pid,
      vAddr: vpn * pageSize,
      pAddr: d * l.deviceStride + l.ptBase + vpn * pageSize,
      pageSize,
      valid: true,
      deviceID: d,
      unified: false,
      isMigrating: false,
      isPinned: false,
    };
  }

  private vpn(page: Page): number {
    return Math.floor(page.vAddr / 2 ** this.log2PageSize);
  }
}
