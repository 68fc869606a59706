import type {
  ControlReq,
  ControlRsp,
  MemRsp,
  Msg,
  ReadReq,
  WriteReq,
} from '../../src/state/contract/messages';
import type { ControlVerb } from '../../src/state/control/control-verbs';
import {
  defaultL2CacheSpec,
  type L2CacheSpec,
  type L2CacheState,
  l2CacheModel,
} from '../../src/state/l2-cache/l2-cache';
import {
  type MemoryControllerSpec,
  type MemoryControllerState,
  memoryControllerModel,
} from '../../src/state/memory-controller/memory-controller';
import { ComponentRig } from './component-rig';

/** Name the rig gives the requester of every test request. @example rig.read(0)!.src === AGENT */
export const AGENT = 'Agent.Mem';
/** Name the rig gives the control requester. @example rig.control('Pause')!.src === DRIVER */
export const DRIVER = 'Driver.Ctrl';

/** Options of {@link L2Rig}. @example new L2Rig({ controllers: 2, interleave: 0x1000, mcLatency: [300, 5] }) */
export interface L2RigOptions {
  /** Overrides of the L2 spec (lowerPorts and interleave are set by the rig unless given). */
  readonly l2?: Partial<L2CacheSpec>;
  /** Number of memory controllers (default 1). */
  readonly controllers?: number;
  /** Controller latency (default 5; one value per controller if an array), width (default 4) and capacity (default 4 MiB). */
  readonly mcLatency?: number | readonly number[];
  readonly mcWidth?: number;
  readonly mcCapacity?: number;
  /** Interleaving size across controllers (default 1 MiB). */
  readonly interleave?: number;
}

/**
 * A small L2 cache spec for rigs: 4 KiB, 64-byte lines, 4 ways (16 sets),
 * MSHR 8, 4 requests per cycle (control-protocol.md §10 (3)).
 *
 * @example
 * smallL2Spec(['MemCtrl[0].Top'], 1 << 20).ways === 4;
 */
export function smallL2Spec(lowerPorts: string[], interleave: number): L2CacheSpec {
  return {
    ...defaultL2CacheSpec(lowerPorts, interleave),
    totalBytes: 4096,
    mshrEntries: 8,
    numReqPerCycle: 4,
  };
}

/**
 * The L2 over real ideal memory controllers, each driven by its own
 * {@link ComponentRig}. Every rig tick ticks the L2, then every controller,
 * then moves messages between the L2's `Bottom` and the controllers' `Top`
 * ports in FIFO order (a direct connection, one cycle per hop).
 *
 * @example
 * const rig = new L2Rig();
 * rig.write(0x40, Uint8Array.of(1, 2, 3, 4));
 * rig.tickUntil(() => rig.replies.length === 1, 1000);
 */
export class L2Rig {
  readonly l2: ComponentRig<L2CacheSpec, L2CacheState>;
  readonly mcs: ComponentRig<MemoryControllerSpec, MemoryControllerState>[] = [];
  /** Workload replies collected from the L2's `Top`, in arrival order. */
  readonly replies: MemRsp[] = [];
  /** Control replies collected from the L2's `Control`, in arrival order. */
  readonly acks: ControlRsp[] = [];
  /** Every message the L2 sent on `Bottom`, in order. */
  readonly bottomLog: Msg[] = [];
  private readonly byPort = new Map<string, ComponentRig<MemoryControllerSpec, MemoryControllerState>>();

  constructor(opts: L2RigOptions = {}) {
    const n = opts.controllers ?? 1;
    const ports: string[] = [];
    for (let d = 0; d < n; d++) {
      const mc = new ComponentRig(
        memoryControllerModel,
        {
          latency: (typeof opts.mcLatency === 'object' ? opts.mcLatency[d] : opts.mcLatency) ?? 5,
          width: opts.mcWidth ?? 4,
          capacity: opts.mcCapacity ?? 4 << 20,
        },
        { name: `MemCtrl[${d}]`, index: 2 + d },
      );
      this.mcs.push(mc);
      ports.push(mc.portName('Top'));
      this.byPort.set(mc.portName('Top'), mc);
    }
    const spec: L2CacheSpec = { ...smallL2Spec(ports, opts.interleave ?? 1 << 20), ...opts.l2 };
    this.l2 = new ComponentRig(l2CacheModel, spec, { name: 'L2Cache', index: 1 });
  }

  /** The L2's current state. */
  get state(): L2CacheState {
    return this.l2.state;
  }

  /** One cycle: tick the L2, then every controller, then move messages both ways. */
  tick(): void {
    this.l2.tick();
    for (const mc of this.mcs) mc.tick();
    this.transfer();
    for (const m of this.l2.drainOutgoing('Top')) this.replies.push(m as MemRsp);
    for (const m of this.l2.drainOutgoing('Control')) this.acks.push(m as ControlRsp);
  }

  /** Runs `n` cycles. */
  ticks(n: number): void {
    for (let i = 0; i < n; i++) this.tick();
  }

  /** Ticks until `pred()` holds, at most `budget` cycles; returns whether it held. */
  tickUntil(pred: () => boolean, budget: number): boolean {
    for (let i = 0; i < budget; i++) {
      if (pred()) return true;
      this.tick();
    }
    return pred();
  }

  /** Delivers a read to the L2's `Top`; returns it, or undefined when `Top` is full. */
  read(address: number, size = 4): ReadReq | undefined {
    const req: ReadReq = {
      kind: 'ReadReq',
      id: this.l2.freshId(),
      src: AGENT,
      dst: this.l2.portName('Top'),
      rspTo: 0,
      address,
      size,
      pid: 0,
    };
    return this.l2.deliver('Top', req) ? req : undefined;
  }

  /** Delivers a write to the L2's `Top`; returns it, or undefined when `Top` is full. */
  write(address: number, data: Uint8Array, dirtyMask: Uint8Array | null = null): WriteReq | undefined {
    const req: WriteReq = {
      kind: 'WriteReq',
      id: this.l2.freshId(),
      src: AGENT,
      dst: this.l2.portName('Top'),
      rspTo: 0,
      address,
      data,
      dirtyMask,
      pid: 0,
    };
    return this.l2.deliver('Top', req) ? req : undefined;
  }

  /** Delivers a control command; returns it, or undefined when `Control` is full. */
  control(command: ControlVerb, addresses: number[] = [], pid = 0): ControlReq | undefined {
    const req: ControlReq = {
      kind: 'ControlReq',
      id: this.l2.freshId(),
      src: DRIVER,
      dst: this.l2.portName('Control'),
      rspTo: 0,
      command,
      addresses,
      pid,
    };
    return this.l2.deliver('Control', req) ? req : undefined;
  }

  /** Sends `command` and ticks until its ack arrives (or the budget runs out); returns the ack. */
  command(command: ControlVerb, budget = 5000, addresses: number[] = [], pid = 0): ControlRsp | undefined {
    const req = this.control(command, addresses, pid);
    if (req === undefined) throw new Error('Control incoming buffer full');
    this.tickUntil(() => this.acks.some((a) => a.rspTo === req.id), budget);
    return this.acks.find((a) => a.rspTo === req.id);
  }

  /** The reply to request `id`, if it arrived. */
  replyTo(id: number): MemRsp | undefined {
    return this.replies.find((r) => r.rspTo === id);
  }

  /** Bytes memory holds at `address` (in the controller that owns it). */
  memory(address: number, size = 4): Uint8Array {
    return this.owner(address).state.storage.read(address, size);
  }

  /** Writes memory behind the cache's back (like another agent or the data mover would). */
  pokeMemory(address: number, data: Uint8Array): void {
    const mc = this.owner(address);
    mc.state = { ...mc.state, storage: mc.state.storage.write(address, data, null) };
  }

  /** Number of requests the controllers still hold in flight. */
  memoryInflight(): number {
    let n = 0;
    for (const mc of this.mcs) n += mc.state.inflight.length;
    return n;
  }

  private owner(address: number): ComponentRig<MemoryControllerSpec, MemoryControllerState> {
    return this.byPort.get(this.route(address))!;
  }

  private route(address: number): string {
    const spec = this.l2.state.spec;
    return spec.lowerPorts[Math.floor(address / spec.interleave) % spec.lowerPorts.length];
  }

  private transfer(): void {
    const bottom = this.l2.ports.Bottom;
    while (bottom.outgoing.length > 0) {
      const m = bottom.outgoing[0];
      const mc = this.byPort.get(m.dst);
      if (mc === undefined) throw new Error(`L2 sent to unknown port ${m.dst}`);
      if (!mc.deliver('Top', m)) break;
      bottom.outgoing.shift();
      this.bottomLog.push(m);
    }
    for (const mc of this.mcs) {
      const out = mc.ports.Top.outgoing;
      while (out.length > 0) {
        if (!this.l2.deliver('Bottom', out[0])) break;
        out.shift();
      }
    }
  }
}

/** A lone L2 driven by hand (no controller): the test answers `Bottom` traffic itself. @example const rig: HandL2 = handL2(); */
export type HandL2 = ComponentRig<L2CacheSpec, L2CacheState>;

/** The single lower port name a {@link handL2} sends to. @example fetch.dst === HAND_LOWER */
export const HAND_LOWER = 'Mem.Top';

/**
 * A lone L2 with the small rig geometry (16 sets × 4 ways) and one lower
 * port, `Mem.Top`, for tests that answer `Bottom` traffic by hand.
 *
 * @example
 * const rig = handL2({ indexing: 'modulo' });
 */
export function handL2(overrides: Partial<L2CacheSpec> = {}): HandL2 {
  return new ComponentRig(
    l2CacheModel,
    { ...smallL2Spec([HAND_LOWER], 1 << 20), ...overrides },
    { name: 'L2Cache' },
  );
}

/** Delivers a 4-byte (or `size`) read to a hand-driven L2. @example const r = handRead(rig, 0x40); */
export function handRead(rig: HandL2, address: number, size = 4): ReadReq {
  const req: ReadReq = {
    kind: 'ReadReq',
    id: rig.freshId(),
    src: AGENT,
    dst: 'L2Cache.Top',
    rspTo: 0,
    address,
    size,
    pid: 0,
  };
  if (!rig.deliver('Top', req)) throw new Error('Top full');
  return req;
}

/** Delivers a write to a hand-driven L2. @example handWrite(rig, 0x40, u32Bytes(7)); */
export function handWrite(
  rig: HandL2,
  address: number,
  data: Uint8Array,
  dirtyMask: Uint8Array | null = null,
): WriteReq {
  const req: WriteReq = {
    kind: 'WriteReq',
    id: rig.freshId(),
    src: AGENT,
    dst: 'L2Cache.Top',
    rspTo: 0,
    address,
    data,
    dirtyMask,
    pid: 0,
  };
  if (!rig.deliver('Top', req)) throw new Error('Top full');
  return req;
}

/** Delivers a control command to a hand-driven L2. @example handControl(rig, 'Flush', [0x80]); */
export function handControl(
  rig: HandL2,
  command: ControlVerb,
  addresses: number[] = [],
  pid = 0,
): ControlReq {
  const req: ControlReq = {
    kind: 'ControlReq',
    id: rig.freshId(),
    src: DRIVER,
    dst: 'L2Cache.Control',
    rspTo: 0,
    command,
    addresses,
    pid,
  };
  if (!rig.deliver('Control', req)) throw new Error('Control full');
  return req;
}

/** Ticks until `port` has an outgoing message (at most `budget` ticks) and pops it. @example const fetch = handAwait(rig, 'Bottom'); */
export function handAwait(rig: HandL2, port: string, budget = 500): Msg | undefined {
  rig.tickUntil(() => rig.peekOutgoing(port) !== undefined, budget);
  return rig.retrieveOutgoing(port);
}

/** Answers a fetch (`ReadReq` from the L2's `Bottom`) with `data` (default zeros). @example handAnswerFetch(rig, fetch, line); */
export function handAnswerFetch(
  rig: HandL2,
  fetch: ReadReq,
  data: Uint8Array = new Uint8Array(fetch.size),
): void {
  const rsp: Msg = {
    kind: 'DataReadyRsp',
    id: rig.freshId(),
    src: HAND_LOWER,
    dst: fetch.src,
    rspTo: fetch.id,
    data,
  };
  if (!rig.deliver('Bottom', rsp)) throw new Error('Bottom full');
}

/** Acknowledges a write-back (`WriteReq` from the L2's `Bottom`). @example handAckWrite(rig, wb); */
export function handAckWrite(rig: HandL2, wr: WriteReq): void {
  const rsp: Msg = { kind: 'WriteDoneRsp', id: rig.freshId(), src: HAND_LOWER, dst: wr.src, rspTo: wr.id };
  if (!rig.deliver('Bottom', rsp)) throw new Error('Bottom full');
}

/**
 * Writes `data` at `address` through a hand-driven L2, answering the
 * write-allocate fetch with `fill` (default zeros), and waits for the
 * write ack: the line ends valid and dirty.
 *
 * @example
 * handWriteDirty(rig, 0x84, u32Bytes(0xbbbbbbbb));
 */
export function handWriteDirty(rig: HandL2, address: number, data: Uint8Array, fill?: Uint8Array): void {
  const w = handWrite(rig, address, data);
  const fetch = handAwait(rig, 'Bottom');
  if (fetch?.kind !== 'ReadReq') throw new Error(`expected a fetch, got ${fetch?.kind}`);
  handAnswerFetch(rig, fetch, fill);
  const done = handAwait(rig, 'Top');
  if (done?.kind !== 'WriteDoneRsp' || done.rspTo !== w.id) throw new Error('write not acknowledged');
}

/** The valid block holding `line` (PID 0), if any. @example blockOf(rig, 0x40)?.isDirty */
export function blockOf(rig: HandL2 | L2Rig, line: number) {
  return rig.state.directory.lookup(0, line);
}
