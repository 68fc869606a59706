import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * Interleaved A/B of builds on the stress probe: each build is the `dist`
 * folder of a checkout (build it with `npx tsc -p tsconfig.build.json`
 * there, or copy it aside), loaded in a fresh process per measurement.
 * Rounds run every build in turn (the order rotates each round, so no build
 * always runs first), so a machine whose load changes over time penalizes
 * all builds alike. Reports, per build, the median process CPU time
 * (user + system) of the measured runs, the trace hash, which must agree
 * between builds meant to behave the same, and the paired comparison with
 * the first build: in each round, the build's median over the reference's
 * median in that round; printed are the median of those per-round ratios
 * and their middle half (quartiles), which a load that drifts between
 * rounds does not widen as it widens the pooled medians.
 *
 *   node dist-tools/tools/bench/ab.js [--rounds 6] [--accesses 10000] [--runs 3] DIST_A DIST_B …
 *
 * A child (`--child DIST`) runs one warm-up of 2,000 accesses, then `--runs`
 * runs of the probe (2 agents, 1 MiB each, a migration every 500 cycles,
 * seed 1), and prints one JSON line.
 */
interface ChildResult {
  readonly cpuMs: number[];
  readonly hash: string;
}

function child(dist: string, accesses: number, runs: number): void {
  const lib = require(path.resolve(dist, 'index.js'));
  const config = {
    ...lib.defaultScenarioConfig(),
    agents: 2,
    maxAddress: 1 << 20,
    interval: 500,
    accesses,
    seed: 1,
  };
  lib.runScenario({ ...config, accesses: 2000 });
  const cpuMs: number[] = [];
  let hash = '';
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    hash = lib.runScenario(config).traceHash;
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
  }
  process.stdout.write(`${JSON.stringify({ cpuMs, hash } satisfies ChildResult)}\n`);
}

/** A ratio as a signed percent change, e.g. 1.021 → `+2.1 %`. */
function percent(ratio: number): string {
  const d = (ratio - 1) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)} %`;
}

/** The `q` quantile of sorted `xs` (linear between neighbours). */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function median(xs: readonly number[]): number {
  return quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
}

function main(argv: string[]): void {
  const flag = (name: string, fallback: number): number => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const v = Number(argv[i + 1]);
    argv.splice(i, 2);
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: expected a positive whole number`);
    return v;
  };
  const accesses = flag('--accesses', 10000);
  const runs = flag('--runs', 3);
  const c = argv.indexOf('--child');
  if (c >= 0) {
    child(argv[c + 1], accesses, runs);
    return;
  }
  const rounds = flag('--rounds', 6);
  const builds = argv;
  if (builds.length < 2) throw new Error('give at least two dist folders to compare');
  const samples = new Map<string, number[]>(builds.map((b) => [b, []]));
  const perRound = new Map<string, number[]>(builds.map((b) => [b, []]));
  const hashes = new Map<string, string>();
  for (let r = 1; r <= rounds; r++) {
    const shift = (r - 1) % builds.length;
    for (const b of [...builds.slice(shift), ...builds.slice(0, shift)]) {
      const out = execFileSync(
        process.execPath,
        [__filename, '--child', b, '--accesses', String(accesses), '--runs', String(runs)],
        { encoding: 'utf8' },
      );
      const res = JSON.parse(out.trim().split('\n').pop() as string) as ChildResult;
      samples.get(b)?.push(...res.cpuMs);
      perRound.get(b)?.push(median(res.cpuMs));
      hashes.set(b, res.hash);
    }
    process.stderr.write(`round ${r}/${rounds} done\n`);
  }
  const ref = median(samples.get(builds[0]) as number[]);
  const refRounds = perRound.get(builds[0]) as number[];
  for (const b of builds) {
    const xs = samples.get(b) as number[];
    const m = median(xs);
    const vs = b === builds[0] ? 'reference' : percent(m / ref);
    const ratios = (perRound.get(b) as number[]).map((x, i) => x / refRounds[i]).sort((p, q) => p - q);
    const paired =
      b === builds[0]
        ? ''
        : `\tpaired ${percent(median(ratios))} (middle half ${percent(quantile(ratios, 0.25))} … ${percent(quantile(ratios, 0.75))})`;
    console.log(
      `${b}\tmedian CPU ${m.toFixed(0)} ms (${xs.length} runs, min ${Math.min(...xs).toFixed(0)})\t${vs}${paired}\ttrace ${hashes.get(b)}`,
    );
  }
}

main(process.argv.slice(2));
