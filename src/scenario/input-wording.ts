import type { core } from 'zod';

/*
 * The wording of bad-input messages, in one place: the command line's flag
 * parsers (`intArg`, `choiceArg`) and the schema checks of config files,
 * failure files and `simulate()` configurations all say a value is out of
 * range, not a whole number or not one of the choices in the same words.
 * Type-only import: zod loads when a schema is first used, not with this.
 */

/**
 * The message for a number below its range.
 *
 * @example
 * atLeast(4) === 'must be at least 4';
 */
export function atLeast(min: number): string {
  return `must be at least ${min}`;
}

/**
 * The message for a number above its range.
 *
 * @example
 * atMost(64) === 'must be at most 64';
 */
export function atMost(max: number): string {
  return `must be at most ${max}`;
}

/**
 * The message for a value that is not a whole number (a fraction, text,
 * `NaN`, an infinity).
 *
 * @example
 * throw new InvalidArgumentError(`${NOT_A_WHOLE_NUMBER}.`);
 */
export const NOT_A_WHOLE_NUMBER = 'expected a whole number';

/**
 * The message for a whole number beyond the exactly representable
 * integers (±2^53 − 1).
 *
 * @example
 * if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${NUMBER_TOO_LARGE}.`);
 */
export const NUMBER_TOO_LARGE = 'number too large';

/**
 * The message for a value that is not one of `choices`.
 *
 * @example
 * oneOf(['strict', 'lenient']) === 'must be strict or lenient';
 * oneOf(['dense', 'classic', 'wide']) === 'must be one of dense, classic, wide';
 */
export function oneOf(choices: readonly unknown[]): string {
  const names = choices.map(String);
  if (names.length === 1) return `must be ${names[0]}`;
  return names.length === 2 ? `must be ${names[0]} or ${names[1]}` : `must be one of ${names.join(', ')}`;
}

/** What was given instead, said briefly (long text cut). */
function given(input: unknown): string {
  if (typeof input === 'string')
    return `the text ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  if (Array.isArray(input)) return 'a list';
  if (input === null) return 'null';
  if (typeof input === 'object') return 'an object';
  return String(input);
}

/** The expected kind of value of an `invalid_type` issue, in words. */
function expectedKind(expected: string, inst: unknown): string {
  switch (expected) {
    case 'int':
      return NOT_A_WHOLE_NUMBER;
    case 'number':
      // z.number().int() reports text as "expected number": it is a whole number it wants
      return (inst as { isInt?: boolean } | undefined)?.isInt === true
        ? NOT_A_WHOLE_NUMBER
        : 'expected a number';
    case 'boolean':
      return 'expected true or false';
    case 'string':
      return 'expected a string';
    case 'array':
      return 'expected a list';
    case 'object':
      return 'expected an object';
    default:
      return `expected ${expected}`;
  }
}

/**
 * A zod error map in the command line's words, for `safeParse(input, {
 * error: issueWording })`: ranges as `must be at least 4` / `must be at most
 * 64`, `expected a whole number` (with what was given instead), `must be
 * fmix64 or modulo`, `unknown field "x"`, `missing (expected …)`. Messages
 * a schema sets itself (refinements) are kept; any other issue gets zod's
 * own message. Passed per parse, not set globally with `z.config`, so an
 * application that embeds the library keeps its own zod messages.
 *
 * @example
 * const r = scenarioConfigSchema.safeParse({ ...defaultScenarioConfig(), agents: 0 }, { error: issueWording });
 * r.success === false && r.error.issues[0].message === 'must be at least 1';
 */
export const issueWording: core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      if (issue.origin !== 'number' && issue.origin !== 'int') return undefined; // sizes of text and lists
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      if (issue.origin === 'int' && Math.abs(bound) === Number.MAX_SAFE_INTEGER) return NUMBER_TOO_LARGE;
      if (issue.code === 'too_small') return issue.inclusive ? atLeast(bound) : `must be more than ${bound}`;
      return issue.inclusive ? atMost(bound) : `must be less than ${bound}`;
    }
    case 'invalid_type': {
      const kind = expectedKind(issue.expected, issue.inst);
      return issue.input === undefined ? `missing (${kind})` : `${kind}, got ${given(issue.input)}`;
    }
    case 'invalid_value':
      return issue.input === undefined ? `missing (${oneOf(issue.values)})` : oneOf(issue.values);
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    default:
      return undefined;
  }
};

/**
 * Why a file could not be read, in words rather than an error code
 * (`ENOENT` → `no such file`, `EISDIR` → `is a folder, not a file`, …); an
 * unknown error keeps its code.
 *
 * @example
 * unreadable({ code: 'ENOENT' }) === 'no such file';
 */
export function unreadable(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    default:
      return code ?? 'cannot be read';
  }
}
