// A whole Delphi study driven through the JSON API, as method teams replay studies:
// 14 panellists, 147 items, 2 rounds; plus the rules each step must keep.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { API_ROUTES } from "../../app/api/routes.server.js";
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas.js";
import { itemFigures } from "../../shared/stats/descriptive.js";
import { FIVE_POINT_SCALE } from "../../shared/stats/scale.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { mailedLinks } from "../support/mail.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

const panellist = (i: number) => ({
  name: `Panel Member ${i} Secretname${i}`,
  email: `expert${i}@panel.example`,
  stakeholderType: STAKEHOLDER_TYPES[i % STAKEHOLDER_TYPES.length],
  country: ["BE", "DK", "IT", "PT"][i % 4],
  gender: i % 2 ? "female" : "male",
  expertise: "WG " + (i % 3),
});

/** The rating panellist p gives item k in round r: deterministic, with ties and some "no opinion". */
const ratingOf = (p: number, k: number, r: number): number | null =>
  (p * 7 + k * 3 + r) % 11 === 0 ? null : 1 + ((p + k * (r + 1)) % 5 === 0 ? 1 : (p * k + r) % 5);

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

describe.each(providers)("Delphi study through the API on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true, name: "Study Admin" });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    await importModel(t.db, syntheticModel("Replay model", 7, 4, 2)); // 7 + 28 + 56 + 56 = 147 items
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  let studies = 0;
  async function newStudy(panelSize: number, extra: Record<string, unknown> = {}) {
    const created = await api(app, "POST", "/consultations", moderator, {
      title: "Replay",
      modelSlug: "replay-model",
      items: "everything",
      ...extra,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    // New addresses per study: a link never signs in someone who is already a member of another study.
    studies += 1;
    const people = Array.from({ length: panelSize }, (_, i) => ({
      ...panellist(i + 1),
      email: `expert${i + 1}.s${studies}@panel.example`,
    }));
    const added = await api(app, "POST", `/consultations/${id}/panellists`, moderator, people);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const links = await mailedLinks(t.db);
    const panel: Caller[] = [];
    for (const p of people) panel.push({ cookie: await redeem(app, links.get(p.email)!) });
    return { id, roundId: created.body.roundId as string, panel, people };
  }

  test("a scripted 2-round consultation with 14 panellists and 147 items", { timeout: 240_000 }, async () => {
    const { id, roundId, panel } = await newStudy(14);
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(200);

    const view = await api(app, "GET", `/rounds/${roundId}`, panel[0]);
    expect(view.body.items).toHaveLength(147);
    const itemIds: string[] = view.body.items.map((i: any) => i.id);
    await inBatches(
      panel.flatMap((who, p) => itemIds.map((itemId, k) => ({ who, p, itemId, k }))),
      28,
      async ({ who, p, itemId, k }) => {
        const res = await api(app, "PUT", `/rounds/${roundId}/items/${itemId}/rating`, who, {
          value: ratingOf(p, k, 1),
          comment: k === 0 ? `note from ${p}` : "",
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      },
    );
    for (const who of panel) expect((await api(app, "POST", `/rounds/${roundId}/submit`, who)).status).toBe(200);
    const progress = await api(app, "GET", `/rounds/${roundId}/progress`, moderator);
    expect(progress.body).toMatchObject({ panel: 14, finished: 14, started: 14 });
    expect(progress.body.items.every((i: any) => i.rated === 14)).toBe(true);

    expect((await api(app, "POST", `/rounds/${roundId}/close`, moderator)).status).toBe(200);
    const results = await api(app, "GET", `/rounds/${roundId}/results`, moderator);
    expect(results.body.items).toHaveLength(147);
    // The stored figures are those of the ratings we sent.
    for (const k of [0, 17, 146]) {
      const expected = itemFigures(
        panel.map((_, p) => ratingOf(p, k, 1)),
        FIVE_POINT_SCALE,
      );
      expect(results.body.items[k].figures.overall).toEqual(expected);
    }
    const carried = results.body.items.filter((i: any) => i.status !== "validated").slice(0, 40);
    expect(carried.length).toBeGreaterThan(0);

    const next = await api(app, "POST", `/consultations/${id}/rounds`, moderator, {
      items: carried.map((i: any) => ({
        key: i.key,
        wording: i.kind === "levels" ? i.wording.map((l: string) => l + " (revised)") : `${i.wording} (revised)`,
      })),
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const round2 = next.body.id as string;
    expect((await api(app, "POST", `/rounds/${round2}/open`, moderator)).status).toBe(200);

    const v2 = await api(app, "GET", `/rounds/${round2}`, panel[3]);
    expect(v2.body.items).toHaveLength(carried.length);
    const first = v2.body.items[0];
    const k0 = results.body.items.findIndex((i: any) => i.key === first.key);
    expect(first.feedback.ownPrevious).toBe(ratingOf(3, k0, 1));
    expect(first.feedback.counts).toEqual(results.body.items[k0].figures.overall.counts);
    expect(first.feedback.diff.some((d: any) => d.type === "added" && d.text.includes("(revised)"))).toBe(true);

    await inBatches(
      panel.flatMap((who, p) => v2.body.items.map((item: any, k: number) => ({ who, p, itemId: item.id, k }))),
      28,
      async ({ who, p, itemId, k }) => {
        expect(
          (await api(app, "PUT", `/rounds/${round2}/items/${itemId}/rating`, who, { value: ratingOf(p, k, 2) })).status,
        ).toBe(200);
      },
    );
    expect((await api(app, "POST", `/rounds/${round2}/close`, moderator)).status).toBe(200);
    const results2 = await api(app, "GET", `/rounds/${round2}/results`, moderator);
    expect(
      results2.body.items
        .map((i: any) => i.status)
        .every((s: string) => ["validated", "reformulate", "reevaluate", "dropped"].includes(s)),
    ).toBe(true);
    expect((await api(app, "POST", `/rounds/${round2}/publish`, moderator)).status).toBe(200);
  });

  test("a rating is stored once per panellist, item and round; re-rating updates it", async () => {
    const { roundId, panel } = await newStudy(2);
    await api(app, "POST", `/rounds/${roundId}/open`, moderator);
    const item = (await api(app, "GET", `/rounds/${roundId}`, panel[0])).body.items[5];
    await api(app, "PUT", `/rounds/${roundId}/items/${item.id}/rating`, panel[0], { value: 2 });
    const again = await api(app, "PUT", `/rounds/${roundId}/items/${item.id}/rating`, panel[0], {
      value: 5,
      comment: "changed my mind",
    });
    expect(again.body).toMatchObject({ value: 5, comment: "changed my mind" });
    const rows = await t.db.rating.findMany({ where: { roundItemId: item.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).toBe(5);
    const noOpinion = await api(app, "PUT", `/rounds/${roundId}/items/${item.id}/rating`, panel[1], { value: null });
    expect(noOpinion.body.value).toBeNull();
    const bad = await api(app, "PUT", `/rounds/${roundId}/items/${item.id}/rating`, panel[1], { value: 6 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("Invalid rating: value: expected 1–5 or null (no opinion), got 6");
    expect(bad.body.error.details[0].path).toBe("value");
  });

  test("a closed round refuses a rating with 409", async () => {
    const { roundId, panel } = await newStudy(1);
    await api(app, "POST", `/rounds/${roundId}/open`, moderator);
    const item = (await api(app, "GET", `/rounds/${roundId}`, panel[0])).body.items[0];
    await api(app, "POST", `/rounds/${roundId}/close`, moderator);
    const res = await api(app, "PUT", `/rounds/${roundId}/items/${item.id}/rating`, panel[0], { value: 4 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: "conflict",
      message: "Round 1 is closed: it no longer accepts ratings",
    });
    expect(await t.db.rating.count({ where: { roundItemId: item.id } })).toBe(0);
  });

  test("a round past its deadline refuses ratings and is closed by the server", async () => {
    const { roundId, panel } = await newStudy(1);
    await api(app, "POST", `/rounds/${roundId}/open`, moderator);
    const item = (await api(app, "GET", `/rounds/${roundId}`, panel[0])).body.items[0];
    await t.db.round.update({ where: { id: roundId }, data: { deadline: new Date(Date.now() - 1000) } });
    const res = await api(app, "PUT", `/rounds/${roundId}/items/${item.id}/rating`, panel[0], { value: 4 });
    expect(res.status).toBe(409);
    const { closeOverdueRounds } = await import("../../app/models/round.server.js");
    expect(await closeOverdueRounds(t.db)).toBeGreaterThanOrEqual(1);
    expect((await t.db.round.findUniqueOrThrow({ where: { id: roundId } })).status).toBe("closed");
  });

  test("only moderators open and close rounds", async () => {
    const { roundId, panel } = await newStudy(1);
    const res = await api(app, "POST", `/rounds/${roundId}/open`, panel[0]);
    expect(res.status).toBe(403);
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(200);
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(409);
  });

  test("invitation links are single-use and expire", async () => {
    const created = await api(app, "POST", "/consultations", moderator, {
      title: "Links",
      modelSlug: "replay-model",
      items: "indicators",
    });
    await api(app, "POST", `/consultations/${created.body.id}/panellists`, moderator, [panellist(31), panellist(32)]);
    const links = await mailedLinks(t.db);
    const [a, b] = [panellist(31), panellist(32)].map((p) => links.get(p.email)!.split("/invite/")[1]!);
    expect((await api(app, "POST", `/invitations/${a}/redeem`)).status).toBe(200);
    const reuse = await api(app, "POST", `/invitations/${a}/redeem`);
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.message).toContain("already used");
    await t.db.invitation.updateMany({
      where: { usedAt: null, member: { consultationId: created.body.id } },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    const expired = await api(app, "POST", `/invitations/${b}/redeem`);
    expect(expired.status).toBe(409);
    expect(expired.body.error.message).toContain("expired");
    expect((await api(app, "POST", `/invitations/not-a-token/redeem`)).status).toBe(404);
    const stored = await t.db.invitation.findMany({ where: { member: { consultationId: created.body.id } } });
    expect(stored.every((i) => i.tokenHash !== a && i.tokenHash !== b && i.tokenHash?.length === 64)).toBe(true);
  });

  test("a bad CSV row is reported by line number and nothing of the file is imported", async () => {
    const created = await api(app, "POST", "/consultations", moderator, {
      title: "CSV",
      modelSlug: "replay-model",
      items: "indicators",
    });
    const csv = [
      "name,email,stakeholder type,country,gender,working group/expertise",
      "Ann One,ann@csv.example,ELSI,BE,female,WG1",
      '"Bo, Two",bo@csv.example,Patient organisations,DK,,',
      "Cy Three,not-an-email,Research/University,IT,male,WG2",
    ].join("\n");
    const res = await api(app, "POST", `/consultations/${created.body.id}/panellists.csv`, moderator, csv, {
      "content-type": "text/csv",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("Invalid CSV: line 4: email: expected an email address; nothing was imported");
    expect(await t.db.member.count({ where: { consultationId: created.body.id, role: "panellist" } })).toBe(0);
    const fixed = csv.replace("not-an-email", "cy@csv.example");
    const ok = await api(app, "POST", `/consultations/${created.body.id}/panellists.csv`, moderator, fixed, {
      "content-type": "text/csv",
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    // The answer names the people added, never their pseudonyms (random, unrelated to the order of the file).
    expect(ok.body.map((m: any) => m.email)).toEqual(["ann@csv.example", "bo@csv.example", "cy@csv.example"]);
    expect(JSON.stringify(ok.body)).not.toMatch(/Expert/);
    const pseudonyms = (
      await t.db.member.findMany({ where: { consultationId: created.body.id, role: "panellist" } })
    ).map((m) => m.pseudonym);
    expect(new Set(pseudonyms).size).toBe(3);
    for (const p of pseudonyms) expect(p).toMatch(/^Expert [1-9]\d{2}$/);
  });

  test("a panellist can never read another panellist's identity or individual ratings through any API route", async () => {
    const { id, roundId, panel, people } = await newStudy(3, { anonymity: "quasi-anonymous" });
    await api(app, "POST", `/rounds/${roundId}/open`, moderator);
    const items = (await api(app, "GET", `/rounds/${roundId}`, panel[0])).body.items;
    for (const [p, who] of panel.entries())
      for (const item of items.slice(0, 3))
        await api(app, "PUT", `/rounds/${roundId}/items/${item.id}/rating`, who, {
          value: p + 2,
          comment: `comment by ${p}`,
        });
    // Three items answered of more: a partial submission, confirmed.
    expect((await api(app, "POST", `/rounds/${roundId}/submit`, panel[1], { confirmPartial: true })).status).toBe(200);
    const token = (await api(app, "POST", "/tokens", panel[0], { name: "mine" })).body;
    const others = await t.db.member.findMany({
      where: { consultationId: id, role: "panellist" },
      include: { user: true },
    });
    const me = others.find((m) => m.user.email === people[0]!.email)!;
    const secrets = others.filter((m) => m.id !== me.id).flatMap((m) => [m.user.name, m.user.email, m.user.id, m.id]);

    const params: Record<string, string> = { id, slug: "replay-model", itemId: items[0].id, token: "x", roundId };
    const check = async (phase: string) => {
      for (const route of API_ROUTES.filter((r) => r.method === "GET")) {
        for (const idValue of route.path.startsWith("/rounds")
          ? [roundId]
          : route.path.startsWith("/tokens")
            ? [token.id]
            : [id]) {
          const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
            name === "id" ? idValue : params[name]!,
          );
          const res = await api(app, "GET", path, panel[0]);
          const text = JSON.stringify(res.body);
          for (const secret of secrets) expect(text, `${phase} GET ${path} leaks ${secret}`).not.toContain(secret);
          // Another panellist's rating must not be tied to anything: no other member id, no rating rows.
          expect(text).not.toMatch(/"memberId"/);
        }
      }
    };
    await check("open round");
    await api(app, "POST", `/rounds/${roundId}/close`, moderator);
    await api(app, "POST", `/consultations/${id}/rounds`, moderator, { items: [{ key: items[0].key }] });
    await check("after close");
    // In quasi-anonymous mode the moderator does see who has not finished.
    const progress = await api(app, "GET", `/rounds/${roundId}/progress`, moderator);
    expect(progress.body.notFinished.people.map((p: any) => p.email).sort()).toEqual(
      [people[0]!.email, people[2]!.email].sort(),
    );
  });

  test("API tokens authenticate, and stop working when revoked", async () => {
    const user = await createTestUser(t);
    const cookie = await login(app, user.email, user.password);
    const created = await api(app, "POST", "/tokens", { cookie }, { name: "replay script" });
    expect(created.status).toBe(201);
    expect((await api(app, "GET", "/me", { token: created.body.token })).body.email).toBe(user.email);
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: created.body.id } })).tokenHash).not.toContain(
      created.body.token,
    );
    await api(app, "DELETE", `/tokens/${created.body.id}`, { cookie });
    const after = await api(app, "GET", "/me", { token: created.body.token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("unauthenticated");
  });

  test("errors are JSON with the right status", async () => {
    expect((await api(app, "GET", "/consultations")).status).toBe(401);
    expect((await api(app, "GET", "/consultations/nope", moderator)).status).toBe(404);
    expect((await api(app, "GET", "/no-such-route", moderator)).body.error.code).toBe("not_found");
    const invalid = await api(app, "POST", "/consultations", moderator, {
      title: "",
      modelSlug: "replay-model",
      scalePoints: 7,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: any) => d.path)).toEqual(["title", "scalePoints"]);
    const csrf = await api(
      app,
      "POST",
      "/consultations",
      moderator,
      { title: "x", modelSlug: "replay-model" },
      { origin: "https://evil.example" },
    );
    expect(csrf.status).toBe(403);
  });

  test("the OpenAPI document describes every route", async () => {
    const doc = (await api(app, "GET", "/openapi.json")).body;
    expect(doc.openapi).toBe("3.1.0");
    for (const route of API_ROUTES)
      expect(doc.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    const ids = Object.values(doc.paths).flatMap((ops: any) => Object.values(ops).map((o: any) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
