import type { Block } from '../structures/cache-directory';
import type { L2Transaction, MutableL2Transaction } from './l2-cache-state';

/**
 * A fresh transaction for a request (or a flush eviction with `req` null).
 *
 * @example
 * w.alloc(newTransaction('read', readReq));
 */
export function newTransaction(kind: L2Transaction['kind'], req: L2Transaction['req']): MutableL2Transaction {
  return {
    kind,
    req,
    action: 'none',
    setId: -1,
    wayId: -1,
    evictAddr: 0,
    evictPid: 0,
    evictMask: null,
    evictData: null,
    fetchAddr: 0,
    fetchPid: 0,
    fetchReqId: 0,
    evictReqId: 0,
    mshrData: null,
    waiters: [],
    removed: false,
  };
}

/**
 * A copy of `b` with the given metadata (data and identity unchanged unless
 * given). Explicit literal, no spread.
 *
 * @example
 * w.setBlock(blockWith(b, { isLocked: false }));
 */
export function blockWith(
  b: Block,
  p: {
    tag?: number;
    pid?: number;
    isValid?: boolean;
    isDirty?: boolean;
    dirtyMask?: Uint8Array | null;
    isLocked?: boolean;
    readCount?: number;
    data?: Uint8Array;
  },
): Block {
  return {
    setId: b.setId,
    wayId: b.wayId,
    tag: p.tag ?? b.tag,
    pid: p.pid ?? b.pid,
    cacheAddress: b.cacheAddress,
    isValid: p.isValid ?? b.isValid,
    isDirty: p.isDirty ?? b.isDirty,
    dirtyMask: p.dirtyMask !== undefined ? p.dirtyMask : b.dirtyMask,
    isLocked: p.isLocked ?? b.isLocked,
    readCount: p.readCount ?? b.readCount,
    data: p.data ?? b.data,
  };
}

/**
 * Bytes `[offset, offset + size)` of a stored line for a response: the line
 * itself when that is all of it (stored lines are never written), else a copy.
 * @example lineSlice(block.data, 0, 64) === block.data
 */
export function lineSlice(line: Uint8Array, offset: number, size: number): Uint8Array {
  return offset === 0 && size === line.length ? line : line.slice(offset, offset + size);
}
