import { describe, expect, test } from "vitest";
import { wordDiff } from "./diff.js";

const joined = (parts: ReturnType<typeof wordDiff>, without: "added" | "removed") =>
  parts
    .filter((p) => p.type !== without)
    .map((p) => p.text)
    .join("");

describe("word diff", () => {
  test("an inserted word is one added part between unchanged ones", () => {
    expect(wordDiff("Indicator I.1.1 is in place", "Indicator I.1.1 is fully in place")).toEqual([
      { type: "same", text: "Indicator I.1.1 is " },
      { type: "added", text: "fully " },
      { type: "same", text: "in place" },
    ]);
  });

  test("a replaced word is removed then added; unchanged and added parts give back the new text", () => {
    const parts = wordDiff("a policy exists\nand is reviewed", "a strategy exists\nand is reviewed yearly");
    expect(parts.filter((p) => p.type !== "same").map((p) => [p.type, p.text.trim()])).toEqual([
      ["removed", "policy"],
      ["added", "strategy"],
      ["added", "yearly"],
    ]);
    expect(joined(parts, "removed")).toBe("a strategy exists\nand is reviewed yearly");
  });

  test("a word that gains punctuation is replaced whole, as the reader sees it", () => {
    const parts = wordDiff("priorities, targets and timelines", "priorities, targets, budgets and timelines");
    expect(parts.filter((p) => p.type !== "same").map((p) => [p.type, p.text.trim()])).toEqual([
      ["removed", "targets"],
      ["added", "targets, budgets"],
    ]);
  });

  test("identical texts are one unchanged part", () => {
    expect(wordDiff("same words", "same words")).toEqual([{ type: "same", text: "same words" }]);
  });
});
