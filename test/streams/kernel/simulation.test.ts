import type { ComponentModel } from '../../../src/state/contract/component';
import { StepIo } from '../../../src/state/contract/step-io';
import { connectionTraffic } from '../../../src/streams/kernel/connection-traffic';
import { Simulation } from '../../../src/streams/kernel/simulation';
import { type ConsumerState, consumerModel, producerModel } from '../../support/test-components';

function build(producers: number, count: number, consumerPerTick: number, buffer = 16) {
  const sim = new Simulation();
  const prods = Array.from({ length: producers }, (_, i) =>
    sim.addComponent(producerModel, { count, dst: 'C.In', perTick: 4 }, `P${i}`, buffer),
  );
  const cons = sim.addComponent(consumerModel, { perTick: consumerPerTick }, 'C', buffer);
  sim.connect('Link', [...prods.map((_, i) => `P${i}.Out`), 'C.In']);
  for (const p of prods) sim.wake(p, 1);
  return { sim, prods, cons };
}

describe('links', () => {
  test('one hop costs one cycle: sent in cycle c, handled in cycle c+1', () => {
    const { sim, cons } = build(1, 1, 1);
    sim.runUntil(100);
    expect((cons.state as ConsumerState).received).toEqual([{ src: 'P0.Out', seq: 0, cycle: 2 }]);
  });

  test('a full receive buffer stalls the sender; nothing is dropped or reordered', () => {
    const { sim, prods, cons } = build(1, 200, 1, 4);
    sim.runUntil(10_000);
    const got = (cons.state as ConsumerState).received.map((r) => r.seq);
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect((cons.state as ConsumerState).maxQueued).toBeLessThanOrEqual(4);
    expect(prods[0].state.stalls).toBeGreaterThan(0);
    expect(sim.scheduler.peekTime()).toBeUndefined();
  });

  test('credits never go negative and match free space', () => {
    const { sim, cons } = build(2, 50, 1, 3);
    const port = sim.port('C.In');
    while (sim.scheduler.peekTime() !== undefined) {
      sim.runUntil(sim.scheduler.peekTime()!);
      expect(port.credits).toBeGreaterThanOrEqual(0);
      expect(port.credits).toBe(port.incomingCap - port.incoming.length);
    }
    expect((cons.state as ConsumerState).received).toHaveLength(100);
  });

  test('several senders into one receiver interleave fairly and each stays FIFO', () => {
    const { sim, cons } = build(3, 60, 1, 4);
    sim.runUntil(100_000);
    const rec = (cons.state as ConsumerState).received;
    expect(rec).toHaveLength(180);
    for (const p of ['P0.Out', 'P1.Out', 'P2.Out']) {
      const seqs = rec.filter((r) => r.src === p).map((r) => r.seq);
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i));
    }
    // The rotating start index visits every plugged port (the receiver's too, as in the
    // reference), so no sender starves: while all three have work, every window of
    // 2 × (ports) deliveries after the initial buffer fill contains each of them.
    const window = 8;
    for (let i = 4; i + window <= 100; i++) {
      const srcs = new Set(rec.slice(i, i + window).map((r) => r.src));
      expect(srcs.size).toBe(3);
    }
  });

  test('a sleeping receiver is woken by a delivery into its empty buffer', () => {
    const { sim, cons } = build(1, 3, 4);
    sim.runUntil(1000);
    expect((cons.state as ConsumerState).received.map((r) => r.cycle)).toEqual([2, 2, 2]);
    expect(cons.ticks).toBe(2); // woken once, then one more tick because it made progress
  });
});

/** A component that makes progress every tick forever (a livelock, as far as the kernel can tell). */
const spinnerModel: ComponentModel<null, { readonly ticks: number }> = {
  kind: 'test-spinner',
  ports: () => [],
  init: () => ({ ticks: 0 }),
  step(s, ev, now) {
    const io = new StepIo(ev, now);
    io.progress();
    return io.result({ ticks: s.ticks + 1 });
  },
  controlState: () => 'enabled',
  isQuiescent: () => false,
  describeOutstanding: () => ['spinning'],
};

describe('runUntil', () => {
  test('a machine that never goes quiet, asked to run to a far cycle, stops at the event cap (capped), and goes on when called again', () => {
    const sim = new Simulation();
    const spin = sim.addComponent(spinnerModel, null, 'Spin');
    sim.wake(spin, 1);
    const more = sim.runUntil(1e15, 50_000);
    expect(more).toBe(true);
    expect(sim.capped).toBe(true);
    expect(sim.scheduler.now()).toBeLessThan(1e6);
    const ticks = spin.state.ticks;
    expect(ticks).toBeGreaterThanOrEqual(50_000);
    sim.runUntil(1e15, 50_000);
    expect(spin.state.ticks).toBeGreaterThan(ticks);
    sim.runUntil(sim.scheduler.now() + 10);
    expect(sim.capped).toBe(false);
  });

  test('running to a cycle in several calls, or past the flush window, is the same as one call', () => {
    const a = build(2, 3000, 1);
    const b = build(2, 3000, 1);
    a.sim.runUntil(20_000);
    for (const t of [1, 17, 4096, 4097, 9000, 20_000]) b.sim.runUntil(t);
    expect(a.sim.capped).toBe(false);
    expect((b.cons.state as ConsumerState).received).toEqual((a.cons.state as ConsumerState).received);
    expect((a.cons.state as ConsumerState).received).toHaveLength(6000);
    expect(b.sim.scheduler.now()).toBe(a.sim.scheduler.now());
    expect(b.sim.scheduler.eventsRun).toBe(a.sim.scheduler.eventsRun);
  });
});

describe('connectionTraffic', () => {
  test('a cold observable of one link: nothing until subscribed, then every message it moves; unknown names error', () => {
    const { sim } = build(2, 50, 4);
    const seen: number[] = [];
    const obs = connectionTraffic(sim, 'Link');
    sim.runUntil(5);
    expect(sim.transfers$.observed).toBe(false);
    const sub = obs.subscribe((t) => seen.push(t.cycle));
    expect(sim.transfers$.observed).toBe(true);
    sim.runUntil(10_000);
    sub.unsubscribe();
    expect(sim.transfers$.observed).toBe(false);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThanOrEqual(100);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(5);
    let error: unknown = null;
    connectionTraffic(sim, 'Nope').subscribe({ error: (e) => (error = e) });
    expect(String(error)).toMatch(/no connection named Nope \(known: Link\)/);
  });
});
