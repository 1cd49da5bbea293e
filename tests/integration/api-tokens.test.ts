// API tokens from the attacker's side: a read token cannot write, an expired one is refused, no token can mint,
// list or revoke tokens, and the owner sees every token with its scope, use, expiry and revocation.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { api, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, pageData, startTestApp } from "../support/server.js";

describe.each(providers)("API tokens on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  let modelSlug: string;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const user = await createTestUser(t, { isAdmin: true });
    moderator = { cookie: await login(app, user.email, user.password) };
    ({ modelSlug } = await importModel(t.db, syntheticModel(`Token model ${provider}`, 1, 1, 1)));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const mint = async (body: Record<string, unknown>) => {
    const res = await api(app, "POST", "/tokens", moderator, body, { origin: app.url });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; token: string; scope: string; expiresAt: string | null };
  };

  test('a "read" token reads but gets 403 naming its scope on every non-GET route; "read" is the default', async () => {
    const read = await mint({ name: "figures only" });
    expect(read.scope).toBe("read");
    expect((await api(app, "GET", "/consultations", { token: read.token })).status).toBe(200);
    const writes: [string, string, unknown][] = [
      ["POST", "/consultations", { title: "By a read token", modelSlug, items: "indicators" }],
      ["PUT", "/rounds/x/items/y/rating", { value: 3 }],
      ["POST", "/rounds/x/close", undefined],
      ["POST", "/invitations/x/redeem", undefined],
    ];
    for (const [method, path, body] of writes) {
      const res = await api(app, method, path, { token: read.token }, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.message).toMatch(/"read" scope/);
    }
    expect(await t.db.consultation.count({ where: { title: "By a read token" } })).toBe(0);

    const rw = await mint({ name: "replay", scope: "read-write" });
    const created = await api(
      app,
      "POST",
      "/consultations",
      { token: rw.token },
      { title: "By a rw token", modelSlug },
    );
    expect(created.status).toBe(201);
  });

  test("no token can list, create or revoke tokens, whatever its scope: 403, only a signed-in session may", async () => {
    const rw = await mint({ name: "cannot renew itself", scope: "read-write" });
    const calls: [string, string, unknown][] = [
      ["GET", "/tokens", undefined],
      ["POST", "/tokens", { name: "minted by a token", scope: "read-write" }],
      ["DELETE", `/tokens/${rw.id}`, undefined],
    ];
    for (const [method, path, body] of calls) {
      const res = await api(app, method, path, { token: rw.token }, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.message).toMatch(/API tokens cannot list, create or revoke tokens/);
    }
    expect(await t.db.apiToken.count({ where: { name: "minted by a token" } })).toBe(0);
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: rw.id } })).revokedAt).toBeNull();
  });

  test('an expired token gets 401 "API token expired"; expiry is given as a future date or a number of days', async () => {
    const inDays = await mint({ name: "a week", expiresInDays: 7 });
    const days = (Date.parse(inDays.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
    const date = `${new Date().getUTCFullYear() + 2}-06-30`;
    const atDate = await mint({ name: "until a date", expiresAt: date });
    expect(atDate.expiresAt).toBe(`${date}T00:00:00.000Z`);
    expect((await api(app, "GET", "/me", { token: atDate.token })).status).toBe(200);

    await t.db.apiToken.update({ where: { id: inDays.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await api(app, "GET", "/me", { token: inDays.token });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/^API token expired/);

    for (const [body, field] of [
      [{ name: "past", expiresAt: "2001-01-01" }, /expiresAt: must be in the future/],
      [{ name: "garbage", expiresAt: "next tuesday" }, /expiresAt: expected an ISO 8601 date/],
      [{ name: "both", expiresAt: date, expiresInDays: 3 }, /not both/],
      [{ name: "far", expiresAt: "2999-01-01" }, /expiresAt: at most 3650 days ahead/],
      [{ name: "zero", expiresInDays: 0 }, /expiresInDays: at least 1 day/],
      [{ name: "huge", expiresInDays: 1e9 }, /expiresInDays: at most 3650 days/],
      [{ name: "admin", scope: "admin" }, /scope: expected "read" or "read-write"/],
      [{ name: "\ud800" }, /name: contains an unpaired surrogate/],
    ] as const) {
      const res = await api(app, "POST", "/tokens", moderator, body, { origin: app.url });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toMatch(field);
    }
  });

  test("the owner lists every token with scope, created, last used, expires, revoked and status; revoked stop working", async () => {
    const a = await mint({ name: "listed", scope: "read-write", expiresInDays: 30 });
    const old = await mint({ name: "old", expiresInDays: 1 });
    await t.db.apiToken.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await api(app, "GET", "/me", { token: a.token })).status).toBe(200);
    expect((await api(app, "DELETE", `/tokens/${a.id}`, moderator, undefined, { origin: app.url })).status).toBe(200);
    expect((await api(app, "GET", "/me", { token: a.token })).status).toBe(401);
    const list = await api(app, "GET", "/tokens", moderator);
    const row = list.body.find((x: { id: string }) => x.id === a.id);
    expect(row).toEqual({
      id: a.id,
      name: "listed",
      scope: "read-write",
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      expiresAt: a.expiresAt,
      revokedAt: expect.any(String),
      status: "revoked",
    });
    expect(JSON.stringify(list.body)).not.toContain(a.token);
    expect(list.body.find((x: { id: string }) => x.id === old.id)?.status).toBe("expired");
  });

  test("the account page creates a scoped, expiring token, lists it and revokes it", async () => {
    const post = (fields: Record<string, string>) =>
      pageData(app, "/account", { method: "POST", cookie: moderator.cookie!, body: new URLSearchParams(fields) });
    const created = await post({ name: "from the page", scope: "read", expiresInDays: "90" });
    expect(created.status).toBe(200);
    const { created: token } = created.routes.action!.data;
    expect(token).toMatchObject({ name: "from the page", scope: "read", status: "active" });
    const page = await pageData(app, "/account", { cookie: moderator.cookie! });
    const listed = page.routes["routes/account"]!.data.tokens.find((x: { id: string }) => x.id === token.id);
    expect(listed).toMatchObject({ scope: "read", status: "active", expiresAt: token.expiresAt });
    const html = await (await fetch(`${app.url}/account`, { headers: { cookie: moderator.cookie! } })).text();
    for (const heading of ["Name", "Scope", "Created", "Last used", "Expires", "Status"])
      expect(html).toContain(heading);
    expect((await post({ intent: "revoke", id: token.id })).status).toBe(200);
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).not.toBeNull();
  });

  test('"API tokens" is in the navigation of admins, moderators and observers, not of panellists', async () => {
    const nav = async (cookie: string) => {
      const html = await (await fetch(`${app.url}/models`, { headers: { cookie } })).text();
      return html.includes('href="/account"');
    };
    expect(await nav(moderator.cookie!)).toBe(true);
    const created = await api(app, "POST", "/consultations", moderator, {
      title: "Nav",
      modelSlug,
      items: "indicators",
    });
    const people = await Promise.all(["observer", "moderator", "panellist", "none"].map(() => createTestUser(t)));
    const roles = ["observer", "moderator", "panellist"] as const;
    for (const [i, role] of roles.entries())
      await t.db.member.create({
        data: {
          consultationId: created.body.id,
          userId: people[i]!.id,
          role,
          pseudonym: `${role} ${i}`,
          joinedAt: new Date(),
        },
      });
    const seen = [];
    for (const p of people) seen.push(await nav(await login(app, p.email, p.password)));
    expect(seen).toEqual([true, true, false, false]);
  });
});
