import type { ControlReq, ReadReq, WriteReq } from '../../src/state/contract/messages';
import { u32Bytes } from '../../src/state/contract/messages';
import type { ControlVerb } from '../../src/state/control/control-verbs';

/** Anything that hands out fresh message ids (a `ComponentRig`). */
export interface IdSource {
  freshId(): number;
}

/** A request's route: the sender's port and the receiving port. */
export interface Route {
  readonly src: string;
  readonly dst: string;
}

/**
 * A 4-byte (or `size`-byte) read request from `route.src` to `route.dst`.
 *
 * @example
 * rig.deliver('Top', readReq(rig, { src: 'Agent.Mem', dst: 'ROB.Top' }, 0x40, { pid: 1 }));
 */
export function readReq(
  ids: IdSource,
  route: Route,
  address: number,
  opts: { size?: number; pid?: number } = {},
): ReadReq {
  return {
    kind: 'ReadReq',
    id: ids.freshId(),
    src: route.src,
    dst: route.dst,
    rspTo: 0,
    address,
    size: opts.size ?? 4,
    pid: opts.pid ?? 0,
  };
}

/**
 * A write of the 32-bit `value` (little-endian) at `address`.
 *
 * @example
 * rig.deliver('Top', writeReq(rig, { src: 'Agent.Mem', dst: 'ROB.Top' }, 0x40, 7, { pid: 1 }));
 */
export function writeReq(
  ids: IdSource,
  route: Route,
  address: number,
  value: number,
  opts: { pid?: number; dirtyMask?: Uint8Array | null } = {},
): WriteReq {
  return {
    kind: 'WriteReq',
    id: ids.freshId(),
    src: route.src,
    dst: route.dst,
    rspTo: 0,
    address,
    data: u32Bytes(value),
    dirtyMask: opts.dirtyMask ?? null,
    pid: opts.pid ?? 0,
  };
}

/**
 * A control request from `Ctl` to `port` (a component's `Control` port).
 *
 * @example
 * rig.deliver('Control', controlReq(rig, 'ROB.Control', 'Drain'));
 */
export function controlReq(
  ids: IdSource,
  port: string,
  command: ControlVerb,
  addresses: number[] = [],
  pid = 0,
): ControlReq {
  return { kind: 'ControlReq', id: ids.freshId(), src: 'Ctl', dst: port, rspTo: 0, command, addresses, pid };
}
