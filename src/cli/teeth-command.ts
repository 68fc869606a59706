import { Command } from 'commander';
import type { TeethRow } from '../fuzz/teeth';
import { addFuzzSpaceFlags, type FuzzSpaceFlags, fuzzSpaceFromFlags } from './fuzz-flags';
import { intArg } from './parse-number';

interface TeethFlags extends FuzzSpaceFlags {
  seeds?: number;
  runs?: number;
  json?: boolean;
}

/**
 * `numasim teeth`: how well the fuzzer and oracle catch each fault of the
 * catalogue (or the `--fault`s given): campaigns per fault, detections, median
 * time and runs to the first failure, median shrunk counterexample size.
 *
 * @example
 * program.addCommand(teethCommand());
 */
export function teethCommand(): Command {
  const cmd = new Command('teeth')
    .description("measure how fast the fuzzer catches each fault (the oracle's teeth)")
    .option('--seeds <n>', 'campaigns per fault, seeds 1…n (5)', intArg(1))
    .option('--runs <n>', 'budget of generated scenarios per campaign (400)', intArg(1))
    .option('--json', 'print the table as JSON');
  addFuzzSpaceFlags(cmd);
  return cmd.action(async (flags: TeethFlags) => {
    // loaded here, not at start-up: `numasim run` never needs fast-check
    const { measureTeeth }: typeof import('../fuzz/teeth') = require('../fuzz/teeth');
    const space = fuzzSpaceFromFlags(flags);
    const rows = await measureTeeth({
      seeds: flags.seeds ?? 5,
      runs: flags.runs ?? 400,
      faults: space.faults.length > 0 ? space.faults : undefined,
      space: { ...space, faults: [] },
      onRow: flags.json
        ? undefined
        : (r: TeethRow) => process.stderr.write(`${r.fault}: ${r.detected}/${r.campaigns} detected\n`),
    });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      return;
    }
    const f = (x: number | null, d = 0) => (x === null ? '-' : x.toFixed(d));
    const out = [
      `fault                       detected  median s to detect  median s shrinking  median runs  median shrunk size  kinds`,
      ...rows.map(
        (r) =>
          `${r.fault.padEnd(28)}${`${r.detected}/${r.campaigns}`.padEnd(10)}${f(r.medianSecondsToDetect, 2).padEnd(20)}${f(r.medianShrinkSeconds, 2).padEnd(20)}${f(r.medianRunsToFailure).padEnd(13)}${f(r.medianShrunkSize).padEnd(20)}${Object.entries(
            r.kinds,
          )
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}`,
      ),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    process.exitCode = rows.every((r) => r.detected > 0) ? 0 : 1;
  });
}
