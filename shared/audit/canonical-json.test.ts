import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { canonicalJson, CanonicalJsonError } from "./canonical-json.js";

/** The same value with every object's keys in a random order. */
function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).map(([k, v]) => [k, shuffleKeys(v, random)] as const);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries);
}

/**
 * Oracle: JSON.stringify with every key of the value, sorted, as its replacer list: it then writes
 * each object's keys in that list's order (an object's own order puts integer-like keys first).
 */
function sortedStringify(value: unknown): string {
  const keys = new Set<string>();
  const collect = (v: unknown): void => {
    if (v === null || typeof v !== "object") return;
    if (!Array.isArray(v)) Object.keys(v).forEach((k) => keys.add(k));
    Object.values(v).forEach(collect);
  };
  collect(value);
  return JSON.stringify(value, [...keys].sort());
}

// fc.jsonValue can produce keys like "__proto__", which Object.fromEntries handles as data, as JSON.parse does.
const json = fc.jsonValue();

describe("canonicalJson", () => {
  test("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: [{ z: true, y: null }, "x"], c: { e: "é", d: -0 } })).toBe(
      '{"a":[{"y":null,"z":true},"x"],"b":1,"c":{"d":0,"e":"é"}}',
    );
  });

  test("matches RFC 8785 for numbers, escapes and key order by UTF-16 code units", () => {
    // Examples from RFC 8785 §3.2.2.3 and Appendix B.
    expect(canonicalJson([1e21, 1e-7, 0.000001, 333333333.3333333, 1e23, 5e-324, 9007199254740992])).toBe(
      "[1e+21,1e-7,0.000001,333333333.3333333,1e+23,5e-324,9007199254740992]",
    );
    expect(canonicalJson('\u000f\n"\\/€')).toBe('"\\u000f\\n\\"\\\\/€"');
    // U+1F600 sorts before U+FB33 because its first UTF-16 unit is 0xD83D.
    expect(canonicalJson({ "\u20ac": 1, "\ud83d\ude00": 2, "\r": 3, "1": 4, "\u00f6": 5, "\ufb33": 6 })).toBe(
      '{"\\r":3,"1":4,"ö":5,"€":1,"😀":2,"דּ":6}',
    );
  });

  test("key order never changes the output", () => {
    fc.assert(
      fc.property(json, fc.integer(), (value, seed) => {
        const random = mulberry32(seed);
        expect(canonicalJson(shuffleKeys(value, random))).toBe(canonicalJson(value));
      }),
    );
  });

  test("equals JSON.stringify of the key-sorted value and parses back to the same value", () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        expect(text).toBe(sortedStringify(value));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  test.each([
    ["NaN", { score: NaN }, "$.score: NaN is not a finite number"],
    ["Infinity", { a: [1, Infinity] }, "$.a[1]: Infinity is not a finite number"],
    ["undefined", { a: undefined }, "$.a: undefined is not JSON"],
    ["a bigint", { n: 1n }, "$.n: bigint is not JSON"],
    ["a function", [() => 1], "$[0]: function is not JSON"],
    ["a Date", { at: new Date(0) }, "$.at: Date is not a plain JSON object"],
    ["a Map", { m: new Map() }, "$.m: Map is not a plain JSON object"],
    ["a lone surrogate", { s: "a\ud800b" }, "$.s: string contains a lone surrogate"],
  ])("refuses %s with the path of the value", (_what, value, message) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  test("refuses a cycle but accepts the same object twice side by side", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow("$.self: circular reference");
  });

  test("objects without a prototype are plain JSON objects", () => {
    const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });
});

/** Small seeded PRNG so shuffles are reproducible from fast-check's seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
