import { describe, expect, test } from "vitest";
import { itemLanguage } from "./negotiate.js";

describe("itemLanguage", () => {
  test("the interface language when the consultation offers it, else the source (the first offered)", () => {
    expect(itemLanguage("de", ["en", "de"])).toBe("de");
    expect(itemLanguage("fr", ["en", "de"])).toBe("en");
    expect(itemLanguage(null, ["fr", "de"])).toBe("fr");
    expect(itemLanguage("pt", ["en", "pt-BR"])).toBe("pt-BR");
    expect(itemLanguage("de", [])).toBe("en");
  });
});
