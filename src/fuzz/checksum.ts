/**
 * JSON text with object keys in sorted order (undefined members left out),
 * so equal values have equal text whatever order their keys were made in.
 *
 * @example
 * canonicalJson({ b: 1, a: [2] }) === '{"a":[2],"b":1}';
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * A 64-bit FNV-style checksum (16 hex digits) of a value's
 * {@link canonicalJson}: catches files changed by hand or damaged.
 *
 * @example
 * contentChecksum({ a: 1 }) === contentChecksum({ a: 1 });
 */
export function contentChecksum(v: unknown): string {
  const text = canonicalJson(v);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(i), 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
