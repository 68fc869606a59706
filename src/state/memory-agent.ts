import { type ComponentModel, firstMessageId } from './component';
import type { Msg } from './messages';
import { readU32, u32Bytes } from './messages';
import { PersistentArray } from './persistent-array';
import { drawInts, type PrngState, seedPrng } from './prng';
import { SimPanic } from './sim-panic';
import { StepIo } from './step-io';

/** One scripted access: a read or a write of `value` at word `word` of the agent's range. */
export interface ScriptedAccess {
  readonly op: 'read' | 'write';
  readonly word: number;
  readonly value?: number;
}

/**
 * Configuration of a memory-access agent (spec oracle.md §1–2).
 *
 * @example
 * const spec: MemoryAgentSpec = { agent: 0, maxAddress: 1024, offset: 0, numAccess: 100,
 *   seed: 1, robPort: 'ROB[0].Top', pid: 1 };
 */
export interface MemoryAgentSpec {
  /** Agent index. */
  readonly agent: number;
  /** Size of the agent's range in bytes. */
  readonly maxAddress: number;
  /** First virtual address of the range (`agent * agentStride`). */
  readonly offset: number;
  /** Reads, and writes, to issue (each). Ignored when `script` is given. */
  readonly numAccess: number;
  /** PRNG seed (upstream: `seed + agent`). */
  readonly seed: number;
  /** Full name of the ROB's Top port. */
  readonly robPort: string;
  /** PID of every request (1). */
  readonly pid: number;
  /** An explicit access sequence instead of random traffic. */
  readonly script?: readonly ScriptedAccess[];
}

/** One request the agent is waiting for. */
export interface PendingAccess {
  readonly id: number;
  readonly op: 'read' | 'write';
  readonly address: number;
  readonly issuedAt: number;
}

/** State of a memory-access agent. */
export interface MemoryAgentState {
  readonly spec: MemoryAgentSpec;
  readonly readLeft: number;
  readonly writeLeft: number;
  readonly rng: PrngState;
  /** Word indices written so far, in first-write order (uniform read sampling). */
  readonly written: PersistentArray<number>;
  /** Membership of `written`, indexed by word. */
  readonly writtenSet: PersistentArray<true>;
  readonly pending: readonly PendingAccess[];
  readonly nextId: number;
  /** Next scripted access (script mode). */
  readonly scriptPos: number;
  /** Sweep mode: next index of `written` to read back, or -1 when not sweeping. */
  readonly sweepPos: number;
  readonly reads: number;
  readonly writes: number;
}

function make(s: MemoryAgentState, p: Partial<MemoryAgentState>): MemoryAgentState {
  return {
    spec: s.spec,
    readLeft: p.readLeft ?? s.readLeft,
    writeLeft: p.writeLeft ?? s.writeLeft,
    rng: p.rng ?? s.rng,
    written: p.written ?? s.written,
    writtenSet: p.writtenSet ?? s.writtenSet,
    pending: p.pending ?? s.pending,
    nextId: p.nextId ?? s.nextId,
    scriptPos: p.scriptPos ?? s.scriptPos,
    sweepPos: p.sweepPos ?? s.sweepPos,
    reads: p.reads ?? s.reads,
    writes: p.writes ?? s.writes,
  };
}

function words(spec: MemoryAgentSpec): number {
  return Math.floor(spec.maxAddress / 4);
}

/**
 * True when the agent has nothing left to send and nothing pending.
 *
 * @example
 * if (agentDone(state)) stop();
 */
export function agentDone(s: MemoryAgentState): boolean {
  return s.readLeft === 0 && s.writeLeft === 0 && s.pending.length === 0 && s.sweepPos < 0;
}

/**
 * Puts a finished agent into sweep mode: it reads back every address it ever
 * wrote, in first-write order, so the oracle can check the final contents
 * through the whole hierarchy.
 *
 * @example
 * slot.state = beginSweep(slot.state);
 */
export function beginSweep(s: MemoryAgentState): MemoryAgentState {
  return make(s, { sweepPos: 0 });
}

/** Every virtual address this agent wrote, in first-write order. @example writtenAddresses(s) */
export function writtenAddresses(s: MemoryAgentState): number[] {
  return s.written.entries().map(([, w]) => s.spec.offset + w * 4);
}

function isPending(s: MemoryAgentState, address: number): boolean {
  for (const p of s.pending) if (p.address === address) return true;
  return false;
}

function handleOneResponse(s: MemoryAgentState, io: StepIo): MemoryAgentState {
  const m: Msg | undefined = io.pop('Mem');
  if (m === undefined) return s;
  if (m.kind !== 'DataReadyRsp' && m.kind !== 'WriteDoneRsp') {
    throw new SimPanic(`MemAccessAgent[${s.spec.agent}]: cannot process message ${m.kind}`);
  }
  const i = s.pending.findIndex((p) => p.id === m.rspTo);
  const expectOp = m.kind === 'DataReadyRsp' ? 'read' : 'write';
  if (i < 0 || s.pending[i].op !== expectOp) {
    io.emit({
      type: 'oracle-error',
      agent: s.spec.agent,
      message: `unexpected ${m.kind} for request ${m.rspTo} (${i < 0 ? 'not pending' : `pending ${s.pending[i].op}`})`,
    });
    return s;
  }
  const p = s.pending[i];
  const pending = s.pending.slice();
  pending.splice(i, 1);
  io.emit({
    type: 'request-completed',
    agent: s.spec.agent,
    id: p.id,
    op: p.op,
    address: p.address,
    value: m.kind === 'DataReadyRsp' ? readU32(m.data) : undefined,
    issuedAt: p.issuedAt,
  });
  return make(s, { pending });
}

function issue(
  s: MemoryAgentState,
  io: StepIo,
  op: 'read' | 'write',
  word: number,
  value: number,
  patch: Partial<MemoryAgentState>,
): MemoryAgentState | null {
  const spec = s.spec;
  const address = spec.offset + word * 4;
  if (isPending(s, address) || !io.canSend('Mem')) return null;
  const id = s.nextId;
  const base = { id, src: io.fullName('Mem'), dst: spec.robPort, rspTo: 0, address, pid: spec.pid };
  if (op === 'write') {
    io.send('Mem', { kind: 'WriteReq', ...base, data: u32Bytes(value), dirtyMask: null });
  } else {
    io.send('Mem', { kind: 'ReadReq', ...base, size: 4 });
  }
  io.emit({
    type: 'request-issued',
    agent: spec.agent,
    id,
    op,
    address,
    value: op === 'write' ? value : undefined,
  });
  let written = s.written;
  let writtenSet = s.writtenSet;
  if (op === 'write' && writtenSet.get(word) === undefined) {
    written = written.set(written.size, word);
    writtenSet = writtenSet.set(word, true);
  }
  const pending = s.pending.slice();
  pending.push({ id, op, address, issuedAt: io.now });
  return make(s, {
    ...patch,
    written,
    writtenSet,
    pending,
    nextId: id + 1,
    reads: s.reads + (op === 'read' ? 1 : 0),
    writes: s.writes + (op === 'write' ? 1 : 0),
  });
}

function tryRandom(s: MemoryAgentState, io: StepIo): MemoryAgentState {
  const known = s.written.size;
  let read: boolean;
  let rng = s.rng;
  if (known === 0 || s.readLeft === 0) read = false;
  else if (s.writeLeft === 0) read = true;
  else {
    const [[coin], next] = drawInts(rng, [[0, 1]]);
    rng = next;
    read = coin === 1;
  }
  if (read) {
    const [[k], next] = drawInts(rng, [[0, known - 1]]);
    const word = s.written.get(k)!;
    const after = issue(s, io, 'read', word, 0, { rng: next, readLeft: s.readLeft - 1 });
    return after ?? make(s, { rng: next });
  }
  const [[word, value], next] = drawInts(rng, [
    [0, words(s.spec) - 1],
    [0, 0xffffffff],
  ]);
  const after = issue(s, io, 'write', word, value, { rng: next, writeLeft: s.writeLeft - 1 });
  return after ?? make(s, { rng: next });
}

function tryScript(s: MemoryAgentState, io: StepIo): MemoryAgentState {
  const a = s.spec.script![s.scriptPos];
  const patch: Partial<MemoryAgentState> =
    a.op === 'read'
      ? { readLeft: s.readLeft - 1, scriptPos: s.scriptPos + 1 }
      : { writeLeft: s.writeLeft - 1, scriptPos: s.scriptPos + 1 };
  return issue(s, io, a.op, a.word, (a.value ?? 0) >>> 0, patch) ?? s;
}

function trySweep(s: MemoryAgentState, io: StepIo): MemoryAgentState {
  if (s.sweepPos >= s.written.size) {
    return s.pending.length === 0 ? make(s, { sweepPos: -1 }) : s;
  }
  const word = s.written.get(s.sweepPos)!;
  return issue(s, io, 'read', word, 0, { sweepPos: s.sweepPos + 1 }) ?? s;
}

/**
 * The memory-access agent (spec oracle.md §2): the workload generator. Each
 * tick it handles at most one response and then tries to issue at most one
 * request. The first request is a write; reads go only to addresses already
 * written, drawn uniformly from the written set directly (no rejection
 * sampling); an address with a request in flight is never requested again
 * until it completes. Values are u32, little-endian. It reports every issue
 * and completion as events; the oracle (src/oracle) checks them.
 *
 * @example
 * sim.addComponent(memoryAgentModel, spec, 'MemAccessAgent[0]');
 */
export const memoryAgentModel: ComponentModel<MemoryAgentSpec, MemoryAgentState> = {
  kind: 'memory-agent',
  ports: () => ['Mem'],
  init(spec, id) {
    const W = words(spec);
    if (W < 1) throw new RangeError('maxAddress must hold at least one 4-byte word');
    const script = spec.script;
    const reads = script ? script.filter((a) => a.op === 'read').length : spec.numAccess;
    const writes = script ? script.length - reads : spec.numAccess;
    return {
      spec,
      readLeft: reads,
      writeLeft: writes,
      rng: seedPrng(spec.seed),
      written: PersistentArray.empty(W),
      writtenSet: PersistentArray.empty(W),
      pending: [],
      nextId: firstMessageId(id.index),
      scriptPos: 0,
      sweepPos: -1,
      reads: 0,
      writes: 0,
    };
  },
  step(state, event, now) {
    const io = new StepIo(event, now);
    let s = handleOneResponse(state, io);
    if (s.sweepPos >= 0) s = trySweep(s, io);
    else if (s.readLeft > 0 || s.writeLeft > 0) {
      s = s.spec.script ? tryScript(s, io) : tryRandom(s, io);
    }
    return io.result(s);
  },
  controlState: () => 'enabled',
  isQuiescent: (s) => s.pending.length === 0,
  describeOutstanding: (s) => [
    ...s.pending.map(
      (p) => `${p.op} 0x${p.address.toString(16)} (id ${p.id}, issued at cycle ${p.issuedAt})`,
    ),
    ...(s.readLeft > 0 || s.writeLeft > 0
      ? [`${s.readLeft} reads and ${s.writeLeft} writes left to send`]
      : []),
  ],
};
