import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xorshift128plus, xorshift128plusFromState } from 'pure-rand/generator/xorshift128plus';

/** Serializable state of a seeded xorshift128+ generator. */
export type PrngState = readonly number[];

/**
 * The initial PRNG state for `seed` (pure-rand's xorshift128+).
 *
 * @example
 * const s = seedPrng(42);
 */
export function seedPrng(seed: number): PrngState {
  return xorshift128plus(seed | 0).getState();
}

/**
 * Draws integers from a PRNG state without mutating it: returns the draws and
 * the next state. `ranges` lists inclusive `[from, to]` bounds, one per draw.
 *
 * @example
 * const [[coin, word], next] = drawInts(state, [[0, 1], [0, 255]]);
 */
export function drawInts(
  state: PrngState,
  ranges: ReadonlyArray<readonly [number, number]>,
): [number[], PrngState] {
  const g = xorshift128plusFromState(state);
  const out = ranges.map(([from, to]) => uniformInt(g, from, to));
  return [out, g.getState()];
}

/**
 * Several draws from a PRNG state without mutating it: a local generator
 * started from `state`; {@link PrngDraws.state} is the state after the
 * draws. Draw for draw the same numbers as {@link drawInts}.
 *
 * @example
 * const d = new PrngDraws(state);
 * const coin = d.int(0, 1);
 * const next = d.state();
 */
export class PrngDraws {
  private readonly g: ReturnType<typeof xorshift128plus>;
  private drawn = false;
  constructor(private readonly start: PrngState) {
    this.g = xorshift128plusFromState(start);
  }
  /** A uniform integer in `[from, to]`. */
  int(from: number, to: number): number {
    this.drawn = true;
    return uniformInt(this.g, from, to);
  }
  /** The generator state after the draws so far (the start state when none). */
  state(): PrngState {
    return this.drawn ? this.g.getState() : this.start;
  }
}

/**
 * A mutable seeded generator for code outside pure reducers (scenario
 * set-up, tests, seeds of sub-runs).
 *
 * @example
 * const r = new SeededRandom(7); r.int(0, 9);
 */
export class SeededRandom {
  private readonly g: ReturnType<typeof xorshift128plus>;
  constructor(seed: number) {
    this.g = xorshift128plus(seed | 0);
  }
  /** A uniform integer in `[from, to]`. */
  int(from: number, to: number): number {
    return uniformInt(this.g, from, to);
  }
}
