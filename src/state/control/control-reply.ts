import type { ControlReq, ControlRsp } from '../contract/messages';
import type { ControlErrorText } from './control-verbs';

/**
 * Builds the reply to a control request: from the component's `Control`
 * port back to the request's source, echoing the verb
 * (control-protocol.md §1).
 *
 * @example
 * io.send('Control', controlReply(req, io.fullName('Control'), id, true, ''));
 */
export function controlReply(
  req: ControlReq,
  controlPort: string,
  id: number,
  success: boolean,
  error: ControlErrorText,
): ControlRsp {
  return {
    kind: 'ControlRsp',
    id,
    src: controlPort,
    dst: req.src,
    rspTo: req.id,
    command: req.command,
    success,
    error,
  };
}

/**
 * True when a control filter matches an entry: the filter PID is 0 or equals
 * the entry's, and the address list is empty or contains the entry's
 * address once each filter address is rounded down to `align`
 * (control-protocol.md §6).
 *
 * @example
 * filterMatches([0x1010], 0, 64, 0x1000, 0) === true;
 */
export function filterMatches(
  addresses: readonly number[],
  pid: number,
  align: number,
  entryAddress: number,
  entryPid: number,
): boolean {
  if (pid !== 0 && pid !== entryPid) return false;
  if (addresses.length === 0) return true;
  for (const a of addresses) if (a - (a % align) === entryAddress) return true;
  return false;
}

/**
 * The address range `[start, end)` a page-verb request names
 * (`addresses[0]`, `bytes` long, 4096 when absent); null when the request
 * names no address.
 *
 * @example
 * pageRange({ ...req, addresses: [0x1000], bytes: 4096 }); // [0x1000, 0x2000]
 */
export function pageRange(req: ControlReq): readonly [number, number] | null {
  if (req.addresses.length === 0) return null;
  const start = req.addresses[0];
  return [start, start + (req.bytes ?? 4096)];
}

/**
 * True when an entry at `entryAddress` (with `entryPid`) lies in the range a
 * page-verb request names and the request's PID is 0 or the entry's.
 *
 * @example
 * inPageRange({ ...req, addresses: [0x1000], bytes: 4096, pid: 0 }, 0x1040, 0) === true;
 */
export function inPageRange(req: ControlReq, entryAddress: number, entryPid: number): boolean {
  if (req.pid !== 0 && req.pid !== entryPid) return false;
  const r = pageRange(req);
  return r !== null && entryAddress >= r[0] && entryAddress < r[1];
}
