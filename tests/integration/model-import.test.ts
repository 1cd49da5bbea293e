// The model importer against the real 1+MG/B1MG file (read in place from ../shared/data).
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { exportModel, importModel } from "../../app/models/model.server.js";
import { AppError } from "../../shared/errors/app-error.js";
import { readB1mg } from "../support/b1mg.js";
import { createTestDb, providers, rowCounts, type TestDb } from "../support/db.js";

const b1mg = readB1mg;
const demo = () => JSON.parse(readFileSync(new URL("../../prisma/demo-model.json", import.meta.url), "utf8"));

async function importError(t: TestDb, input: unknown): Promise<AppError> {
  const error = await importModel(t.db, input).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(providers)("model import/export on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(provider);
  });
  afterEach(async () => {
    await t.drop();
  });

  test("imports the B1MG MLM unchanged: 8 domains, 33 subdomains, 49 indicators, 36 glossary terms", async () => {
    const result = await importModel(t.db, b1mg());
    expect(result.counts).toEqual({ domains: 8, subdomains: 33, indicators: 49, levels: 245, glossary: 36 });
    const counts = await rowCounts(t.db);
    expect(counts).toMatchObject({ domain: 8, subdomain: 33, indicator: 49, level: 245, glossaryTerm: 36 });
  });

  test("export of an imported file equals the file, and export → import → export is identical", async () => {
    const original = b1mg();
    const first = await importModel(t.db, original);
    const exported = await exportModel(t.db, first.modelSlug, first.versionNumber);
    expect(exported).toEqual(original);
    const second = await importModel(t.db, exported);
    expect(second.versionNumber).toBe(2);
    const again = await exportModel(t.db, second.modelSlug, 2);
    expect(JSON.stringify(again)).toBe(JSON.stringify(exported));
  });

  test("the demo model round-trips too", async () => {
    const r = await importModel(t.db, demo());
    expect(await exportModel(t.db, r.modelSlug)).toEqual(demo());
  });

  test.each([
    [
      "a missing level",
      (m: any) => m.domains[2].subdomains[0].indicators[0].levels.pop(),
      "domains[2].subdomains[0].indicators[0].levels",
      "expected 5 entries, got 4",
    ],
    [
      "an empty statement",
      (m: any) => (m.domains[0].subdomains[1].indicators[0].statement = "  "),
      "domains[0].subdomains[1].indicators[0].statement",
      "must not be empty",
    ],
    ["a misspelled field", (m: any) => (m.domains[1].titel = "x"), "domains[1]", "titel"],
    [
      "a duplicate indicator key",
      (m: any) => (m.domains[0].subdomains[1].indicators[0].id = m.domains[0].subdomains[0].indicators[0].id),
      "domains[0].subdomains[1].indicators[0].id",
      "duplicate key",
    ],
    [
      "an indicator outside its subdomain",
      (m: any) => (m.domains[3].subdomains[0].indicators[0].id = "I.9.9"),
      "domains[3].subdomains[0].indicators[0].id",
      'must start with "IV.1."',
    ],
    [
      "a level that is not text",
      (m: any) => (m.domains[7].subdomains[0].indicators[0].levels[3] = 4),
      "domains[7].subdomains[0].indicators[0].levels[3]",
      "string",
    ],
    ["no domains", (m: any) => (m.domains = []), "domains", "expected at least 1 domain"],
  ])("rejects %s with the path of the bad field and writes nothing", async (_what, mutate, path, message) => {
    await importModel(t.db, demo()); // existing content must survive a failed import untouched
    const before = await rowCounts(t.db);
    const file = b1mg();
    mutate(file);
    const error = await importError(t, file);
    expect(error.code).toBe("validation");
    expect(error.message).toContain(`${path}: `);
    expect(error.message).toContain(message);
    expect(error.details[0]?.path).toBe(path);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  test("importing a model again adds a version and leaves the previous one unchanged", async () => {
    const first = await importModel(t.db, demo());
    const changed = demo();
    changed.domains[0].subdomains[0].indicators[0].statement = "A reworded statement";
    const second = await importModel(t.db, changed);
    expect([first.versionNumber, second.versionNumber]).toEqual([1, 2]);
    expect(await exportModel(t.db, first.modelSlug, 1)).toEqual(demo());
    expect((await exportModel(t.db, first.modelSlug, 2)).domains[0]!.subdomains[0]!.indicators[0]!.statement).toBe(
      "A reworded statement",
    );
  });
});
