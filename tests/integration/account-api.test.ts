// What the account, password and reminder pages do, through the API as a script would: the same rules and
// the same path-precise errors as the pages; a token cannot change its owner's password.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { api, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

describe.each(providers)("account and reminder API on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    await importModel(t.db, syntheticModel("Account model", 1, 1, 2));
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  test("a signed-in user changes their password through the API; a token may not", async () => {
    const user = await createTestUser(t);
    const me: Caller = { cookie: await login(app, user.email, user.password) };
    const wrong = await api(app, "PUT", "/me/password", me, {
      currentPassword: "nope",
      password: "a new long password",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ path: "currentPassword", message: "wrong current password" }]);

    const token = await api(app, "POST", "/tokens", me, { name: "script" });
    expect(token.status).toBe(201);
    const byToken = await api(
      app,
      "PUT",
      "/me/password",
      { token: token.body.token },
      {
        currentPassword: user.password,
        password: "a new long password",
      },
    );
    expect(byToken.status).toBe(403);

    const ok = await api(app, "PUT", "/me/password", me, {
      currentPassword: user.password,
      password: "a new long password",
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    await expect(login(app, user.email, user.password)).rejects.toThrow(/login failed/);
    expect(await login(app, user.email, "a new long password")).toMatch(/^delphi_session=/);
  });

  test("a moderator reads and sets a round's reminder schedule; without a deadline it is a 400 naming it", async () => {
    const deadline = new Date(Date.now() + 10 * 24 * 3600_000);
    const created = await api(app, "POST", "/consultations", moderator, {
      title: "Reminders by API",
      modelSlug: "account-model",
      items: "indicators",
      deadline: deadline.toISOString(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const roundId = created.body.roundId as string;
    const set = await api(app, "PUT", `/rounds/${roundId}/reminder-schedule`, moderator, { hours: [24, 72] });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ round: 1, status: "draft", hours: [72, 24], sent: [] });
    expect((await api(app, "GET", `/rounds/${roundId}/reminder-schedule`, moderator)).body.hours).toEqual([72, 24]);
    const bad = await api(app, "PUT", `/rounds/${roundId}/reminder-schedule`, moderator, { hours: [-3] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/reminder schedule/);

    const undated = await api(app, "POST", "/consultations", moderator, {
      title: "No deadline",
      modelSlug: "account-model",
      items: "indicators",
    });
    const refused = await api(app, "PUT", `/rounds/${undated.body.roundId}/reminder-schedule`, moderator, {
      hours: [24],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: "reminderHours", message: "needs a deadline" }]);
    expect((await api(app, "GET", "/rounds/no-such-round/reminder-schedule", moderator)).status).toBe(404);
  });
});
