import type { ControlReq, MoverSide } from '../contract/messages';
import type { BasicControlState } from '../control/basic-control-state';
import type { ChunkList } from '../structures/chunk-list';
import type { SlidingBuffer } from './data-mover-buffer';
import type { AddressMapper } from './data-mover-mapper';

/**
 * Configuration of the data mover (components.md §9).
 *
 * @example
 * const spec = defaultDataMoverSpec(singlePortMapper('In.Top'), singlePortMapper('Out.Top'));
 */
export interface DataMoverSpec {
  /** Read window in bytes (transaction-relative). Default 4096. */
  readonly bufferSize: number;
  /** Access size on the `Inside` port. Default 64. */
  readonly insideGranularity: number;
  /** Access size on the `Outside` port. Default 64. */
  readonly outsideGranularity: number;
  /** Maps addresses on the inside side to memory ports. */
  readonly insideMapper: AddressMapper;
  /** Maps addresses on the outside side to memory ports. */
  readonly outsideMapper: AddressMapper;
  /**
   * Fault switch `datamover-absolute-window`: reintroduce the reference's old
   * bug, comparing the absolute read address with the relative window
   * (migration.md §8). Moves whose source address is at or beyond
   * `bufferSize` then never issue a read and never complete. Default off.
   */
  readonly absoluteWindowBug?: boolean;
}

/**
 * The spec's defaults: buffer 4096, granularity 64 on both sides.
 *
 * @example
 * const m = interleavedMapper(['MemCtrl[0].Top', 'MemCtrl[1].Top'], 0x200000);
 * defaultDataMoverSpec(m, m).bufferSize === 4096;
 */
export function defaultDataMoverSpec(
  insideMapper: AddressMapper,
  outsideMapper: AddressMapper,
): DataMoverSpec {
  return { bufferSize: 4096, insideGranularity: 64, outsideGranularity: 64, insideMapper, outsideMapper };
}

/** A read sent to the source side. @example const r: MovePendingRead = { id: 3, address: 0x100000 }; */
export interface MovePendingRead {
  readonly id: number;
  readonly address: number;
}

/** A write sent to the destination side. @example const w: MovePendingWrite = { id: 4, address: 0x300000, data }; */
export interface MovePendingWrite {
  readonly id: number;
  readonly address: number;
  readonly data: Uint8Array;
}

/**
 * The one move in progress.
 *
 * @example
 * state.move?.nextWriteAddr; // next destination address to write
 */
export interface MoveTransaction {
  readonly reqId: number;
  readonly reqSrc: string;
  readonly srcAddress: number;
  readonly dstAddress: number;
  readonly byteSize: number;
  readonly srcSide: MoverSide;
  readonly dstSide: MoverSide;
  readonly srcGranularity: number;
  readonly dstGranularity: number;
  readonly nextReadAddr: number;
  readonly nextWriteAddr: number;
  /** Reads sent and not answered, in send order. */
  readonly pendingReads: ChunkList<MovePendingRead>;
  /** Writes sent and not acknowledged, in send order. */
  readonly pendingWrites: ChunkList<MovePendingWrite>;
}

/**
 * Plain counters of the data mover.
 *
 * @example
 * state.stats.moves; // completed moves
 */
export interface DataMoverStats {
  /** Completed moves. */
  readonly moves: number;
  /** Bytes of completed moves. */
  readonly bytesMoved: number;
  readonly reads: number;
  readonly writes: number;
  /** Unmatched (late) responses dropped. */
  readonly dropped: number;
  readonly controlCommands: number;
}

/**
 * State of the data mover.
 *
 * @example
 * dataMoverModel.init(spec, { name: 'DataMover', index: 7 }).move === null;
 */
export interface DataMoverState {
  readonly spec: DataMoverSpec;
  readonly control: BasicControlState;
  readonly pendingDrain: ControlReq | null;
  /** The active move, or null. */
  readonly move: MoveTransaction | null;
  readonly buffer: SlidingBuffer;
  readonly nextId: number;
  readonly stats: DataMoverStats;
}
