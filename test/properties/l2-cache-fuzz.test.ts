import fc from 'fast-check';
import type { DataReadyRsp } from '../../src/state/contract/messages';
import { readU32, u32Bytes } from '../../src/state/contract/messages';
import type { ControlVerb } from '../../src/state/control/control-verbs';
import { type L2CacheFaults, l2CacheModel } from '../../src/state/l2-cache/l2-cache';
import { L2Rig } from '../support/l2-rig';

/**
 * control-protocol.md §11: random reads and writes to a handful of
 * addresses, mixed with random control verbs, over a real memory
 * controller, checked against a reference model. Data-mutating verbs
 * (Flush, Invalidate, Reset) are only sent from a paused cache with no
 * workload outstanding (i.e. drained).
 */

/** A rig and address set to fuzz. */
interface Variant {
  readonly addrs: readonly number[];
  readonly rig: ConstructorParameters<typeof L2Rig>[0];
  /**
   * With capacity evictions memory changes outside Flush, so `flushed` is
   * only known right after a Flush: Invalidate and Reset are then only sent
   * when no write was issued since the last Flush ack.
   */
  readonly evictions: boolean;
}

/** §11: six addresses a_k = 64·k; fmix64 puts them in sets 0, 12, 7, 14, 5, 5 of 16, so no capacity eviction. */
const SPEC_RIG: Variant = { addrs: [0, 64, 128, 192, 256, 320], rig: {}, evictions: false };

/**
 * Extension: twelve addresses, two per line, on six lines in one 4-way set
 * (modulo index) spread over a slow and a fast controller, so MSHR joins,
 * dirty evictions, the evicting-set block and write-backs racing fetches
 * happen all the time.
 */
const EVICTION_RIG: Variant = {
  addrs: Array.from(
    { length: 12 },
    (_, k) => Math.floor(k / 2) * 64 + (k % 2) * 8 + (Math.floor(k / 2) % 3) * 16,
  ),
  rig: { l2: { totalBytes: 256, indexing: 'modulo' }, controllers: 2, interleave: 128, mcLatency: [30, 3] },
  evictions: true,
};

const WIND_DOWN_BUDGET = 20_000;

interface Iteration {
  /** 0 write, 1 read, 2 control verb, 3 nothing. */
  readonly choice: number;
  readonly addr: number;
  readonly value: number;
  readonly pick: number;
  readonly ticks: number;
}

const iterationArb: fc.Arbitrary<Iteration> = fc.record({
  choice: fc.integer({ min: 0, max: 3 }),
  addr: fc.nat(11),
  value: fc.integer({ min: 0, max: 0xffffffff }),
  pick: fc.nat(5),
  ticks: fc.integer({ min: 1, max: 8 }),
});

const scenarioArb = fc.array(iterationArb, { minLength: 50, maxLength: 300, size: 'max' });

interface Pending {
  readonly addr: number;
  readonly op: 'read' | 'write';
}

/**
 * Runs one scenario against the L2 (with optional faults); throws on any
 * violated check. `memoryCheck` also compares memory with `flushed` at
 * every Flush ack (stronger than §11, which only checks read values).
 */
function runScenario(
  variant: Variant,
  iterations: readonly Iteration[],
  faults?: L2CacheFaults,
  memoryCheck = true,
): void {
  const ADDRS = variant.addrs;
  const rig = new L2Rig({ ...variant.rig, l2: { ...variant.rig?.l2, faults } });
  const model = new Map<number, number>(ADDRS.map((a) => [a, 0]));
  let flushed = new Map(model);
  /** True while memory is known to equal `flushed` (always, without evictions). */
  let durable = true;
  const busy = new Set<number>();
  const pending = new Map<number, Pending>();
  const ctrl = new Map<number, ControlVerb>();
  let paused = false;

  const fail = (msg: string): never => {
    throw new Error(`${msg} (cycle ${rig.l2.now}, mode ${rig.state.mode})`);
  };

  const collect = () => {
    for (const r of rig.replies.splice(0)) {
      const p = pending.get(r.rspTo);
      if (p === undefined) fail(`reply ${r.kind} to unknown request ${r.rspTo}`);
      pending.delete(r.rspTo);
      busy.delete(p!.addr);
      if (p!.op === 'read') {
        if (r.kind !== 'DataReadyRsp') fail(`read answered with ${r.kind}`);
        const got = readU32((r as DataReadyRsp).data);
        const want = model.get(p!.addr)!;
        if (got !== want)
          fail(`read 0x${p!.addr.toString(16)} returned 0x${got.toString(16)}, model 0x${want.toString(16)}`);
      } else if (r.kind !== 'WriteDoneRsp') fail(`write answered with ${r.kind}`);
    }
    for (const a of rig.acks.splice(0)) {
      const verb = ctrl.get(a.rspTo);
      if (verb === undefined) fail(`ack for unknown control request ${a.rspTo}`);
      ctrl.delete(a.rspTo);
      if (a.command !== verb || !a.success)
        fail(`${verb} acked ${a.command} success=${a.success} '${a.error}'`);
      if (verb === 'Pause' || verb === 'Drain') paused = true;
      if (verb === 'Enable' || verb === 'Reset') paused = false;
      if (verb === 'Drain') {
        const s = rig.state;
        if (!l2CacheModel.isQuiescent(s) || s.pendingEvictions.length + s.inflightEvictions.length > 0) {
          fail('Drain acked while the cache is not quiescent');
        }
      }
      if (verb === 'Flush' && memoryCheck) {
        // Flush was sent from a drained cache, so memory must now hold every value.
        for (const addr of ADDRS) {
          const mem = readU32(rig.memory(addr));
          if (mem !== flushed.get(addr))
            fail(`after Flush memory 0x${addr.toString(16)} = 0x${mem.toString(16)}`);
        }
      }
      if (verb === 'Flush') durable = true;
    }
  };

  const sendControl = (verb: ControlVerb) => {
    const req = rig.control(verb);
    if (req === undefined) fail('Control buffer full');
    ctrl.set(req!.id, verb);
  };

  const pickControl = (pick: number) => {
    if (!paused) return sendControl(pick % 2 === 0 ? 'Pause' : 'Drain');
    if (pending.size > 0) return sendControl('Enable');
    switch (pick) {
      case 0:
      case 1:
        flushed = new Map(model);
        return sendControl('Flush');
      case 2:
      case 3:
        if (!durable) return sendControl('Enable');
        model.clear();
        for (const [a, v] of flushed) model.set(a, v); // dropped dirty data is lost
        return sendControl(pick === 2 ? 'Invalidate' : 'Reset');
      default:
        return sendControl('Enable');
    }
  };

  const issue = (it: Iteration) => {
    const free = ADDRS.filter((a) => !busy.has(a));
    if (free.length === 0) return;
    const addr = free[it.addr % free.length];
    if (it.choice === 0) {
      const req = rig.write(addr, u32Bytes(it.value));
      if (req === undefined) return;
      model.set(addr, it.value >>> 0);
      pending.set(req.id, { addr, op: 'write' });
      if (variant.evictions) durable = false;
    } else {
      const req = rig.read(addr);
      if (req === undefined) return;
      pending.set(req.id, { addr, op: 'read' });
    }
    busy.add(addr);
  };

  for (const it of iterations) {
    if (ctrl.size === 0) {
      if (it.choice === 0 || it.choice === 1) issue(it);
      else if (it.choice === 2) pickControl(it.pick);
    }
    for (let k = 0; k < it.ticks; k++) {
      rig.tick();
      collect();
    }
  }

  // Wind-down: settle control, resume, let every request finish.
  for (let k = 0; k < WIND_DOWN_BUDGET && ctrl.size > 0; k++) {
    rig.tick();
    collect();
  }
  if (ctrl.size > 0) fail(`control ${[...ctrl.values()].join(',')} never acked`);
  if (paused) sendControl('Enable');
  for (let k = 0; k < WIND_DOWN_BUDGET && (pending.size > 0 || ctrl.size > 0); k++) {
    rig.tick();
    collect();
  }
  if (ctrl.size > 0) fail('final Enable never acked');
  if (pending.size > 0)
    fail(`${pending.size} workload requests lost: ${l2CacheModel.describeOutstanding(rig.state).join('; ')}`);

  // Final read-back of every address.
  const reads = ADDRS.map((addr) => {
    const req = rig.read(addr);
    if (req === undefined) fail('Top full at read-back');
    pending.set(req!.id, { addr, op: 'read' });
    return req!;
  });
  for (let k = 0; k < WIND_DOWN_BUDGET && pending.size > 0; k++) {
    rig.tick();
    collect();
  }
  if (pending.size > 0) fail(`${pending.size} of ${reads.length} read-backs never answered`);
}

const property = (variant: Variant, faults?: L2CacheFaults, memoryCheck = true) =>
  fc.property(scenarioArb, (iterations) => {
    runScenario(variant, iterations, faults, memoryCheck);
  });

describe('L2 write-back cache fuzz (control-protocol.md §11)', () => {
  // 5 seeds × 60 runs = 300 runs per CI run on the §11 rig, each 50–300 iterations.
  test.each([1, 2, 3, 4, 5])(
    'seed %i: values, liveness and control replies hold under random verbs',
    (seed) => {
      fc.assert(property(SPEC_RIG), { seed, numRuns: 60 });
    },
  );

  test.each([11, 12])(
    'seed %i, eviction-heavy rig: the same checks hold with dirty evictions everywhere',
    (seed) => {
      fc.assert(property(EVICTION_RIG), { seed, numRuns: 60 });
    },
  );

  test('teeth: a flush that skips one dirty line but marks it clean is caught', () => {
    const r = fc.check(property(SPEC_RIG, { flushSkipsOneLine: true }), {
      seed: 1,
      numRuns: 200,
      endOnFailure: true,
    });
    expect(r.failed).toBe(true);
    expect(String(r.errorInstance)).toMatch(/after Flush memory/);
  });

  test('teeth: the read-value checks alone (no memory check) also catch the skipped flush line', () => {
    const r = fc.check(property(SPEC_RIG, { flushSkipsOneLine: true }, false), {
      seed: 1,
      numRuns: 200,
      endOnFailure: true,
    });
    expect(r.failed).toBe(true);
    expect(String(r.errorInstance)).toMatch(/returned/);
  });

  test('teeth: an Enable that drops requests queued while paused is caught', () => {
    const r = fc.check(property(SPEC_RIG, { enableDropsFrozen: true }), {
      seed: 1,
      numRuns: 200,
      endOnFailure: true,
    });
    expect(r.failed).toBe(true);
    expect(String(r.errorInstance)).toMatch(/lost/);
  });

  test.each([
    ['flushSkipsOneLine', { flushSkipsOneLine: true }],
    ['enableDropsFrozen', { enableDropsFrozen: true }],
  ] as const)('teeth: the eviction-heavy rig also catches %s', (_name, faults) => {
    const r = fc.check(property(EVICTION_RIG, faults), { seed: 11, numRuns: 200, endOnFailure: true });
    expect(r.failed).toBe(true);
  });
});
