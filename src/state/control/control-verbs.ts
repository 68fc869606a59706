/**
 * The six control verbs of the reference (control-protocol.md §1).
 *
 * @example
 * const v: WholeVerb = 'Drain';
 */
export type WholeVerb = 'Pause' | 'Drain' | 'Enable' | 'Reset' | 'Invalidate' | 'Flush';

/**
 * The page-scoped verbs (docs/scoped-migration.md), each about the one
 * address range its request names (`addresses[0]`, `bytes` long) and legal
 * while the component runs: `FencePage` / `UnfencePage` (ATs: hold / release
 * new requests to the page), `DrainPage` (ATs: ack once no request to the
 * page is in flight below), `FlushPage` (L2: write back the range's dirty
 * lines and drop them, ack once written back; L1: drop the range's lines)
 * and `InvalidatePage` (TLBs: drop the page's translation).
 *
 * @example
 * const v: PageVerb = 'FencePage';
 */
export type PageVerb = 'FencePage' | 'UnfencePage' | 'DrainPage' | 'FlushPage' | 'InvalidatePage';

/**
 * Every control verb: the reference's six and the page-scoped five.
 *
 * @example
 * const v: ControlVerb = 'DrainPage';
 */
export type ControlVerb = WholeVerb | PageVerb;

/** The page-scoped verbs, in numeric-code order after the six. @example PAGE_VERBS[0] === 'FencePage' */
export const PAGE_VERBS: readonly PageVerb[] = [
  'FencePage',
  'UnfencePage',
  'DrainPage',
  'FlushPage',
  'InvalidatePage',
];

/** Every verb in numeric-code order (the six, then the page verbs). @example CONTROL_VERBS[1] === 'Drain' */
export const CONTROL_VERBS: readonly ControlVerb[] = [
  'Pause',
  'Drain',
  'Enable',
  'Reset',
  'Invalidate',
  'Flush',
  ...PAGE_VERBS,
];

/** @returns whether `v` is a page-scoped verb. @example isPageVerb('FlushPage') === true */
export function isPageVerb(v: ControlVerb): v is PageVerb {
  return (PAGE_VERBS as readonly ControlVerb[]).includes(v);
}

/** Numeric code of a verb, as upstream numbers them. @example verbCode('Flush') === 5 */
export function verbCode(v: ControlVerb): number {
  return CONTROL_VERBS.indexOf(v);
}

/** The error text of a failed control reply; empty on success. */
export type ControlErrorText = '' | 'unsupported' | 'must be paused or drained' | 'must be enabled';

/** The "unsupported" error text. */
export const ERR_UNSUPPORTED: ControlErrorText = 'unsupported';
/** The "must be paused or drained" error text. */
export const ERR_MUST_BE_PAUSED: ControlErrorText = 'must be paused or drained';
/** The "must be enabled" error text (a FlushPage to an L2 that is not running). */
export const ERR_MUST_BE_ENABLED: ControlErrorText = 'must be enabled';

/**
 * True for the verbs whose ack goes out in the tick they are taken (Pause,
 * Enable, Reset, Invalidate and the page verbs but two); false for Drain,
 * Flush, DrainPage and FlushPage.
 *
 * @example
 * isSyncVerb('Pause') === true; isSyncVerb('Drain') === false;
 */
export function isSyncVerb(v: ControlVerb): boolean {
  return v !== 'Drain' && v !== 'Flush' && v !== 'DrainPage' && v !== 'FlushPage';
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

/** Universal plus FencePage, UnfencePage and DrainPage (address translators). @example AT_LIKE.has('FencePage') */
export const AT_LIKE: SupportSet = new Set<ControlVerb>([
  'Pause',
  'Drain',
  'Enable',
  'Reset',
  'FencePage',
  'UnfencePage',
  'DrainPage',
]);
/** CacheLike plus FlushPage (both caches). @example PAGE_CACHE_LIKE.has('FlushPage') */
export const PAGE_CACHE_LIKE: SupportSet = new Set<ControlVerb>([...CACHE_LIKE, 'FlushPage']);
/** TranslationCacheLike plus InvalidatePage (TLBs). @example PAGE_TLB_LIKE.has('InvalidatePage') */
export const PAGE_TLB_LIKE: SupportSet = new Set<ControlVerb>([...TRANSLATION_CACHE_LIKE, 'InvalidatePage']);
