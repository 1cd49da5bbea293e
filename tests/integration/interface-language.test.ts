// The interface language through the running server: browser's Accept-Language, the language menu's cookie,
// the user's saved setting, and refusals.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

describe.each(providers)("interface language on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${app.url}${path}`, { headers });
    return { res, html: await res.text() };
  };
  const choose = (language: string, cookie?: string) =>
    fetch(`${app.url}/language`, {
      method: "POST",
      headers: { origin: app.url, ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams({ language, redirectTo: "/login" }),
      redirect: "manual",
    });

  test("the login page follows the browser's Accept-Language and says it varies with it", async () => {
    const { res, html } = await page("/login", { "accept-language": "de-AT,de;q=0.9,en;q=0.5" });
    expect(html).toContain('<html lang="de" dir="ltr">');
    expect(html).toContain("Zum Inhalt springen");
    expect(res.headers.get("vary")).toMatch(/Accept-Language/i);
    const english = await page("/login", { "accept-language": "it, ja;q=0.5" });
    expect(english.html).toContain('<html lang="en" dir="ltr">');
    expect(english.html).toContain("Skip to content");
  });

  test("a language chosen on the login page holds for this browser over Accept-Language", async () => {
    const res = await choose("pt");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    expect(cookie).toBe("delphi_lang=pt");
    const { html } = await page("/login", { cookie, "accept-language": "de" });
    expect(html).toContain('<html lang="pt"');
    expect(html).toContain("Saltar para o conteúdo");
  });

  test("a signed-in user's setting is saved with the account and wins on any browser", async () => {
    const user = await createTestUser(t);
    const session = await login(app, user.email, user.password);
    expect((await choose("fr", session)).status).toBe(302);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).language).toBe("fr");
    const { html } = await page("/models", { cookie: session, "accept-language": "de" });
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain("Modèles");
    // "As my browser asks" clears it
    expect((await choose("", session)).status).toBe(302);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).language).toBeNull();
    expect((await page("/models", { cookie: session, "accept-language": "es" })).html).toContain('<html lang="es"');
  });

  test("an unknown language is refused naming the field, and nothing is saved", async () => {
    const user = await createTestUser(t);
    const session = await login(app, user.email, user.password);
    const res = await choose("xx", session);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/language: expected one of en, fr, de, es, pt/);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).language).toBeNull();
  });

  test("a script sets its user's language through the API; a language not offered is a 400 naming it", async () => {
    const user = await createTestUser(t);
    const session = await login(app, user.email, user.password);
    const put = (body: unknown) =>
      fetch(`${app.url}/api/v1/me/language`, {
        method: "PUT",
        headers: { cookie: session, origin: app.url, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const ok = await put({ language: "es" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ language: "es" });
    const me = await fetch(`${app.url}/api/v1/me`, { headers: { cookie: session } });
    expect((await me.json()).language).toBe("es");
    const bad = await put({ language: "klingon" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toEqual([
      { path: "language", message: "expected one of en, fr, de, es, pt or null" },
    ]);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).language).toBe("es");
  });
});
