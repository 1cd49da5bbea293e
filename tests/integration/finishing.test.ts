// Finishing a round means something (issue 14): a submission with unanswered items needs the panellist's
// confirmation and then counts as partial, never as complete; "no opinion" is an answer; nothing answered is
// not a submission; a round cannot open without items or without a panel.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { mailedLinks } from "../support/mail.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

describe.each(providers)("finishing a round on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  let studies = 0;

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    await importModel(t.db, syntheticModel("Finishing model", 1, 1, 2)); // 6 items: I, I.1, 2 × (indicator + levels)
    const admin = await createTestUser(t, { isAdmin: true });
    moderator = { cookie: await login(app, admin.email, admin.password) };
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  async function study(options: { panellists: number; anonymity?: string }) {
    studies += 1;
    const created = await api(app, "POST", "/consultations", moderator, {
      title: `Finishing ${studies}`,
      modelSlug: "finishing-model",
      items: "everything",
      anonymity: options.anonymity ?? "anonymous",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id, roundId } = created.body as { id: string; roundId: string };
    const people = Array.from({ length: options.panellists }, (_, i) => ({
      name: `Finisher ${studies}-${i}`,
      email: `finisher${studies}.${i}@finishing.example`,
      stakeholderType: STAKEHOLDER_TYPES[0],
    }));
    const panel: Caller[] = [];
    if (people.length) {
      expect((await api(app, "POST", `/consultations/${id}/panellists`, moderator, people)).status).toBe(201);
      const links = await mailedLinks(t.db);
      for (const p of people) panel.push({ cookie: await redeem(app, links.get(p.email)!) });
    }
    return { id, roundId, panel, people };
  }

  async function openWithItems(panellists: number, anonymity?: string) {
    const s = await study({ panellists, anonymity });
    expect((await api(app, "POST", `/rounds/${s.roundId}/open`, moderator)).status).toBe(200);
    const items = (await api(app, "GET", `/rounds/${s.roundId}`, s.panel[0]!)).body.items as { id: string }[];
    const rate = async (who: Caller, count: number, value: number | null = 4) => {
      for (const item of items.slice(0, count)) {
        const res = await api(app, "PUT", `/rounds/${s.roundId}/items/${item.id}/rating`, who, { value });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    };
    return { ...s, items, rate };
  }

  test("a submission with unanswered items is refused with 409 naming the count, unless confirmed", async () => {
    const s = await openWithItems(1);
    await s.rate(s.panel[0]!, 3);
    const refused = await api(app, "POST", `/rounds/${s.roundId}/submit`, s.panel[0]!);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/^3 of 6 items are unanswered/);
    expect(refused.body.error.details).toEqual([{ path: "confirmPartial", message: expect.stringContaining("3") }]);
    expect(await t.db.completion.count({ where: { roundId: s.roundId } })).toBe(0);
    // An explicit false is the same as leaving it out.
    const notConfirmed = await api(app, "POST", `/rounds/${s.roundId}/submit`, s.panel[0]!, { confirmPartial: false });
    expect(notConfirmed.status).toBe(409);
    const confirmed = await api(app, "POST", `/rounds/${s.roundId}/submit`, s.panel[0]!, { confirmPartial: true });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(await t.db.completion.count({ where: { roundId: s.roundId } })).toBe(1);
  });

  test("a malformed confirmation is a 400 naming the field", async () => {
    const s = await openWithItems(1);
    await s.rate(s.panel[0]!, 1);
    const res = await api(app, "POST", `/rounds/${s.roundId}/submit`, s.panel[0]!, { confirmPartial: "yes" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("confirmPartial");
  });

  test("nothing answered cannot be submitted, even confirmed", async () => {
    const s = await openWithItems(1);
    const res = await api(app, "POST", `/rounds/${s.roundId}/submit`, s.panel[0]!, { confirmPartial: true });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("none of the 6 items");
  });

  test('"no opinion" counts as an answer: every item answered, some with no opinion, submits without confirming', async () => {
    const s = await openWithItems(1);
    await s.rate(s.panel[0]!, 4, 5);
    for (const item of s.items.slice(4))
      expect(
        (await api(app, "PUT", `/rounds/${s.roundId}/items/${item.id}/rating`, s.panel[0]!, { value: null })).status,
      ).toBe(200);
    expect((await api(app, "POST", `/rounds/${s.roundId}/submit`, s.panel[0]!)).status).toBe(200);
    const progress = (await api(app, "GET", `/rounds/${s.roundId}/progress`, moderator)).body;
    expect(progress).toMatchObject({ finished: 1, partial: 0, notStarted: 0 });
  });

  test("a confirmed partial submission counts as partial, not complete, in progress and report", async () => {
    const s = await openWithItems(4);
    const [complete, partial, answering] = s.panel;
    await s.rate(complete!, 6);
    expect((await api(app, "POST", `/rounds/${s.roundId}/submit`, complete!)).status).toBe(200);
    await s.rate(partial!, 2);
    expect((await api(app, "POST", `/rounds/${s.roundId}/submit`, partial!, { confirmPartial: true })).status).toBe(
      200,
    );
    await s.rate(answering!, 5); // the fourth has not started

    const progress = (await api(app, "GET", `/rounds/${s.roundId}/progress`, moderator)).body;
    expect(progress).toMatchObject({ panel: 4, finished: 1, partial: 2, submittedPartial: 1, notStarted: 1 });
    expect(progress.distribution).toEqual([
      { band: "none", panellists: 1 },
      { band: "under 25 %", panellists: 0 },
      { band: "25–49 %", panellists: 1 },
      { band: "50–74 %", panellists: 0 },
      { band: "75–99 %", panellists: 1 },
      { band: "all", panellists: 1 },
    ]);
    // Anonymous study: counts only, no person.
    expect(progress.people).toBeNull();

    const report = (await api(app, "GET", `/consultations/${s.id}/report`, moderator)).body;
    expect(report.participation[0]).toMatchObject({
      invited: 4,
      started: 3,
      completed: 1,
      partial: 2,
      submittedPartial: 1,
      responseRate: 25,
    });
    // The dashboard says the same.
    const html = (
      await (await fetch(`${app.url}/consultations/${s.id}`, { headers: { cookie: moderator.cookie! } })).text()
    ).replaceAll("<!-- -->", "");
    expect(html).toContain("1 of 4 experts have finished");
    expect(html).toMatch(/Complete 1 · partial 2/);
  });

  test("in a quasi-anonymous study the moderator sees each person's status, never a count that matches a pseudonym", async () => {
    const s = await openWithItems(2, "quasi-anonymous");
    await s.rate(s.panel[0]!, 6);
    expect((await api(app, "POST", `/rounds/${s.roundId}/submit`, s.panel[0]!)).status).toBe(200);
    await s.rate(s.panel[1]!, 1);
    const progress = (await api(app, "GET", `/rounds/${s.roundId}/progress`, moderator)).body;
    expect(progress.people).toEqual([
      { name: s.people[0]!.name, email: s.people[0]!.email, status: "complete" },
      { name: s.people[1]!.name, email: s.people[1]!.email, status: "partial" },
    ]);
  });

  test("a round cannot open with an empty panel (409 naming why), and the rule stays unlocked", async () => {
    const s = await study({ panellists: 0 });
    const res = await api(app, "POST", `/rounds/${s.roundId}/open`, moderator);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("The panel is empty: add panellists before opening round 1");
    const round = await t.db.round.findUniqueOrThrow({ where: { id: s.roundId }, include: { consultation: true } });
    expect(round.status).toBe("draft");
    expect(round.consultation.ruleLockedAt).toBeNull();
    // The page says so next to the disabled button.
    const html = (
      await (await fetch(`${app.url}/consultations/${s.id}`, { headers: { cookie: moderator.cookie! } })).text()
    ).replaceAll("<!-- -->", "");
    expect(html).toContain("The panel is empty: add panellists before opening round 1.");
  });

  test("a round cannot open without items (409 naming why)", async () => {
    const s = await study({ panellists: 1 });
    await t.db.roundItem.deleteMany({ where: { roundId: s.roundId } });
    const res = await api(app, "POST", `/rounds/${s.roundId}/open`, moderator);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("Round 1 has no items: there is nothing to rate");
    expect((await t.db.round.findUniqueOrThrow({ where: { id: s.roundId } })).status).toBe("draft");
  });

  test("a withdrawn panel is an empty panel", async () => {
    const s = await study({ panellists: 1 });
    await t.db.member.updateMany({
      where: { consultationId: s.id, role: "panellist" },
      data: { withdrawnAt: new Date(), withdrawnAnswers: "keep" },
    });
    const res = await api(app, "POST", `/rounds/${s.roundId}/open`, moderator);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("The panel is empty");
  });
});
