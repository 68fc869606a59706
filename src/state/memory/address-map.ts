/** One MiB. */
export const MiB = 1 << 20;

/**
 * The derived address map (spec README §3.2), generalized from two devices
 * to `numDevices`.
 *
 * @example
 * const m = computeAddressMap({ agents: 2, maxAddress: 1024, devices: 2 });
 * m.deviceStride === 0x200000;
 */
export interface AddressMap {
  readonly agents: number;
  readonly maxAddress: number;
  readonly devices: number;
  readonly pageSize: number;
  readonly ptBase: number;
  readonly agentStride: number;
  readonly combinedRange: number;
  readonly numPages: number;
  readonly deviceStride: number;
  readonly memCtrlCapacity: number;
}

/**
 * Computes the address map exactly as the reference does: `agentStride`
 * rounds `maxAddress` up to 4; `numPages = ceil(combinedRange / pageSize)`;
 * `deviceStride = (floor((ptBase + numPages·pageSize) / MiB) + 1) · MiB`
 * (floor plus one, so an exact multiple still gains a MiB); each controller's
 * storage spans `devices · deviceStride + 1 MiB`.
 *
 * @example
 * computeAddressMap({ agents: 2, maxAddress: 16 * MiB, devices: 2 }).deviceStride === 0x2200000;
 */
export function computeAddressMap(o: {
  agents: number;
  maxAddress: number;
  devices: number;
  pageSize?: number;
  ptBase?: number;
}): AddressMap {
  const pageSize = o.pageSize ?? 4096;
  const ptBase = o.ptBase ?? 0x100000;
  const agentStride = Math.ceil(o.maxAddress / 4) * 4;
  const combinedRange = o.agents * agentStride;
  const numPages = Math.floor((combinedRange - 1) / pageSize) + 1;
  const x = ptBase + numPages * pageSize;
  const deviceStride = (Math.floor(x / MiB) + 1) * MiB;
  return {
    agents: o.agents,
    maxAddress: o.maxAddress,
    devices: o.devices,
    pageSize,
    ptBase,
    agentStride,
    combinedRange,
    numPages,
    deviceStride,
    memCtrlCapacity: o.devices * deviceStride + MiB,
  };
}

/** Physical address of page `p`'s slot on device `d`. @example physicalAddress(m, 1, 3) */
export function physicalAddress(m: AddressMap, device: number, page: number): number {
  return device * m.deviceStride + m.ptBase + page * m.pageSize;
}

/** Home device of page `p`: `p mod devices`. @example homeDevice(m, 3) === 1 */
export function homeDevice(m: AddressMap, page: number): number {
  return page % m.devices;
}

/** Device (= memory controller index) owning physical address `pa`. @example deviceOf(m, 0x300000) */
export function deviceOf(m: AddressMap, pa: number): number {
  return Math.floor(pa / m.deviceStride) % m.devices;
}
