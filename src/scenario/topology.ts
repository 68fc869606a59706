import { type FaultName, faultyPlan } from '../controllers/faults';
import {
  type MigrationControllerState,
  type MigrationPolicy,
  migrationControllerModel,
} from '../controllers/migration-controller';
import { parsePlanStep, type TargetGroup } from '../controllers/migration-plan';
import {
  addressTranslatorModel,
  defaultAddressTranslatorSpec,
} from '../state/address-translator/address-translator';
import type { ComponentModel } from '../state/contract/component';
import { dataMoverModel, defaultDataMoverSpec } from '../state/data-mover/data-mover';
import { defaultL1CacheSpec, l1CacheModel } from '../state/l1-cache/l1-cache';
import { defaultL2CacheSpec, l2CacheModel } from '../state/l2-cache/l2-cache';
import { type AddressMap, computeAddressMap } from '../state/memory/address-map';
import { PageTable } from '../state/memory/page-table';
import { type MemoryAgentState, memoryAgentModel } from '../state/memory-agent/memory-agent';
import {
  defaultMemoryControllerSpec,
  type MemoryControllerState,
  memoryControllerModel,
} from '../state/memory-controller/memory-controller';
import { defaultMmuSpec, mmuModel } from '../state/mmu/mmu';
import { defaultReorderBufferSpec, reorderBufferModel } from '../state/reorder-buffer/reorder-buffer';
import { defaultL1TlbSpec, defaultL2TlbSpec, tlbModel } from '../state/tlb/tlb';
import type { ComponentSlot } from '../streams/kernel/simulation';
import { Simulation } from '../streams/kernel/simulation';
import type { ScenarioConfig } from './scenario-config';

/** The built machine: the simulation plus handles on the parts a run looks at. */
export interface Topology {
  readonly sim: Simulation;
  readonly map: AddressMap;
  readonly agents: ReadonlyArray<ComponentSlot<MemoryAgentState>>;
  readonly controller: ComponentSlot<MigrationControllerState> | null;
  /** Memory controller `d` (device `d`); its state's `storage` is the device's memory, indexed by global physical address. */
  readonly memoryControllers: ReadonlyArray<ComponentSlot<MemoryControllerState>>;
  /** The plan the controller runs (after faults), by step name. */
  readonly plan: readonly string[];
}

function withOverrides<T>(base: T, patch: Record<string, unknown> | undefined): T {
  return patch === undefined ? base : ({ ...base, ...patch } as T);
}

/**
 * The initial page table: page `p` at `PA(p mod D, p)` on its home device
 * (spec README §3.4).
 *
 * @example
 * initialPageTable(computeAddressMap({ agents: 2, maxAddress: 1024, devices: 2 })).find(1, 0)?.pAddr === 0x100000;
 */
export function initialPageTable(map: AddressMap, pid = 1): PageTable {
  // laid out, not listed: one record per page would be ~100 B × pages (26 MB
  // at 64 agents × 16 MiB, gigabytes at 2 GiB ranges) for pages never touched
  return PageTable.laidOut(map.numPages, Math.log2(map.pageSize), {
    pid,
    devices: map.devices,
    deviceStride: map.deviceStride,
    ptBase: map.ptBase,
  });
}

/**
 * Options of {@link buildTopology}.
 *
 * @example
 * const topo = buildTopology(config, { throughOperators: true });
 */
export interface TopologyOptions {
  /**
   * Step every component through its RxJS operator (`componentOperator`);
   * by default only the migration controller is.
   */
  readonly throughOperators?: boolean;
}

/**
 * Builds the NUMA machine of spec README §2 for `config`: N agents, each with
 * ROB → AT → L1 cache + L1 TLB; the shared L2, L2 TLB, MMU and page table;
 * one memory controller per device; and, when migrating with more than one
 * device, the data mover and the migration controller. Component and
 * connection names are the reference's.
 *
 * @example
 * const topo = buildTopology(defaultScenarioConfig());
 * topo.sim.components.length;
 */
export function buildTopology(config: ScenarioConfig, options: TopologyOptions = {}): Topology {
  const N = config.agents;
  const D = config.devices;
  const map = computeAddressMap({ agents: N, maxAddress: config.maxAddress, devices: D });
  const sim = new Simulation({
    tieBreakSeed: config.shuffleTies ? config.seed ^ 0x5bd1e995 : undefined,
    pageTable: initialPageTable(map),
    throughOperators: options.throughOperators,
  });
  const faults = new Set<FaultName>(config.faults);
  const o = config.components;
  const add = <S, T>(model: ComponentModel<S, T>, spec: S, name: string, throughOperator = false) =>
    sim.addComponent(model, spec, name, config.bufferSize, { throughOperator });

  const memPorts: string[] = [];
  const memoryControllers: Array<ComponentSlot<MemoryControllerState>> = [];
  for (let d = 0; d < D; d++) {
    const mc = add(
      memoryControllerModel,
      withOverrides(defaultMemoryControllerSpec(map.memCtrlCapacity), o.memctrl),
      `MemCtrl[${d}]`,
    );
    memoryControllers.push(mc);
    memPorts.push(`MemCtrl[${d}].Top`);
  }
  add(l2CacheModel, withOverrides(defaultL2CacheSpec(memPorts, map.deviceStride), o.l2), 'L2Cache');
  add(mmuModel, withOverrides(defaultMmuSpec(), o.mmu), 'IoMMU');
  add(tlbModel, withOverrides(defaultL2TlbSpec('IoMMU.Top'), o.l2tlb), 'L2TLB');

  const agents: Array<ComponentSlot<MemoryAgentState>> = [];
  for (let i = 0; i < N; i++) {
    const l1Spec = withOverrides(defaultL1CacheSpec('L2Cache.Top'), o.l1);
    add(
      l1CacheModel,
      faults.has('early-write-ack') ? { ...l1Spec, faults: { earlyWriteAck: true } } : l1Spec,
      `L1Cache[${i}]`,
    );
    add(tlbModel, withOverrides(defaultL1TlbSpec('L2TLB.Top'), o.l1tlb), `L1TLB[${i}]`);
    add(
      addressTranslatorModel,
      withOverrides(defaultAddressTranslatorSpec(`L1Cache[${i}].Top`, `L1TLB[${i}].Top`), o.at),
      `AT[${i}]`,
    );
    add(reorderBufferModel, withOverrides(defaultReorderBufferSpec(`AT[${i}].Top`), o.rob), `ROB[${i}]`);
    const script = config.scripts?.[i];
    agents.push(
      add(
        memoryAgentModel,
        {
          agent: i,
          maxAddress: config.maxAddress,
          offset: i * map.agentStride,
          numAccess: config.accesses,
          seed: (config.seed + i) | 0,
          robPort: `ROB[${i}].Top`,
          pid: 1,
          ...(script !== undefined ? { script } : {}),
        },
        `MemAccessAgent[${i}]`,
      ),
    );
  }

  const each = (f: (i: number) => string[]) => Array.from({ length: N }, (_, i) => f(i)).flat();
  for (let i = 0; i < N; i++) {
    sim.connect(`ConnAgentROB[${i}]`, [`MemAccessAgent[${i}].Mem`, `ROB[${i}].Top`]);
    sim.connect(`ConnROBAT[${i}]`, [`ROB[${i}].Bottom`, `AT[${i}].Top`]);
    sim.connect(`ConnATL1[${i}]`, [`AT[${i}].Bottom`, `L1Cache[${i}].Top`]);
    sim.connect(`ConnATTrans[${i}]`, [`AT[${i}].Translation`, `L1TLB[${i}].Top`]);
  }
  sim.connect('ConnL1L2', ['L2Cache.Top', ...each((i) => [`L1Cache[${i}].Bottom`])]);
  sim.connect('ConnL1L2TLB', ['L2TLB.Top', ...each((i) => [`L1TLB[${i}].Bottom`])]);
  sim.connect('ConnL2TLBMMU', ['L2TLB.Bottom', 'IoMMU.Top']);

  const migrating = config.migrate && D > 1;
  let controller: ComponentSlot<MigrationControllerState> | null = null;
  const planNames = faultyPlan(config.plan, config.faults);
  if (migrating) {
    const mapper = { ports: memPorts, interleave: map.deviceStride };
    const moverSpec = withOverrides(defaultDataMoverSpec(mapper, mapper), o.mover);
    add(
      dataMoverModel,
      faults.has('datamover-absolute-window') ? { ...moverSpec, absoluteWindowBug: true } : moverSpec,
      'DataMover',
    );
    const ctl = (n: string) => `${n}.Control`;
    const robs = each((i) => [ctl(`ROB[${i}]`)]);
    const rest = [
      ...each((i) => [ctl(`AT[${i}]`), ctl(`L1Cache[${i}]`), ctl(`L1TLB[${i}]`)]),
      ctl('L2Cache'),
      ctl('L2TLB'),
      ctl('IoMMU'),
    ];
    const l1caches = each((i) => [ctl(`L1Cache[${i}]`)]);
    const l1tlbs = each((i) => [ctl(`L1TLB[${i}]`)]);
    const targets: Record<TargetGroup, string[]> = {
      robs,
      rest,
      flush: [ctl('L2Cache')],
      inval: [...each((i) => [ctl(`L1Cache[${i}]`), ctl(`L1TLB[${i}]`)]), ctl('L2Cache'), ctl('L2TLB')],
      all: [...robs, ...rest],
      caches: [...l1caches, ctl('L2Cache')],
      tlbs: [...l1tlbs, ctl('L2TLB')],
      l1caches,
      l1tlbs,
      l2: [ctl('L2Cache')],
      l2tlb: [ctl('L2TLB')],
      ats: each((i) => [ctl(`AT[${i}]`)]),
    };
    const policy: MigrationPolicy =
      config.schedule !== undefined
        ? { kind: 'schedule', entries: config.schedule }
        : { kind: 'interval', interval: config.interval };
    controller = add(
      migrationControllerModel,
      {
        targets,
        moverPort: 'DataMover.Top',
        numPages: map.numPages,
        numDevices: D,
        deviceStride: map.deviceStride,
        ptBase: map.ptBase,
        pageSize: map.pageSize,
        pid: 1,
        plan: planNames.map(parsePlanStep),
        policy,
      },
      'MigrationController',
      // the run steps the controller through its RxJS operator, the one users embed
      true,
    );
    sim.connect('ConnL2Mem', ['L2Cache.Bottom', ...memPorts, 'DataMover.Inside', 'DataMover.Outside']);
    sim.connect('ConnControl', ['MigrationController.Ctrl', ...targets.all]);
    sim.connect('ConnMover', ['MigrationController.Mover', 'DataMover.Top']);
  } else {
    sim.connect('ConnL2Mem', ['L2Cache.Bottom', ...memPorts]);
  }
  return { sim, map, agents, controller, memoryControllers, plan: migrating ? planNames : [] };
}
