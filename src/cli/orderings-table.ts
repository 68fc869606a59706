import type { OrderingVerdict } from '../fuzz/orderings';
import { HAZARD_NAMES } from '../oracle/hazard-names';

/**
 * The evidence behind a verdict, in words: for a safe ordering "no failure
 * in N runs; each hazard ≥ K" (naming the hazards its plan cannot
 * exercise), or, when the run cap came first, the hazards short of K; for
 * an unsafe one, the run that failed and the shrinking spent.
 *
 * @example
 * evidenceText(v, 100); // 'no failure in 1250 runs; each hazard ≥ 100 (not reachable: walk-across-repoint)'
 */
export function evidenceText(v: OrderingVerdict, hazardMin: number): string {
  if (!v.safe) return `failed at run ${v.runs}; shrunk with ${v.shrinkRuns} runs`;
  const unreachable = HAZARD_NAMES.filter((h) => !v.required.includes(h));
  const note = unreachable.length > 0 ? ` (not reachable: ${unreachable.join(', ')})` : '';
  if (v.covered) return `no failure in ${v.runs} runs; each hazard ≥ ${hazardMin}${note}`;
  const short = v.required.filter((h) => v.hazards[h] < hazardMin).map((h) => `${h} ${v.hazards[h]}`);
  return `no failure in ${v.runs} runs (run cap); below ${hazardMin}: ${short.join(', ')}`;
}

/** The verdict column: `safe`, `safe?` (no failure, evidence short: run cap) or `UNSAFE`. @example verdictWord(v) */
export function verdictWord(v: OrderingVerdict): string {
  if (!v.safe) return 'UNSAFE';
  return v.covered ? 'safe' : 'safe?';
}

/** What the text table's heading states. */
export interface OrderingsHeading {
  readonly steps: readonly string[];
  readonly seed: number;
  readonly space: string;
  readonly hazardMin: number;
  readonly maxRuns: number;
  readonly shrinkSteps: number;
  readonly seconds: number;
}

/**
 * The text form of an orderings table: a heading, the counts, one row per
 * safe ordering and omission (every ordering with `all`), then, unless
 * `all`, one line per failure kind with its smallest counterexample.
 *
 * @example
 * process.stdout.write(`${orderingsTableLines(verdicts, heading, false).join('\n')}\n`);
 */
export function orderingsTableLines(
  table: readonly OrderingVerdict[],
  h: OrderingsHeading,
  all: boolean,
): string[] {
  const unsafe = table.filter((v) => !v.safe);
  const capped = table.filter((v) => v.safe && !v.covered);
  const byKind = new Map<string, OrderingVerdict[]>();
  for (const v of unsafe) byKind.set(v.kind!, [...(byKind.get(v.kind!) ?? []), v]);
  const n = h.steps.length;
  const out = [
    `numasim orderings — ${table.length} orderings of ${h.steps.join(',')} (${n}! permutations + ${n} omissions), seed ${h.seed}, ${h.space} space, ${h.seconds.toFixed(0)} s`,
    `"safe" = no failure, and every hazard the ordering's plan can exercise exercised in ≥ ${h.hazardMin} runs (at most ${h.maxRuns} runs; shrinking ≤ ${h.shrinkSteps} runs)`,
    `safe: ${table.length - unsafe.length - capped.length}   unsafe: ${unsafe.length} (${[...byKind.entries()].map(([k, v]) => `${k} ${v.length}`).join(', ')})${capped.length > 0 ? `   safe? (no failure, run cap before the evidence): ${capped.length}` : ''}`,
    '',
    `${'ordering'.padEnd(67)}${'verdict'.padEnd(9)}${'failure'.padEnd(11)}${'size'.padEnd(6)}evidence`,
  ];
  const row = (v: OrderingVerdict) =>
    `${(v.variant === 'omission' ? '(omit) ' : '') + v.plan.join(',')}`.padEnd(67) +
    verdictWord(v).padEnd(9) +
    `${v.kind ?? '-'}`.padEnd(11) +
    `${v.size ?? '-'}`.padEnd(6) +
    evidenceText(v, h.hazardMin);
  for (const v of all ? table : table.filter((x) => x.safe || x.variant === 'omission')) out.push(row(v));
  if (!all) {
    out.push('');
    for (const [k, vs] of byKind) {
      const smallest = vs.reduce((a, b) => ((b.size ?? 1e9) < (a.size ?? 1e9) ? b : a));
      out.push(
        `${k}: ${vs.length} orderings; smallest counterexample ${smallest.size} (${smallest.plan.join(',')}): ${smallest.message}`,
      );
    }
    out.push('(--all lists every ordering; --json prints the whole table)');
  }
  return out;
}

/**
 * What identifies an orderings table (every shard of it has the same): its options, the space's kind, bounds and oracle.
 *
 * @example
 * const c = shards[0].campaign as unknown as OrderingsCampaign;
 */
export interface OrderingsCampaign {
  readonly steps: readonly string[];
  readonly seed: number;
  readonly hazardMin: number;
  readonly maxRuns: number;
  readonly shrinkSteps: number;
  readonly space: { readonly kind?: string; readonly bounds: unknown; readonly oracle: string };
}

/**
 * The JSON form of an orderings table (`orderings --json`): its options, the
 * space's kind, bounds and oracle, every verdict, and — apart, since they
 * are not reproducible — the timings.
 *
 * @example
 * process.stdout.write(`${JSON.stringify(orderingsJson(options, verdicts, { seconds: 12 }))}\n`);
 */
export function orderingsJson(
  options: OrderingsCampaign,
  verdicts: readonly OrderingVerdict[],
  timing: Record<string, unknown>,
): object {
  const { space: s, ...rest } = options;
  return {
    steps: rest.steps,
    seed: rest.seed,
    hazardMin: rest.hazardMin,
    maxRuns: rest.maxRuns,
    shrinkSteps: rest.shrinkSteps,
    space: { kind: s.kind, bounds: s.bounds, oracle: s.oracle },
    orderings: verdicts,
    timing,
  };
}
