import fc from 'fast-check';
import { SimPanic } from '../../../src/state/contract/sim-panic';
import type { Page } from '../../../src/state/memory/page';
import { PageTable } from '../../../src/state/memory/page-table';

const page = (vpn: number, dev: number): Page => ({
  pid: 1,
  vAddr: vpn * 4096,
  pAddr: (dev * 1024 + vpn) * 4096,
  pageSize: 4096,
  valid: true,
  deviceID: dev,
  unified: false,
  isMigrating: false,
  isPinned: false,
});

describe('PageTable.fromPages', () => {
  test('holds exactly what the same pages inserted one by one hold, in any order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.uniqueArray(fc.nat(2999), { maxLength: 300 }),
        (numPages, vpns) => {
          const pages = vpns.filter((v) => v < numPages).map((v) => page(v, v % 3));
          let inserted = PageTable.empty(numPages, 12);
          for (const p of pages) inserted = inserted.insert(p);
          const built = PageTable.fromPages(numPages, 12, pages);
          expect(built.pages()).toEqual(inserted.pages());
          for (let v = 0; v < numPages; v += 7)
            expect(built.find(1, v * 4096 + 5)).toBe(inserted.find(1, v * 4096 + 5));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a page given twice panics like a second insert; a page outside the table is a range error', () => {
    expect(() => PageTable.fromPages(4, 12, [page(1, 0), page(1, 1)])).toThrow(SimPanic);
    expect(() => PageTable.fromPages(4, 12, [page(4, 0)])).toThrow(RangeError);
  });
});

describe('PageTable.laidOut', () => {
  const layout = { pid: 1, devices: 3, deviceStride: 1 << 24, ptBase: 1 << 20 };
  const listed = (n: number) =>
    Array.from({ length: n }, (_, vpn) => {
      const d = vpn % layout.devices;
      return {
        ...page(vpn, d),
        pAddr: d * layout.deviceStride + layout.ptBase + vpn * 4096,
      };
    });

  test('holds the same pages as the layout listed page by page, through updates', () => {
    const n = 70;
    let laid = PageTable.laidOut(n, 12, layout);
    let built = PageTable.fromPages(n, 12, listed(n));
    expect(laid.pages()).toEqual(built.pages());
    for (const vpn of [0, 5, 69, 5]) {
      const moved = { ...built.find(1, vpn * 4096)!, pAddr: 0x9000000 + vpn * 4096, deviceID: 2 };
      laid = laid.update(moved);
      built = built.update(moved);
    }
    expect(laid.pages()).toEqual(built.pages());
    for (let v = 0; v < n; v++) expect(laid.find(1, v * 4096 + 9)).toEqual(built.find(1, v * 4096 + 9));
    expect(laid.find(2, 0)).toBeUndefined();
    expect(laid.find(1, n * 4096)).toBeUndefined();
    expect(() => laid.insert(page(3, 0))).toThrow(SimPanic);
  });

  test('costs nothing per page: a table of 2^29 pages is built at once', () => {
    const huge = PageTable.laidOut(2 ** 29, 12, layout);
    expect(huge.find(1, (2 ** 29 - 1) * 4096)?.deviceID).toBe((2 ** 29 - 1) % 3);
  });
});
