import { Subject } from 'rxjs';
import {
  type MigrationControllerInput,
  type MigrationControllerOutput,
  migrationController,
} from '../../src/controllers/migration-controller-operator';
import { defaultPlan, type TargetGroup } from '../../src/controllers/migration-plan';
import { initialPageTable } from '../../src/scenario/topology';
import { computeAddressMap } from '../../src/state/memory/address-map';

const map = computeAddressMap({ agents: 1, maxAddress: 1024, devices: 2 });
const t = (n: string) => `${n}.Control`;
const robs = [t('ROB[0]')];
const rest = [t('AT[0]'), t('L1Cache[0]'), t('L1TLB[0]'), t('L2Cache'), t('L2TLB'), t('IoMMU')];
const targets: Record<TargetGroup, string[]> = {
  robs,
  rest,
  flush: [t('L2Cache')],
  inval: [t('L1Cache[0]'), t('L1TLB[0]'), t('L2Cache'), t('L2TLB')],
  all: [...robs, ...rest],
  caches: [t('L1Cache[0]'), t('L2Cache')],
  tlbs: [t('L1TLB[0]'), t('L2TLB')],
  l1caches: [t('L1Cache[0]')],
  l1tlbs: [t('L1TLB[0]')],
  l2: [t('L2Cache')],
  l2tlb: [t('L2TLB')],
  ats: [t('AT[0]')],
};

test('the migration controller operator sequences a whole migration from acks fed as a stream', () => {
  const input = new Subject<MigrationControllerInput>();
  const out: MigrationControllerOutput[] = [];
  let done = false;
  input
    .pipe(
      migrationController(
        {
          targets,
          moverPort: 'DataMover.Top',
          numPages: 1,
          numDevices: 2,
          deviceStride: map.deviceStride,
          ptBase: map.ptBase,
          pageSize: 4096,
          pid: 1,
          plan: defaultPlan(),
          policy: { kind: 'interval', interval: 3 },
        },
        { pageTable: initialPageTable(map), allAgentsDone: () => done },
      ),
    )
    .subscribe((o) => {
      out.push(o);
      // A perfect hierarchy: ack every command and complete every move right away.
      if (o.kind === 'command') {
        input.next({
          kind: 'ack',
          rsp: {
            kind: 'ControlRsp',
            id: 0,
            src: o.req.dst,
            dst: o.req.src,
            rspTo: o.req.id,
            command: o.req.command,
            success: true,
            error: '',
          },
        });
      } else if (o.kind === 'move') {
        input.next({
          kind: 'moved',
          rsp: { kind: 'DataMoveResponse', id: 0, src: 'DataMover.Top', dst: o.req.src, rspTo: o.req.id },
        });
      } else if (o.kind === 'event' && o.event.type === 'migration-end') done = true;
    });
  for (let now = 1; now <= 40; now++) input.next({ kind: 'tick', now });

  const commands = out
    .filter((o) => o.kind === 'command')
    .map((o) => (o.kind === 'command' ? `${o.req.command}` : ''));
  expect(commands).toEqual([
    'Drain',
    ...Array(6).fill('Pause'),
    'Flush',
    ...Array(4).fill('Invalidate'),
    ...Array(7).fill('Enable'),
  ]);
  const move = out.find((o) => o.kind === 'move');
  expect(move?.kind === 'move' && move.req).toMatchObject({ srcAddress: 0x100000, dstAddress: 0x300000 });
  const pages = out.filter((o) => o.kind === 'set-page').map((o) => (o.kind === 'set-page' ? o.page : null));
  expect(pages.at(-1)).toMatchObject({ pAddr: 0x300000, deviceID: 1, isMigrating: false });
  expect(out.filter((o) => o.kind === 'event' && o.event.type === 'migration-end')).toHaveLength(1);
});
