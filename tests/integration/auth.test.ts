// Sessions and login through the running server: cookies, hashed session ids, expiry, logout.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

describe.each(providers)("auth on %s", (provider) => {
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

  const postLogin = (email: string, password: string) =>
    fetch(`${app.url}/login`, { method: "POST", body: new URLSearchParams({ email, password }), redirect: "manual" });

  test("an unauthenticated request to a protected page redirects to login and comes back after", async () => {
    const res = await fetch(`${app.url}/models?v=1`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fmodels%3Fv%3D1");
  });

  test("login sets an HttpOnly SameSite=Lax cookie and opens the protected page", async () => {
    const user = await createTestUser(t);
    const res = await postLogin(user.email.toUpperCase(), user.password);
    expect(res.status).toBe(302);
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^delphi_session=[a-z0-9]{40};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain http in tests; Secure when PUBLIC_URL is https
    const page = await fetch(`${app.url}/models`, { headers: { cookie: setCookie.split(";")[0]! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Maturity level models");
  });

  test("a wrong password and an unknown email get the same answer", async () => {
    const user = await createTestUser(t);
    const wrongPassword = await postLogin(user.email, "not the password");
    const unknownEmail = await postLogin("nobody@test.example", "not the password");
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const [a, b] = [await wrongPassword.text(), await unknownEmail.text()];
    expect(a).toContain("Wrong email or password.");
    expect(b).toContain("Wrong email or password.");
    expect(wrongPassword.headers.get("set-cookie")).toBeNull();
  });

  test("the database stores only the SHA-256 of the session id", async () => {
    const user = await createTestUser(t);
    const cookie = await login(app, user.email, user.password);
    const token = cookie.split("=")[1]!;
    const rows = await t.db.session.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(createHash("sha256").update(token).digest("hex"));
    expect(rows[0]!.id).not.toContain(token);
  });

  test("logout ends the session server-side", async () => {
    const user = await createTestUser(t);
    const cookie = await login(app, user.email, user.password);
    const res = await fetch(`${app.url}/logout`, { method: "POST", headers: { cookie }, redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/delphi_session=;.*Max-Age=0/i);
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
    const after = await fetch(`${app.url}/models`, { headers: { cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
  });

  test("a session used in the second half of its life is renewed (sliding expiry); an expired one is refused", async () => {
    const user = await createTestUser(t);
    const cookie = await login(app, user.email, user.password);
    const soon = new Date(Date.now() + 60 * 60 * 1000);
    await t.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: soon } });
    const renewed = await fetch(`${app.url}/models`, { headers: { cookie } });
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get("set-cookie")).toContain(cookie);
    const row = await t.db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 3600 * 1000);

    await t.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await fetch(`${app.url}/models`, { headers: { cookie }, redirect: "manual" });
    expect(expired.status).toBe(302);
    expect(expired.headers.get("location")).toContain("/login");
  });

  test("login redirects only to local paths", async () => {
    const user = await createTestUser(t);
    const res = await fetch(`${app.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: user.email, password: user.password, redirectTo: "//evil.example/x" }),
      redirect: "manual",
    });
    expect(res.headers.get("location")).toBe("/consultations");
  });
});
