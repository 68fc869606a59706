import type { Msg } from '../../../src/state/contract/messages';
import { SimPanic } from '../../../src/state/contract/sim-panic';
import { Simulation } from '../../../src/streams/kernel/simulation';
import { consumerModel } from '../../support/test-components';

/** The link round's per-port cache of the last destination looked up: mixed destinations land right, a bad one still panics. */
describe('link round destination cache', () => {
  function msg(src: string, dst: string, id: number): Msg {
    return { kind: 'ReadReq', id, src, dst, rspTo: 0, address: id, size: 4, pid: 0 } as Msg;
  }

  test('messages alternating between destinations each reach their own port, in order', () => {
    const sim = new Simulation();
    for (const n of ['A', 'B', 'C']) sim.addComponent(consumerModel, { perTick: 0 }, n);
    const conn = sim.connect('Link', ['A.In', 'B.In', 'C.In']);
    const a = sim.port('A.In');
    const dsts = ['B.In', 'C.In', 'C.In', 'B.In', 'C.In', 'B.In', 'B.In'];
    dsts.forEach((d, i) => {
      a.outgoing.push(msg('A.In', d, i));
    });
    sim.transfer(conn, 1);
    expect(a.outgoing).toHaveLength(0);
    expect(sim.port('B.In').incoming.map((m) => m.id)).toEqual([0, 3, 5, 6]);
    expect(sim.port('C.In').incoming.map((m) => m.id)).toEqual([1, 2, 4]);
    a.outgoing.push(msg('A.In', 'Nowhere.In', 9));
    expect(() => sim.transfer(conn, 2)).toThrow(SimPanic);
  });
});
