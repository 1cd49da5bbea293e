import { describe, expect, it } from "vitest";
import { interfaceLanguage, negotiate } from "./languages";

describe("negotiate", () => {
  it("picks the highest q-value that is offered", () => {
    expect(negotiate("it;q=1, de;q=0.8, fr;q=0.9", ["en", "fr", "de"])).toBe("fr");
  });
  it("matches a regional tag to its language", () => {
    expect(negotiate("de-AT,de;q=0.9,en;q=0.5", ["en", "de"])).toBe("de");
    expect(negotiate("pt-BR", ["en", "pt"])).toBe("pt");
  });
  it("prefers an exact regional match when offered", () => {
    expect(negotiate("pt-BR, pt;q=0.9", ["pt", "pt-BR"])).toBe("pt-BR");
  });
  it("returns null when nothing is acceptable or nothing is asked", () => {
    expect(negotiate("it, ja;q=0.5", ["en", "de"])).toBeNull();
    expect(negotiate(null, ["en"])).toBeNull();
    expect(negotiate("", ["en"])).toBeNull();
  });
  it("ignores languages refused with q=0", () => {
    expect(negotiate("de;q=0, fr;q=0.1", ["de", "fr"])).toBe("fr");
  });
});

describe("interfaceLanguage", () => {
  it("takes the user's setting over the browser", () => {
    expect(interfaceLanguage("es", "de")).toBe("es");
  });
  it("falls back to the browser, then English", () => {
    expect(interfaceLanguage(null, "de-CH, fr;q=0.5")).toBe("de");
    expect(interfaceLanguage("xx", "ja")).toBe("en");
  });
});
