import { PersistentArray } from './persistent-array';
import { SimPanic } from './sim-panic';

const LINE = 64;

/**
 * Sparse, immutable byte storage of a memory controller: 64-byte lines in a
 * persistent radix tree. Reads of never-written bytes return zero. A write
 * copies only the lines it touches (64 bytes each) and a few tree nodes —
 * never a page, never the store.
 *
 * @example
 * const s0 = Storage.create(1 << 20);
 * const s1 = s0.write(100, Uint8Array.of(1, 2, 3, 4), null);
 * s1.read(100, 4); // [1, 2, 3, 4]; s0.read(100, 4) is still zeros
 */
export class Storage {
  private constructor(
    /** Size in bytes; accesses at or past it panic. */
    readonly capacity: number,
    private readonly lines: PersistentArray<Uint8Array>,
  ) {}

  /** An all-zero store of `capacity` bytes. @example Storage.create(5 << 20) */
  static create(capacity: number): Storage {
    return new Storage(capacity, PersistentArray.empty(Math.ceil(capacity / LINE)));
  }

  /** Reads `size` bytes at `address`. @example s.read(0, 64) */
  read(address: number, size: number): Uint8Array {
    this.check(address, size);
    const out = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const a = address + done;
      const lineNo = Math.floor(a / LINE);
      const off = a - lineNo * LINE;
      const n = Math.min(LINE - off, size - done);
      const line = this.lines.get(lineNo);
      if (line !== undefined) for (let k = 0; k < n; k++) out[done + k] = line[off + k];
      done += n;
    }
    return out;
  }

  /**
   * Writes `data` at `address`; with a `mask`, only bytes whose mask entry is
   * non-zero. Returns the new store. @example s.write(64, bytes, null)
   */
  write(address: number, data: Uint8Array, mask: Uint8Array | null): Storage {
    this.check(address, data.length);
    let lines = this.lines;
    let done = 0;
    while (done < data.length) {
      const a = address + done;
      const lineNo = Math.floor(a / LINE);
      const off = a - lineNo * LINE;
      const n = Math.min(LINE - off, data.length - done);
      const old = lines.get(lineNo);
      const line = old === undefined ? new Uint8Array(LINE) : old.slice();
      for (let k = 0; k < n; k++) {
        if (mask === null || mask[done + k] !== 0) line[off + k] = data[done + k];
      }
      lines = lines.set(lineNo, line);
      done += n;
    }
    return new Storage(this.capacity, lines);
  }

  /** Number of 64-byte lines ever written. @example s.linesTouched */
  get linesTouched(): number {
    return this.lines.size;
  }

  /** Every written line as `[address, bytes]`, ascending. @example s.lineEntries() */
  lineEntries(): Array<[number, Uint8Array]> {
    return this.lines.entries().map(([i, v]) => [i * LINE, v]);
  }

  private check(address: number, size: number): void {
    if (address < 0 || address + size > this.capacity) {
      throw new SimPanic(
        `storage access [0x${address.toString(16)}, +${size}) beyond capacity ${this.capacity}`,
      );
    }
  }
}
