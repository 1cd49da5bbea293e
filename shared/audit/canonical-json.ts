// Canonical JSON for hashing: one byte sequence per JSON value, whatever the key order, so an audit
// hash can be recomputed by any tool. The output is RFC 8785 (JSON Canonicalization Scheme).

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalJsonError extends TypeError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = "CanonicalJsonError";
  }
}

// A lone surrogate has no UTF-8 encoding; tools would replace it differently, so it is refused (I-JSON).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Serialises a JSON value canonically: object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings as ECMAScript's JSON.stringify writes them. Anything that is not plain JSON
 * (undefined, NaN, ±Infinity, bigint, functions, Dates, Maps, class instances, cycles, lone
 * surrogates) is refused with the path of the offending value rather than silently dropped or coerced.
 */
export function canonicalJson(value: unknown, path = "$"): string {
  return serialise(value, path, new Set());
}

function serialise(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a finite number`);
    return JSON.stringify(value); // ECMAScript Number-to-String, as RFC 8785 prescribes; -0 becomes 0
  }
  if (typeof value === "string") {
    if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(path, "string contains a lone surrogate");
    return JSON.stringify(value);
  }
  if (typeof value !== "object") throw new CanonicalJsonError(path, `${typeof value} is not JSON`);
  if (ancestors.has(value)) throw new CanonicalJsonError(path, "circular reference");
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item, i) => serialise(item, `${path}[${i}]`, ancestors)).join(",")}]`;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as object).constructor?.name ?? "object";
      throw new CanonicalJsonError(path, `${kind} is not a plain JSON object`);
    }
    const keys = Object.keys(value).sort(); // default sort compares UTF-16 code units, as RFC 8785 does
    const members = keys.map((key) => {
      if (LONE_SURROGATE.test(key))
        throw new CanonicalJsonError(path, `key ${JSON.stringify(key)} contains a lone surrogate`);
      const item = (value as Record<string, unknown>)[key];
      return `${JSON.stringify(key)}:${serialise(item, `${path}.${key}`, ancestors)}`;
    });
    return `{${members.join(",")}}`;
  } finally {
    ancestors.delete(value);
  }
}
