import fc from 'fast-check';
import { DEFAULT_PLAN_NAMES } from '../../controllers/migration-plan';

/** One edit of a plan. */
export type PlanEdit =
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number }
  | { readonly kind: 'move'; readonly from: number; readonly to: number };

/**
 * Applies edits to a plan (indices wrap around the current length).
 *
 * @example
 * applyPlanEdits(['a', 'b', 'c'], [{ kind: 'move', from: 2, to: 0 }]); // ['c', 'a', 'b']
 */
export function applyPlanEdits(plan: readonly string[], edits: readonly PlanEdit[]): string[] {
  let p = plan.slice();
  for (const e of edits) {
    if (p.length === 0) break;
    if (e.kind === 'drop') p.splice(e.at % p.length, 1);
    else if (e.kind === 'duplicate') {
      const i = e.at % p.length;
      p.splice(i, 0, p[i]);
    } else {
      const [s] = p.splice(e.from % p.length, 1);
      p = [...p.slice(0, e.to % (p.length + 1)), s, ...p.slice(e.to % (p.length + 1))];
    }
  }
  return p;
}

/**
 * Migration plans near the reference's: its steps with some dropped,
 * duplicated or moved. Shrinks towards the reference plan itself.
 *
 * @example
 * fc.sample(migrationPlanArbitrary(), 1)[0]; // e.g. ['drain-robs', 'pause-rest', 'copy', 'flush-l2', …]
 */
export function migrationPlanArbitrary(base: readonly string[] = DEFAULT_PLAN_NAMES): fc.Arbitrary<string[]> {
  const idx = fc.nat({ max: 31 });
  const edit: fc.Arbitrary<PlanEdit> = fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), at: idx }),
    fc.record({ kind: fc.constant('duplicate' as const), at: idx }),
    fc.record({ kind: fc.constant('move' as const), from: idx, to: idx }),
  );
  return fc.array(edit, { maxLength: 4 }).map((edits) => applyPlanEdits(base, edits));
}
