import { describe, expect, test } from "vitest";
import { ratingSchema } from "../../../shared/delphi/schemas";
import { lengthError, TEXT_LIMIT } from "./useAnswerAutosave";

describe("answer texts", () => {
  test("an over-long text is named in words, with both numbers", () => {
    expect(lengthError("comment", "x".repeat(7290))).toBe(
      "Your comment is 7,290 characters; the limit is 5,000. Shorten it to save it.",
    );
    expect(lengthError("suggestion", "x".repeat(5001))).toMatch(/^Your suggested rewording is 5,001 characters/);
    expect(lengthError("comment", "x".repeat(TEXT_LIMIT))).toBeNull();
  });

  test("the browser's limit is the server's: the longest text it lets through is accepted, one more is not", () => {
    for (const field of ["comment", "suggestion"] as const) {
      expect(ratingSchema.safeParse({ value: 3, [field]: "é".repeat(TEXT_LIMIT) }).success).toBe(true);
      expect(ratingSchema.safeParse({ value: 3, [field]: "é".repeat(TEXT_LIMIT + 1) }).success).toBe(false);
    }
  });
});
