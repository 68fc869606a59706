import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for a whole number within `[min, max]`;
 * rejects negative, fractional and non-numeric input with a short reason.
 *
 * @example
 * program.option('--agents <n>', 'agents', intArg(1, 64));
 */
export function intArg(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    if (!/^\s*-?\d+\s*$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('number too large.');
    if (n < min) throw new InvalidArgumentError(`must be at least ${min}.`);
    if (n > max) throw new InvalidArgumentError(`must be at most ${max}.`);
    return n;
  };
}

/**
 * A commander argument parser that accepts one of `choices` (same error
 * style as {@link intArg}).
 *
 * @example
 * new Command().option('--oracle <mode>', 'strict or lenient', choiceArg(['strict', 'lenient'] as const));
 */
export function choiceArg<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value))
      throw new InvalidArgumentError(
        `must be ${choices.length === 2 ? `${choices[0]} or ${choices[1]}` : `one of ${choices.join(', ')}`}.`,
      );
    return value as T;
  };
}
