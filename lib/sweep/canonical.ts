/**
 * Canonical JSON and the config key. Two configs that mean the same thing (same values, keys in any order)
 * serialise to the same text and so hash to the same key; anything JSON cannot represent faithfully (NaN,
 * Infinity, undefined inside arrays, functions, class instances, cycles) is rejected instead of being
 * silently changed.
 */
import { createHash } from 'crypto';
import { InvlogicError } from '../errors';

/** JSON values a config or result may hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * JSON text with object keys sorted (by UTF-16 code unit), no whitespace, -0 written as 0, and object
 * properties whose value is `undefined` omitted (as JSON.stringify does). Throws an InvlogicError naming the
 * offending path for NaN/Infinity, functions, symbols, bigint, typed arrays, Maps, class instances or cycles.
 */
export function canonicalJson(value: unknown, parameter = 'config'): string {
  const stack = new Set<object>();
  const walk = (v: unknown, p: string): string => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'boolean':
        return v ? 'true' : 'false';
      case 'string':
        return JSON.stringify(v);
      case 'number':
        if (!Number.isFinite(v)) throw new InvlogicError(`${p} must be a finite number, got ${v}`, p);
        return JSON.stringify(Object.is(v, -0) ? 0 : v);
      case 'object': {
        if (stack.has(v)) throw new InvlogicError(`${p} is a cycle`, p);
        const proto = Object.getPrototypeOf(v);
        if (Array.isArray(v)) {
          stack.add(v);
          const items = v.map((x, i) => {
            if (x === undefined) throw new InvlogicError(`${p}[${i}] is undefined`, `${p}[${i}]`);
            return walk(x, `${p}[${i}]`);
          });
          stack.delete(v);
          return `[${items.join(',')}]`;
        }
        if (proto !== Object.prototype && proto !== null) {
          throw new InvlogicError(
            `${p} must be plain JSON data, got a ${proto?.constructor?.name ?? 'non-plain object'}`,
            p,
          );
        }
        stack.add(v);
        const keys = Object.keys(v).sort();
        const parts: string[] = [];
        for (const k of keys) {
          const x = (v as Record<string, unknown>)[k];
          if (x === undefined) continue;
          parts.push(`${JSON.stringify(k)}:${walk(x, `${p}.${k}`)}`);
        }
        stack.delete(v);
        return `{${parts.join(',')}}`;
      }
      default:
        throw new InvlogicError(`${p} must be plain JSON data, got a ${typeof v}`, p);
    }
  };
  return walk(value, parameter);
}

/** Hex SHA-256 of `text`, first `chars` characters (default 16 = 64 bits). */
export function sha256Hex(text: string, chars = 16): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, chars);
}

/**
 * The identity of one sweep point: experiment name, experiment version (bump it when a change to `run`
 * invalidates old results) and the full config, canonicalised and hashed.
 */
export function configKey(experiment: string, version: number, config: unknown): string {
  return sha256Hex(canonicalJson({ experiment, version, config }));
}

/** Deep copy in which typed arrays become plain arrays (so a run may return Float64Array fields). */
export function toJsonData(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>, Number);
  if (Array.isArray(value)) return value.map(toJsonData);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonData(v);
    return out;
  }
  return value;
}
