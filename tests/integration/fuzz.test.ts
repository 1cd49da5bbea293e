// Random and malformed input at every importer and write API (fast-check): the model importer, the rating API,
// the rule configuration of a new consultation and the panel CSV. Never a 500, never a partial write, and a
// refusal names the field or the line at fault.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { AppError } from "../../shared/errors/app-error.js";
import { api, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, rowCounts, type TestDb } from "../support/db.js";
import { startTestApp } from "../support/server.js";
import { buildRoleWorld, type RoleWorld } from "../support/roles.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** A 400 must say what is wrong: its first detail's field path appears in the message (or it is the whole body). */
function expectNamesTheField(body: { error: { code: string; message: string; details: { path: string }[] } }) {
  expect(body.error.code).toBe("validation");
  const path = body.error.details[0]?.path ?? "";
  if (path) expect(body.error.message).toContain(path);
  else expect(body.error.message).toMatch(/body|JSON|line \d+|header|column|file|expected/i);
}

/** Anything JSON can carry, including deep nesting, huge strings and prototype-looking keys. */
const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ minLength: 5000, maxLength: 20_000 }),
  fc.constant({ __proto__: { value: 3 } }),
  fc.constant({ constructor: { prototype: { isAdmin: true } } }),
);

describe.each(providers)("fuzzing on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let world: RoleWorld;
  let admin: Caller;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    world = await buildRoleWorld(t, app);
    admin = world.callers.admin;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  test("the model importer refuses random and mutated model files with the field path, writing nothing", async () => {
    const base = syntheticModel("Fuzz model", 1, 1, 1);
    const mutated = fc
      .tuple(
        fc.constantFrom(
          ["name"],
          ["levelScale"],
          ["domains"],
          ["domains", 0, "code"],
          ["domains", 0, "subdomains"],
          ["domains", 0, "subdomains", 0, "indicators", 0, "levels"],
          ["domains", 0, "subdomains", 0, "indicators", 0, "id"],
          ["glossary"],
        ),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(null), fc.string({ minLength: 10_001, maxLength: 12_000 })),
      )
      .map(([path, value]) => {
        const copy = structuredClone(base) as any;
        let at = copy;
        for (const key of path.slice(0, -1)) at = at[key];
        at[path.at(-1)!] = value;
        return copy as unknown;
      });
    await fc.assert(
      fc.asyncProperty(fc.oneof(jsonish, mutated), async (input) => {
        const before = await rowCounts(t.db);
        try {
          await importModel(t.db, input);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          const e = error as AppError;
          expectNamesTheField({ error: { code: e.code, message: e.message, details: e.details } });
          expect(await rowCounts(t.db)).toEqual(before);
          return;
        }
        // A mutation that still describes a valid model is imported whole: a new version, nothing else.
        const after = await rowCounts(t.db);
        expect(after.modelVersion).toBe(before.modelVersion! + 1);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  test("the rating API refuses malformed bodies with 400 naming the field, and keeps the stored rating", async () => {
    const round = world.openRound;
    const itemId = round.itemIds[0]!;
    const me = world.panel[0]!;
    const path = `/rounds/${round.id}/items/${itemId}/rating`;
    expect((await api(app, "PUT", path, me, { value: 4, comment: "kept" })).status).toBe(200);
    const stored = () => t.db.rating.findMany({ where: { roundItemId: itemId, memberId: me.memberId } });
    const original = await stored();

    const badBody = fc.oneof(
      jsonish,
      fc.record(
        { value: fc.anything(), comment: fc.anything(), suggestion: fc.anything(), extra: fc.anything() },
        { requiredKeys: [] },
      ),
      fc.record({ value: fc.oneof(fc.double(), fc.string(), fc.constant(null), fc.integer()), comment: fc.string() }),
      fc.record({ value: fc.integer({ min: 1, max: 5 }), comment: fc.string({ minLength: 5001, maxLength: 6000 }) }),
    );
    const rawText = fc.oneof(fc.string(), fc.constantFrom("{", "[1,", '{"value":', "null", "\u0000", "{}}"));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          badBody.map((b) => ({ json: b })),
          rawText.map((s) => ({ raw: s })),
        ),
        async (input) => {
          const payload = "json" in input ? JSON.stringify(input.json) : input.raw;
          const res = await fetch(`${app.url}/api/v1${path}`, {
            method: "PUT",
            headers: { cookie: me.cookie, "content-type": "application/json" },
            body: payload,
          });
          const body = await res.json();
          expect(res.status, JSON.stringify(body)).not.toBe(500);
          if (res.status === 200) {
            // A valid rating (e.g. {value: 2}) replaces the stored one: still one row. Put the original back.
            expect(await stored()).toHaveLength(1);
            await api(app, "PUT", path, me, { value: 4, comment: "kept" });
            return;
          }
          expect([400, 413]).toContain(res.status);
          if (res.status === 400) expectNamesTheField(body);
          const now = await stored();
          expect(now.map((r) => [r.value, r.comment])).toEqual(original.map((r) => [r.value, r.comment]));
        },
      ),
      { numRuns: RUNS },
    );
  }, 60_000);

  test("a new consultation with a random rule configuration is created whole or refused naming the clause", async () => {
    const figure = fc.oneof(fc.constantFrom("agreePct", "median", "iqr", "nRated"), fc.string({ maxLength: 10 }));
    const condition = fc.oneof(
      fc.record({ figure, op: fc.oneof(fc.constantFrom(">=", "<", "=="), fc.string()), value: fc.anything() }),
      fc.anything(),
    );
    const clause = fc.oneof(
      fc.record(
        {
          status: fc.oneof(fc.constantFrom("validated", "reformulate", "dropped"), fc.string()),
          when: fc.oneof(fc.array(condition, { maxLength: 3 }), fc.anything()),
          label: fc.anything(),
          extra: fc.anything(),
        },
        { requiredKeys: ["status", "when"] },
      ),
      fc.anything(),
    );
    const rule = fc.oneof(
      fc.record(
        { clauses: fc.oneof(fc.array(clause, { maxLength: 3 }), fc.anything()), fallback: fc.anything() },
        { requiredKeys: ["clauses"] },
      ),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(rule, async (r) => {
        const before = await t.db.consultation.count();
        const rounds = await t.db.round.count();
        const res = await api(app, "POST", "/consultations", admin, {
          title: "Fuzzed rule",
          modelSlug: world.modelSlug,
          items: "indicators",
          rule: r,
        });
        expect(res.status, JSON.stringify(res.body)).not.toBe(500);
        if (res.status === 201) {
          expect(await t.db.consultation.count()).toBe(before + 1);
          return;
        }
        expect(res.status).toBe(400);
        expectNamesTheField(res.body);
        expect(res.body.error.details[0].path).toMatch(/^rule/);
        expect(await t.db.consultation.count()).toBe(before);
        expect(await t.db.round.count()).toBe(rounds);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  test("the panel CSV is imported whole or refused naming the line, never half", async () => {
    const created = await api(app, "POST", "/consultations", admin, {
      title: "CSV fuzz",
      modelSlug: world.modelSlug,
      items: "indicators",
    });
    const id = created.body.id as string;
    const header = "name,email,stakeholder type,country,gender,working group/expertise";
    let n = 0;
    const goodRow = fc.constant(null).map(() => `Person ${++n},p${n}.${Date.now()}@csv.example,ELSI,BE,,`);
    const cell = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('"', '""', ",", "\n", "\r\n", "ELSI"));
    const randomRow = fc.array(cell, { maxLength: 8 }).map((cells) => cells.join(","));
    const csv = fc
      .tuple(
        fc.oneof(fc.constant(header), fc.string({ maxLength: 60 })),
        fc.array(fc.oneof(goodRow, randomRow), { minLength: 0, maxLength: 6 }),
      )
      .map(([head, rows]) => [head, ...rows].join("\n"));
    await fc.assert(
      fc.asyncProperty(csv, async (text) => {
        const members = () => t.db.member.count({ where: { consultationId: id } });
        const before = await members();
        const res = await api(app, "POST", `/consultations/${id}/panellists.csv`, admin, text, {
          "content-type": "text/csv",
        });
        expect(res.status, JSON.stringify(res.body)).not.toBe(500);
        if (res.status === 201) {
          expect(await members()).toBe(before + res.body.length);
          return;
        }
        expect([400, 409]).toContain(res.status);
        expect(res.body.error.message).toMatch(/line \d+|header|column|empty|no panellist|CSV/i);
        expect(await members()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);
});
