/**
 * The six control verbs (control-protocol.md §1).
 *
 * @example
 * const v: ControlVerb = 'Drain';
 */
export type ControlVerb = 'Pause' | 'Drain' | 'Enable' | 'Reset' | 'Invalidate' | 'Flush';

/** Every verb in numeric-code order. @example CONTROL_VERBS[1] === 'Drain' */
export const CONTROL_VERBS: readonly ControlVerb[] = [
  'Pause',
  'Drain',
  'Enable',
  'Reset',
  'Invalidate',
  'Flush',
];

/** Numeric code of a verb, as upstream numbers them. @example verbCode('Flush') === 5 */
export function verbCode(v: ControlVerb): number {
  return CONTROL_VERBS.indexOf(v);
}

/** The error text of a failed control reply; empty on success. */
export type ControlErrorText = '' | 'unsupported' | 'must be paused or drained';

/** The "unsupported" error text. */
export const ERR_UNSUPPORTED: ControlErrorText = 'unsupported';
/** The "must be paused or drained" error text. */
export const ERR_MUST_BE_PAUSED: ControlErrorText = 'must be paused or drained';

/**
 * True for the verbs whose ack goes out in the tick they are taken (Pause,
 * Enable, Reset, Invalidate); false for Drain and Flush.
 *
 * @example
 * isSyncVerb('Pause') === true; isSyncVerb('Drain') === false;
 */
export function isSyncVerb(v: ControlVerb): boolean {
  return v !== 'Drain' && v !== 'Flush';
}

/** The lifecycle state enum (control-protocol.md §1). `Pausing` is declared but never entered. */
export type ControlState = 'enabled' | 'pausing' | 'paused' | 'draining' | 'flushing';

const STATE_NAMES: readonly ControlState[] = ['enabled', 'pausing', 'paused', 'draining', 'flushing'];

/**
 * Display name of a state code; unknown codes display as "unknown".
 *
 * @example
 * stateName(3) === 'draining'; stateName(9) === 'unknown';
 */
export function stateName(code: number): ControlState | 'unknown' {
  return STATE_NAMES[code] ?? 'unknown';
}

/** A set of supported verbs. */
export type SupportSet = ReadonlySet<ControlVerb>;

/** Pause, Drain, Enable, Reset. @example UNIVERSAL.has('Flush') === false */
export const UNIVERSAL: SupportSet = new Set<ControlVerb>(['Pause', 'Drain', 'Enable', 'Reset']);
/** Universal plus Invalidate and Flush (both caches). @example CACHE_LIKE.has('Flush') */
export const CACHE_LIKE: SupportSet = new Set<ControlVerb>([
  'Pause',
  'Drain',
  'Enable',
  'Reset',
  'Invalidate',
  'Flush',
]);
/** Universal plus Invalidate (TLBs). @example TRANSLATION_CACHE_LIKE.has('Invalidate') */
export const TRANSLATION_CACHE_LIKE: SupportSet = new Set<ControlVerb>([
  'Pause',
  'Drain',
  'Enable',
  'Reset',
  'Invalidate',
]);

/** @returns whether `set` supports `verb`. @example supports(UNIVERSAL, 'Pause') */
export function supports(set: SupportSet, verb: ControlVerb): boolean {
  return set.has(verb);
}
