// Random and malformed input at every importer and write API (fast-check): the model importer, the rating API,
// the rule configuration of a new consultation and the panel CSV; and malformed URLs (percent-escapes, CR/LF,
// numbers like 1e400) and lone surrogates at every page and API route. Never a 500, never a partial write, and a
// refusal names the field, the line or the part of the URL at fault.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { API_ROUTES } from "../../app/api/routes.server.js";
import { importModel } from "../../app/models/model.server.js";
import { ratingSchema } from "../../shared/delphi/schemas.js";
import { AppError } from "../../shared/errors/app-error.js";
import { api, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, rowCounts, type TestDb } from "../support/db.js";
import { pageData, startTestApp } from "../support/server.js";
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

/** Every page of the authorization matrix in docs/security.md (so a new page is fuzzed as soon as it has a row). */
const PAGES = [...readFileSync("docs/security.md", "utf8").matchAll(/^\| page +\| `GET ([^`]+)`/gm)].map((m) => m[1]!);

/** Path segments and query values no route can mean; the edge answers 400 "Malformed URL: …". */
const MALFORMED_PARTS = ["%E0%A4%A", "%zz", "%", "%ED%A0%80", "x%0d%0aSet-Cookie:%20a=b", "%00", "a%09b"];
const BAD_NUMBERS = ["1e400", "-1", "NaN", "99999999999", "1.5", "0x10", "Infinity", " 1"];

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

  // -------------------------------------------------------------------------------------------
  // URLs and text encodings: one place at the edge (server/security.ts) and one in the API dispatcher.

  const enc = encodeURIComponent;
  /** A real value for each placeholder, so only the part under test is wrong. */
  function resolve(path: string): string {
    const round = /\/review\/|\/results|\/decision/.test(path) ? world.closedRound : world.openRound;
    return path
      .replace(/^\/rounds\/\{id\}/, `/rounds/${round.id}`)
      .replace(/^\/tokens\/\{id\}/, "/tokens/none")
      .replace("{id}", world.consultationId)
      .replace("{number}", String(round.number))
      .replace("{itemId}", round.itemIds[0]!)
      .replace("{key}", enc(world.closedRound.keys[0]!))
      .replace("{file}", "ratings.csv")
      .replace("{slug}", world.modelSlug)
      .replace("{token}", "not-a-real-invitation-token");
  }
  /** The path with its n-th placeholder replaced by a raw (already encoded) part, the others real. */
  function withPart(path: string, n: number, part: string): string {
    let i = -1;
    return resolve(path.replace(/\{\w+\}/g, (m) => (++i === n ? "\u0001" : m))).replace("\u0001", part);
  }
  const placeholders = (path: string) => path.match(/\{\w+\}/g)?.length ?? 0;
  const targets = () => [
    ...PAGES.map((path) => ({ method: "GET", url: path, api: false })),
    ...API_ROUTES.map((r) => ({ method: r.method, url: `/api/v1${r.path}`, api: true })),
  ];

  async function send(method: string, url: string, body?: string) {
    const res = await fetch(`${app.url}${url}`, {
      method,
      redirect: "manual",
      headers: {
        cookie: admin.cookie!,
        origin: app.url,
        accept: "text/html,application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  }

  test("a malformed percent-escape or a control character anywhere in a URL is a 400 naming it, on every route", async () => {
    const failures: string[] = [];
    for (const { method, url, api: isApi } of targets()) {
      const cases: string[] = [];
      for (let n = 0; n < placeholders(url); n++)
        for (const part of MALFORMED_PARTS) cases.push(withPart(url, n, part));
      cases.push(`${resolve(url)}?redirectTo=%0d%0a`, `${resolve(url)}?x=%zz`, `${resolve(url)}?a%0a=1`);
      for (const target of cases) {
        const res = await send(method, target, method === "GET" ? undefined : "{}");
        const message = isApi ? res.json().error?.message : res.text;
        if (res.status !== 400 || !/^Malformed URL: .*(percent-escape|control character)/.test(message ?? ""))
          failures.push(`${method} ${target} → ${res.status} ${res.text.slice(0, 100)}`);
        else if (isApi) expect(res.json().error.code).toBe("validation");
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  test("random text in any path segment or query parameter never gives a 500", async () => {
    const all = targets();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...all),
        fc.nat(),
        fc.oneof(
          // Text as a browser would encode it (lone surrogates cannot be encoded: a browser sends U+FFFD).
          fc.string({ unit: "binary" }).map((raw) => enc(raw.replace(/\p{Cs}/gu, "\ufffd"))),
          // Escapes typed by hand: valid, truncated, not hex, or bytes that are not UTF-8.
          fc
            .array(
              fc.oneof(
                fc.constantFrom("%", "%e0", "%A4", "%0d", "%0A", "%ff", "%zz", "%2F", "%00"),
                fc.string({ maxLength: 3, unit: fc.constantFrom("a", "1", "-", ".", "e", "+") }),
              ),
              { minLength: 1, maxLength: 6 },
            )
            .map((parts) => parts.join("")),
          fc.constantFrom(...MALFORMED_PARTS, ...BAD_NUMBERS.map(enc)),
        ),
        async (route, at, part) => {
          const n = placeholders(route.url);
          const target = n && at % 2 ? withPart(route.url, at % n, part || "x") : `${resolve(route.url)}?q=${part}`;
          const res = await send(route.method, target, route.method === "GET" ? undefined : "{}");
          expect(res.status, `${route.method} ${target}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS * 5 },
    );
  }, 120_000);

  test("numbers read from a URL (1e400, -1, NaN, 99999999999…) are refused with a 4xx naming the parameter", async () => {
    const slug = world.modelSlug;
    const id = world.consultationId;
    const failures: string[] = [];
    const cases: { url: string; name: RegExp; api: boolean }[] = [];
    for (const bad of BAD_NUMBERS.map(enc)) {
      cases.push(
        { url: `/api/v1/models/${slug}?version=${bad}`, name: /version/, api: true },
        { url: `/api/v1/consultations/${id}/audit?afterSeq=${bad}`, name: /afterSeq/, api: true },
        { url: `/api/v1/consultations/${id}/audit?limit=${bad}`, name: /limit/, api: true },
        { url: `/api/v1/models/${slug}/compare?from=${bad}`, name: /from/, api: true },
        { url: `/api/v1/models/${slug}/compare?to=${bad}`, name: /to/, api: true },
        { url: `/models/${slug}?v=${bad}`, name: /\bv\b|version/, api: false },
        { url: `/models/${slug}/compare?from=${bad}`, name: /from/, api: false },
        { url: `/consultations/${id}/audit?after=${bad}`, name: /after/, api: false },
        { url: `/consultations/${id}/rounds/${bad}`, name: /round/i, api: false },
        { url: `/consultations/${id}/review/${bad}`, name: /round/i, api: false },
        { url: `/consultations/${id}/reminders/${bad}`, name: /round/i, api: false },
        { url: `/consultations/${id}/reminders/x`, name: /round/i, api: false },
      );
    }
    for (const c of cases) {
      const res = await send("GET", c.url);
      const message = c.api ? res.json().error?.message : res.text;
      if (res.status < 400 || res.status >= 500 || !c.name.test(message ?? ""))
        failures.push(`${c.url} → ${res.status} ${res.text.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  test("a lone surrogate or a NUL anywhere in a JSON body is a 400 naming its path, on every write route, writing nothing", async () => {
    const failures: string[] = [];
    const surrogate = "unpaired surrogate";
    const nul = "NUL character";
    const bodies = [
      { body: '{"name":"\\ud800"}', path: "name", problem: surrogate },
      { body: '{"title":"ok","description":"x\\udfffy"}', path: "description", problem: surrogate },
      { body: '[{"name":"A","country":"\\udc00"}]', path: "[0].country", problem: surrogate },
      { body: '{"\\ud800k":1}', path: "(its key)", problem: surrogate },
      { body: '"\\ud83d"', path: "", problem: surrogate },
      // PostgreSQL cannot store U+0000 in text: refused by name on both providers alike.
      { body: '{"name":"a\\u0000b"}', path: "name", problem: nul },
      { body: '{"items":[{"key":"I.1\\u0000"}]}', path: "items[0].key", problem: nul },
    ];
    for (const route of API_ROUTES.filter((r) => r.method !== "GET" && r.bodyType !== "csv" && r.body)) {
      for (const { body, path, problem } of bodies) {
        const before = await rowCounts(t.db);
        const res = await send(route.method, `/api/v1${resolve(route.path)}`, body);
        const answer = res.json();
        if (res.status !== 400 || !answer.error.message.includes(problem) || !answer.error.message.includes(path))
          failures.push(`${route.method} ${route.path} ${body} → ${res.status} ${res.text.slice(0, 160)}`);
        expect(await rowCounts(t.db)).toEqual(before);
      }
    }
    expect(failures).toEqual([]);

    // The rating of an open round, with everything else valid: refused naming the comment, the stored one kept.
    const round = world.openRound;
    const me = world.panel[0]!;
    const rating = `/rounds/${round.id}/items/${round.itemIds[1]}/rating`;
    expect((await api(app, "PUT", rating, me, { value: 2, comment: "before" })).status).toBe(200);
    for (const field of ["comment", "suggestion"]) {
      const res = await fetch(`${app.url}/api/v1${rating}`, {
        method: "PUT",
        headers: { cookie: me.cookie, "content-type": "application/json" },
        body: `{"value":3,"${field}":"lone \\ud800 half"}`,
      });
      const answer = await res.json();
      expect(res.status).toBe(400);
      expect(answer.error.message).toBe(
        `Invalid request body: ${field}: contains an unpaired surrogate: not valid Unicode text`,
      );
      expect(answer.error.details[0].path).toBe(field);
    }
    const kept = await t.db.rating.findMany({ where: { roundItemId: round.itemIds[1], memberId: me.memberId } });
    expect(kept.map((r) => [r.value, r.comment])).toEqual([[2, "before"]]);
  }, 120_000);

  test("a NUL in a form field (login, API token, new consultation) is a 400 naming the field, not a 500", async () => {
    const form = async (path: string, fields: Record<string, string>, cookie?: string) => {
      const res = await pageData(app, path, { method: "POST", cookie, body: new URLSearchParams(fields) });
      return { status: res.status, body: res.routes.action?.data };
    };
    const login = await form("/login", { email: "a\u0000@x.example", password: "whatever1" });
    expect(login.status).toBe(400);
    expect(login.body.error).toMatch(/^Email contains a NUL character/);
    const token = await form("/account", { name: "x\u0000" }, admin.cookie);
    expect(token.status).toBe(400);
    expect(token.body.error).toMatch(/name: contains a NUL character/);
    const created = await form("/consultations/new", { title: "t\u0000", modelSlug: world.modelSlug }, admin.cookie);
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toMatch(/title: contains a NUL character/);
  });

  test("dates a database cannot hold (year 200000, ±8.64e15 ms) are a 400 naming the field, not a 500", async () => {
    for (const deadline of ["+200000-01-01T00:00:00Z", 8.64e15, -8.64e15, "0001-01-01", "not a date"]) {
      const res = await api(app, "POST", "/consultations", admin, {
        title: "Far deadline",
        modelSlug: world.modelSlug,
        deadline,
      });
      expect(res.status, JSON.stringify(deadline)).toBe(400);
      expect(res.body.error.message).toMatch(/^Invalid .*deadline: expected a date/);
    }
    expect(await t.db.consultation.count({ where: { title: "Far deadline" } })).toBe(0);
  });

  test("the shared text schema refuses lone surrogates and keeps paired ones (emoji)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.constantFrom("\ud800", "\udfff", "\udbff"), (ok, half) => {
        expect(ratingSchema.safeParse({ value: 1, comment: ok }).success).toBe(ok.length <= 5000);
        const refused = ratingSchema.safeParse({ value: 1, comment: ok + half });
        expect(refused.success).toBe(false);
        expect(refused.error?.issues[0]?.message).toMatch(/unpaired surrogate/);
      }),
    );
    expect(ratingSchema.safeParse({ value: 1, comment: "👍 😀" }).success).toBe(true);
  });
});
