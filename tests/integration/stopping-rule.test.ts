// The minimum of answers per item and the stopping rule, fixed with the consensus rule when the study is
// created: through the JSON API, the review page and the report, on every provider.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { B1MG_2021_RULE } from "../../shared/stats/consensus.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { mailedLinks } from "../support/mail.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

const AGREE = [5, 5, 4, 4]; // B1MG: validated
const LUKEWARM = [5, 4, 3, 3]; // 50 % agreement, no disagreement: re-evaluate
const TWO_ANSWERS = [5, 5, null, null]; // 2 rated answers, 2 "no opinion": below the minimum of 3

const STOPPING = {
  itemsReached: { pct: 60, statuses: ["validated"] },
  stability: { maxChangedPct: 25, minWilcoxonP: 0.05 },
  maxRounds: 3,
};

describe.each(providers)("minimum answers and stopping rule on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true, name: "Stopping Admin" });
    moderator = { cookie: await login(app, admin.email, admin.password) };
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  async function create(body: Record<string, unknown>) {
    n += 1;
    const imported = await importModel(t.db, syntheticModel(`Stopping model ${n}`, 1, 1, 3));
    return api(app, "POST", "/consultations", moderator, {
      title: `Stopping study ${n}`,
      modelSlug: imported.modelSlug,
      items: "indicators",
      ...body,
    });
  }

  async function panelOf(id: string) {
    const people = [1, 2, 3, 4].map((i) => ({
      name: `Stopping Panellist ${i}`,
      email: `stop${i}.s${n}@panel.example`,
      stakeholderType: "ELSI",
    }));
    expect((await api(app, "POST", `/consultations/${id}/panellists`, moderator, people)).status).toBe(201);
    const links = await mailedLinks(t.db);
    return Promise.all(people.map(async (p) => ({ cookie: await redeem(app, links.get(p.email)!) })));
  }

  async function rateAndClose(roundId: string, panel: Caller[], ratings: Record<string, (number | null)[]>) {
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(200);
    const view = await api(app, "GET", `/rounds/${roundId}`, panel[0]);
    const items = new Map<string, string>(view.body.items.map((i: any) => [i.key, i.id]));
    for (const [p, who] of panel.entries())
      for (const [key, itemId] of items) {
        const res = await api(app, "PUT", `/rounds/${roundId}/items/${itemId}/rating`, who, {
          value: ratings[key]![p] ?? null,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    expect((await api(app, "POST", `/rounds/${roundId}/close`, moderator)).status).toBe(200);
    return items;
  }

  const page = async (path: string) => {
    const res = await fetch(`${app.url}${path}`, { headers: { cookie: moderator.cookie!, accept: "text/html" } });
    expect(res.status).toBe(200);
    return res.text();
  };

  test("malformed minimum or stopping rule is a 400 naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ minAnswers: { count: 0 } }, "minAnswers.count"],
      [{ minAnswers: { panelPct: 150 } }, "minAnswers.panelPct"],
      [{ minAnswers: {} }, "minAnswers"],
      [{ stopping: { itemsReached: { pct: 120, statuses: ["validated"] } } }, "stopping.itemsReached.pct"],
      [{ stopping: { itemsReached: { pct: 80, statuses: ["insufficient"] } } }, "stopping.itemsReached.statuses[0]"],
      [{ stopping: { stability: { maxChangedPct: 10, minWilcoxonP: 5 } } }, "stopping.stability.minWilcoxonP"],
      [{ stopping: { maxRounds: 2.5 } }, "stopping.maxRounds"],
      [{ stopping: {} }, "stopping"],
      [{ rule: { clauses: [{ status: "insufficient", when: [] }] } }, "rule.clauses[0].status"],
    ];
    for (const [body, path] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: any) => d.path)).toContain(path);
    }
  });

  test("two rounds: too few answers is insufficient, and the stopping rule's verdict after each round", async () => {
    const created = await create({ rulePreset: "b1mg-2021", stopping: STOPPING });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const stored = await t.db.consultation.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(stored.consensusRule)).toMatchObject({ minAnswers: { count: 3 }, stopping: STOPPING });
    const panel = await panelOf(id);

    const items = await rateAndClose(created.body.roundId, panel, {
      "I.1.1": AGREE,
      "I.1.2": TWO_ANSWERS,
      "I.1.3": LUKEWARM,
    });
    const review = await api(app, "GET", `/rounds/${created.body.roundId}/review`, moderator);
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    const byKey = new Map<string, any>(review.body.items.map((i: any) => [i.key, i]));
    expect(byKey.get("I.1.1")!.status).toBe("validated");
    expect(byKey.get("I.1.2")!).toMatchObject({
      status: "insufficient",
      reason: "insufficient answers: 2 rated answers, the rule needs at least 3",
    });
    expect(byKey.get("I.1.3")!.status).toBe("reevaluate");

    // Accepting "insufficient answers" records re-evaluate: decisions keep the rule's statuses.
    const accepted = await api(
      app,
      "PUT",
      `/rounds/${created.body.roundId}/items/${items.get("I.1.2")}/decision`,
      moderator,
      { decision: "accept" },
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: "insufficient", decision: "reevaluate" });

    const round1 = await page(`/consultations/${id}/review/1`);
    expect(round1).toContain("Stopping rule after round 1: continue");
    expect(round1).toContain("not met: 1 of 3 items validated (33.3 %; the rule asks ≥ 60 %)");
    expect(round1).toContain("not met: stability needs a previous round: round 1 has none");

    const next = await api(app, "POST", `/consultations/${id}/rounds`, moderator, {
      items: [{ key: "I.1.2" }, { key: "I.1.3" }],
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    // Round 2: I.1.2 now has 3 rated answers (validated); I.1.3 rated exactly as before (stable, p = 1).
    await rateAndClose(next.body.id, panel, { "I.1.2": [5, 5, 4, null], "I.1.3": LUKEWARM });

    const round2 = await page(`/consultations/${id}/review/2`);
    expect(round2).toContain("Stopping rule after round 2: stop");
    expect(round2).toContain("met: the only item still to be rated again is stable since round 1");

    const report = await api(app, "GET", `/consultations/${id}/report`, moderator);
    expect(report.status).toBe(200);
    expect(report.body.stopping.verdicts.map((v: any) => [v.round, v.stop])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(report.body.stopping).toMatchObject({ firstStop: 2, endedByRule: true });
    expect(report.body.stopping.text).toBe(
      "The study ended by its stopping rule after round 2: the only item still to be rated again is stable since round 1.",
    );
    expect(report.body.stopping.sentence).toContain("Stopping rule, fixed with the consensus rule");
    expect(report.body.consensus.sentences).toContain(
      "Minimum of answers: an item needs at least 3 rated answers (“no opinion” does not count); with fewer, its computed status is “insufficient answers”, never validated, and no clause is checked.",
    );
    const entry = report.body.checklist.find((c: any) => c.item.startsWith("Criteria for ending the Delphi"));
    expect(entry).toMatchObject({ coverage: "yes" });
  });

  test("the rule, its minimum and its stopping rule can be replaced before round 1, and are locked once it opens", async () => {
    const created = await create({});
    const id = created.body.id as string;
    const bad = await api(app, "PUT", `/consultations/${id}/rule`, moderator, { stopping: { maxRounds: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path)).toContain("stopping.maxRounds");
    const put = await api(app, "PUT", `/consultations/${id}/rule`, moderator, {
      rulePreset: "agreement-75",
      minAnswers: { count: 2, panelPct: 50 },
      stopping: { maxRounds: 2 },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.rule).toMatchObject({
      id: "agreement-75",
      minAnswers: { count: 2, panelPct: 50 },
      stopping: { maxRounds: 2 },
    });
    const stored = await t.db.consultation.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(stored.consensusRule)).toEqual(put.body.rule);

    const panel = await panelOf(id);
    // 50 % of a panel of 4 = 2 rated answers at least; 1 is too few
    await rateAndClose(created.body.roundId, panel, {
      "I.1.1": AGREE,
      "I.1.2": [5, null, null, null],
      "I.1.3": [5, 5, null, null],
    });
    const review = await api(app, "GET", `/rounds/${created.body.roundId}/review`, moderator);
    const byKey = new Map<string, any>(review.body.items.map((i: any) => [i.key, i]));
    expect(byKey.get("I.1.2")!).toMatchObject({
      status: "insufficient",
      reason:
        "insufficient answers: 1 rated answer, the rule needs at least 2 (at least 2 rated answers and at least 50 % of the panel (rounded up), panel of 4)",
    });
    expect(byKey.get("I.1.3")!.status).toBe("validated");

    const locked = await api(app, "PUT", `/consultations/${id}/rule`, moderator, { rulePreset: "b1mg-2021" });
    expect(locked.status).toBe(409);
    expect(locked.body.error.message).toBe("The consensus rule was locked when round 1 opened: it cannot change");
    expect(JSON.parse((await t.db.consultation.findUniqueOrThrow({ where: { id } })).consensusRule)).toEqual(
      put.body.rule,
    );
  });

  test("a rule stored before the minimum existed still parses and gets the presets' minimum of 3", async () => {
    const created = await create({});
    const id = created.body.id as string;
    const { minAnswers: _dropped, ...old } = B1MG_2021_RULE;
    await t.db.consultation.update({ where: { id }, data: { consensusRule: JSON.stringify(old) } });
    const panel = await panelOf(id);
    await rateAndClose(created.body.roundId, panel, { "I.1.1": AGREE, "I.1.2": TWO_ANSWERS, "I.1.3": [5, 5, 5, 5] });
    const review = await api(app, "GET", `/rounds/${created.body.roundId}/review`, moderator);
    const statuses = Object.fromEntries(review.body.items.map((i: any) => [i.key, i.status]));
    expect(statuses).toEqual({ "I.1.1": "validated", "I.1.2": "insufficient", "I.1.3": "validated" });
    const html = await page(`/consultations/${id}/review/1`);
    expect(html).toContain("Stopping rule after round 1: none was fixed");
  });
});
