import { describe, expect, test } from "vitest";
import { languagesShown } from "./comment-languages.js";

const answers = (spec: [string, string | null][]) => spec.map(([text, language]) => ({ text, language }));

describe("languagesShown", () => {
  test("a language with enough answers on the item shows its badge, sorted by text like every comment list", () => {
    const r = languagesShown(
      answers([
        ["zu vage", "de"],
        ["", "de"],
        ["", "de"],
        ["too vague", "en"],
        ["", "en"],
        ["clear", "en"],
      ]),
      3,
    );
    expect(r).toEqual({ texts: ["clear", "too vague", "zu vage"], languages: ["en", "en", "de"] });
  });

  test("below the minimum no badge — and the other language's goes too, or its absence would name the small one", () => {
    const r = languagesShown(
      answers([
        ["zu vage", "de"],
        ["too vague", "en"],
        ["", "en"],
        ["clear", "en"],
      ]),
      3,
    );
    expect(r.languages).toEqual([null, null, null]);
  });

  test("with three languages and one small, the smallest other is hidden as well", () => {
    const spec: [string, string][] = [
      ...Array.from({ length: 5 }, (_, i): [string, string] => [`en ${i}`, "en"]),
      ...Array.from({ length: 3 }, (_, i): [string, string] => [`fr ${i}`, "fr"]),
      ["de 0", "de"],
    ];
    const r = languagesShown(answers(spec), 3);
    expect(new Set(r.languages)).toEqual(new Set(["en", null]));
    expect(r.languages[r.texts.indexOf("de 0")]).toBeNull();
    expect(r.languages[r.texts.indexOf("fr 0")]).toBeNull();
  });

  test("answers from before languages carry none", () => {
    expect(
      languagesShown(
        answers([
          ["a", null],
          ["b", null],
          ["c", null],
        ]),
        1,
      ).languages,
    ).toEqual([null, null, null]);
  });
});
