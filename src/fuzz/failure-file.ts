import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../report/write-file-atomic';
import { issueWording, unreadable } from '../scenario/input-wording';
import type { RunResult } from '../scenario/run-result';
import { ConfigError, parseScenarioConfig, type ScenarioConfig } from '../scenario/scenario-config';
import { toolVersion } from '../tool-version';
import { contentChecksum } from './checksum';

const FORMAT = 'numasim-failure';

const schema = z
  .object({
    format: z.literal(FORMAT),
    formatVersion: z.literal(1),
    toolVersion: z.string(),
    foundBy: z.enum(['fuzz', 'run', 'orderings']),
    fuzz: z
      .object({
        campaignSeed: z.number().int(),
        seed: z.number().int(),
        path: z.string(),
        shrinks: z.number().int().min(0),
        foundAfterRuns: z.number().int().min(0),
      })
      .strict()
      .nullable(),
    config: z.unknown(),
    failure: z.object({ kind: z.string(), message: z.string(), cycle: z.number().int().min(0) }).strict(),
    expected: z.number().int().nullable(),
    actual: z.number().int().nullable(),
    traceHash: z.string(),
    counterexample: z.array(z.string()),
    checksum: z.string(),
  })
  .strict();

/** The contents of a failure file. */
export type FailureRecord = Omit<z.infer<typeof schema>, 'config'> & { readonly config: ScenarioConfig };

function checksumOf(record: Omit<FailureRecord, 'checksum'>): string {
  return contentChecksum(record);
}

/**
 * Builds a failure record from a failing run.
 *
 * @example
 * const rec = failureRecord(result, 'fuzz', { campaignSeed: 1, seed: f.seed, path: f.path, shrinks: 3, foundAfterRuns: 12 }, lines);
 */
export function failureRecord(
  result: RunResult,
  foundBy: FailureRecord['foundBy'],
  fuzz: FailureRecord['fuzz'],
  counterexample: readonly string[],
): FailureRecord {
  const f = result.failure;
  if (f === null) throw new Error('failureRecord: the run passed');
  const body: Omit<FailureRecord, 'checksum'> = {
    format: FORMAT,
    formatVersion: 1,
    toolVersion: toolVersion(),
    foundBy,
    fuzz,
    config: result.config,
    failure: { kind: f.kind, message: f.message, cycle: f.cycle },
    expected: f.mismatch?.expected ?? null,
    actual: f.mismatch?.actual ?? null,
    traceHash: result.traceHash,
    counterexample: counterexample.slice(),
  };
  return { ...body, checksum: checksumOf(body) };
}

/**
 * Writes a failure record atomically: to a temporary file next to `path`,
 * then renamed over it, so a reader never sees half a file.
 *
 * @example
 * writeFailureFile('numasim-failure.json', rec);
 */
export function writeFailureFile(path: string, record: FailureRecord): void {
  writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Reads and checks a failure file. Any problem — missing, unreadable, not
 * JSON (e.g. truncated), wrong shape, a configuration that does not
 * validate, or contents changed by hand (checksum) — throws a
 * {@link ConfigError} with a one-line message.
 *
 * @example
 * const rec = readFailureFile('numasim-failure.json');
 */
export function readFailureFile(path: string): FailureRecord {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read failure file ${path}: ${unreadable(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`failure file ${path} is not valid JSON (truncated?)`);
  }
  const r = schema.safeParse(json, { error: issueWording });
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ConfigError(`failure file ${path}: ${i.path.join('.') || 'file'}: ${i.message}`);
  }
  let config: ScenarioConfig;
  try {
    config = parseScenarioConfig(r.data.config);
  } catch (e) {
    throw new ConfigError(`failure file ${path}: config.${(e as Error).message}`);
  }
  const { checksum, ...body } = r.data;
  if (checksumOf({ ...body, config: r.data.config as ScenarioConfig }) !== checksum) {
    throw new ConfigError(`failure file ${path} was modified after it was written (checksum mismatch)`);
  }
  return { ...r.data, config };
}
