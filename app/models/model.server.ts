// Maturity level models: import from / export to the interchange format (docs/model-format.md),
// and read a version for the model browser. An import is one transaction: all or nothing.
import type { Db } from "../../server/db/client.js";
import { AppError, fromZodError } from "../../shared/errors/app-error.js";
import { modelFileSchema, type ModelFile, type ModelTranslation } from "../../shared/model/format.js";
import type { SessionUser } from "./user.server.js";

export function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "model"
  );
}

export interface ImportedVersion {
  modelSlug: string;
  versionNumber: number;
  versionId: string;
  counts: { domains: number; subdomains: number; indicators: number; levels: number; glossary: number };
  /** The version's own language and the languages it is translated into. */
  language: string;
  translations: string[];
}

/** `importModel` for a signed-in caller (the API): only admins add models. */
export async function importModelAs(db: Db, user: SessionUser, input: unknown): Promise<ImportedVersion> {
  if (!user.isAdmin) throw new AppError("forbidden", "Only administrators can import models");
  return importModel(db, input);
}

/** Parses and stores a model file as a new version of the model with the same name. */
export async function importModel(db: Db, input: unknown): Promise<ImportedVersion> {
  const parsed = modelFileSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "model file");
  const file = parsed.data;
  const slug = slugify(file.name);

  return db.$transaction(async (tx) => {
    const model = await tx.model.upsert({ where: { slug }, create: { slug, name: file.name }, update: {} });
    const last = await tx.modelVersion.findFirst({ where: { modelId: model.id }, orderBy: { number: "desc" } });
    const version = await tx.modelVersion.create({
      data: {
        modelId: model.id,
        number: (last?.number ?? 0) + 1,
        source: file.source ?? null,
        language: file.language ?? "en",
        translations: JSON.stringify(file.translations ?? {}),
        levelScale: JSON.stringify(file.levelScale),
      },
    });
    const versionLink = { connect: { id: version.id } };
    for (const [di, d] of file.domains.entries()) {
      await tx.domain.create({
        data: {
          version: versionLink,
          key: d.code,
          position: di,
          title: d.title,
          subdomains: {
            create: d.subdomains.map((s, si) => ({
              version: versionLink,
              key: s.id,
              position: si,
              title: s.title,
              indicators: {
                create: s.indicators.map((i, ii) => ({
                  version: versionLink,
                  key: i.id,
                  position: ii,
                  statement: i.statement,
                  terms: i.terms ? JSON.stringify(i.terms) : null,
                  levels: { create: i.levels.map((text, li) => ({ rank: li + 1, text })) },
                })),
              },
            })),
          },
        },
      });
    }
    if (file.glossary.length)
      await tx.glossaryTerm.createMany({
        data: file.glossary.map((g, position) => ({
          versionId: version.id,
          position,
          term: g.term,
          definition: g.definition,
        })),
      });
    const subdomains = file.domains.flatMap((d) => d.subdomains);
    const indicators = subdomains.flatMap((s) => s.indicators);
    return {
      modelSlug: slug,
      versionNumber: version.number,
      versionId: version.id,
      counts: {
        domains: file.domains.length,
        subdomains: subdomains.length,
        indicators: indicators.length,
        levels: indicators.length * 5,
        glossary: file.glossary.length,
      },
      language: version.language,
      translations: Object.keys(file.translations ?? {}),
    };
  });
}

const versionTree = {
  model: true,
  domains: {
    orderBy: { position: "asc" },
    include: {
      subdomains: {
        orderBy: { position: "asc" },
        include: { indicators: { orderBy: { position: "asc" }, include: { levels: { orderBy: { rank: "asc" } } } } },
      },
    },
  },
  glossary: { orderBy: { position: "asc" } },
} as const;

async function loadVersion(db: Db, slug: string, number?: number) {
  const version = await db.modelVersion.findFirst({
    where: { model: { slug }, ...(number ? { number } : {}) },
    orderBy: { number: "desc" },
    include: versionTree,
  });
  if (!version)
    throw new AppError("not_found", number ? `Model ${slug} has no version ${number}` : `No model named ${slug}`);
  return version;
}

/** A stored version in the interchange format; importing the result recreates it exactly. */
export async function exportModel(db: Db, slug: string, number?: number): Promise<ModelFile> {
  const v = await loadVersion(db, slug, number);
  return {
    name: v.model.name,
    ...(v.source !== null ? { source: v.source } : {}),
    // Omitted when "en", as a file without it means: exports of older versions stay what was imported.
    ...(v.language !== "en" ? { language: v.language } : {}),
    levelScale: JSON.parse(v.levelScale),
    domains: v.domains.map((d) => ({
      code: d.key,
      title: d.title,
      subdomains: d.subdomains.map((s) => ({
        title: s.title,
        indicators: s.indicators.map((i) => ({
          statement: i.statement,
          levels: i.levels.map((l) => l.text),
          ...(i.terms !== null ? { terms: JSON.parse(i.terms) as string[] } : {}),
          id: i.key,
        })),
        id: s.key,
      })),
    })),
    glossary: v.glossary.map((g) => ({ term: g.term, definition: g.definition })),
    ...(v.translations !== "{}" ? { translations: versionTranslations(v.translations) } : {}),
  };
}

/** A version's stored translations (JSON of `ModelFile["translations"]`). */
export const versionTranslations = (json: string) => JSON.parse(json) as Record<string, ModelTranslation>;

export interface ModelSummary {
  slug: string;
  name: string;
  versions: { number: number; createdAt: string; indicators: number }[];
}

export async function listModels(db: Db): Promise<ModelSummary[]> {
  const models = await db.model.findMany({
    orderBy: { name: "asc" },
    include: { versions: { orderBy: { number: "desc" }, include: { _count: { select: { indicators: true } } } } },
  });
  return models.map((m) => ({
    slug: m.slug,
    name: m.name,
    versions: m.versions.map((v) => ({
      number: v.number,
      createdAt: v.createdAt.toISOString(),
      indicators: v._count.indicators,
    })),
  }));
}

/** One version shaped for the model browser (plain JSON, safe to send to the browser). */
export async function getModelVersion(db: Db, slug: string, number?: number) {
  const v = await loadVersion(db, slug, number);
  const versions = await db.modelVersion.findMany({
    where: { modelId: v.modelId },
    orderBy: { number: "asc" },
    select: { number: true },
  });
  return {
    slug: v.model.slug,
    name: v.model.name,
    number: v.number,
    source: v.source,
    /** The language of the texts below, and the languages the version is translated into. */
    language: v.language,
    translations: Object.keys(versionTranslations(v.translations)),
    versions: versions.map((x) => x.number),
    levelScale: JSON.parse(v.levelScale) as string[],
    glossary: v.glossary.map((g) => ({ term: g.term, definition: g.definition })),
    domains: v.domains.map((d) => ({
      key: d.key,
      title: d.title,
      subdomains: d.subdomains.map((s) => ({
        key: s.key,
        title: s.title,
        indicators: s.indicators.map((i) => ({
          key: i.key,
          statement: i.statement,
          terms: i.terms ? (JSON.parse(i.terms) as string[]) : [],
          levels: i.levels.map((l) => l.text),
        })),
      })),
    })),
  };
}

export type ModelVersionView = Awaited<ReturnType<typeof getModelVersion>>;
