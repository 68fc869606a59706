import type { ControlReq, ControlRsp, Msg } from '../../src/state/contract/messages';
import {
  CONTROL_VERBS,
  type ControlVerb,
  isPageVerb,
  isSyncVerb,
  type SupportSet,
} from '../../src/state/control/control-verbs';
import type { ComponentRig } from './component-rig';

/** What the contract harness needs from a freshly built component. */
export interface ContractSubject {
  readonly rig: ComponentRig<any, any>;
  /** Quiescence probe; defaults to the model's `isQuiescent`. */
  readonly isQuiescent?: () => boolean;
}

const SYNC_BUDGET = 64;
const ASYNC_BUDGET = 4096;

function controlReq(rig: ComponentRig<any, any>, command: ControlVerb): ControlReq {
  return {
    kind: 'ControlReq',
    id: rig.freshId(),
    src: 'ContractAgent',
    dst: rig.portName('Control'),
    rspTo: 0,
    command,
    // A page verb names one page (docs/scoped-migration.md); the others every entry.
    addresses: isPageVerb(command) ? [0x1000] : [],
    pid: 0,
    ...(isPageVerb(command) ? { bytes: 4096 } : {}),
  };
}

/**
 * Sends `command` to the rig's Control port and ticks until a reply shows up
 * in the Control outgoing buffer or the budget runs out
 * (control-protocol.md §8, waitForRsp).
 */
export function sendAndWait(
  rig: ComponentRig<any, any>,
  command: ControlVerb,
  budget: number,
): { req: ControlReq; rsp: ControlRsp | undefined } {
  const req = controlReq(rig, command);
  if (!rig.deliver('Control', req)) throw new Error('Control incoming buffer full');
  for (let i = 0; i < budget; i++) {
    const m = findRsp(rig);
    if (m) return { req, rsp: m };
    rig.tick();
  }
  return { req, rsp: findRsp(rig) };
}

function findRsp(rig: ComponentRig<any, any>): ControlRsp | undefined {
  const m: Msg | undefined = rig.retrieveOutgoing('Control');
  if (m === undefined) return undefined;
  if (m.kind !== 'ControlRsp') throw new Error(`non-control message on Control: ${m.kind}`);
  return m;
}

/**
 * The upstream conformance harness as a jest test factory: one test per
 * verb (round trip), illegal-when-enabled for supported conditional verbs,
 * idempotent Pause and Enable, and Reset from Paused — each on a freshly
 * built component.
 */
export function runContract(name: string, buildFresh: () => ContractSubject, support: SupportSet): void {
  describe(`control contract: ${name}`, () => {
    const quiescent = (s: ContractSubject) =>
      s.isQuiescent ? s.isQuiescent() : s.rig.model.isQuiescent(s.rig.state);

    for (const verb of CONTROL_VERBS) {
      test(`${verb} round trip`, () => {
        const s = buildFresh();
        const supported = support.has(verb);
        if (supported && (verb === 'Invalidate' || verb === 'Flush')) {
          const p = sendAndWait(s.rig, 'Pause', SYNC_BUDGET);
          expect(p.rsp?.success).toBe(true);
        }
        const budget = supported && !isSyncVerb(verb) ? ASYNC_BUDGET : SYNC_BUDGET;
        const { req, rsp } = sendAndWait(s.rig, verb, budget);
        expect(rsp).toBeDefined();
        expect(rsp!.command).toBe(verb);
        expect(rsp!.rspTo).toBe(req.id);
        expect(rsp!.dst).toBe('ContractAgent');
        expect(rsp!.src).toBe(s.rig.portName('Control'));
        if (supported) {
          expect(rsp!.success).toBe(true);
          expect(rsp!.error).toBe('');
          if (verb === 'Drain' || verb === 'Reset') expect(quiescent(s)).toBe(true);
        } else {
          expect(rsp!.success).toBe(false);
          expect(rsp!.error).toBe('unsupported');
        }
      });
    }

    for (const verb of ['Invalidate', 'Flush'] as const) {
      if (!support.has(verb)) continue;
      test(`${verb} is illegal when enabled`, () => {
        const s = buildFresh();
        const { rsp } = sendAndWait(s.rig, verb, SYNC_BUDGET);
        expect(rsp?.command).toBe(verb);
        expect(rsp?.success).toBe(false);
        expect(rsp?.error).toBe('must be paused or drained');
      });
    }

    if (support.has('Pause')) {
      test('Pause is idempotent', () => {
        const s = buildFresh();
        expect(sendAndWait(s.rig, 'Pause', SYNC_BUDGET).rsp?.success).toBe(true);
        expect(sendAndWait(s.rig, 'Pause', SYNC_BUDGET).rsp?.success).toBe(true);
      });
    }
    if (support.has('Enable')) {
      test('Enable is idempotent', () => {
        const s = buildFresh();
        expect(sendAndWait(s.rig, 'Enable', SYNC_BUDGET).rsp?.success).toBe(true);
        expect(sendAndWait(s.rig, 'Enable', SYNC_BUDGET).rsp?.success).toBe(true);
      });
    }
    if (support.has('Pause') && support.has('Reset')) {
      test('Reset from paused', () => {
        const s = buildFresh();
        expect(sendAndWait(s.rig, 'Pause', SYNC_BUDGET).rsp?.success).toBe(true);
        expect(sendAndWait(s.rig, 'Reset', SYNC_BUDGET).rsp?.success).toBe(true);
        expect(quiescent(s)).toBe(true);
      });
    }
  });
}
