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
