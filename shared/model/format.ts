// The maturity level model interchange format (docs/model-format.md): one zod schema used by
// the importer, the exporter and any upload form, so every error names the path of the bad field.
import { z } from "zod";

export const LEVEL_COUNT = 5;

const text = z.string().trim().min(1, { error: "must not be empty" });

const fiveLevels = z.array(text).length(LEVEL_COUNT, {
  error: (issue) => `expected ${LEVEL_COUNT} entries, got ${(issue.input as unknown[]).length}`,
});

const indicator = z.strictObject({
  id: text,
  statement: text,
  levels: fiveLevels,
  terms: z.array(text).optional(),
});

const subdomain = z.strictObject({
  id: text,
  title: text,
  indicators: z.array(indicator).min(1, { error: "expected at least 1 indicator" }),
});

const domain = z.strictObject({
  code: text,
  title: text,
  subdomains: z.array(subdomain).min(1, { error: "expected at least 1 subdomain" }),
});

const glossaryTerm = z.strictObject({ term: text, definition: text });

/** A BCP-47 language tag ("de", "pt-BR"); stored lower-case language, upper-case region as written. */
export const languageTagSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'expected a BCP-47 language tag such as "en" or "pt-BR"' });

// A translation repeats the model's structure with its keys, in the same order, and translates every text; the
// keys are checked against the model's in `checkTranslation`, so a shifted or missing item is named by its path.
const descriptors = z.array(text).length(LEVEL_COUNT, { error: `expected ${LEVEL_COUNT} descriptors` });

const translatedIndicator = z.strictObject({ id: text, statement: text, levels: descriptors });
const translatedSubdomain = z.strictObject({ id: text, title: text, indicators: z.array(translatedIndicator) });
const translatedDomain = z.strictObject({ code: text, title: text, subdomains: z.array(translatedSubdomain) });

export const modelTranslationSchema = z.strictObject({
  /** The level names, e.g. "Stufe 1"; the source's when left out. */
  levelScale: descriptors.optional(),
  domains: z.array(translatedDomain),
});
export type ModelTranslation = z.infer<typeof modelTranslationSchema>;

export const modelFileSchema = z
  .strictObject({
    name: text,
    source: z.string().optional(),
    /** The language the texts are written in (the source wording); "en" when left out. */
    language: languageTagSchema.optional(),
    levelScale: fiveLevels,
    domains: z.array(domain).min(1, { error: "expected at least 1 domain" }),
    glossary: z.array(glossaryTerm).default([]),
    /** Per language: every domain, subdomain, statement and level descriptor in that language. */
    translations: z.record(languageTagSchema, modelTranslationSchema).optional(),
  })
  .superRefine((model, ctx) => {
    // Keys identify items across versions and rounds, so they must be unique and nest
    // (indicator I.1.2 belongs to subdomain I.1 of domain I).
    const seen = new Set<string>();
    const claim = (key: string, path: (string | number)[]) => {
      if (seen.has(key)) ctx.addIssue({ code: "custom", path, message: `duplicate key "${key}"` });
      seen.add(key);
    };
    model.domains.forEach((d, di) => {
      claim(d.code, ["domains", di, "code"]);
      d.subdomains.forEach((s, si) => {
        const sPath = ["domains", di, "subdomains", si];
        claim(s.id, [...sPath, "id"]);
        if (!s.id.startsWith(`${d.code}.`))
          ctx.addIssue({ code: "custom", path: [...sPath, "id"], message: `"${s.id}" must start with "${d.code}."` });
        s.indicators.forEach((i, ii) => {
          const iPath = [...sPath, "indicators", ii, "id"];
          claim(i.id, iPath);
          if (!i.id.startsWith(`${s.id}.`))
            ctx.addIssue({ code: "custom", path: iPath, message: `"${i.id}" must start with "${s.id}."` });
        });
      });
    });
    const terms = new Set<string>();
    model.glossary.forEach((g, gi) => {
      const t = g.term.toLowerCase();
      if (terms.has(t))
        ctx.addIssue({ code: "custom", path: ["glossary", gi, "term"], message: `duplicate term "${g.term}"` });
      terms.add(t);
    });
    const source = model.language ?? "en";
    for (const [language, translation] of Object.entries(model.translations ?? {})) {
      if (language === source)
        ctx.addIssue({
          code: "custom",
          path: ["translations", language],
          message: `"${language}" is the model's own language; its texts are the model's`,
        });
      for (const issue of translationMismatches(model, translation))
        ctx.addIssue({ code: "custom", path: ["translations", language, ...issue.path], message: issue.message });
    }
  });

export type ModelFile = z.infer<typeof modelFileSchema>;

interface Keyed {
  key: string;
  children: Keyed[];
}

/**
 * Where a translation's structure differs from its model's: a missing, extra or misplaced key (by position, so the
 * first difference is named and not every item after it). Level counts are checked by the schema itself.
 */
export function translationMismatches(
  model: Pick<ModelFile, "domains">,
  translation: ModelTranslation,
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const tree = (domains: ModelFile["domains"] | ModelTranslation["domains"]): Keyed[] =>
    domains.map((d) => ({
      key: d.code,
      children: d.subdomains.map((s) => ({
        key: s.id,
        children: s.indicators.map((i) => ({ key: i.id, children: [] })),
      })),
    }));
  const levels = [
    { list: "domains", key: "code", what: "domain" },
    { list: "subdomains", key: "id", what: "subdomain" },
    { list: "indicators", key: "id", what: "indicator" },
  ] as const;
  const compare = (expected: Keyed[], actual: Keyed[], depth: number, path: (string | number)[]) => {
    const level = levels[depth]!;
    const listPath = [...path, level.list];
    for (const [index, want] of expected.entries()) {
      const got = actual[index];
      if (!got) {
        issues.push({ path: listPath, message: `missing ${level.what} "${want.key}"` });
        return;
      }
      if (got.key !== want.key) {
        const known = expected.some((e) => e.key === got.key);
        issues.push({
          path: [...listPath, index, level.key],
          message: known
            ? `expected ${level.what} "${want.key}" here, as in the model, got "${got.key}"`
            : `"${got.key}" is not a ${level.what} of the model here (expected "${want.key}")`,
        });
        return;
      }
      if (depth < levels.length - 1) compare(want.children, got.children, depth + 1, [...listPath, index]);
    }
    if (actual.length > expected.length)
      issues.push({
        path: [...listPath, expected.length, level.key],
        message: `extra ${level.what} "${actual[expected.length]!.key}": the model has ${expected.length}`,
      });
  };
  compare(tree(model.domains), tree(translation.domains), 0, []);
  return issues;
}

/** An item's wording per key, in one language: "I" → title, "I.1.1" → statement, "I.1.1/levels" → the 5 descriptors. */
export function translatedWordings(translation: ModelTranslation): Record<string, string | string[]> {
  const wordings: Record<string, string | string[]> = {};
  for (const d of translation.domains) {
    wordings[d.code] = d.title;
    for (const s of d.subdomains) {
      wordings[s.id] = s.title;
      for (const i of s.indicators) {
        wordings[i.id] = i.statement;
        wordings[`${i.id}/levels`] = i.levels;
      }
    }
  }
  return wordings;
}
