// Administrators add a model without a terminal: the upload on /models (the same importer and path-precise errors
// as `npm run model:import` and POST /api/v1/models), nothing written on error, and only admins may; the version
// downloads from the page's link in the interchange format.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { syntheticModel } from "../support/api.js";
import { createTestDb, providers, rowCounts, type TestDb } from "../support/db.js";
import { createTestUser, login, pageData, startTestApp } from "../support/server.js";

describe.each(providers)("model upload on the models page on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let admin: string;
  let other: string;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const a = await createTestUser(t, { isAdmin: true });
    const o = await createTestUser(t);
    admin = await login(app, a.email, a.password);
    other = await login(app, o.email, o.password);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const upload = async (cookie: string, content: string, name = "model.json") => {
    const form = new FormData();
    form.set("file", new File([content], name, { type: "application/json" }));
    const res = await pageData(app, "/models?index", { method: "POST", cookie, body: form });
    return { status: res.status, body: res.routes.action?.data ?? res.value };
  };

  test("an admin uploads a model file: the next version, listed with its download link", async () => {
    const file = syntheticModel(`Uploaded model ${provider}`, 2, 1, 2);
    const res = await upload(admin, JSON.stringify(file));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.message).toMatch(
      /^Imported model\.json as uploaded-model-\w+ version 1: 2 domains, 2 subdomains, 4 indicators/,
    );
    const page = await (await fetch(`${app.url}/models`, { headers: { cookie: admin } })).text();
    const slug = `uploaded-model-${provider}`;
    expect(page).toContain(`/api/v1/models/${slug}/file?version=1`);
    const download = await fetch(`${app.url}/api/v1/models/${slug}/file?version=1`, { headers: { cookie: other } });
    expect(download.status).toBe(200);
    expect((await download.json()).domains).toHaveLength(2);
  });

  test("a bad file is refused with the importer's paths, or as not JSON, and nothing is written", async () => {
    const before = await rowCounts(t.db);
    const broken = syntheticModel("Broken upload", 1, 1, 1) as any;
    broken.domains[0].subdomains[0].indicators[0].levels = ["only one"];
    const bad = await upload(admin, JSON.stringify(broken));
    expect(bad.status).toBe(400);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.error).toContain("domains[0].subdomains[0].indicators[0].levels");
    const notJson = await upload(admin, "{ not json", "draft.json");
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/^draft\.json is not valid JSON/);
    const empty = await upload(admin, "", "empty.json");
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe("Choose a model file first");
    expect(await rowCounts(t.db)).toEqual(before);
  });

  test("only administrators import, and the page shows the upload only to them", async () => {
    const before = await rowCounts(t.db);
    const res = await upload(other, JSON.stringify(syntheticModel("Not an admin's", 1, 1, 1)));
    expect(res.status).toBe(403);
    expect(await rowCounts(t.db)).toEqual(before);
    const page = await (await fetch(`${app.url}/models`, { headers: { cookie: other } })).text();
    expect(page).not.toContain("Import a model");
    const adminPage = await (await fetch(`${app.url}/models`, { headers: { cookie: admin } })).text();
    expect(adminPage).toContain("Import a model");
  });
});
