import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { itemLanguage, negotiate } from "./negotiate.js";

const UI = ["en", "fr", "de", "es", "pt"] as const;

describe("negotiate", () => {
  test("a German browser gets German, by q-value and not by position", () => {
    expect(negotiate("de-DE,de;q=0.9,en;q=0.8", UI)).toBe("de");
    expect(negotiate("en;q=0.5, de", UI)).toBe("de");
    expect(negotiate("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", UI)).toBe("fr");
  });

  test("equal q-values keep the browser's order; q=0 refuses a language", () => {
    expect(negotiate("es, pt", UI)).toBe("es");
    expect(negotiate("de;q=0, en;q=0.1", UI)).toBe("en");
  });

  test("a region falls back to its language and a language finds a regional tag", () => {
    expect(negotiate("pt-BR", UI)).toBe("pt");
    expect(negotiate("pt", ["en", "pt-BR"])).toBe("pt-BR");
    expect(negotiate("PT-br", ["en", "pt-BR"])).toBe("pt-BR");
  });

  test("no header, nothing acceptable or nothing available gives null; * takes the first", () => {
    expect(negotiate(null, UI)).toBeNull();
    expect(negotiate("", UI)).toBeNull();
    expect(negotiate("ja, zh;q=0.8", UI)).toBeNull();
    expect(negotiate("de", [])).toBeNull();
    expect(negotiate("ja, *;q=0.1", UI)).toBe("en");
  });

  test("whatever the header, the answer is one of the available languages or null", () => {
    fc.assert(
      fc.property(fc.string(), fc.subarray([...UI]), (header, available) => {
        const r = negotiate(header, available);
        expect(r === null || available.includes(r as (typeof UI)[number])).toBe(true);
      }),
    );
  });
});

describe("itemLanguage", () => {
  test("the interface language when the consultation offers it, else the source (the first offered)", () => {
    expect(itemLanguage("de", ["en", "de"])).toBe("de");
    expect(itemLanguage("fr", ["en", "de"])).toBe("en");
    expect(itemLanguage(null, ["fr", "de"])).toBe("fr");
    expect(itemLanguage("pt", ["en", "pt-BR"])).toBe("pt-BR");
    expect(itemLanguage("de", [])).toBe("en");
  });
});
