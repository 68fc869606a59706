import type { ControlVerb } from '../state/control/control-verbs';

/**
 * Groups of control targets (migration.md §3). `robs`, `rest`, `inval` and
 * `all` are the reference's lists; the others are finer-grained subsets
 * (`ats`: the address translators, for the page fence).
 */
export type TargetGroup =
  | 'robs'
  | 'rest'
  | 'flush'
  | 'inval'
  | 'all'
  | 'caches'
  | 'tlbs'
  | 'l1caches'
  | 'l1tlbs'
  | 'l2'
  | 'l2tlb'
  | 'ats';

/**
 * One step of a migration plan: a control verb sent to a target group and
 * awaited, the page copy, the page-table repoint, or a wait. A page verb
 * (`FencePage`, …) names the migrating page: its virtual page for the ATs and
 * TLBs, its source frame for the caches — or, with `neighbour`, the frame
 * after it (the `flush-wrong-page` fault).
 *
 * @example
 * const s: PlanStep = { name: 'flush-l2', op: 'control', verb: 'Flush', group: 'flush' };
 */
export type PlanStep =
  | {
      readonly name: string;
      readonly op: 'control';
      readonly verb: ControlVerb;
      readonly group: TargetGroup;
      readonly neighbour?: boolean;
    }
  | { readonly name: string; readonly op: 'copy' }
  | { readonly name: string; readonly op: 'repoint' }
  | { readonly name: string; readonly op: 'wait'; readonly cycles: number };

/** A migration plan: steps run in order for every migration. */
export type MigrationPlan = readonly PlanStep[];

const control = (name: string, verb: ControlVerb, group: TargetGroup): PlanStep => ({
  name,
  op: 'control',
  verb,
  group,
});

/**
 * Every named step the CLI accepts (`--plan a,b,c`), besides `wait-N`.
 *
 * @example
 * PLAN_STEPS['flush-l2'].op === 'control';
 */
export const PLAN_STEPS: Readonly<Record<string, PlanStep>> = {
  'drain-robs': control('drain-robs', 'Drain', 'robs'),
  'pause-rest': control('pause-rest', 'Pause', 'rest'),
  'flush-l2': control('flush-l2', 'Flush', 'flush'),
  copy: { name: 'copy', op: 'copy' },
  repoint: { name: 'repoint', op: 'repoint' },
  invalidate: control('invalidate', 'Invalidate', 'inval'),
  'enable-all': control('enable-all', 'Enable', 'all'),
  'pause-robs': control('pause-robs', 'Pause', 'robs'),
  'pause-all': control('pause-all', 'Pause', 'all'),
  'drain-all': control('drain-all', 'Drain', 'all'),
  'drain-rest': control('drain-rest', 'Drain', 'rest'),
  'invalidate-caches': control('invalidate-caches', 'Invalidate', 'caches'),
  'invalidate-tlbs': control('invalidate-tlbs', 'Invalidate', 'tlbs'),
  'invalidate-l1': control('invalidate-l1', 'Invalidate', 'l1caches'),
  'invalidate-l2': control('invalidate-l2', 'Invalidate', 'l2'),
  'invalidate-l1tlbs': control('invalidate-l1tlbs', 'Invalidate', 'l1tlbs'),
  'invalidate-l2tlb': control('invalidate-l2tlb', 'Invalidate', 'l2tlb'),
  'enable-robs': control('enable-robs', 'Enable', 'robs'),
  'enable-rest': control('enable-rest', 'Enable', 'rest'),
  'fence-page': control('fence-page', 'FencePage', 'ats'),
  'drain-page': control('drain-page', 'DrainPage', 'ats'),
  'flush-page': control('flush-page', 'FlushPage', 'caches'),
  'invalidate-page': control('invalidate-page', 'InvalidatePage', 'tlbs'),
  'unfence-page': control('unfence-page', 'UnfencePage', 'ats'),
  'flush-next-page': {
    name: 'flush-next-page',
    op: 'control',
    verb: 'FlushPage',
    group: 'caches',
    neighbour: true,
  },
};

/**
 * The page-scoped plan (docs/scoped-migration.md): fence the page at the
 * ATs, wait until nothing to it is in flight, write back and drop its cache
 * lines, copy, repoint, drop its translations, lift the fence — while every
 * other page keeps flowing.
 *
 * @example
 * SCOPED_PLAN_NAMES.join(','); // 'fence-page,drain-page,flush-page,copy,repoint,invalidate-page,unfence-page'
 */
export const SCOPED_PLAN_NAMES: readonly string[] = [
  'fence-page',
  'drain-page',
  'flush-page',
  'copy',
  'repoint',
  'invalidate-page',
  'unfence-page',
];

/** The reference's plan, by step name. @example DEFAULT_PLAN_NAMES.join(',') */
export const DEFAULT_PLAN_NAMES: readonly string[] = [
  'drain-robs',
  'pause-rest',
  'flush-l2',
  'copy',
  'repoint',
  'invalidate',
  'enable-all',
];

/**
 * Parses one step name (`wait-N` waits N cycles). Throws a one-line error
 * for unknown names.
 *
 * @example
 * parsePlanStep('wait-200'); // { name: 'wait-200', op: 'wait', cycles: 200 }
 */
export function parsePlanStep(name: string): PlanStep {
  const known = PLAN_STEPS[name];
  if (known !== undefined) return known;
  const m = /^wait-(\d+)$/.exec(name);
  if (m !== null) return { name, op: 'wait', cycles: Number(m[1]) };
  throw new Error(
    `unknown plan step '${name}' (known: ${[...Object.keys(PLAN_STEPS), 'wait-N'].join(', ')})`,
  );
}

/**
 * Parses a comma-separated plan. An empty string is the empty plan.
 *
 * @example
 * parsePlan('drain-robs,pause-rest,flush-l2,copy,repoint,invalidate,enable-all');
 */
export function parsePlan(text: string): MigrationPlan {
  const t = text.trim();
  if (t === '') return [];
  return t.split(',').map((n) => parsePlanStep(n.trim()));
}

/** The reference's plan. @example defaultPlan().length === 7 */
export function defaultPlan(): MigrationPlan {
  return DEFAULT_PLAN_NAMES.map(parsePlanStep);
}

/** Step names of a plan, comma-separated. @example planToString(defaultPlan()) */
export function planToString(plan: MigrationPlan): string {
  return plan.map((s) => s.name).join(',');
}
