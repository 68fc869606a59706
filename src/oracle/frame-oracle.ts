import type { Msg } from '../state/contract/messages';
import type { FrameViolation } from './frame-violation';

/**
 * What the frame oracle needs to know of the machine. Everything is read
 * when a check runs, never cached: the page table and the memory
 * controllers' storage change as the run goes.
 *
 * @example
 * const o: FrameOracleOptions = {
 *   pageSize: 4096, agentStride: 1024, agents: 2, copySteps: new Set([3]),
 *   lastValue: (va) => values.lastValue(va),
 *   readFrame: (pa, n) => memCtrl(pa).state.storage.read(pa, n),
 *   mappedFrame: (page) => sim.pageTable.find(1, page * 4096)?.pAddr ?? null,
 * };
 */
export interface FrameOracleOptions {
  readonly pageSize: number;
  /** Bytes of virtual address space per agent (agent i owns `[i·stride, (i+1)·stride)`). */
  readonly agentStride: number;
  readonly agents: number;
  /** Indices of the plan steps that copy the page (their `phase-begin` opens the stale-frame window). */
  readonly copySteps: ReadonlySet<number>;
  /** The last value written at a virtual address (the value oracle's record), if any. */
  readonly lastValue: (virtualAddress: number) => number | undefined;
  /** Reads `size` bytes of memory at a physical address, from the memory controllers' storage (not the caches). */
  readonly readFrame: (physicalAddress: number, size: number) => Uint8Array;
  /** The physical address the page table maps a virtual page to, or null. */
  readonly mappedFrame: (virtualPage: number) => number | null;
  /** Prefix of the port names whose requests are the data mover's (exempt from the stale-frame check). Default `DataMover.`. */
  readonly moverPrefix?: string;
}

/** The migration in progress, as the frame oracle follows it. */
interface Current {
  readonly migration: number;
  readonly page: number;
  readonly srcAddr: number;
  readonly dstAddr: number;
  readonly begin: number;
  /** Words of the page written since the migration began: the value before, and every value since. */
  readonly written: Map<number, { readonly before: number | undefined; readonly values: number[] }>;
  /**
   * Words of the page with a write in flight when the migration began (it
   * may still be above the ROB and land after the copy, in the new frame):
   * the value of the last write to complete before it (0 if none).
   */
  readonly inFlight: Map<number, number>;
}

/** A frame a page was copied out of and that no page has been repointed to since. */
interface StaleWindow {
  readonly migration: number;
  readonly page: number;
  readonly begin: number;
  readonly copyBegan: number;
}

/**
 * The frame oracle: checks that migrations really move pages.
 *
 * - **no-effect**: at `migration-end` the page table must map the page to the
 *   migration's destination frame.
 * - **frame-content**: at `migration-end` the destination frame, read from
 *   the memory controller's storage, must hold for every word of the page
 *   ever written the last value written before the migration began — or a
 *   value written to that word since (the hierarchy is enabled again before
 *   the migration ends, and a write issued while draining may land before
 *   the copy or after it), or, when that last write was still in flight at
 *   the start (issued, not yet acknowledged: it may still wait above the
 *   drained ROB), the value of the last write acknowledged before it.
 * - **stale-frame**: from the `phase-begin` of a copy step until a later
 *   repoint maps a page to that frame again, any request that is not the
 *   data mover's and reaches a memory controller inside the page's source
 *   frame is a failure.
 *
 * It only observes: feed it the run's events and the arrivals at the
 * memory controllers; it never changes the simulation. Deterministic (no
 * iteration over hashed collections).
 *
 * @example
 * const frames = new FrameOracle(options);
 * frames.migrationBegin(0, 3, 0x103000, 0x303000, 500);
 * frames.phaseBegin(0, 3, 620);              // the copy step: frame 0x103000 is now stale
 * frames.arrival(l2ReadOf(0x103040), 700);   // a 'stale-frame' violation
 */
export class FrameOracle {
  private current: Current | null = null;
  /** Stale frames by physical address (looked up, never iterated). */
  private readonly windows = new Map<number, StaleWindow>();
  private readonly moverPrefix: string;
  /**
   * Virtual addresses written since their last acknowledged write (a write
   * in flight), each with the value recorded when that last write was
   * acknowledged (`undefined`: none was). Every other written address's last
   * acknowledged write left the value it holds now, so nothing is kept for
   * it: the map holds the writes in flight, not every address ever written.
   */
  private readonly behind = new Map<number, number | undefined>();
  /** Migrations checked at their end. */
  migrationsChecked = 0;
  /** Words compared with the destination frame. */
  wordsChecked = 0;

  constructor(private readonly o: FrameOracleOptions) {
    this.moverPrefix = o.moverPrefix ?? 'DataMover.';
  }

  /** Number of frames currently stale (copied out of, not yet handed to a page again). */
  get staleFrames(): number {
    return this.windows.size;
  }

  /** A migration of virtual page `page` from frame `srcAddr` to frame `dstAddr` began at `cycle`. */
  migrationBegin(migration: number, page: number, srcAddr: number, dstAddr: number, cycle: number): void {
    const inFlight = new Map<number, number>();
    const ps = this.o.pageSize;
    for (let va = page * ps, end = va + ps; va < end; va += 4) {
      const issued = this.o.lastValue(va);
      if (issued === undefined || !this.behind.has(va)) continue;
      const done = this.behind.get(va);
      if (done !== issued) inFlight.set(va, done ?? 0);
    }
    this.current = { migration, page, srcAddr, dstAddr, begin: cycle, written: new Map(), inFlight };
  }

  /** Step `step` of migration `migration` began at `cycle`; a copy step makes the source frame stale. */
  phaseBegin(migration: number, step: number, cycle: number): void {
    const c = this.current;
    if (c === null || c.migration !== migration || !this.o.copySteps.has(step)) return;
    // a migration onto the frame the page is already in moves nothing: its frame stays the page's
    if (c.srcAddr === c.dstAddr || this.windows.has(c.srcAddr)) return;
    this.windows.set(c.srcAddr, { migration, page: c.page, begin: c.begin, copyBegan: cycle });
  }

  /** The page table now maps a page to `pAddr`: that frame is a page's again, no longer stale. */
  repoint(pAddr: number): void {
    if (this.windows.size > 0) this.windows.delete(pAddr);
  }

  /**
   * A write of `value` at virtual `address` was issued. Call it before the
   * value oracle records the write (it reads the value before).
   */
  write(address: number, value: number): void {
    const before = this.o.lastValue(address);
    if (this.behind.has(address)) {
      // the value the last acknowledged write left is the record again
      if (this.behind.get(address) === value) this.behind.delete(address);
    } else if (before !== value) this.behind.set(address, before);
    const c = this.current;
    if (c === null || Math.floor(address / this.o.pageSize) !== c.page) return;
    const w = c.written.get(address);
    if (w !== undefined) w.values.push(value);
    else c.written.set(address, { before, values: [value] });
  }

  /**
   * A write at virtual `address` was acknowledged to its agent. An agent
   * never has two requests in flight to one address, so it wrote the value
   * last recorded there.
   */
  writeCompleted(address: number): void {
    if (this.behind.size > 0) this.behind.delete(address);
  }

  /** The migration `migration` ended at `cycle`: checks the page table and the destination frame. */
  migrationEnd(migration: number, cycle: number): FrameViolation | null {
    const c = this.current;
    if (c === null || c.migration !== migration) return null;
    this.current = null;
    this.migrationsChecked++;
    const ps = this.o.pageSize;
    const base = {
      migration,
      virtualPage: c.page,
      frame: c.dstAddr,
      physicalPage: Math.floor(c.dstAddr / ps),
      cycle,
      migrationBegin: c.begin,
    };
    const mapped = this.o.mappedFrame(c.page);
    if (mapped !== c.dstAddr) return { kind: 'no-effect', ...base, mappedTo: mapped };
    const bytes = this.o.readFrame(c.dstAddr, ps);
    const va0 = c.page * ps;
    for (let off = 0; off + 4 <= ps; off += 4) {
      const va = va0 + off;
      const w = c.written.get(va);
      const last = w === undefined ? this.o.lastValue(va) : w.before;
      if (w === undefined && last === undefined) continue;
      this.wordsChecked++;
      const actual =
        (bytes[off] | (bytes[off + 1] << 8) | (bytes[off + 2] << 16) | (bytes[off + 3] << 24)) >>> 0;
      // never written before the migration: the frame may still read zero
      const expected = last ?? 0;
      if (actual === expected) continue;
      const older = c.inFlight.get(va);
      if (actual === older || w?.values.includes(actual) === true) continue;
      const also = older === undefined ? [] : [older];
      return frameContent(
        base,
        va,
        c.dstAddr + off,
        expected,
        w === undefined ? also : [...also, ...w.values],
        actual,
      );
    }
    return null;
  }

  /**
   * A message arrived at a memory controller at `cycle`: a read or write
   * inside a stale frame from anyone but the data mover is a violation.
   */
  arrival(msg: Msg, cycle: number): FrameViolation | null {
    if (this.windows.size === 0 || (msg.kind !== 'ReadReq' && msg.kind !== 'WriteReq')) return null;
    const ps = this.o.pageSize;
    const frame = msg.address - (msg.address % ps);
    const w = this.windows.get(frame);
    if (w === undefined || msg.src.startsWith(this.moverPrefix)) return null;
    const address = w.page * ps + (msg.address - frame);
    const agent = Math.floor(address / this.o.agentStride);
    return {
      kind: 'stale-frame',
      migration: w.migration,
      virtualPage: w.page,
      frame,
      physicalPage: Math.floor(frame / ps),
      cycle,
      migrationBegin: w.begin,
      address,
      physicalAddress: msg.address,
      requester: msg.src,
      op: msg.kind === 'ReadReq' ? 'read' : 'write',
      agent: agent < this.o.agents ? agent : null,
      copyBegan: w.copyBegan,
    };
  }
}

function frameContent(
  base: Omit<FrameViolation, 'kind'>,
  address: number,
  physicalAddress: number,
  expected: number,
  alsoAccepted: readonly number[],
  actual: number,
): FrameViolation {
  return { kind: 'frame-content', ...base, address, physicalAddress, expected, alsoAccepted, actual };
}
