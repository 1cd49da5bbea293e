import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { modelFileSchema, translatedWordings } from "./format.js";

const translated = () =>
  JSON.parse(readFileSync(new URL("../../tests/fixtures/translated-model.json", import.meta.url), "utf8"));

/** The first issue of a file that should not parse, as "path: message". */
function firstIssue(file: unknown): string {
  const r = modelFileSchema.safeParse(file);
  expect(r.success).toBe(false);
  const issue = r.error!.issues[0]!;
  const path = issue.path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
  return `${path}: ${issue.message}`;
}

describe("model translations in the model file", () => {
  test("a file with a complete German translation parses, and a file without language or translations still does", () => {
    const r = modelFileSchema.parse(translated());
    expect(r.language).toBe("en");
    expect(Object.keys(r.translations!)).toEqual(["de"]);
    const plain = translated();
    delete plain.language;
    delete plain.translations;
    expect(modelFileSchema.parse(plain).translations).toBeUndefined();
  });

  test("a translated level set with 4 descriptors is named by its path", () => {
    const f = translated();
    f.translations.de.domains[1].subdomains[0].indicators[0].levels.pop();
    expect(firstIssue(f)).toBe("translations.de.domains[1].subdomains[0].indicators[0].levels: expected 5 descriptors");
  });

  test("a missing indicator, an extra one, a shifted key and a missing text are each named", () => {
    const missing = translated();
    missing.translations.de.domains[0].subdomains[0].indicators.pop();
    expect(firstIssue(missing)).toBe('translations.de.domains[0].subdomains[0].indicators: missing indicator "I.1.2"');
    const extra = translated();
    extra.translations.de.domains[1].subdomains[0].indicators.push({
      id: "II.1.2",
      statement: "Zusätzlich",
      levels: ["a", "b", "c", "d", "e"],
    });
    expect(firstIssue(extra)).toBe(
      'translations.de.domains[1].subdomains[0].indicators[1].id: extra indicator "II.1.2": the model has 1',
    );
    const shifted = translated();
    shifted.translations.de.domains[0].code = "IX";
    expect(firstIssue(shifted)).toBe(
      'translations.de.domains[0].code: "IX" is not a domain of the model here (expected "I")',
    );
    const empty = translated();
    empty.translations.de.domains[0].subdomains[0].title = " ";
    expect(firstIssue(empty)).toBe("translations.de.domains[0].subdomains[0].title: must not be empty");
    const unknown = translated();
    unknown.translations.de.domains[0].titel = "x";
    expect(firstIssue(unknown)).toContain("translations.de.domains[0]: ");
  });

  test("a bad language tag, and a translation into the model's own language, are refused", () => {
    const tag = translated();
    tag.translations = { Deutsch: tag.translations.de };
    expect(firstIssue(tag)).toContain("translations.Deutsch: ");
    const own = translated();
    own.translations = { en: own.translations.de };
    expect(firstIssue(own)).toBe("translations.en: \"en\" is the model's own language; its texts are the model's");
  });

  test("translatedWordings gives every item's wording by its round item key", () => {
    const w = translatedWordings(modelFileSchema.parse(translated()).translations!.de!);
    expect(w["I"]).toBe("Steuerung");
    expect(w["II.1"]).toBe("Datenaustausch");
    expect(w["I.1.2"]).toBe("Die Strategie hat ein Budget für ihre Umsetzung");
    expect(w["I.1.1/levels"]).toHaveLength(5);
  });
});
