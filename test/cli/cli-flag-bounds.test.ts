import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intArg } from '../../src/cli/parse-number';
import { runCommand } from '../../src/cli/run-command';
import { defaultScenarioConfig } from '../../src/scenario/scenario-config';
import { scenarioConfigSchema } from '../../src/scenario/scenario-config-schema';
import { CLI } from '../support/paths';

// `numasim run` without --config skips the zod schema (each flag's own
// parser has checked it); these tests hold the two in agreement.

/** Run flags that set a numeric configuration field, and the field. */
const NUMERIC_FLAGS: Record<string, keyof typeof scenarioConfigSchema.shape> = {
  agents: 'agents',
  accesses: 'accesses',
  maxAddress: 'maxAddress',
  devices: 'devices',
  interval: 'interval',
  seed: 'seed',
  watchdog: 'watchdogCycles',
};

/** Values around the schema's bounds where the flag parser and the schema disagree. */
function disagreements(
  parse: (v: string) => number,
  field: keyof typeof scenarioConfigSchema.shape,
): string[] {
  const shape = scenarioConfigSchema.shape[field] as unknown as { minValue: number; maxValue: number };
  const { minValue: min, maxValue: max } = shape;
  const probes = [min - 1, min, min + 1, max - 1, max, max + 1, min + 0.5, -1, 0];
  const out: string[] = [];
  for (const v of probes) {
    let flagOk = true;
    try {
      parse(String(v));
    } catch {
      flagOk = false;
    }
    const schemaOk = scenarioConfigSchema.safeParse({ ...defaultScenarioConfig(), [field]: v }).success;
    if (flagOk !== schemaOk)
      out.push(`${v}: flag ${flagOk ? 'accepts' : 'rejects'}, schema ${schemaOk ? 'accepts' : 'rejects'}`);
  }
  return out;
}

describe('run flags and the configuration schema agree', () => {
  const options = runCommand().options;

  it('covers every numeric run flag', () => {
    const named = options.map((o) => o.attributeName());
    for (const flag of Object.keys(NUMERIC_FLAGS)) expect(named).toContain(flag);
  });

  it.each(Object.entries(NUMERIC_FLAGS))(
    '--%s accepts exactly what the schema accepts for %s',
    (flag, field) => {
      const opt = options.find((o) => o.attributeName() === flag)!;
      expect(opt.parseArg).toBeDefined();
      expect(disagreements(opt.parseArg as (v: string) => number, field)).toEqual([]);
    },
  );

  it('catches a flag whose bounds drift from the schema (broken variant)', () => {
    expect(disagreements(intArg(1, 63), 'agents')).toEqual(['64: flag rejects, schema accepts']);
    expect(disagreements(intArg(0), 'agents').length).toBeGreaterThan(0);
  });
});

describe('start-up cost of the command line', () => {
  it('`numasim run` loads neither fast-check, zod nor the whole rxjs index', () => {
    const script = `
      const cli = require(${JSON.stringify(CLI)});
      cli.main(['node', 'numasim', 'run', '--seed', '1', '--accesses', '20', '--no-progress', '--json']).then(() => {
        process.stderr.write('MODULES ' + JSON.stringify(Object.keys(require.cache)) + '\\n');
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('pass');
    const line = r.stderr.split('\n').find((l) => l.startsWith('MODULES '))!;
    const loaded: string[] = JSON.parse(line.slice('MODULES '.length));
    expect(loaded.some((m) => m.includes(join('dist', 'state', 'l2-cache', 'l2-cache.js')))).toBe(true);
    const heavy = loaded.filter(
      (m) =>
        m.includes(`${join('node_modules', 'fast-check')}`) ||
        m.includes(`${join('node_modules', 'zod')}`) ||
        m.endsWith(join('node_modules', 'rxjs', 'dist', 'cjs', 'index.js')),
    );
    expect(heavy).toEqual([]);
  });

  it('validates a config file with the schema (zod loads then)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'numasim-cfg-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ agents: 0 }));
    const script = `
      const cli = require(${JSON.stringify(CLI)});
      cli.main(['node', 'numasim', 'run', '--config', ${JSON.stringify(file)}]).then(() => {
        process.stderr.write('ZOD ' + Object.keys(require.cache).some((m) => m.includes('zod')) + '\\n');
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`numasim: config file ${file}: agents: must be at least 1`);
    expect(r.stderr).toContain('ZOD true');
  });
});
