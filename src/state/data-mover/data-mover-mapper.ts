/**
 * Which memory port an address goes to, for one side of the data mover:
 * address `a` goes to `ports[Math.floor(a / interleave) % ports.length]`
 * (the reference's interleaved mapper; components.md §9).
 *
 * A single-port mapper is `{ ports: [x], interleave: SINGLE_PORT_INTERLEAVE }`.
 * `Infinity` works too (`a / Infinity` is 0), but JSON turns `Infinity` into
 * `null`, so {@link singlePortMapper} uses `Number.MAX_SAFE_INTEGER`, which
 * round-trips through JSON and maps every real address to port 0.
 *
 * @example
 * const m: AddressMapper = { ports: ['MemCtrl[0].Top', 'MemCtrl[1].Top'], interleave: 0x200000 };
 */
export interface AddressMapper {
  readonly ports: readonly string[];
  readonly interleave: number;
}

/** Interleave of a single-port mapper: JSON-safe stand-in for Infinity. @example SINGLE_PORT_INTERLEAVE === Number.MAX_SAFE_INTEGER */
export const SINGLE_PORT_INTERLEAVE = Number.MAX_SAFE_INTEGER;

/**
 * A mapper that sends every address to `port`.
 *
 * @example
 * mapAddress(singlePortMapper('InsideMem.Top'), 0x123456) === 'InsideMem.Top';
 */
export function singlePortMapper(port: string): AddressMapper {
  return { ports: [port], interleave: SINGLE_PORT_INTERLEAVE };
}

/**
 * An interleaved mapper over `ports` with `interleave` bytes per port.
 *
 * @example
 * mapAddress(interleavedMapper(['A.Top', 'B.Top'], 4096), 4096) === 'B.Top';
 */
export function interleavedMapper(ports: readonly string[], interleave: number): AddressMapper {
  return { ports, interleave };
}

/**
 * The full port name `address` maps to.
 *
 * @example
 * mapAddress({ ports: ['A.Top', 'B.Top'], interleave: 0x200000 }, 0x300000) === 'B.Top';
 */
export function mapAddress(mapper: AddressMapper, address: number): string {
  return mapper.ports[Math.floor(address / mapper.interleave) % mapper.ports.length];
}
