import type { MismatchReport } from '../scenario/run-result';
import type { PageTable } from '../state/memory/page-table';
import type { ValueOracle } from './value-oracle';

/** What a mismatch report needs besides the oracle: the page size, the page table now and a page's migrations. */
export interface ReadCheckerContext {
  readonly pageSize: number;
  readonly pageTable: () => PageTable;
  readonly migrationsOf: (virtualPage: number) => number[];
}

/**
 * Checks each completed read against the value oracle and, on a mismatch,
 * builds the full report (virtual and physical page, the migrations that
 * touched the page, workload or sweep) and its one-line message.
 *
 * @example
 * const reads = new ReadChecker(oracle, { pageSize: 4096, pageTable: () => sim.pageTable, migrationsOf: (p) => log.migrationsOf(p) });
 * const m = reads.check(0, 0x40, 7, 1234, 'workload');
 * if (m) console.log(m.message);
 */
export class ReadChecker {
  constructor(
    private readonly oracle: ValueOracle,
    private readonly ctx: ReadCheckerContext,
  ) {}

  /** The mismatch of a read of `value` at `address` by `agent` at `cycle`, with its message, or null. @example reads.check(0, 64, 7, 100, 'sweep') */
  check(
    agent: number,
    address: number,
    value: number,
    cycle: number,
    during: 'workload' | 'sweep',
  ): { report: MismatchReport; message: string } | null {
    const m = this.oracle.checkRead(agent, address, value, cycle);
    if (m === null) return null;
    const { pageSize } = this.ctx;
    const vpage = Math.floor(address / pageSize);
    const entry = this.ctx.pageTable().find(1, address);
    const report: MismatchReport = {
      ...m,
      virtualPage: vpage,
      physicalAddress: entry ? entry.pAddr + (address % pageSize) : null,
      physicalPage: entry ? Math.floor(entry.pAddr / pageSize) : null,
      migrationsOfPage: this.ctx.migrationsOf(vpage),
      during,
    };
    const exp = m.expected === null ? 'nothing (never written)' : `0x${m.expected.toString(16)}`;
    const message = `agent ${agent} read 0x${value.toString(16)} at 0x${address.toString(16)} (virtual page ${vpage}), expected ${exp} [${m.mode}]`;
    return { report, message };
  }
}
