// A model file with translations (docs/model-format.md) through the three ways in — `npm run model:import`, the
// upload on /models and POST /api/v1/models: the good file is stored with its German texts and exports again, and
// a translation whose structure differs from the model is refused with the same path everywhere, nothing written.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { exportModel, getModelVersion } from "../../app/models/model.server.js";
import { api } from "../support/api.js";
import { createTestDb, providers, rowCounts, type TestDb } from "../support/db.js";
import { createTestUser, login, pageData, startTestApp } from "../support/server.js";

const FIXTURE = new URL("../fixtures/translated-model.json", import.meta.url);
const translated = (name: string) => ({ ...JSON.parse(readFileSync(FIXTURE, "utf8")), name });
const MISMATCH_PATH = "translations.de.domains[1].subdomains[0].indicators[0].levels";
/** The fixture with one German level set a descriptor short. */
const mismatched = (name: string) => {
  const f = translated(name);
  f.translations.de.domains[1].subdomains[0].indicators[0].levels.pop();
  return f;
};

function runImport(url: string, file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/model-import.ts", file], {
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

describe.each(providers)("model translations imported on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let admin: string;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const a = await createTestUser(t, { isAdmin: true });
    admin = await login(app, a.email, a.password);
    dir = mkdtempSync(join(tmpdir(), "delphi-translations-"));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const upload = async (content: unknown) => {
    const form = new FormData();
    form.set("file", new File([JSON.stringify(content)], "model.json", { type: "application/json" }));
    const res = await pageData(app, "/models?index", { method: "POST", cookie: admin, body: form });
    return { status: res.status, body: res.routes.action?.data ?? res.value };
  };

  test("npm run model:import stores a translated file: the version knows its languages and exports them", async () => {
    const file = join(dir, "good.json");
    writeFileSync(file, JSON.stringify(translated("CLI translated")));
    const r = await runImport(t.url, file);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("translated into de");
    const version = await getModelVersion(t.db, "cli-translated");
    expect({ language: version.language, translations: version.translations }).toEqual({
      language: "en",
      translations: ["de"],
    });
    const exported = await exportModel(t.db, "cli-translated");
    expect(exported.translations).toEqual(translated("CLI translated").translations);
  }, 60_000);

  test("the upload page and the API store a translated file as well", async () => {
    const page = await upload(translated("Uploaded translated"));
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.message).toContain("translated into de");
    const viaApi = await api(app, "POST", "/models", { cookie: admin }, translated("API translated"));
    expect(viaApi.status, JSON.stringify(viaApi.body)).toBe(201);
    expect(viaApi.body.translations).toEqual(["de"]);
    const file = await api(app, "GET", "/models/api-translated/file", { cookie: admin });
    expect(file.body.translations.de.domains[0].title).toBe("Steuerung");
  });

  test("a translation whose structure differs is refused with its path by all three, and nothing is written", async () => {
    const before = await rowCounts(t.db);
    const versionsBefore = await t.db.modelVersion.findMany({ select: { id: true, translations: true } });

    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify(mismatched("CLI mismatched")));
    const cli = await runImport(t.url, file);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`${MISMATCH_PATH}: expected 5 descriptors`);

    const page = await upload(mismatched("Upload mismatched"));
    expect(page.status).toBe(400);
    expect(page.body.error).toContain(`${MISMATCH_PATH}: expected 5 descriptors`);

    const viaApi = await api(app, "POST", "/models", { cookie: admin }, mismatched("API mismatched"));
    expect(viaApi.status).toBe(400);
    expect(viaApi.body.error.details[0]).toEqual({ path: MISMATCH_PATH, message: "expected 5 descriptors" });

    // A missing key is named by the list that lacks it, wherever the file comes in.
    const missing = translated("API missing");
    missing.translations.de.domains[0].subdomains[0].indicators.pop();
    const noKey = await api(app, "POST", "/models", { cookie: admin }, missing);
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.details[0]).toEqual({
      path: "translations.de.domains[0].subdomains[0].indicators",
      message: 'missing indicator "I.1.2"',
    });

    expect(await rowCounts(t.db)).toEqual(before);
    expect(await t.db.modelVersion.findMany({ select: { id: true, translations: true } })).toEqual(versionsBefore);
  }, 60_000);
});
