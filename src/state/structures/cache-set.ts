/**
 * One cache block (components.md §0.8). `data` holds the line's bytes;
 * `dirtyMask` marks dirty bytes (1) or is null when none are.
 */
export interface Block {
  readonly setId: number;
  readonly wayId: number;
  readonly tag: number;
  readonly pid: number;
  readonly cacheAddress: number;
  readonly isValid: boolean;
  readonly isDirty: boolean;
  readonly dirtyMask: Uint8Array | null;
  readonly isLocked: boolean;
  readonly readCount: number;
  readonly data: Uint8Array;
}

/**
 * One set: its blocks by way, the LRU order (least recently used first) and,
 * per way, the lookup key: the block's tag when it is valid, NaN otherwise
 * (equal to no line), so a lookup scans numbers instead of loading blocks.
 */
export interface CacheSet {
  readonly blocks: readonly Block[];
  readonly lru: readonly number[];
  readonly tags: readonly number[];
}

/** How a line address picks its set. */
export type SetIndexing = 'fmix64' | 'modulo';
