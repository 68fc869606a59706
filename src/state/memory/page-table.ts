import { SimPanic } from '../contract/sim-panic';
import { PersistentArray } from '../structures/persistent-array';
import type { Page } from './page';

/**
 * The shared page table, immutable: entries indexed by virtual page number.
 * One PID per virtual page is supported (this system uses PID 1 only).
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
  ) {}

  /** An empty table for `numPages` virtual pages. @example PageTable.empty(512) */
  static empty(numPages: number, log2PageSize = 12): PageTable {
    return new PageTable(PersistentArray.empty(Math.max(1, numPages)), log2PageSize);
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
    const p = this.entries.get(vpn);
    return p !== undefined && p.pid === pid ? p : undefined;
  }

  /** Adds a new entry; an existing vAddr panics. @example pt.insert(page) */
  insert(page: Page): PageTable {
    if (this.find(page.pid, page.vAddr) !== undefined) {
      throw new SimPanic(`page table: insert of existing vAddr 0x${page.vAddr.toString(16)}`);
    }
    return new PageTable(this.entries.set(this.vpn(page), page), this.log2PageSize);
  }

  /** Replaces the entry with the same vAddr; a missing entry panics. @example pt.update({ ...page, pAddr }) */
  update(page: Page): PageTable {
    if (this.find(page.pid, page.vAddr) === undefined) {
      throw new SimPanic(`page table: update of missing vAddr 0x${page.vAddr.toString(16)}`);
    }
    return new PageTable(this.entries.set(this.vpn(page), page), this.log2PageSize);
  }

  /** Every entry in vAddr order. @example pt.pages().length */
  pages(): Page[] {
    return this.entries.entries().map(([, p]) => p);
  }

  private vpn(page: Page): number {
    return Math.floor(page.vAddr / 2 ** this.log2PageSize);
  }
}
