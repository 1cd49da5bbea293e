// A consultation's pages in the reader's language: the page, its panel and rounds, the create form and the
// restructure page render from the German catalog when the browser asks for German, the people's words as written.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { api, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

describe.each(providers)("consultation pages in German on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true, name: "Sprach Admin" });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    await importModel(t.db, syntheticModel("Sprach model", 1, 1, 1));
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  const page = async (path: string) => {
    const res = await fetch(`${app.url}${path}`, { headers: { cookie: moderator.cookie!, "accept-language": "de" } });
    expect(res.status).toBe(200);
    return res.text();
  };

  test("the consultation page, the list and the create form speak German", async () => {
    const created = await api(app, "POST", "/consultations", moderator, {
      title: "Studie über الذكاء",
      modelSlug: "sprach-model",
      items: "indicators",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const html = await page(`/consultations/${created.body.id}`);
    expect(html).toContain('<html lang="de"');
    expect(html).toContain("Runden");
    expect(html).toContain("Runde 1");
    expect(html).toContain("Panelmitglied hinzufügen");
    expect(html).toContain("Anonymität: anonym");
    expect(html).toContain("Studie über الذكاء");
    expect(html).not.toContain("Add a panellist");
    // no message key shown in place of its words (panel.csv is the file field's example)
    expect(html).not.toMatch(/>(page|panel|actions|progress|anonymity|reminders)\.(?!csv<)\w+</);
    expect(html).toMatch(/Validiert Sprach model v1 · 5-stufige Skala · [^<]+ · anonym · Sie sind Moderator/);
    expect(await page("/consultations")).toContain("Neue Konsultation");
    const form = await page("/consultations/new");
    expect(form).toContain("Zu validierende Modellversion");
    expect(form).toContain("Abbruchregel");
  });
});
