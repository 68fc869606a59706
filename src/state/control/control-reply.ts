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
