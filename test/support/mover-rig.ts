import type { ComponentModel } from '../../src/state/contract/component';
import type { ControlReq, DataMoveRequest, MoverSide, Msg } from '../../src/state/contract/messages';
import type { ControlVerb } from '../../src/state/control/control-verbs';
import {
  type DataMoverSpec,
  type DataMoverState,
  dataMoverModel,
} from '../../src/state/data-mover/data-mover';
import { singlePortMapper } from '../../src/state/data-mover/data-mover-mapper';
import {
  type MemoryControllerState,
  memoryControllerModel,
} from '../../src/state/memory-controller/memory-controller';
import { type ComponentSlot, type LinkTransfer, Simulation } from '../../src/streams/kernel/simulation';

/** A component that owns one port (`Top`) and never does anything: replies pile up in its incoming buffer. */
const sinkModel: ComponentModel<Record<string, never>, Record<string, never>> = {
  kind: 'sink',
  ports: () => ['Top'],
  init: () => ({}),
  step: (s) => [s, []],
  controlState: () => 'enabled',
  isQuiescent: () => true,
  describeOutstanding: () => [],
};

/** Options of {@link MoverRig}; defaults are the upstream regression rig's. @example new MoverRig({ absoluteWindowBug: true }) */
export interface MoverRigOptions {
  readonly bufferSize?: number;
  readonly insideGranularity?: number;
  readonly outsideGranularity?: number;
  readonly absoluteWindowBug?: boolean;
  /** Memory latency (default 100). */
  readonly latency?: number;
}

/** Full name of the requester port the rig's move requests come from. @example rig.responses[0].dst === REQUESTER */
export const REQUESTER = 'Src.Top';
/** Full name of the port control requests come from. @example rig.acks[0].dst === CONTROLLER */
export const CONTROLLER = 'Ctl.Top';

/**
 * The upstream data-mover test rig (migration.md §8) on the real kernel: two
 * ideal memory controllers "InsideMem" and "OutsideMem" (1 MiB storage each,
 * latency 100, width 1), the data mover (single-port mappers: inside →
 * InsideMem, outside → OutsideMem; `Top` buffer 16, `Inside`/`Outside` 64)
 * and a requester port, all on one direct connection. A second sink port
 * carries control requests to the mover's `Control`.
 *
 * @example
 * const rig = new MoverRig();
 * rig.poke('outside', 4096, pattern(2048));
 * rig.move({ srcSide: 'outside', srcAddress: 4096, dstSide: 'inside', dstAddress: 8192, byteSize: 2048 });
 * rig.runToEnd();
 */
export class MoverRig {
  readonly sim = new Simulation();
  readonly mover: ComponentSlot<DataMoverState>;
  readonly insideMem: ComponentSlot<MemoryControllerState>;
  readonly outsideMem: ComponentSlot<MemoryControllerState>;
  readonly spec: DataMoverSpec;
  /** Every message moved over the connection. */
  readonly transfers: LinkTransfer[] = [];
  private nextId = 1;

  constructor(options: MoverRigOptions = {}) {
    const mem = { latency: options.latency ?? 100, width: 1, capacity: 1 << 20 };
    this.insideMem = this.sim.addComponent(memoryControllerModel, mem, 'InsideMem');
    this.outsideMem = this.sim.addComponent(memoryControllerModel, mem, 'OutsideMem');
    this.spec = {
      bufferSize: options.bufferSize ?? 2048,
      insideGranularity: options.insideGranularity ?? 64,
      outsideGranularity: options.outsideGranularity ?? 256,
      insideMapper: singlePortMapper('InsideMem.Top'),
      outsideMapper: singlePortMapper('OutsideMem.Top'),
      ...(options.absoluteWindowBug ? { absoluteWindowBug: true } : {}),
    };
    this.sim.addComponent(sinkModel, {}, 'Src');
    this.sim.addComponent(sinkModel, {}, 'Ctl');
    this.mover = this.sim.addComponent(dataMoverModel, this.spec, 'DataMover', (p) =>
      p === 'Inside' || p === 'Outside' ? 64 : 16,
    );
    this.sim.connect('Conn', [
      REQUESTER,
      'DataMover.Top',
      'DataMover.Inside',
      'DataMover.Outside',
      'InsideMem.Top',
      'OutsideMem.Top',
    ]);
    this.sim.connect('ConnCtl', [CONTROLLER, 'DataMover.Control']);
    this.sim.transfers$.subscribe((t) => this.transfers.push(t));
  }

  /** Writes `bytes` straight into one side's storage. */
  poke(side: MoverSide, address: number, bytes: Uint8Array): void {
    const slot = side === 'inside' ? this.insideMem : this.outsideMem;
    slot.state = { ...slot.state, storage: slot.state.storage.write(address, bytes, null) };
  }

  /** Reads one side's storage. */
  peek(side: MoverSide, address: number, size: number): Uint8Array {
    return (side === 'inside' ? this.insideMem : this.outsideMem).state.storage.read(address, size);
  }

  /** Delivers a move request into `DataMover.Top` (as the upstream test's `Deliver`). */
  move(
    m: Pick<DataMoveRequest, 'srcAddress' | 'dstAddress' | 'byteSize' | 'srcSide' | 'dstSide'>,
  ): DataMoveRequest {
    const req: DataMoveRequest = {
      kind: 'DataMoveRequest',
      id: this.nextId++,
      src: REQUESTER,
      dst: 'DataMover.Top',
      rspTo: 0,
      ...m,
    };
    this.deliver('DataMover.Top', req);
    return req;
  }

  /** Delivers a control request into `DataMover.Control`. */
  control(command: ControlVerb): ControlReq {
    const req: ControlReq = {
      kind: 'ControlReq',
      id: this.nextId++,
      src: CONTROLLER,
      dst: 'DataMover.Control',
      rspTo: 0,
      command,
      addresses: [],
      pid: 0,
    };
    this.deliver('DataMover.Control', req);
    return req;
  }

  /** Messages that reached the requester port (move responses). */
  get responses(): readonly Msg[] {
    return this.sim.port(REQUESTER).incoming;
  }

  /** Control replies that reached the control sink. */
  get acks(): readonly Msg[] {
    return this.sim.port(CONTROLLER).incoming;
  }

  /** The current cycle. */
  get now(): number {
    return this.sim.scheduler.now();
  }

  /** Runs every event up to and including cycle `cycle`. Returns true if events remain queued. */
  runUntil(cycle: number): boolean {
    const more = this.sim.runUntil(cycle);
    if (this.sim.failure) throw new Error(`simulation failed: ${this.sim.failure.message}`);
    return more;
  }

  /** Runs `n` more cycles. */
  run(n: number): boolean {
    return this.runUntil(this.now + n);
  }

  /**
   * Runs until the event queue is empty (everything asleep, like upstream's
   * `engine.Run()`), at most `budget` cycles. Returns true when it emptied.
   */
  runToEnd(budget = 1_000_000): boolean {
    return !this.runUntil(this.now + budget);
  }

  private deliver(portName: string, msg: Msg): void {
    const p = this.sim.port(portName);
    if (p.credits === 0) throw new Error(`${portName} is full`);
    p.incoming.push(msg);
    p.credits--;
    this.sim.wake(p.owner, this.now + 1);
  }
}

/** `n` bytes `k mod 256` (the upstream test pattern). @example pattern(4)[3] === 3 */
export function pattern(n: number, seed = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) out[k] = (k + seed) & 0xff;
  return out;
}
