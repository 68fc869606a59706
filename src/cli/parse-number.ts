import { InvalidArgumentError } from 'commander';
import { atLeast, atMost, NOT_A_WHOLE_NUMBER, NUMBER_TOO_LARGE, oneOf } from '../scenario/input-wording';

/**
 * A commander argument parser for a whole number within `[min, max]`;
 * rejects negative, fractional and non-numeric input with a short reason
 * (worded as config-file errors are: see `input-wording`).
 *
 * @example
 * program.option('--agents <n>', 'agents', intArg(1, 64));
 */
export function intArg(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    if (!/^\s*-?\d+\s*$/.test(value)) throw new InvalidArgumentError(`${NOT_A_WHOLE_NUMBER}.`);
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${NUMBER_TOO_LARGE}.`);
    if (n < min) throw new InvalidArgumentError(`${atLeast(min)}.`);
    if (n > max) throw new InvalidArgumentError(`${atMost(max)}.`);
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
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`${oneOf(choices)}.`);
    return value as T;
  };
}
