import type { ControlVerb } from '../control/control-verbs';

/**
 * Observable simulation events: what components report about themselves
 * besides their messages. They feed the oracle's bookkeeping, statistics,
 * traces and the embedding API.
 *
 * @example
 * const e: SimEvent = { type: 'request-issued', agent: 0, id: 7, op: 'write', address: 64, value: 5 };
 */
export type SimEvent =
  | {
      readonly type: 'request-issued';
      readonly agent: number;
      readonly id: number;
      readonly op: 'read' | 'write';
      readonly address: number;
      readonly value?: number;
    }
  | {
      readonly type: 'request-completed';
      readonly agent: number;
      readonly id: number;
      readonly op: 'read' | 'write';
      readonly address: number;
      readonly value?: number;
      readonly issuedAt: number;
    }
  | {
      readonly type: 'mismatch';
      readonly agent: number;
      readonly address: number;
      readonly expected: number;
      readonly actual: number;
      readonly accepted: readonly number[];
      readonly mode: 'strict' | 'lenient';
    }
  | { readonly type: 'oracle-error'; readonly agent: number; readonly message: string }
  | { readonly type: 'stale-accepted'; readonly agent: number; readonly address: number }
  | {
      readonly type: 'migration-begin';
      readonly migration: number;
      readonly page: number;
      readonly fromDevice: number;
      readonly toDevice: number;
      readonly srcAddr: number;
      readonly dstAddr: number;
    }
  | {
      readonly type: 'phase-begin';
      readonly migration: number;
      readonly phase: string;
      readonly step: number;
    }
  | { readonly type: 'phase-end'; readonly migration: number; readonly phase: string; readonly step: number }
  | { readonly type: 'migration-end'; readonly migration: number; readonly page: number }
  | {
      readonly type: 'repoint';
      readonly migration: number;
      readonly page: number;
      readonly pAddr: number;
      readonly deviceID: number;
    }
  | {
      readonly type: 'control-handled';
      readonly component: string;
      readonly command: ControlVerb;
      readonly success: boolean;
    };
