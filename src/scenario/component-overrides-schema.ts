import { z } from 'zod';

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const powerOfTwo = (min: number, max: number) =>
  int(min, max).refine((n) => (n & (n - 1)) === 0, { message: 'must be a power of two' });
const width = int(1, 64);
const latency = int(0, 100_000);
const buffer = int(1, 4096);
const indexing = z.enum(['fmix64', 'modulo']);

/** Cache geometry limits: up to 64 MiB a cache, 64 ways, lines of 4 B to 4 KiB. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

const cacheGeometry = {
  totalBytes: int(4, MAX_CACHE_BYTES),
  lineSize: powerOfTwo(4, 4096),
  ways: int(1, 64),
};

/** A TLB pipeline of one stage never releases a request that dwells at insertion (as in the reference). */
const tlbLatency = latency.refine((n) => n !== 1, {
  message:
    'must be 0 or at least 2 (a one-stage TLB pipeline never releases a request: it dwells a cycle at insertion)',
});

const robOverrides = z.object({ bufferSize: buffer, numReqPerCycle: width }).partial().strict();
const atOverrides = z.object({ numReqPerCycle: width }).partial().strict();
const l1Overrides = z
  .object({
    ...cacheGeometry,
    numReqPerCycle: width,
    bankLatency: latency,
    dirLatency: latency,
    maxTransactions: buffer,
    mshrEntries: buffer,
    dirBufferCap: buffer,
    bankBufferCap: buffer,
    indexing,
  })
  .partial()
  .strict();
const l2Overrides = z
  .object({
    ...cacheGeometry,
    numReqPerCycle: width,
    bankLatency: latency,
    mshrEntries: buffer,
    writeBufferCapacity: int(1, 65_536),
    maxInflightFetch: buffer,
    maxInflightEviction: buffer,
    internalBufferSize: buffer,
    indexing,
  })
  .partial()
  .strict();
const tlbOverrides = z
  .object({
    numSets: int(1, 65_536),
    numWays: int(1, 1024),
    numReqPerCycle: width,
    latency: tlbLatency,
    mshrSize: buffer,
  })
  .partial()
  .strict()
  .refine((t) => (t.numSets ?? 1) * (t.numWays ?? 1) <= 1 << 20, {
    message: 'numSets × numWays must be at most 1,048,576 entries',
  });
const mmuOverrides = z.object({ latency, maxRequestsInFlight: buffer }).partial().strict();
const memctrlOverrides = z.object({ latency, width }).partial().strict();
const moverOverrides = z
  .object({
    bufferSize: int(4, 1 << 20),
    insideGranularity: powerOfTwo(4, 4096),
    outsideGranularity: powerOfTwo(4, 4096),
  })
  .partial()
  .strict();

/** The defaults the geometry checks complete a partial override with (the reference's sizes). */
const CACHE_DEFAULTS = {
  l1: { totalBytes: 4096, lineSize: 64, ways: 2 },
  l2: { totalBytes: 524_288, lineSize: 64, ways: 4 },
} as const;

type Geometry = { totalBytes?: number; lineSize?: number; ways?: number };

function checkGeometry(name: 'l1' | 'l2', o: Geometry | undefined, ctx: z.RefinementCtx): void {
  const d = CACHE_DEFAULTS[name];
  const total = o?.totalBytes ?? d.totalBytes;
  const line = o?.lineSize ?? d.lineSize;
  const ways = o?.ways ?? d.ways;
  if (total % (line * ways) !== 0)
    ctx.addIssue({
      code: 'custom',
      path: [name, 'totalBytes'],
      message: `${total} is not a whole number of sets (lineSize ${line} × ways ${ways} = ${line * ways} bytes a set)`,
    });
}

/**
 * The schema of `components`: partial overrides of component specs, by
 * component kind. Every field is checked for type and range, unknown keys
 * are rejected by name, and cache geometry must be consistent (a whole
 * number of sets; the L1's lines no longer than the L2's). Fields the
 * topology sets (page size, ports, device ids, capacities) and fault
 * switches (`--fault`) are not overridable.
 *
 * @example
 * componentOverridesSchema.safeParse({ l2: { totalBytes: 8192 } }).success === true;
 * componentOverridesSchema.safeParse({ l2: { totlBytes: 8192 } }).success === false;
 */
export const componentOverridesSchema = z
  .object({
    rob: robOverrides.optional(),
    at: atOverrides.optional(),
    l1: l1Overrides.optional(),
    l1tlb: tlbOverrides.optional(),
    l2: l2Overrides.optional(),
    l2tlb: tlbOverrides.optional(),
    mmu: mmuOverrides.optional(),
    memctrl: memctrlOverrides.optional(),
    mover: moverOverrides.optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    checkGeometry('l1', o.l1, ctx);
    checkGeometry('l2', o.l2, ctx);
    const l1Line = o.l1?.lineSize ?? CACHE_DEFAULTS.l1.lineSize;
    const l2Line = o.l2?.lineSize ?? CACHE_DEFAULTS.l2.lineSize;
    if (l1Line > l2Line)
      ctx.addIssue({
        code: 'custom',
        path: ['l1', 'lineSize'],
        message: `${l1Line} is longer than the L2's line (${l2Line}): an L1 line must fit in one L2 line`,
      });
  });

/**
 * Component overrides as the schema accepts them.
 *
 * @example
 * const o: ComponentOverrides = { l1: { totalBytes: 256 }, mmu: { latency: 20 } };
 */
export type ComponentOverrides = z.infer<typeof componentOverridesSchema>;
