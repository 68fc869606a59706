import type { SimRecord } from '../streams/kernel/simulation';

const TYPE_CODES: Record<string, number> = {};

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(s: string): number {
  let c = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) c = Math.imul(c ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return c;
}

/** {@link fnv1a} of a name from a small fixed set (component names, event types), cached. */
function code(s: string): number {
  let c = TYPE_CODES[s];
  if (c === undefined) {
    c = fnv1a(s);
    TYPE_CODES[s] = c;
  }
  return c;
}

/**
 * A running 64-bit (two 32-bit FNV-1a lanes) hash of a run's event trace:
 * cycle, source and content of every simulation event, in order. Two runs
 * with the same configuration and seed give the same hash; any change of
 * timing or value changes it.
 *
 * @example
 * const h = new TraceHasher(); sim.onEvent = (r) => h.add(r); h.hex();
 */
export class TraceHasher {
  private a = 0x811c9dc5;
  private b = 0x01234567;
  /** Events hashed. */
  count = 0;

  /** Mixes one number into the hash. */
  mix(n: number): void {
    const lo = n >>> 0;
    const hi = Math.floor(n / 4294967296) >>> 0;
    this.a = Math.imul(this.a ^ lo, 0x01000193) >>> 0;
    this.a = Math.imul(this.a ^ hi, 0x01000193) >>> 0;
    this.b = Math.imul(this.b ^ lo, 0x5bd1e995) >>> 0;
    this.b = (this.b ^ (this.b >>> 15) ^ hi) >>> 0;
  }

  /** Adds one event record. */
  add(r: SimRecord): void {
    this.count++;
    this.mix(r.cycle);
    this.mix(code(r.source));
    const e = r.event;
    this.mix(code(e.type));
    if (e.type === 'request-issued' || e.type === 'request-completed') {
      this.mix(e.agent);
      this.mix(e.id);
      this.mix(e.address);
      this.mix(e.value ?? -1);
    } else {
      // Not cached: event contents (migration numbers, cycles…) are all different.
      this.mix(fnv1a(JSON.stringify(e)));
    }
  }

  /** The hash as 16 hex digits. */
  hex(): string {
    return this.a.toString(16).padStart(8, '0') + this.b.toString(16).padStart(8, '0');
  }
}
