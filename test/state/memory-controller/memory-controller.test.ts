import type { DataReadyRsp, ReadReq, WriteReq } from '../../../src/state/contract/messages';
import { readU32 } from '../../../src/state/contract/messages';
import { CACHE_LIKE, UNIVERSAL } from '../../../src/state/control/control-verbs';
import { memoryControllerModel } from '../../../src/state/memory-controller/memory-controller';
import { ComponentRig } from '../../support/component-rig';
import { runContract, sendAndWait } from '../../support/contract';
import { readReq, writeReq } from '../../support/requests';

const spec = { latency: 100, width: 1, capacity: 1 << 20 };
const fresh = () => new ComponentRig(memoryControllerModel, spec, { name: 'MemCtrl' });

function read(rig: ComponentRig<any, any>, address: number): ReadReq {
  return readReq(rig, { src: 'Req', dst: 'MemCtrl.Top' }, address);
}
function write(rig: ComponentRig<any, any>, address: number, v: number): WriteReq {
  return writeReq(rig, { src: 'Req', dst: 'MemCtrl.Top' }, address, v);
}

runContract('memory controller', () => ({ rig: fresh() }), UNIVERSAL);

describe('ideal memory controller', () => {
  test('a request admitted in tick t answers in tick t+99', () => {
    const rig = fresh();
    rig.deliver('Top', read(rig, 0));
    const admittedAt = rig.now;
    let answeredAt = -1;
    for (let i = 0; i < 200 && answeredAt < 0; i++) {
      const at = rig.now;
      rig.tick();
      if (rig.peekOutgoing('Top')) answeredAt = at;
    }
    expect(answeredAt - admittedAt).toBe(99);
  });

  test('effects on storage happen in arrival order: a read after a write sees it', () => {
    const rig = fresh();
    rig.deliver('Top', write(rig, 64, 0xdeadbeef));
    rig.deliver('Top', read(rig, 64));
    rig.ticks(300);
    const out = rig.drainOutgoing('Top');
    expect(out.map((m) => m.kind)).toEqual(['WriteDoneRsp', 'DataReadyRsp']);
    expect(readU32((out[1] as DataReadyRsp).data)).toBe(0xdeadbeef);
  });

  test('masked writes change only dirty bytes', () => {
    const rig = fresh();
    rig.deliver('Top', write(rig, 0, 0x11223344));
    const masked: WriteReq = { ...write(rig, 0, 0xaabbccdd), dirtyMask: Uint8Array.of(1, 0, 0, 1) };
    rig.deliver('Top', masked);
    rig.deliver('Top', read(rig, 0));
    rig.ticks(400);
    const out = rig.drainOutgoing('Top');
    expect(readU32((out[2] as DataReadyRsp).data)).toBe(0xaa2233dd);
  });

  test('Drain acks only when the in-flight list is empty', () => {
    const rig = fresh();
    rig.deliver('Top', read(rig, 0));
    rig.tick();
    const { rsp } = sendAndWait(rig, 'Drain', 50);
    expect(rsp).toBeUndefined();
    expect(rig.model.controlState(rig.state)).toBe('draining');
    rig.tickUntil(() => rig.peekOutgoing('Control') !== undefined, 200);
    expect(rig.retrieveOutgoing('Control')).toMatchObject({ command: 'Drain', success: true });
    expect(rig.model.controlState(rig.state)).toBe('paused');
    expect(rig.drainOutgoing('Top')).toHaveLength(1);
  });

  test('Pause freezes in-flight work and Enable resumes it without loss', () => {
    const rig = fresh();
    rig.deliver('Top', read(rig, 0));
    rig.ticks(10);
    expect(sendAndWait(rig, 'Pause', 64).rsp?.success).toBe(true);
    rig.deliver('Top', read(rig, 4));
    rig.ticks(500);
    expect(rig.drainOutgoing('Top')).toHaveLength(0);
    expect(rig.ports.Top.incoming).toHaveLength(1);
    expect(sendAndWait(rig, 'Enable', 64).rsp?.success).toBe(true);
    rig.ticks(300);
    expect(rig.drainOutgoing('Top')).toHaveLength(2);
  });

  test('Reset drops in-flight work and queued traffic', () => {
    const rig = fresh();
    rig.deliver('Top', read(rig, 0));
    rig.deliver('Top', read(rig, 4));
    rig.tick();
    expect(sendAndWait(rig, 'Reset', 64).rsp?.success).toBe(true);
    rig.ticks(300);
    expect(rig.drainOutgoing('Top')).toHaveLength(0);
    expect(rig.model.isQuiescent(rig.state)).toBe(true);
  });

  test('Invalidate and Flush are unsupported in every state', () => {
    const rig = fresh();
    expect(CACHE_LIKE.has('Flush')).toBe(true);
    expect(sendAndWait(rig, 'Flush', 64).rsp).toMatchObject({ success: false, error: 'unsupported' });
    sendAndWait(rig, 'Pause', 64);
    expect(sendAndWait(rig, 'Invalidate', 64).rsp).toMatchObject({ success: false, error: 'unsupported' });
  });
});
