import { DEFAULT_PLAN_NAMES, SCOPED_PLAN_NAMES } from './migration-plan';

/**
 * The fault catalogue (spec oracle.md §5): deliberately broken migration
 * orderings or components, each a real change of behaviour.
 *
 * @example
 * FAULT_NAMES.includes('skip-flush');
 */
export const FAULT_NAMES = [
  'skip-flush',
  'skip-invalidate',
  'skip-tlb-invalidate',
  'skip-drain',
  'drain-all',
  'copy-before-flush',
  'enable-before-invalidate',
  'datamover-absolute-window',
  'early-write-ack',
  'skip-page-drain',
  'flush-wrong-page',
  'unfence-before-invalidate',
] as const;

/** One fault's name. */
export type FaultName = (typeof FAULT_NAMES)[number];

/** What each fault does, for help texts. @example FAULT_DESCRIPTIONS['skip-flush'] */
export const FAULT_DESCRIPTIONS: Readonly<Record<FaultName, string>> = {
  'skip-flush': 'T1: no L2 flush before the copy (dirty lines are dropped by the invalidate)',
  'skip-invalidate': 'T2: no invalidation after the repoint (stale TLB entries and cache lines survive)',
  'skip-tlb-invalidate': 'T2a: invalidate the caches but not the TLBs',
  'skip-drain':
    'T3a: pause the ROBs instead of draining them (in-flight requests keep old physical addresses)',
  'drain-all': 'T3b: drain every component at once instead of ROBs first (deadlocks)',
  'copy-before-flush': 'T4: copy the page before flushing the L2',
  'enable-before-invalidate': 'T6: enable everything after the repoint, invalidate 200 cycles later',
  'datamover-absolute-window':
    "T7: the data mover's old absolute read-window check (the first copy never completes)",
  'early-write-ack': 'T8: the L1 acks a write before the L2 acknowledged it',
  'skip-page-drain':
    'S1 (scoped plans): no drain-page (requests to the page still in flight meet the flush and the copy)',
  'flush-wrong-page': 'S2 (scoped plans): flush-page flushes the neighbouring frame instead of the page’s',
  'unfence-before-invalidate':
    'S3 (scoped plans): lift the fence after the repoint, invalidate the translations 200 cycles later',
};

/**
 * The faults that rewrite page-scoped steps: they change nothing in a plan
 * without them, so `teeth` runs them on {@link SCOPED_PLAN_NAMES}.
 *
 * @example
 * SCOPED_FAULTS.includes('skip-page-drain'); // true
 */
export const SCOPED_FAULTS: readonly FaultName[] = [
  'skip-page-drain',
  'flush-wrong-page',
  'unfence-before-invalidate',
];

/**
 * The plan a fault is measured on by `teeth`: the scoped plan for a scoped
 * fault when the given plan has no page step, else the given plan.
 *
 * @example
 * basePlanFor('skip-page-drain', DEFAULT_PLAN_NAMES); // SCOPED_PLAN_NAMES
 */
export function basePlanFor(fault: FaultName, plan: readonly string[]): readonly string[] {
  if (!SCOPED_FAULTS.includes(fault)) return plan;
  return plan.some((n) => n.endsWith('-page')) ? plan : SCOPED_PLAN_NAMES;
}

/** @returns whether `name` is a known fault. @example isFaultName('skip-flush') */
export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

function replace(plan: string[], from: readonly string[], to: readonly string[]): string[] {
  for (let i = 0; i + from.length <= plan.length; i++) {
    if (from.every((n, k) => plan[i + k] === n)) {
      return [...plan.slice(0, i), ...to, ...plan.slice(i + from.length)];
    }
  }
  return plan;
}

/**
 * Applies the plan-level faults to a plan (by step names). Component-level
 * faults (`datamover-absolute-window`, `early-write-ack`) leave the plan as
 * it is; the topology applies them.
 *
 * @example
 * faultyPlan(DEFAULT_PLAN_NAMES, ['skip-flush']); // drain-robs,pause-rest,copy,repoint,invalidate,enable-all
 */
export function faultyPlan(
  plan: readonly string[] = DEFAULT_PLAN_NAMES,
  faults: readonly FaultName[],
): string[] {
  let p = plan.slice();
  for (const f of faults) {
    switch (f) {
      case 'skip-flush':
        p = p.filter((n) => n !== 'flush-l2');
        break;
      case 'skip-invalidate':
        p = p.filter((n) => !n.startsWith('invalidate'));
        break;
      case 'skip-tlb-invalidate':
        p = p
          .map((n) => (n === 'invalidate' ? 'invalidate-caches' : n))
          .filter((n) => !/^invalidate-(tlbs|l1tlbs|l2tlb)$/.test(n));
        break;
      case 'skip-drain':
        p = p.map((n) => (n === 'drain-robs' ? 'pause-robs' : n));
        break;
      case 'drain-all':
        p = replace(p, ['drain-robs', 'pause-rest'], ['drain-all']);
        break;
      case 'copy-before-flush':
        p = replace(p, ['flush-l2', 'copy'], ['copy', 'flush-l2']);
        break;
      case 'enable-before-invalidate':
        p = replace(
          p,
          ['repoint', 'invalidate', 'enable-all'],
          ['repoint', 'enable-all', 'wait-200', 'drain-robs', 'pause-rest', 'invalidate', 'enable-all'],
        );
        break;
      case 'skip-page-drain':
        p = p.filter((n) => n !== 'drain-page');
        break;
      case 'flush-wrong-page':
        p = p.map((n) => (n === 'flush-page' ? 'flush-next-page' : n));
        break;
      case 'unfence-before-invalidate':
        p = replace(p, ['invalidate-page', 'unfence-page'], ['unfence-page', 'wait-200', 'invalidate-page']);
        break;
      default:
        break;
    }
  }
  return p;
}
