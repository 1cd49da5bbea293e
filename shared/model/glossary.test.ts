import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { splitByTerms } from "./glossary.js";

describe("splitByTerms", () => {
  test("marks whole-word, case-insensitive matches with the glossary spelling", () => {
    expect(splitByTerms("A National strategy exists.", ["national strategy"])).toEqual([
      { text: "A " },
      { text: "National strategy", term: "national strategy" },
      { text: " exists." },
    ]);
  });

  test("prefers the longest term and ignores matches inside words", () => {
    const parts = splitByTerms("data infrastructure and metadata", ["data", "data infrastructure"]);
    expect(parts.filter((p) => p.term).map((p) => p.term)).toEqual(["data infrastructure"]);
  });

  test("terms with regex characters are matched literally", () => {
    expect(splitByTerms("uses ICT (tools) daily", ["ICT (tools)"])[1]).toEqual({
      text: "ICT (tools)",
      term: "ICT (tools)",
    });
  });

  test("joining the parts gives back the text, whatever the terms", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }), (text, terms) => {
        expect(
          splitByTerms(text, terms)
            .map((p) => p.text)
            .join(""),
        ).toBe(text);
      }),
    );
  });
});
