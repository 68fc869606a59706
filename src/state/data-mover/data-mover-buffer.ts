import { SimPanic } from '../contract/sim-panic';

/**
 * The data mover's sliding buffer (components.md §9, migration.md §8),
 * immutable. Positions are **relative to the transaction start**: chunk `i`
 * holds the `granularity` bytes at relative position `offset + i·granularity`;
 * `null` is a chunk whose read data has not arrived yet.
 *
 * @example
 * const b: SlidingBuffer = { offset: 0, granularity: 4, chunks: [Uint8Array.of(1, 2, 3, 4)] };
 */
export interface SlidingBuffer {
  /** Relative position of chunk 0 (a multiple of the granularity). */
  readonly offset: number;
  /** Chunk size in bytes: the source side's granularity. */
  readonly granularity: number;
  readonly chunks: readonly (Uint8Array | null)[];
}

/**
 * An empty buffer starting at relative position `offset`.
 *
 * @example
 * emptySlidingBuffer(64).chunks.length === 0;
 */
export function emptySlidingBuffer(granularity: number, offset = 0): SlidingBuffer {
  return { offset, granularity, chunks: [] };
}

/**
 * Stores a read's data at relative position `addr` (must be granularity
 * aligned and not behind the window), growing the chunk list with empty
 * slots as needed. Returns the new buffer.
 *
 * @example
 * let b = emptySlidingBuffer(4);
 * b = bufferAddData(b, 4, Uint8Array.of(5, 6, 7, 8)); // chunks: [null, [5,6,7,8]]
 */
export function bufferAddData(b: SlidingBuffer, addr: number, data: Uint8Array): SlidingBuffer {
  if (addr % b.granularity !== 0) {
    throw new SimPanic(`data mover buffer: address ${addr} is not aligned to ${b.granularity}`);
  }
  if (addr < b.offset) {
    throw new SimPanic(`data mover buffer: address ${addr} is behind the window at ${b.offset}`);
  }
  const slot = (addr - b.offset) / b.granularity;
  const chunks = b.chunks.slice();
  while (chunks.length <= slot) chunks.push(null);
  chunks[slot] = data;
  return { offset: b.offset, granularity: b.granularity, chunks };
}

/**
 * Copies `size` bytes starting at relative position `addr` out of the
 * buffer, possibly spanning several chunks. Returns `null` when any needed
 * chunk has not arrived (or `addr` lies behind the window).
 *
 * @example
 * const b: SlidingBuffer = { offset: 0, granularity: 4, chunks: [Uint8Array.of(1, 2, 3, 4), Uint8Array.of(5, 6, 7, 8)] };
 * bufferExtractData(b, 2, 6); // [3, 4, 5, 6, 7, 8]
 */
export function bufferExtractData(b: SlidingBuffer, addr: number, size: number): Uint8Array | null {
  if (addr < b.offset) return null;
  if (size === 0) return new Uint8Array(0);
  const g = b.granularity;
  const slot = Math.floor((addr - b.offset) / g);
  const first = addr - b.offset - slot * g;
  // Check first that every needed chunk has arrived: a write waiting for data allocates nothing.
  const last = slot + Math.ceil((first + size) / g) - 1;
  if (last >= b.chunks.length) return null;
  for (let i = slot; i <= last; i++) if (b.chunks[i] === null) return null;
  const out = new Uint8Array(size);
  let within = first;
  let done = 0;
  for (let i = slot; done < size; i++) {
    const chunk = b.chunks[i]!;
    const n = Math.min(g - within, size - done);
    for (let k = 0; k < n; k++) out[done + k] = chunk[within + k];
    done += n;
    within = 0;
  }
  return out;
}

/**
 * Slides the window forward to relative position `newStart` rounded down to
 * the granularity, dropping the chunks before it. Never moves backward.
 *
 * @example
 * const b = { offset: 0, granularity: 4, chunks: [Uint8Array.of(1, 2, 3, 4), null] };
 * bufferMoveOffsetForwardTo(b, 6); // { offset: 4, granularity: 4, chunks: [null] }
 */
export function bufferMoveOffsetForwardTo(b: SlidingBuffer, newStart: number): SlidingBuffer {
  const aligned = newStart - (newStart % b.granularity);
  if (aligned <= b.offset) return b;
  const discard = (aligned - b.offset) / b.granularity;
  const chunks = discard >= b.chunks.length ? [] : b.chunks.slice(discard);
  return { offset: aligned, granularity: b.granularity, chunks };
}
