import { type PlanStep, parsePlanStep, type TargetGroup } from '../controllers/migration-plan';
import { HAZARD_NAMES, type HazardName } from './hazard-names';

/** What the scenarios can do, as far as hazard reachability goes. */
export interface HazardScenarioReach {
  /** Whether a run can migrate the same page twice (round trips, back-to-back moves). */
  readonly repeatMigrations: boolean;
}

const HAS_L1_CACHES: ReadonlySet<TargetGroup> = new Set(['inval', 'caches', 'l1caches']);
const HAS_TLBS: ReadonlySet<TargetGroup> = new Set(['inval', 'tlbs', 'l1tlbs', 'l2tlb']);
const HAS_L2: ReadonlySet<TargetGroup> = new Set(['inval', 'caches', 'l2']);
/** Drain of these groups leaves no page walk open and none can start until an Enable. */
const DRAINS_TRANSLATION: ReadonlySet<TargetGroup> = new Set(['robs', 'rest', 'all']);
/** Groups whose FlushPage drops L1 lines / writes back L2 lines. */
const PAGE_FLUSHES_L1: ReadonlySet<TargetGroup> = new Set(['caches', 'l1caches', 'inval']);
const PAGE_FLUSHES_L2: ReadonlySet<TargetGroup> = new Set(['caches', 'l2', 'flush', 'inval']);

const isVerb = (s: PlanStep, verb: string): boolean => s.op === 'control' && s.verb === verb;
const group = (s: PlanStep): TargetGroup | null => (s.op === 'control' ? s.group : null);

/**
 * Whether the first Flush of the plan can find a dirty L2 line of the source
 * frame: not when an Invalidate of the L2 (which drops dirty lines, and
 * needs a paused L2) came before it with no Enable in between.
 */
function flushCanSeeDirtyLine(steps: readonly PlanStep[]): boolean {
  let l2Clean = false;
  for (const s of steps) {
    if (isVerb(s, 'Enable')) l2Clean = false;
    else if (isVerb(s, 'Invalidate') && HAS_L2.has(group(s)!)) l2Clean = true;
    else if (isVerb(s, 'Flush') || (isPageFlushOf(s, PAGE_FLUSHES_L2) && !isNeighbour(s))) return !l2Clean;
  }
  return false;
}

const isPageFlushOf = (s: PlanStep, groups: ReadonlySet<TargetGroup>): boolean =>
  isVerb(s, 'FlushPage') && groups.has(group(s)!);
const isNeighbour = (s: PlanStep): boolean => s.op === 'control' && s.neighbour === true;

/**
 * Whether a page walk for the page can be open at a repoint: not when a
 * Drain of the ROBs, the rest or everything completed before it with no
 * Enable in between (every request below the drained components has
 * completed, so has every walk, and none can start).
 */
function walkCanCrossRepoint(steps: readonly PlanStep[]): boolean {
  let drained = false;
  let fenced = false;
  for (const s of steps) {
    if (isVerb(s, 'Enable')) drained = false;
    else if (isVerb(s, 'Drain') && DRAINS_TRANSLATION.has(group(s)!)) drained = true;
    else if (isVerb(s, 'FencePage')) fenced = true;
    else if (isVerb(s, 'UnfencePage')) {
      fenced = false;
      if (s.op === 'control' && s.group === 'ats') drained = false;
    } else if (isVerb(s, 'DrainPage') && fenced) drained = true;
    else if (s.op === 'repoint' && !drained) return true;
  }
  return false;
}

/**
 * The hazards a migration plan can exercise in the given scenarios — the
 * ones a verdict of "safe" must have seen. The rule, hazard by hazard:
 *
 * - `migration-under-traffic`: always (it is the scenario's doing);
 * - `page-round-trip`, `back-to-back-migration`: when the scenarios can
 *   migrate a page twice;
 * - `request-in-flight-at-quiesce`: the plan has a Drain or Pause step;
 * - `dirty-l2-line-at-flush`: the plan has a Flush step and no Invalidate of
 *   the L2 precedes the first one (since the last Enable);
 * - `l1-line-at-invalidate` / `tlb-entry-at-invalidate`: the plan has an
 *   Invalidate step whose group holds the L1 caches / a TLB;
 * - `walk-across-repoint`: the plan has a repoint not preceded (since the
 *   last Enable) by a Drain of the ROBs, the rest or everything — so never
 *   for the reference plan;
 * - `access-soon-after-enable`: the plan has an Enable step.
 *
 * The page-scoped steps count as their whole-machine counterparts:
 * `fence-page` and `drain-page` quiesce, `flush-page` flushes the L2 and
 * invalidates the L1s (its neighbour-page variant sees no dirty line of
 * the page), `invalidate-page` invalidates the TLBs, `unfence-page`
 * enables; a `drain-page` under a fence (no `unfence-page` between) rules
 * out `walk-across-repoint` as a Drain of the ROBs does.
 *
 * A hazard tied to a step the plan lacks, or that an earlier step makes
 * impossible, is not required. Returned in `HAZARD_NAMES` order.
 *
 * @example
 * requiredHazards(['drain-robs', 'pause-rest', 'flush-l2', 'copy', 'repoint', 'invalidate', 'enable-all'])
 *   .includes('walk-across-repoint'); // false
 */
export function requiredHazards(
  plan: readonly string[],
  reach: HazardScenarioReach = { repeatMigrations: true },
): HazardName[] {
  const steps = plan.map(parsePlanStep);
  const has = (f: (s: PlanStep) => boolean) => steps.some(f);
  const invalidates = (groups: ReadonlySet<TargetGroup>) => (s: PlanStep) =>
    isVerb(s, 'Invalidate') && groups.has(group(s)!);
  const reachable: Record<HazardName, boolean> = {
    'migration-under-traffic': true,
    'request-in-flight-at-quiesce': has(
      (s) => isVerb(s, 'Drain') || isVerb(s, 'Pause') || isVerb(s, 'DrainPage') || isVerb(s, 'FencePage'),
    ),
    'dirty-l2-line-at-flush': flushCanSeeDirtyLine(steps),
    'l1-line-at-invalidate': has(
      (s) => invalidates(HAS_L1_CACHES)(s) || (isPageFlushOf(s, PAGE_FLUSHES_L1) && !isNeighbour(s)),
    ),
    'tlb-entry-at-invalidate': has(
      (s) => invalidates(HAS_TLBS)(s) || (isVerb(s, 'InvalidatePage') && HAS_TLBS.has(group(s)!)),
    ),
    'walk-across-repoint': walkCanCrossRepoint(steps),
    'access-soon-after-enable': has((s) => isVerb(s, 'Enable') || isVerb(s, 'UnfencePage')),
    'page-round-trip': reach.repeatMigrations,
    'back-to-back-migration': reach.repeatMigrations,
  };
  return HAZARD_NAMES.filter((h) => reachable[h]);
}
