import { type ComponentModel, firstMessageId } from '../contract/component';
import type { Msg } from '../contract/messages';
import { readU32, u32Bytes } from '../contract/messages';
import { SimPanic } from '../contract/sim-panic';
import { StepIo } from '../contract/step-io';
import {
  type ChunkList,
  chunkListGet,
  chunkListPush,
  chunkListRemoveAt,
  chunkListToArray,
  emptyChunkList,
} from '../structures/chunk-list';
import { PersistentBitSet } from '../structures/persistent-bitset';
import { PersistentWordList } from '../structures/persistent-word-list';
import { PrngDraws, type PrngState, seedPrng } from '../structures/prng';

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
  readonly written: PersistentWordList;
  /** Membership of `written`, by word. */
  readonly writtenSet: PersistentBitSet;
  /** Requests in flight, in issue order. */
  readonly pending: ChunkList<PendingAccess>;
  readonly nextId: number;
  /** Next scripted access (script mode). */
  readonly scriptPos: number;
  /** Sweep mode: next index of `written` to read back, or -1 when not sweeping. */
  readonly sweepPos: number;
  readonly reads: number;
  readonly writes: number;
}

function make(s: MemoryAgentState, p: Partial<MemoryAgentState>): MemoryAgentState {
  return agentState(
    s,
    p.readLeft ?? s.readLeft,
    p.writeLeft ?? s.writeLeft,
    p.rng ?? s.rng,
    p.written ?? s.written,
    p.writtenSet ?? s.writtenSet,
    p.pending ?? s.pending,
    p.nextId ?? s.nextId,
    p.scriptPos ?? s.scriptPos,
    p.sweepPos ?? s.sweepPos,
    p.reads ?? s.reads,
    p.writes ?? s.writes,
  );
}

function agentState(
  s: MemoryAgentState,
  readLeft: number,
  writeLeft: number,
  rng: PrngState,
  written: PersistentWordList,
  writtenSet: PersistentBitSet,
  pending: ChunkList<PendingAccess>,
  nextId: number,
  scriptPos: number,
  sweepPos: number,
  reads: number,
  writes: number,
): MemoryAgentState {
  return {
    spec: s.spec,
    readLeft,
    writeLeft,
    rng,
    written,
    writtenSet,
    pending,
    nextId,
    scriptPos,
    sweepPos,
    reads,
    writes,
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
  return s.written.toArray().map((w) => s.spec.offset + w * 4);
}

function isPending(s: MemoryAgentState, address: number): boolean {
  const chunks = s.pending.chunks;
  for (let c = 0; c < chunks.length; c++) {
    const ch = chunks[c];
    for (let i = 0; i < ch.length; i++) if (ch[i].address === address) return true;
  }
  return false;
}

/** Index of the pending request with id `id`, or -1. */
function findPending(s: MemoryAgentState, id: number): number {
  const chunks = s.pending.chunks;
  let base = 0;
  for (let c = 0; c < chunks.length; c++) {
    const ch = chunks[c];
    for (let i = 0; i < ch.length; i++) if (ch[i].id === id) return base + i;
    base += ch.length;
  }
  return -1;
}

function handleOneResponse(s: MemoryAgentState, io: StepIo): MemoryAgentState {
  const m: Msg | undefined = io.pop('Mem');
  if (m === undefined) return s;
  if (m.kind !== 'DataReadyRsp' && m.kind !== 'WriteDoneRsp') {
    throw new SimPanic(`MemAccessAgent[${s.spec.agent}]: cannot process message ${m.kind}`);
  }
  const i = findPending(s, m.rspTo);
  const p = i < 0 ? null : chunkListGet(s.pending, i)!;
  const expectOp = m.kind === 'DataReadyRsp' ? 'read' : 'write';
  if (p === null || p.op !== expectOp) {
    io.emit({
      type: 'oracle-error',
      agent: s.spec.agent,
      message: `unexpected ${m.kind} for request ${m.rspTo} (${p === null ? 'not pending' : `pending ${p.op}`})`,
    });
    return s;
  }
  const pending = chunkListRemoveAt(s.pending, i);
  io.emit({
    type: 'request-completed',
    agent: s.spec.agent,
    id: p.id,
    op: p.op,
    address: p.address,
    value: m.kind === 'DataReadyRsp' ? readU32(m.data) : undefined,
    issuedAt: p.issuedAt,
  });
  return agentState(
    s,
    s.readLeft,
    s.writeLeft,
    s.rng,
    s.written,
    s.writtenSet,
    pending,
    s.nextId,
    s.scriptPos,
    s.sweepPos,
    s.reads,
    s.writes,
  );
}

/**
 * Sends one request (the caller checked the address is free and `Mem` has
 * room) and returns the state with it pending; `readLeft`, `writeLeft`,
 * `rng`, `scriptPos` and `sweepPos` are the caller's new values.
 */
function issue(
  s: MemoryAgentState,
  io: StepIo,
  op: 'read' | 'write',
  word: number,
  value: number,
  readLeft: number,
  writeLeft: number,
  rng: PrngState,
  scriptPos: number,
  sweepPos: number,
): MemoryAgentState {
  const spec = s.spec;
  const address = spec.offset + word * 4;
  const id = s.nextId;
  const src = io.fullName('Mem');
  if (op === 'write') {
    io.send('Mem', {
      kind: 'WriteReq',
      id,
      src,
      dst: spec.robPort,
      rspTo: 0,
      address,
      pid: spec.pid,
      data: u32Bytes(value),
      dirtyMask: null,
    });
  } else {
    io.send('Mem', {
      kind: 'ReadReq',
      id,
      src,
      dst: spec.robPort,
      rspTo: 0,
      address,
      pid: spec.pid,
      size: 4,
    });
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
  if (op === 'write' && !writtenSet.has(word)) {
    written = written.push(word);
    writtenSet = writtenSet.add(word);
  }
  const pending = chunkListPush(s.pending, { id, op, address, issuedAt: io.now });
  return agentState(
    s,
    readLeft,
    writeLeft,
    rng,
    written,
    writtenSet,
    pending,
    id + 1,
    scriptPos,
    sweepPos,
    s.reads + (op === 'read' ? 1 : 0),
    s.writes + (op === 'write' ? 1 : 0),
  );
}

/**
 * True when a request to `word` may go out now: `Mem` has room and the
 * address is free (the cheap port check first: it skips the pending scan).
 */
function canIssue(s: MemoryAgentState, io: StepIo, word: number): boolean {
  return io.canSend('Mem') && !isPending(s, s.spec.offset + word * 4);
}

function withRng(s: MemoryAgentState, rng: PrngState): MemoryAgentState {
  return agentState(
    s,
    s.readLeft,
    s.writeLeft,
    rng,
    s.written,
    s.writtenSet,
    s.pending,
    s.nextId,
    s.scriptPos,
    s.sweepPos,
    s.reads,
    s.writes,
  );
}

function tryRandom(s: MemoryAgentState, io: StepIo): MemoryAgentState {
  const known = s.written.size;
  const d = new PrngDraws(s.rng);
  let read: boolean;
  if (known === 0 || s.readLeft === 0) read = false;
  else if (s.writeLeft === 0) read = true;
  else read = d.int(0, 1) === 1;
  if (read) {
    const word = s.written.get(d.int(0, known - 1))!;
    const rng = d.state();
    if (!canIssue(s, io, word)) return withRng(s, rng);
    return issue(s, io, 'read', word, 0, s.readLeft - 1, s.writeLeft, rng, s.scriptPos, s.sweepPos);
  }
  const word = d.int(0, words(s.spec) - 1);
  const value = d.int(0, 0xffffffff);
  const rng = d.state();
  if (!canIssue(s, io, word)) return withRng(s, rng);
  return issue(s, io, 'write', word, value, s.readLeft, s.writeLeft - 1, rng, s.scriptPos, s.sweepPos);
}

function tryScript(s: MemoryAgentState, io: StepIo): MemoryAgentState {
  const a = s.spec.script![s.scriptPos];
  if (!canIssue(s, io, a.word)) return s;
  const readLeft = a.op === 'read' ? s.readLeft - 1 : s.readLeft;
  const writeLeft = a.op === 'read' ? s.writeLeft : s.writeLeft - 1;
  return issue(
    s,
    io,
    a.op,
    a.word,
    (a.value ?? 0) >>> 0,
    readLeft,
    writeLeft,
    s.rng,
    s.scriptPos + 1,
    s.sweepPos,
  );
}

function trySweep(s: MemoryAgentState, io: StepIo): MemoryAgentState {
  if (s.sweepPos >= s.written.size) {
    return s.pending.length === 0 ? make(s, { sweepPos: -1 }) : s;
  }
  const word = s.written.get(s.sweepPos)!;
  if (!canIssue(s, io, word)) return s;
  return issue(s, io, 'read', word, 0, s.readLeft, s.writeLeft, s.rng, s.scriptPos, s.sweepPos + 1);
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
  quietIdle: true,
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
      written: PersistentWordList.empty(W),
      writtenSet: PersistentBitSet.empty(W),
      pending: emptyChunkList(),
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
    ...chunkListToArray(s.pending).map(
      (p) => `${p.op} 0x${p.address.toString(16)} (id ${p.id}, issued at cycle ${p.issuedAt})`,
    ),
    ...(s.readLeft > 0 || s.writeLeft > 0
      ? [`${s.readLeft} reads and ${s.writeLeft} writes left to send`]
      : []),
  ],
};
