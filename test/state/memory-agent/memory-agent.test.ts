import type { Msg } from '../../../src/state/contract/messages';
import { readU32, u32Bytes } from '../../../src/state/contract/messages';
import type { SimEvent } from '../../../src/state/contract/sim-events';
import {
  agentDone,
  beginSweep,
  type MemoryAgentSpec,
  memoryAgentModel,
  writtenAddresses,
} from '../../../src/state/memory-agent/memory-agent';
import { chunkListToArray } from '../../../src/state/structures/chunk-list';
import { ComponentRig } from '../../support/component-rig';

const spec = (over: Partial<MemoryAgentSpec> = {}): MemoryAgentSpec => ({
  agent: 0,
  maxAddress: 64,
  offset: 4096,
  numAccess: 200,
  seed: 7,
  robPort: 'ROB[0].Top',
  pid: 1,
  ...over,
});

/** Runs an agent against a perfect memory that answers each request after `latency` ticks. */
function runAgainstMemory(s: MemoryAgentSpec, latency = 3, maxTicks = 100_000) {
  const rig = new ComponentRig(memoryAgentModel, s, { name: 'MemAccessAgent[0]' });
  const mem = new Map<number, number>();
  const queue: Array<{ due: number; msg: Msg }> = [];
  const sent: Msg[] = [];
  let id = 1;
  for (let t = 0; t < maxTicks && !agentDone(rig.state); t++) {
    rig.tick();
    for (const m of rig.drainOutgoing('Mem')) {
      sent.push(m);
      queue.push({ due: rig.now + latency, msg: m });
    }
    while (queue.length > 0 && queue[0].due <= rig.now) {
      const { msg } = queue[0];
      if (msg.kind === 'WriteReq') {
        mem.set(msg.address, readU32(msg.data));
        if (
          !rig.deliver('Mem', {
            kind: 'WriteDoneRsp',
            id: id++,
            src: 'ROB[0].Top',
            dst: msg.src,
            rspTo: msg.id,
          })
        )
          break;
      } else if (msg.kind === 'ReadReq') {
        const data = u32Bytes(mem.get(msg.address) ?? 0);
        if (
          !rig.deliver('Mem', {
            kind: 'DataReadyRsp',
            id: id++,
            src: 'ROB[0].Top',
            dst: msg.src,
            rspTo: msg.id,
            data,
          })
        )
          break;
      }
      queue.shift();
    }
  }
  return { rig, sent, mem };
}

describe('memory-access agent', () => {
  test('issues exactly numAccess reads and writes; the first request is a write', () => {
    const { rig, sent } = runAgainstMemory(spec());
    expect(agentDone(rig.state)).toBe(true);
    expect(sent.filter((m) => m.kind === 'WriteReq')).toHaveLength(200);
    expect(sent.filter((m) => m.kind === 'ReadReq')).toHaveLength(200);
    expect(sent[0].kind).toBe('WriteReq');
  });

  test('reads only addresses already written; addresses are word aligned inside the range', () => {
    const { sent } = runAgainstMemory(spec());
    const written = new Set<number>();
    for (const m of sent) {
      if (m.kind !== 'ReadReq' && m.kind !== 'WriteReq') continue;
      expect(m.address % 4).toBe(0);
      expect(m.address).toBeGreaterThanOrEqual(4096);
      expect(m.address).toBeLessThan(4096 + 64);
      expect(m.pid).toBe(1);
      if (m.kind === 'WriteReq') written.add(m.address);
      else expect(written.has(m.address)).toBe(true);
    }
  });

  test('never has two requests outstanding to one address', () => {
    const rig = new ComponentRig(memoryAgentModel, spec({ maxAddress: 16 }), { name: 'A' });
    for (let t = 0; t < 500; t++) {
      rig.tick();
      const addrs = chunkListToArray(rig.state.pending).map((p) => p.address);
      expect(new Set(addrs).size).toBe(addrs.length);
    }
    expect(rig.state.pending.length).toBe(4); // all four words in flight, never answered
  });

  test('reads sample the written set uniformly', () => {
    const { sent } = runAgainstMemory(spec({ maxAddress: 32, numAccess: 4000 }), 1);
    const counts = new Map<number, number>();
    for (const m of sent.slice(200))
      if (m.kind === 'ReadReq') counts.set(m.address, (counts.get(m.address) ?? 0) + 1);
    expect(counts.size).toBe(8);
    const vals = [...counts.values()];
    const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
    for (const v of vals) expect(Math.abs(v - mean) / mean).toBeLessThan(0.25);
  });

  test('the same seed gives the same request stream; another seed a different one', () => {
    const a = runAgainstMemory(spec()).sent.map((m) => JSON.stringify({ ...m, data: undefined }));
    const b = runAgainstMemory(spec()).sent.map((m) => JSON.stringify({ ...m, data: undefined }));
    const c = runAgainstMemory(spec({ seed: 8 })).sent.map((m) => JSON.stringify({ ...m, data: undefined }));
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  test('script mode issues exactly the scripted accesses in order', () => {
    const script = [
      { op: 'write' as const, word: 3, value: 0xabcd },
      { op: 'read' as const, word: 3 },
      { op: 'write' as const, word: 0, value: 1 },
    ];
    const { sent, rig } = runAgainstMemory(spec({ script }));
    expect(sent.map((m) => [m.kind, (m as { address: number }).address])).toEqual([
      ['WriteReq', 4096 + 12],
      ['ReadReq', 4096 + 12],
      ['WriteReq', 4096],
    ]);
    expect(rig.events.filter((e) => e.type === 'request-completed')).toHaveLength(3);
  });

  test('completions carry the value read; issues carry the value written', () => {
    const { rig } = runAgainstMemory(spec({ numAccess: 20 }));
    const issued = rig.events.filter(
      (e): e is Extract<SimEvent, { type: 'request-issued' }> => e.type === 'request-issued',
    );
    const last = new Map<number, number>();
    for (const e of issued) if (e.op === 'write') last.set(e.address, e.value!);
    const reads = rig.events.filter(
      (e): e is Extract<SimEvent, { type: 'request-completed' }> =>
        e.type === 'request-completed' && e.op === 'read',
    );
    expect(reads.length).toBe(20);
    for (const r of reads) expect(last.has(r.address)).toBe(true);
  });

  test('an unexpected response is reported as an oracle error, not ignored', () => {
    const rig = new ComponentRig(memoryAgentModel, spec(), { name: 'A' });
    rig.deliver('Mem', { kind: 'WriteDoneRsp', id: 99, src: 'ROB[0].Top', dst: 'A.Mem', rspTo: 12345 });
    rig.tick();
    expect(rig.events.some((e) => e.type === 'oracle-error')).toBe(true);
  });

  test('sweep mode reads back every written address once', () => {
    const { rig } = runAgainstMemory(spec({ numAccess: 50 }));
    const addrs = writtenAddresses(rig.state);
    rig.state = beginSweep(rig.state);
    expect(agentDone(rig.state)).toBe(false);
    const sent: Msg[] = [];
    for (let t = 0; t < 2000 && !agentDone(rig.state); t++) {
      rig.tick();
      for (const m of rig.drainOutgoing('Mem')) {
        sent.push(m);
        rig.deliver('Mem', {
          kind: 'DataReadyRsp',
          id: 1e6 + t,
          src: 'x',
          dst: m.src,
          rspTo: m.id,
          data: new Uint8Array(4),
        });
      }
    }
    expect(agentDone(rig.state)).toBe(true);
    expect(sent.map((m) => (m as { address: number }).address)).toEqual(addrs);
  });
});
