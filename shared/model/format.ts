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

export const modelFileSchema = z
  .strictObject({
    name: text,
    source: z.string().optional(),
    levelScale: fiveLevels,
    domains: z.array(domain).min(1, { error: "expected at least 1 domain" }),
    glossary: z.array(glossaryTerm).default([]),
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
  });

export type ModelFile = z.infer<typeof modelFileSchema>;
