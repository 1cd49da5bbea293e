// The API used on its own, as a new integrator's script would: a token from email and password, a model
// imported and exported, a consultation created — through openapi-fetch typed by the OpenAPI document, so the
// document, its generated types (tests/support/api-schema.d.ts) and the server cannot drift apart.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import createClient from "openapi-fetch";
import type { RunningApp } from "../../server/app.js";
import type { ModelFile } from "../../shared/model/format.js";
import type { paths } from "../support/api-schema.js";
import { apiTypes } from "../support/api-types.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, startTestApp } from "../support/server.js";

const demoModel = () => JSON.parse(readFileSync("prisma/demo-model.json", "utf8")) as ModelFile;

test("the committed API types are what the OpenAPI document generates today (npm run api:types)", async () => {
  const committed = readFileSync("tests/support/api-schema.d.ts", "utf8");
  const prettier = await import("prettier");
  const options = await prettier.resolveConfig("tests/support/api-schema.d.ts");
  const fresh = await prettier.format(await apiTypes(), { ...options, filepath: "tests/support/api-schema.d.ts" });
  expect(fresh, "run npm run api:types and commit tests/support/api-schema.d.ts").toBe(committed);
});

describe.each(providers)("a script using only the API on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let admin: { email: string; password: string };
  let moderator: { email: string; password: string };
  const client = (token?: string) =>
    createClient<paths>({
      baseUrl: `${app.url}/api/v1`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    admin = await createTestUser(t, { isAdmin: true });
    moderator = await createTestUser(t);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const tokenFor = async (who: { email: string; password: string }, extra: Record<string, unknown> = {}) => {
    const { data, response, error } = await client().POST("/auth/token", {
      body: { email: who.email, password: who.password, name: "script", scope: "read-write", ...extra } as never,
    });
    expect(response.status, JSON.stringify(error)).toBe(201);
    return data as unknown as { token: string; scope: string; expiresAt: string | null };
  };

  test("email and password give a token (30 days unless asked), which then does what the account may", async () => {
    const minted = await tokenFor(admin);
    expect(minted.token).toMatch(/^dmlm_/);
    const days = (new Date(minted.expiresAt!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect((await tokenFor(admin, { expiresInDays: 2 })).expiresAt).not.toBe(minted.expiresAt);

    const me = await client(minted.token).GET("/me");
    expect(me.response.status).toBe(200);
    expect((me.data as { email: string }).email).toBe(admin.email);
    // A token still cannot manage tokens, however it was obtained.
    expect((await client(minted.token).GET("/tokens")).response.status).toBe(403);
  });

  test("wrong credentials are 401 with one message for every case; the account limit counts only failures", async () => {
    const attempt = (email: string, password: string) =>
      client().POST("/auth/token", { body: { email, password, name: "guess" } as never });
    const wrong = await attempt(admin.email, "not the password");
    const unknown = await attempt("nobody@example.org", "whatever");
    for (const r of [wrong, unknown]) expect(r.response.status).toBe(401);
    expect(wrong.error).toEqual(unknown.error);

    const bad = await client().POST("/auth/token", { body: { email: admin.email, name: "x" } as never });
    expect(bad.response.status).toBe(400);
    expect(JSON.stringify(bad.error)).toMatch(/password/);

    // Ten failures for one account (from any address) lock it, the right password included, like the login page.
    const victim = await createTestUser(t);
    for (let i = 0; i < 10; i++) expect((await attempt(victim.email, `guess ${i}`)).response.status).toBe(401);
    const locked = await attempt(victim.email, victim.password);
    expect(locked.response.status).toBe(429);
    expect(JSON.stringify(locked.error)).toMatch(/Too many login attempts/);
    // Successes never count: the admin above signed in several times and still can.
    for (let i = 0; i < 12; i++) await tokenFor(admin);
  });

  test("a model is imported and exported over the API: round trip exact, bad files refused by path, nothing written", async () => {
    const { token } = await tokenFor(admin);
    const file = { ...demoModel(), name: `Script model ${provider}` };
    const imported = await client(token).POST("/models", { body: file as never });
    expect(imported.response.status, JSON.stringify(imported.error)).toBe(201);
    const { modelSlug, versionNumber } = imported.data as unknown as { modelSlug: string; versionNumber: number };
    expect(versionNumber).toBe(1);

    const exported = await client(token).GET("/models/{slug}/file", {
      params: { path: { slug: modelSlug }, query: { version: "1" } as never },
    });
    expect(exported.response.status).toBe(200);
    // Importing the export again stores the same model as version 2, and its export is identical.
    const again = await client(token).POST("/models", { body: exported.data as never });
    expect((again.data as unknown as { versionNumber: number }).versionNumber).toBe(2);
    const second = await client(token).GET("/models/{slug}/file", {
      params: { path: { slug: modelSlug }, query: { version: "2" } as never },
    });
    expect(second.data).toEqual(exported.data);
    expect((exported.data as ModelFile).domains.length).toBe(file.domains.length);

    const before = await t.db.modelVersion.count();
    const broken = structuredClone(file);
    broken.domains[0]!.subdomains[0]!.indicators[0]!.levels.pop();
    const refused = await client(token).POST("/models", { body: broken as never });
    expect(refused.response.status).toBe(400);
    expect(JSON.stringify(refused.error)).toContain(
      "domains[0].subdomains[0].indicators[0].levels: expected 5 entries, got 4",
    );
    expect(await t.db.modelVersion.count()).toBe(before);

    const missing = await client(token).GET("/models/{slug}/file", { params: { path: { slug: "no-such-model" } } });
    expect(missing.response.status).toBe(404);
  });

  test("only admins import models; a read token cannot import either", async () => {
    const { token } = await tokenFor(moderator);
    const refused = await client(token).POST("/models", { body: { ...demoModel(), name: "Not mine" } as never });
    expect(refused.response.status).toBe(403);
    const read = await tokenFor(admin, { scope: "read" });
    const readOnly = await client(read.token).POST("/models", { body: { ...demoModel(), name: "Read" } as never });
    expect(readOnly.response.status).toBe(403);
    expect(await t.db.model.count({ where: { name: { in: ["Not mine", "Read"] } } })).toBe(0);
  });

  test("the script carries on: creates a consultation on its model and reads it back", async () => {
    const { token } = await tokenFor(admin);
    const models = await client(token).GET("/models");
    const slug = (models.data as unknown as { slug: string }[]).find((m) => m.slug.startsWith("script-model"))!.slug;
    const created = await client(token).POST("/consultations", {
      body: { title: "Scripted study", modelSlug: slug, items: "indicators" } as never,
    });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    const id = (created.data as unknown as { id: string }).id;
    const read = await client(token).GET("/consultations/{id}", { params: { path: { id } } });
    expect((read.data as unknown as { title: string }).title).toBe("Scripted study");
  });
});
