import { PageTable } from '../../state/memory/page-table';
import { Storage } from '../../state/memory/storage';
import { Directory } from '../../state/structures/cache-directory';
import { PersistentArray } from '../../state/structures/persistent-array';
import { PersistentBitSet } from '../../state/structures/persistent-bitset';
import { PersistentWordList } from '../../state/structures/persistent-word-list';
import { TimedPipeline } from '../../state/structures/timed-pipeline';

/** Classes whose instances may live in simulation state, by name. */
const CLASSES: Record<string, { prototype: object }> = {
  Directory,
  PageTable,
  PersistentArray,
  PersistentBitSet,
  PersistentWordList,
  Storage,
  TimedPipeline,
};

/** A JSON-safe tree. */
export type Encoded = null | boolean | number | string | Encoded[] | { [k: string]: Encoded };

/**
 * Encodes simulation state (plain data, arrays with holes, `undefined`,
 * `Uint8Array`, `Map`, `Set`, non-finite numbers and instances of the state
 * classes) into a JSON-safe tree that {@link decodeState} turns back into an
 * equivalent value.
 *
 * @example
 * const text = JSON.stringify(encodeState(state));
 * const again = decodeState(JSON.parse(text));
 */
export function encodeState(v: unknown): Encoded {
  if (v === undefined) return { $u: 1 };
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $n: String(v) };
  if (typeof v !== 'object') throw new Error(`cannot encode a ${typeof v}`);
  if (v instanceof Uint8Array)
    return { $u8: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (Array.isArray(v)) {
    const out: Encoded[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = encodeState(v[i]);
    return out;
  }
  if (v instanceof Map) return { $map: [...v.entries()].map(([k, x]) => [encodeState(k), encodeState(x)]) };
  if (v instanceof Set) return { $set: [...v].map(encodeState) };
  const proto = Object.getPrototypeOf(v);
  const fields: { [k: string]: Encoded } = {};
  for (const k of Object.keys(v)) fields[k] = encodeState((v as Record<string, unknown>)[k]);
  if (proto === Object.prototype || proto === null) {
    return Object.keys(fields).some((k) => k.startsWith('$')) ? { $o: fields } : fields;
  }
  const name = proto.constructor?.name as string | undefined;
  if (name === undefined || CLASSES[name] === undefined)
    throw new Error(`cannot encode an instance of ${name}`);
  return { $c: name, v: fields };
}

/**
 * Decodes a tree made by {@link encodeState}.
 *
 * @example
 * decodeState(encodeState(new Uint8Array([1, 2]))); // Uint8Array [1, 2]
 */
export function decodeState(e: Encoded): unknown {
  if (e === null || typeof e !== 'object') return e;
  if (Array.isArray(e)) {
    const out: unknown[] = new Array(e.length);
    for (let i = 0; i < e.length; i++) out[i] = decodeState(e[i]);
    return out;
  }
  if ('$u' in e) return undefined;
  if ('$n' in e) return Number(e.$n);
  if ('$u8' in e) return new Uint8Array(Buffer.from(e.$u8 as string, 'base64'));
  if ('$map' in e) return new Map((e.$map as Encoded[][]).map(([k, x]) => [decodeState(k), decodeState(x)]));
  if ('$set' in e) return new Set((e.$set as Encoded[]).map(decodeState));
  if ('$c' in e) {
    const cls = CLASSES[e.$c as string];
    if (cls === undefined) throw new Error(`unknown state class ${String(e.$c)}`);
    const obj = Object.create(cls.prototype) as Record<string, unknown>;
    const fields = e.v as Record<string, Encoded>;
    for (const k of Object.keys(fields)) obj[k] = decodeState(fields[k]);
    return obj;
  }
  const src = ('$o' in e ? e.$o : e) as Record<string, Encoded>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) out[k] = decodeState(src[k]);
  return out;
}
