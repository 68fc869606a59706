import type { ControlErrorText, ControlVerb } from '../control/control-verbs';
import type { Page } from '../memory/page';

/**
 * Fields every message carries (spec components.md §0.6). `src` and `dst` are
 * full port names such as `ROB[0].Bottom`; `rspTo` is the id of the request a
 * response answers, 0 for requests.
 */
export interface MsgHeader {
  readonly id: number;
  readonly src: string;
  readonly dst: string;
  readonly rspTo: number;
}

/** A read of `size` bytes at `address`. @example { kind: 'ReadReq', id: 1, src: 'A.Mem', dst: 'ROB[0].Top', rspTo: 0, address: 0, size: 4, pid: 1 } */
export interface ReadReq extends MsgHeader {
  readonly kind: 'ReadReq';
  readonly address: number;
  readonly size: number;
  readonly pid: number;
}

/**
 * A write of `data` at `address`. `dirtyMask` (1 = byte is written) may be
 * `null`, meaning every byte is dirty. Data arrays are never mutated after
 * the message is built.
 *
 * @example
 * const w: WriteReq = { kind: 'WriteReq', id: 2, src: 'a', dst: 'b', rspTo: 0, address: 64,
 *   data: Uint8Array.of(1, 2, 3, 4), dirtyMask: null, pid: 1 };
 */
export interface WriteReq extends MsgHeader {
  readonly kind: 'WriteReq';
  readonly address: number;
  readonly data: Uint8Array;
  readonly dirtyMask: Uint8Array | null;
  readonly pid: number;
}

/** Read data coming back. @example { kind: 'DataReadyRsp', id: 3, src: 'b', dst: 'a', rspTo: 1, data: new Uint8Array(4) } */
export interface DataReadyRsp extends MsgHeader {
  readonly kind: 'DataReadyRsp';
  readonly data: Uint8Array;
}

/** A write acknowledgement. @example { kind: 'WriteDoneRsp', id: 4, src: 'b', dst: 'a', rspTo: 2 } */
export interface WriteDoneRsp extends MsgHeader {
  readonly kind: 'WriteDoneRsp';
}

/** A translation request for the page at `vAddr` (page aligned). @example { kind: 'TranslationReq', id: 5, src: 'AT[0].Translation', dst: 'L1TLB[0].Top', rspTo: 0, vAddr: 4096, pid: 1, deviceID: 1 } */
export interface TranslationReq extends MsgHeader {
  readonly kind: 'TranslationReq';
  readonly vAddr: number;
  readonly pid: number;
  readonly deviceID: number;
}

/** A translation answer carrying a copy of the page-table entry. @example { kind: 'TranslationRsp', id: 6, src: 'x', dst: 'y', rspTo: 5, page: EMPTY_PAGE } */
export interface TranslationRsp extends MsgHeader {
  readonly kind: 'TranslationRsp';
  readonly page: Page;
}

/** Which data-mover port carries one side of a move. */
export type MoverSide = 'inside' | 'outside';

/** Ask the data mover to copy `byteSize` bytes. @example { kind: 'DataMoveRequest', id: 7, src: 'MC.Mover', dst: 'DataMover.Top', rspTo: 0, srcAddress: 0x100000, dstAddress: 0x300000, byteSize: 4096, srcSide: 'inside', dstSide: 'outside' } */
export interface DataMoveRequest extends MsgHeader {
  readonly kind: 'DataMoveRequest';
  readonly srcAddress: number;
  readonly dstAddress: number;
  readonly byteSize: number;
  readonly srcSide: MoverSide;
  readonly dstSide: MoverSide;
}

/** The data mover's completion. @example { kind: 'DataMoveResponse', id: 8, src: 'DataMover.Top', dst: 'MC.Mover', rspTo: 7 } */
export interface DataMoveResponse extends MsgHeader {
  readonly kind: 'DataMoveResponse';
}

/**
 * A control-port command (control-protocol.md §1). `addresses` empty means
 * every entry; `pid` 0 means every PID.
 *
 * @example
 * const r: ControlReq = { kind: 'ControlReq', id: 9, src: 'MC.Ctrl', dst: 'L2Cache.Control', rspTo: 0,
 *   command: 'Flush', addresses: [], pid: 0 };
 */
export interface ControlReq extends MsgHeader {
  readonly kind: 'ControlReq';
  readonly command: ControlVerb;
  readonly addresses: readonly number[];
  readonly pid: number;
  /**
   * The page verbs only: the length of the range that starts at
   * `addresses[0]` (absent: one 4 KiB page).
   */
  readonly bytes?: number;
}

/** A control-port reply. @example { kind: 'ControlRsp', id: 10, src: 'L2Cache.Control', dst: 'MC.Ctrl', rspTo: 9, command: 'Flush', success: true, error: '' } */
export interface ControlRsp extends MsgHeader {
  readonly kind: 'ControlRsp';
  readonly command: ControlVerb;
  readonly success: boolean;
  readonly error: ControlErrorText;
}

/** Every message the simulation moves between ports. */
export type Msg =
  | ReadReq
  | WriteReq
  | DataReadyRsp
  | WriteDoneRsp
  | TranslationReq
  | TranslationRsp
  | DataMoveRequest
  | DataMoveResponse
  | ControlReq
  | ControlRsp;

/** A memory request (read or write). */
export type MemReq = ReadReq | WriteReq;
/** A memory response (read data or write ack). */
export type MemRsp = DataReadyRsp | WriteDoneRsp;

/** @returns true when `m` is a read or a write request. @example isMemReq(msg) */
export function isMemReq(m: Msg): m is MemReq {
  return m.kind === 'ReadReq' || m.kind === 'WriteReq';
}

/** @returns true when `m` is read data or a write ack. @example isMemRsp(msg) */
export function isMemRsp(m: Msg): m is MemRsp {
  return m.kind === 'DataReadyRsp' || m.kind === 'WriteDoneRsp';
}

/**
 * Reads a little-endian u32 from the first four bytes of `data`.
 *
 * @example
 * readU32(Uint8Array.of(1, 0, 0, 0)) === 1;
 */
export function readU32(data: Uint8Array, offset = 0): number {
  return (data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24)) >>> 0;
}

/**
 * Encodes `v` as four little-endian bytes.
 *
 * @example
 * u32Bytes(258); // Uint8Array [2, 1, 0, 0]
 */
export function u32Bytes(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}
