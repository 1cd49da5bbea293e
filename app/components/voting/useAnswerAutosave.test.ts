import { describe, expect, test } from "vitest";
import { ratingSchema } from "../../../shared/delphi/schemas";
import { CATALOGS } from "../../i18n/catalogs.server";
import { formatsFor } from "../../i18n/format";
import { createI18n } from "../../i18n/i18n";
import { lengthError as lengthErrorIn, TEXT_LIMIT, type TextField } from "./useAnswerAutosave";

const english = createI18n("en", CATALOGS.en).getFixedT("en", "voting");
const lengthError = (field: TextField, text: string) => lengthErrorIn(field, text, english, formatsFor("en"));

describe("answer texts", () => {
  test("an over-long text is named in words, with both numbers", () => {
    expect(lengthError("comment", "x".repeat(7290))).toBe(
      "Your comment is 7,290 characters; the limit is 5,000. Shorten it to save it.",
    );
    expect(lengthError("suggestion", "x".repeat(5001))).toMatch(/^Your suggested rewording is 5,001 characters/);
    expect(lengthError("comment", "x".repeat(TEXT_LIMIT))).toBeNull();
  });

  test("in German, with German figures", () => {
    const german = createI18n("de", CATALOGS.de).getFixedT("de", "voting");
    expect(lengthErrorIn("comment", "x".repeat(7290), german, formatsFor("de"))).toMatch(/7\.290.*5\.000/);
  });

  test("the browser's limit is the server's: the longest text it lets through is accepted, one more is not", () => {
    for (const field of ["comment", "suggestion"] as const) {
      expect(ratingSchema.safeParse({ value: 3, [field]: "é".repeat(TEXT_LIMIT) }).success).toBe(true);
      expect(ratingSchema.safeParse({ value: 3, [field]: "é".repeat(TEXT_LIMIT + 1) }).success).toBe(false);
    }
  });
});
