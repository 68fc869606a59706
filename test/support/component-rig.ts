import { applyEffects, type EffectHandler } from '../../src/state/contract/apply-effects';
import type { ComponentModel, Env, PortsView } from '../../src/state/contract/component';
import type { Msg } from '../../src/state/contract/messages';
import type { SimEvent } from '../../src/state/contract/sim-events';
import { SimPanic } from '../../src/state/contract/sim-panic';
import { PageTable } from '../../src/state/memory/page-table';
import { Port } from '../../src/streams/kernel/port';

/** Options of {@link ComponentRig}. */
export interface RigOptions {
  readonly name?: string;
  readonly index?: number;
  readonly bufferSize?: number;
  readonly pageTable?: PageTable;
  readonly allAgentsDone?: () => boolean;
}

/**
 * Drives one component tick by tick with no engine and no connections — the
 * harness the reference's unit and contract tests use (control-protocol.md
 * §8): inject messages with `deliver`, call `tick`, read what it sent with
 * `retrieveOutgoing`.
 *
 * @example
 * const rig = new ComponentRig(robModel, robSpec, { name: 'ROB' });
 * rig.deliver('Control', pauseReq);
 * rig.tick();
 * rig.retrieveOutgoing('Control'); // the Pause ack
 */
export class ComponentRig<Spec, State> {
  state: State;
  /** Cycle of the next tick. */
  now = 1;
  readonly ports: Record<string, Port> = {};
  /** Events emitted so far. */
  readonly events: SimEvent[] = [];
  pageTable: PageTable;
  readonly name: string;
  private readonly env: Env;
  private readonly portNames: string[] = [];
  private readonly portViews: Port[] = [];
  private nextId = 1;
  private progressed = false;
  /** Performs a step's effects on the rig's own ports (the kernel's rules, without links). */
  private readonly handler: EffectHandler = {
    pop: (port) => {
      const p = this.port(port);
      p.incoming.shift();
      p.credits++;
    },
    send: (port, msg) => {
      const p = this.port(port);
      if (p.outgoing.length >= p.outgoingCap) throw new SimPanic(`${p.fullName}: send on a full buffer`);
      p.outgoing.push(msg);
    },
    progress: () => {
      this.progressed = true;
    },
    wakeAt: () => {
      this.progressed = true;
    },
    idleNext: () => {
      this.progressed = true;
    },
    setPage: (page) => {
      this.pageTable = this.pageTable.update(page);
    },
    emit: (event) => {
      this.events.push(event);
    },
  };

  constructor(
    readonly model: ComponentModel<Spec, State>,
    readonly spec: Spec,
    options: RigOptions = {},
  ) {
    this.name = options.name ?? model.kind;
    this.state = model.init(spec, { name: this.name, index: options.index ?? 1 });
    const size = options.bufferSize ?? 16;
    for (const p of model.ports(spec)) {
      const port = new Port(`${this.name}.${p}`, 0, size, size);
      this.ports[p] = port;
      this.portNames.push(p);
      this.portViews.push(port);
    }
    this.pageTable = options.pageTable ?? PageTable.empty(1);
    const rig = this;
    const allDone = options.allAgentsDone ?? (() => false);
    this.env = {
      get pageTable() {
        return rig.pageTable;
      },
      allAgentsDone: () => allDone(),
    };
  }

  /** A fresh message id for test-built messages (never clashes with component ids). */
  freshId(): number {
    return this.nextId++;
  }

  /** Full name of a local port. @example rig.portName('Top') === 'ROB.Top' */
  portName(port: string): string {
    return this.port(port).fullName;
  }

  /** Puts `msg` straight into `port`'s incoming buffer; false when it is full. */
  deliver(port: string, msg: Msg): boolean {
    const p = this.port(port);
    if (p.incoming.length >= p.incomingCap) return false;
    p.incoming.push(msg);
    p.credits--;
    return true;
  }

  /** Runs one tick; returns whether it made progress. Panics propagate as {@link SimPanic}. */
  tick(): boolean {
    const [next, effects] = this.model.step(
      this.state,
      {
        kind: 'tick',
        ports: this.ports as PortsView,
        env: this.env,
        portNames: this.portNames,
        portViews: this.portViews,
      },
      this.now,
    );
    this.state = next;
    this.progressed = false;
    applyEffects(effects, this.handler);
    this.now++;
    return this.progressed;
  }

  /** Runs `n` ticks. */
  ticks(n: number): void {
    for (let i = 0; i < n; i++) this.tick();
  }

  /** Ticks until `pred()` holds, at most `budget` ticks; returns whether it held. */
  tickUntil(pred: () => boolean, budget: number): boolean {
    for (let i = 0; i < budget; i++) {
      if (pred()) return true;
      this.tick();
    }
    return pred();
  }

  /** Pops the head of `port`'s outgoing buffer. */
  retrieveOutgoing(port: string): Msg | undefined {
    return this.port(port).outgoing.shift();
  }

  /** The head of `port`'s outgoing buffer, left in place. */
  peekOutgoing(port: string): Msg | undefined {
    return this.port(port).outgoing[0];
  }

  /** Removes and returns everything in `port`'s outgoing buffer. */
  drainOutgoing(port: string): Msg[] {
    const p = this.port(port);
    return p.outgoing.splice(0, p.outgoing.length);
  }

  private port(port: string): Port {
    const p = this.ports[port];
    if (p === undefined) throw new Error(`${this.name} has no port ${port}`);
    return p;
  }
}
