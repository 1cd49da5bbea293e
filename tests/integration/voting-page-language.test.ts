// The panellist's round page, the login page and the model list in the reader's language (Accept-Language),
// English unchanged; the panel's and the model's own words are shown as written, with dir="auto".
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { mailedLinks } from "../support/mail.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

describe.each(providers)("pages in the reader's language on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let panellist: Caller;
  let moderator: Caller;
  let roundPath: string;

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    await importModel(t.db, syntheticModel("Small model", 1, 2, 2));
    const admin = await createTestUser(t, { isAdmin: true });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    const created = await api(app, "POST", "/consultations", moderator, {
      title: "Sprachtest",
      modelSlug: "small-model",
    });
    const { id, roundId } = created.body as { id: string; roundId: string };
    const person = { name: "Lea Leser", email: "lea@language.example", stakeholderType: STAKEHOLDER_TYPES[0] };
    expect((await api(app, "POST", `/consultations/${id}/panellists`, moderator, [person])).status).toBe(201);
    panellist = { cookie: await redeem(app, (await mailedLinks(t.db)).get(person.email)!) };
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(200);
    roundPath = `/consultations/${id}/rounds/1`;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const page = async (path: string, language: string, cookie?: string) =>
    (
      await fetch(`${app.url}${path}`, { headers: { "accept-language": language, ...(cookie ? { cookie } : {}) } })
    ).text();

  test("the round page in German: heading, progress, scale and submit; in English as before", async () => {
    const de = await page(roundPath, "de", panellist.cookie);
    expect(de).toContain('<html lang="de"');
    expect(de).toContain("<title>Runde 1 · Sprachtest</title>");
    expect(de).toContain("Sprachtest — Runde 1");
    expect(de).toMatch(/0 von \d+ bewertet/);
    expect(de).toContain('aria-label="Ihr Fortschritt"');
    expect(de).toContain("Stimme voll zu");
    expect(de).toContain("Keine Meinung");
    expect(de).toContain("Runde abschicken");
    expect(de).not.toContain("Submit round");
    const en = await page(roundPath, "en", panellist.cookie);
    expect(en).toContain("<title>Round 1 · Sprachtest</title>");
    expect(en).toContain("Sprachtest — round 1");
    expect(en).toMatch(/0 of \d+ rated/);
    expect(en).toContain("Strongly agree");
    expect(en).toContain("Submit round");
  });

  test("the item's wording is shown as written, with dir=auto", async () => {
    const html = await page(roundPath, "fr", panellist.cookie);
    expect(html).toContain('<html lang="fr"');
    expect(html).toMatch(/class="vote-wording"[^>]* dir="auto"/);
    expect(html).toContain("Soumettre le tour");
  });

  test("a wrong password is answered in the page's language", async () => {
    const res = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { "accept-language": "de", origin: app.url },
      body: new URLSearchParams({ email: "nobody@language.example", password: "wrong" }),
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("E-Mail-Adresse oder Passwort ist falsch.");
  });

  test("the login page and the model list in Spanish and Portuguese", async () => {
    const login = await page("/login", "es");
    expect(login).toContain("<title>Iniciar sesión · delphi-mlm</title>");
    expect(login).toContain("Enviarme un enlace de inicio de sesión");
    const models = await page("/models", "pt", moderator.cookie);
    expect(models).toContain("<title>Modelos · delphi-mlm</title>");
    expect(models).toContain("Modelos de maturidade");
    expect(models).toContain("Descarregar a versão 1");
  });
});
