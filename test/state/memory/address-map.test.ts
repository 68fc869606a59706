import { initialPageTable } from '../../../src/scenario/topology';
import {
  computeAddressMap,
  deviceOf,
  homeDevice,
  MiB,
  physicalAddress,
} from '../../../src/state/memory/address-map';

describe('address map (spec README §3.5 worked examples)', () => {
  test.each([
    [2, 1024, 0x400, 0x800, 1, 0x200000, 5],
    [4, 1024, 0x400, 0x1000, 1, 0x200000, 5],
    [2, 0x100000, 0x100000, 2 * MiB, 512, 0x400000, 9],
    [4, 0x100000, 0x100000, 4 * MiB, 1024, 0x600000, 13],
    [8, 0x100000, 0x100000, 8 * MiB, 2048, 0xa00000, 21],
    [2, 16 * MiB, 0x1000000, 32 * MiB, 8192, 0x2200000, 69],
  ])('%i agents × %i bytes', (agents, maxAddress, stride, combined, pages, deviceStride, capMiB) => {
    const m = computeAddressMap({ agents, maxAddress, devices: 2 });
    expect(m.agentStride).toBe(stride);
    expect(m.combinedRange).toBe(combined);
    expect(m.numPages).toBe(pages);
    expect(m.deviceStride).toBe(deviceStride);
    expect(m.memCtrlCapacity).toBe(capMiB * MiB);
  });

  test('deviceStride is floor plus one MiB, so an exact multiple still gains a MiB', () => {
    // ptBase 1 MiB + 256 pages of 4 KiB = exactly 2 MiB → 3 MiB, not 2.
    const m = computeAddressMap({ agents: 1, maxAddress: MiB, devices: 2 });
    expect(m.ptBase + m.numPages * m.pageSize).toBe(2 * MiB);
    expect(m.deviceStride).toBe(3 * MiB);
  });

  test('maxAddress is rounded up to a multiple of 4', () => {
    expect(computeAddressMap({ agents: 2, maxAddress: 1021, devices: 2 }).agentStride).toBe(1024);
  });

  test('physical placement: home device p mod D, both slots at the same in-device offset', () => {
    const m = computeAddressMap({ agents: 2, maxAddress: 0x100000, devices: 2 });
    expect(physicalAddress(m, 0, 2)).toBe(0x102000);
    expect(physicalAddress(m, 1, 2)).toBe(0x502000);
    expect(homeDevice(m, 3)).toBe(1);
    expect(physicalAddress(m, homeDevice(m, 3), 3)).toBe(0x503000);
    expect(deviceOf(m, 0x503000)).toBe(1);
    expect(deviceOf(m, 0x103000)).toBe(0);
  });

  test('more devices: pages round-robin over D devices and route by PA div stride mod D', () => {
    const m = computeAddressMap({ agents: 2, maxAddress: 0x100000, devices: 3 });
    expect(m.memCtrlCapacity).toBe(3 * m.deviceStride + MiB);
    for (let p = 0; p < 9; p++) expect(deviceOf(m, physicalAddress(m, homeDevice(m, p), p))).toBe(p % 3);
  });

  test('the initial page table maps every page to its home slot with PID 1', () => {
    const m = computeAddressMap({ agents: 2, maxAddress: 1024, devices: 2 });
    const pt = initialPageTable(m);
    expect(pt.find(1, 0)).toMatchObject({ pAddr: 0x100000, deviceID: 0, valid: true, isMigrating: false });
    expect(pt.find(1, 4096)).toBeUndefined();
    expect(pt.find(0, 0)).toBeUndefined();
  });
});
