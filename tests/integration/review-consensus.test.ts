// The moderator's review after a round closes, decisions per item, and publishing the consensus
// as a new model version — driven through the JSON API on every provider.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { recordDecision } from "../../app/models/decision.server.js";
import type { LiveEvent } from "../../app/models/events.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { mailedLinks } from "../support/mail.js";
import { createTestDb, providers, rowCounts, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

/** Ratings of a 4-person panel under the B1MG 2021 rule. */
const AGREE = [5, 5, 4, 4]; // 100 % agreement → validated
const SPLIT = [5, 5, 4, 2]; // 75 % agreement, 25 % disagreement → reformulate
const LUKEWARM = [5, 4, 3, 3]; // 50 % agreement, no disagreement → re-evaluate

interface StudyOptions {
  /** Ratings per item key (panellist order); unlisted items get AGREE. */
  ratings?: Record<string, (number | null)[]>;
  comments?: Record<string, string[]>;
  suggestions?: Record<string, string[]>;
  items?: string | string[];
  close?: boolean;
}

describe.each(providers)("review, decisions and publishing on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  let models = 0;

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true, name: "Review Admin" });
    moderator = { cookie: await login(app, admin.email, admin.password) };
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  async function rateRound(roundId: string, panel: Caller[], options: StudyOptions) {
    const view = await api(app, "GET", `/rounds/${roundId}`, panel[0]);
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    const items = new Map<string, string>(view.body.items.map((i: any) => [i.key, i.id]));
    // Panellists in parallel, each rating item after item, as people do.
    await Promise.all(
      panel.map(async (who, p) => {
        for (const [key, itemId] of items) {
          const res = await api(app, "PUT", `/rounds/${roundId}/items/${itemId}/rating`, who, {
            value: (options.ratings?.[key] ?? AGREE)[p] ?? null,
            comment: options.comments?.[key]?.[p] ?? "",
            suggestion: options.suggestions?.[key]?.[p] ?? "",
          });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
        }
      }),
    );
    if (options.close !== false)
      expect((await api(app, "POST", `/rounds/${roundId}/close`, moderator)).status).toBe(200);
    return items;
  }

  /** A fresh model (2 domains × 2 subdomains × 2 indicators), a 4-person panel, round 1 rated and closed. */
  async function study(options: StudyOptions = {}) {
    models += 1;
    const imported = await importModel(t.db, syntheticModel(`Review model ${models}`, 2, 2, 2));
    const created = await api(app, "POST", "/consultations", moderator, {
      title: `Review study ${models}`,
      modelSlug: imported.modelSlug,
      items: options.items ?? "everything",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const people = [1, 2, 3, 4].map((i) => ({
      name: `Reviewer Panellist ${i} Hiddenname${i}`,
      email: `review${i}.s${models}@panel.example`, // new people per study: a link signs in only a newcomer
      stakeholderType: i % 2 ? "ELSI" : "Research/University",
      country: i % 2 ? "BE" : "DK",
    }));
    expect((await api(app, "POST", `/consultations/${id}/panellists`, moderator, people)).status).toBe(201);
    const links = await mailedLinks(t.db);
    const panel: Caller[] = [];
    for (const p of [...people].reverse()) panel.push({ cookie: await redeem(app, links.get(p.email)!) });
    const roundId = created.body.roundId as string;
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(200);
    const items = await rateRound(roundId, panel, options);
    return { id, roundId, slug: imported.modelSlug, panel, people, items };
  }

  const decide = (roundId: string, itemId: string, body: unknown, who: Caller = moderator) =>
    api(app, "PUT", `/rounds/${roundId}/items/${itemId}/decision`, who, body);

  test("an open round refuses decisions with 409", async () => {
    const s = await study({ close: false });
    const res = await decide(s.roundId, s.items.get("I.1.1")!, { decision: "accept" });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("Round 1 is open: decisions are recorded once it is closed");
    expect((await api(app, "GET", `/rounds/${s.roundId}/review`, moderator)).status).toBe(409);
  });

  test("accepting stores the computed status; an override without a rationale is a 400 naming rationale", async () => {
    const s = await study({ ratings: { "I.1.2": LUKEWARM } });
    const accepted = await decide(s.roundId, s.items.get("I.1.1")!, { decision: "accept" });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ key: "I.1.1", status: "validated", decision: "validated", rationale: null });

    const bare = await decide(s.roundId, s.items.get("I.1.2")!, { decision: "validated", rationale: "  " });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details).toEqual([
      { path: "rationale", message: "required to override the computed status (reevaluate) with validated" },
    ]);
    const overridden = await decide(s.roundId, s.items.get("I.1.2")!, {
      decision: "validated",
      rationale: "Validated with the steering group: the neutral answers asked for examples only",
    });
    expect(overridden.body).toMatchObject({ status: "reevaluate", decision: "validated" });
    const stored = await t.db.itemResult.findUniqueOrThrow({ where: { roundItemId: s.items.get("I.1.2")! } });
    expect(stored).toMatchObject({ status: "reevaluate", decision: "validated", newWording: null });
    expect(stored.rationale).toContain("steering group");
    expect(stored.decidedAt).toBeInstanceOf(Date);
    expect(stored.decidedById).not.toBeNull();

    // Naming the computed status explicitly is accepting it: no rationale needed.
    const same = await decide(s.roundId, s.items.get("I.2.1")!, { decision: "validated" });
    expect(same.status).toBe(200);
    const unknown = await decide(s.roundId, s.items.get("I.2.1")!, { decision: "maybe" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe("decision");
    const elsewhere = await decide(s.roundId, "not-an-item", { decision: "accept" });
    expect(elsewhere.status).toBe(404);
  });

  test("reformulating needs new wording: a text, or five level texts (400 naming newWording / newWording[2])", async () => {
    const s = await study({ ratings: { "I.1.1": SPLIT, "I.1.1/levels": SPLIT } });
    const indicator = s.items.get("I.1.1")!;
    const levels = s.items.get("I.1.1/levels")!;
    const none = await decide(s.roundId, indicator, { decision: "accept" });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0]).toEqual({ path: "newWording", message: "required to reformulate" });
    const array = await decide(s.roundId, indicator, {
      decision: "reformulate",
      newWording: ["a", "b", "c", "d", "e"],
    });
    expect(array.body.error.details[0].path).toBe("newWording");
    const ok = await decide(s.roundId, indicator, { decision: "accept", newWording: "  A clearer statement  " });
    expect(ok.body).toMatchObject({ decision: "reformulate", newWording: "A clearer statement" });

    const four = await decide(s.roundId, levels, { decision: "reformulate", newWording: ["1", "2", "3", "4"] });
    expect(four.status).toBe(400);
    expect(four.body.error.details[0]).toEqual({ path: "newWording", message: "expected 5 level texts, got 4" });
    const blank = await decide(s.roundId, levels, { decision: "reformulate", newWording: ["1", "2", " ", "4", "5"] });
    expect(blank.status).toBe(400);
    expect(blank.body.error.message).toBe("Invalid decision: newWording[2]: must not be empty");
    expect(blank.body.error.details[0].path).toBe("newWording[2]");
    const text = await decide(s.roundId, levels, { decision: "reformulate", newWording: "one text" });
    expect(text.body.error.details[0].path).toBe("newWording");
    const five = await decide(s.roundId, levels, {
      decision: "reformulate",
      newWording: ["L1 new", "L2 new", "L3 new", "L4 new", "L5 new"],
    });
    expect(five.status, JSON.stringify(five.body)).toBe(200);
    expect(five.body.newWording).toEqual(["L1 new", "L2 new", "L3 new", "L4 new", "L5 new"]);
    const dropLevels = await decide(s.roundId, levels, { decision: "dropped", rationale: "too detailed" });
    expect(dropLevels.status).toBe(400);
    expect(dropLevels.body.error.details[0].path).toBe("decision");
  });

  test("only moderators decide: a panellist gets 403; an observer reads the review but cannot decide", async () => {
    const s = await study();
    const itemId = s.items.get("I.1.1")!;
    expect((await decide(s.roundId, itemId, { decision: "accept" }, s.panel[0])).status).toBe(403);
    expect((await api(app, "GET", `/rounds/${s.roundId}/review`, s.panel[0])).status).toBe(403);
    expect((await api(app, "POST", `/consultations/${s.id}/publish`, s.panel[0])).status).toBe(403);
    const observer = await createTestUser(t, { name: "Method Observer" });
    await t.db.member.create({
      data: { consultationId: s.id, userId: observer.id, role: "observer", pseudonym: "Observer 1" },
    });
    const watcher = { cookie: await login(app, observer.email, observer.password) };
    const review = await api(app, "GET", `/rounds/${s.roundId}/review`, watcher);
    expect(review.status).toBe(200);
    expect(review.body.canDecide).toBe(false);
    expect((await decide(s.roundId, itemId, { decision: "accept" }, watcher)).status).toBe(403);
    const stranger = { cookie: await login(app, (await createTestUser(t)).email, "correct horse battery") };
    expect((await api(app, "GET", `/rounds/${s.roundId}/review`, stranger)).status).toBe(404);
  });

  test("the review shows figures, computed reasons, history and the panel's comments and rewordings unattributed", async () => {
    const s = await study({
      ratings: { "I.1.1": SPLIT },
      comments: { "I.1.1": ["zeta: too vague", "", "alpha: fine", "mid comment"] },
      suggestions: { "I.1.1": ["", "Indicator I.1.1 is fully in place", "", ""] },
    });
    const res = await api(app, "GET", `/rounds/${s.roundId}/review`, moderator);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const review = res.body;
    expect(review.round).toMatchObject({ number: 1, status: "closed" });
    expect(review.canDecide).toBe(true);
    expect(review.items).toHaveLength(22);
    const item = review.items.find((i: any) => i.key === "I.1.1");
    expect(item).toMatchObject({
      kind: "indicator",
      status: "reformulate",
      decision: null,
      domainKey: "I",
      subdomainKey: "I.1",
      comments: ["alpha: fine", "mid comment", "zeta: too vague"],
      suggestions: ["Indicator I.1.1 is fully in place"],
      history: [],
    });
    expect(item.reason).toContain("agreement 75 %");
    expect(item.figures.overall).toMatchObject({ nRated: 4, counts: [0, 1, 0, 1, 2], agreePct: 75, median: 4.5 });
    expect(item.figures.byStakeholderType.map((g: any) => g.group)).toEqual(["ELSI", "Research/University"]);
    expect(review.publish).toMatchObject({ isLastRound: true, undecided: 22, nextVersion: 2 });
    expect(review.publish.blocker).toBe("22 items still undecided");
    const domain = review.overview.find((o: any) => o.key === "I");
    expect(domain).toMatchObject({ title: "Domain I", level: "domain", items: 11 });
    expect(domain.meanAgreePct).toBeCloseTo((10 * 100 + 75) / 11, 9);
    const text = JSON.stringify(review);
    for (const p of s.people) {
      expect(text).not.toContain(p.name);
      expect(text).not.toContain(p.email);
    }
    expect(text).not.toMatch(/"memberId"/);
  });

  test("a decision emits decision:recorded to the consultation's live events", async () => {
    const s = await study();
    const admin = await t.db.user.findFirstOrThrow({ where: { name: "Review Admin" } });
    const seen: [string, LiveEvent][] = [];
    await recordDecision(
      t.db,
      admin,
      s.items.get("II.1")!,
      { decision: "accept" },
      { emit: (consultationId, event) => seen.push([consultationId, event]) },
    );
    expect(seen).toEqual([[s.id, { type: "decision:recorded", roundId: s.roundId, itemId: s.items.get("II.1")! }]]);
  });

  test("accept-all decides every undecided item except those to reformulate", async () => {
    const s = await study({ ratings: { "I.1.1": SPLIT, "II.2.2": LUKEWARM } });
    await decide(s.roundId, s.items.get("I.2.1")!, { decision: "dropped", rationale: "Duplicates I.1.1" });
    const res = await api(app, "POST", `/rounds/${s.roundId}/decisions/accept`, moderator);
    expect(res.body).toEqual({ accepted: 20, needWording: 1 });
    const results = await t.db.itemResult.findMany({
      where: { item: { roundId: s.roundId } },
      include: { item: true },
    });
    const byKey = new Map(results.map((r) => [r.item.key, r]));
    expect(byKey.get("I.1.1")!.decision).toBeNull();
    expect(byKey.get("I.2.1")!.decision).toBe("dropped"); // kept, not overwritten
    expect(byKey.get("II.2.2")!.decision).toBe("reevaluate");
  });

  test("publishing with undecided items is a 409 naming how many, and writes nothing", async () => {
    const s = await study({ ratings: { "I.1.1": SPLIT } });
    await api(app, "POST", `/rounds/${s.roundId}/decisions/accept`, moderator);
    const before = await rowCounts(t.db);
    const res = await api(app, "POST", `/consultations/${s.id}/publish`, moderator);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("1 of 22 items of round 1 are undecided: decide them before publishing");
    // The round was claimed inside the transaction before the check: it must be rolled back too.
    expect(await rowCounts(t.db)).toEqual(before);
    const round = await t.db.round.findUniqueOrThrow({ where: { id: s.roundId } });
    expect(round).toMatchObject({ status: "closed", publishedAt: null });
    expect(await t.db.modelVersion.count({ where: { model: { slug: s.slug } } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { consultationId: s.id, type: "consensus.published" } })).toBe(0);
  });

  test("two simultaneous publishes make one version: the other answers 409", async () => {
    const s = await study();
    await api(app, "POST", `/rounds/${s.roundId}/decisions/accept`, moderator);
    const answers = await Promise.all([1, 2].map(() => api(app, "POST", `/consultations/${s.id}/publish`, moderator)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(await t.db.modelVersion.count({ where: { model: { slug: s.slug } } })).toBe(2);
  });

  test("validated with minor rewording: stored, published, marked editorial; fields the server would not use are 400s", async () => {
    const s = await study({ ratings: { "I.1.2": LUKEWARM } });
    const d = (key: string, body: unknown) => decide(s.roundId, s.items.get(key)!, body);
    // The data loss this replaces: {"decision":"validated","newWording":…} answered 200 and dropped the wording.
    const edited = await d("I.1.1", { decision: "accept", newWording: "Indicator I.1.1 is in place nationwide" });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({
      decision: "validated",
      newWording: "Indicator I.1.1 is in place nationwide",
      editorial: true,
    });
    const levels = ["Stage 1 (edited)", "Stage 2", "Stage 3", "Stage 4", "Stage 5"];
    const levelsEdited = await d("I.1.1/levels", { decision: "validated", newWording: levels });
    expect(levelsEdited.body).toMatchObject({ decision: "validated", newWording: levels, editorial: true });
    // The rated wording sent back unchanged, or an emptied field, is no rewording at all.
    const same = await d("I.2.1", { decision: "accept", newWording: "Indicator I.2.1 is in place" });
    expect(same.body).toMatchObject({ decision: "validated", newWording: null, editorial: false });
    expect((await d("I.2.2", { decision: "accept", newWording: "  " })).body).toMatchObject({ newWording: null });
    // Re-evaluate may carry an editorial rewording for the next round.
    const again = await d("I.1.2", { decision: "accept", newWording: "Indicator I.1.2 is in place (clarified)" });
    expect(again.body).toMatchObject({ decision: "reevaluate", editorial: true });

    const unused = await d("II.1.1", { decision: "accept", newWording: "x", wording: "typo in the field name" });
    expect(unused.status).toBe(400);
    expect(JSON.stringify(unused.body.error)).toMatch(/wording/);
    const dropped = await d("II.1.1", { decision: "dropped", rationale: "Out of scope", newWording: "x" });
    expect(dropped.status).toBe(400);
    expect(dropped.body.error.details[0]).toMatchObject({ path: "newWording" });
    const stored = await t.db.itemResult.findUniqueOrThrow({ where: { roundItemId: s.items.get("II.1.1")! } });
    expect(stored.decision).toBeNull(); // nothing half-written

    expect((await api(app, "POST", `/rounds/${s.roundId}/decisions/accept`, moderator)).status).toBe(200);
    const published = await api(app, "POST", `/consultations/${s.id}/publish`, moderator);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const v2 = (await api(app, "GET", `/models/${s.slug}?version=2`, moderator)).body;
    const indicators = v2.domains.flatMap((x: any) => x.subdomains.flatMap((y: any) => y.indicators));
    expect(indicators[0]).toMatchObject({ statement: "Indicator I.1.1 is in place nationwide", levels });
    // Re-evaluated items keep their wording in the published version: the rewording is for the next round.
    expect(indicators[1].statement).toBe("Indicator I.1.2 is in place");
    const version = await t.db.modelVersion.findFirstOrThrow({ where: { model: { slug: s.slug }, number: 2 } });
    const changelog = JSON.parse(version.changelog!);
    const entry = (key: string) => changelog.find((e: any) => e.key === key);
    expect(entry("I.1.1")).toMatchObject({ decision: "validated", editorial: true, changed: true });
    expect(entry("I.1.1/levels")).toMatchObject({ decision: "validated", editorial: true, newText: levels });
    expect(entry("I.2.1").editorial).toBeUndefined();
    const audit = await t.db.auditEvent.findFirstOrThrow({
      where: { consultationId: s.id, type: "decision.recorded", payload: { contains: "nationwide" } },
    });
    expect(JSON.parse(audit.payload)).toMatchObject({ key: "I.1.1", decision: "validated", editorial: true });
  });

  test("publishing applies the decisions as version N+1 with a changelog and marks the round published", async () => {
    const s = await study({
      ratings: {
        "I.1.1": SPLIT,
        "I.1.1/levels": SPLIT,
        "I.1.2": LUKEWARM,
        "I.2.1": LUKEWARM,
        "II.1.2": SPLIT,
      },
    });
    const d = (key: string, body: unknown) => decide(s.roundId, s.items.get(key)!, body);
    expect((await d("I.1.1", { decision: "accept", newWording: "Indicator I.1.1 is fully in place" })).status).toBe(
      200,
    );
    const levels = ["New stage 1", "New stage 2", "New stage 3", "New stage 4", "New stage 5"];
    expect((await d("I.1.1/levels", { decision: "reformulate", newWording: levels })).status).toBe(200);
    expect((await d("I.1.2", { decision: "accept" })).status).toBe(200); // re-evaluate: unchanged
    expect((await d("I.2.1", { decision: "dropped", rationale: "Merged into I.2.2" })).status).toBe(200);
    expect((await d("I.2.2", { decision: "dropped", rationale: "Out of scope" })).status).toBe(200);
    expect(
      (await d("II", { decision: "reformulate", rationale: "Title too narrow", newWording: "Domain II, widened" }))
        .status,
    ).toBe(200);
    expect(
      (await d("II.1.2", { decision: "validated", rationale: "Disagreement came from one misread term" })).status,
    ).toBe(200);
    expect((await api(app, "POST", `/rounds/${s.roundId}/decisions/accept`, moderator)).body.needWording).toBe(0);

    // Another version published meanwhile: the new one is max + 1, still built on the consultation's base.
    await importModel(t.db, syntheticModel(`Review model ${models}`, 1, 1, 1));
    const res = await api(app, "POST", `/consultations/${s.id}/publish`, moderator);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ modelSlug: s.slug, versionNumber: 3 });

    const v3 = (await api(app, "GET", `/models/${s.slug}?version=3`, moderator)).body;
    const indicators = v3.domains.flatMap((x: any) => x.subdomains.flatMap((y: any) => y.indicators));
    expect(indicators.map((i: any) => i.key)).toEqual(["I.1.1", "I.1.2", "II.1.1", "II.1.2", "II.2.1", "II.2.2"]);
    expect(indicators[0]).toMatchObject({ statement: "Indicator I.1.1 is fully in place", levels });
    expect(indicators[1].statement).toBe("Indicator I.1.2 is in place");
    // I.2 lost both indicators: a subdomain without indicators is not a valid model, so it goes too.
    expect(v3.domains[0].subdomains.map((x: any) => x.key)).toEqual(["I.1"]);
    expect(v3.domains.map((x: any) => x.title)).toEqual(["Domain I", "Domain II, widened"]);

    const version = await t.db.modelVersion.findFirstOrThrow({ where: { model: { slug: s.slug }, number: 3 } });
    expect(version.fromConsultationId).toBe(s.id);
    const changelog = JSON.parse(version.changelog!);
    expect(changelog).toHaveLength(22);
    const entry = (key: string) => changelog.find((e: any) => e.key === key);
    expect(entry("I.1.1")).toEqual({
      key: "I.1.1",
      kind: "indicator",
      decision: "reformulate",
      decidedBy: "moderator",
      round: 1,
      rationale: null,
      panelRationales: [],
      oldText: "Indicator I.1.1 is in place",
      newText: "Indicator I.1.1 is fully in place",
      changed: true,
      figures: { agreePct: 75, median: 4.5, iqr: 1.5, n: 4, nNoOpinion: 0 },
    });
    expect(entry("I.1.1/levels")).toMatchObject({ kind: "levels", newText: levels, changed: true });
    expect(entry("I.2.1")).toMatchObject({ decision: "dropped", newText: null, rationale: "Merged into I.2.2" });
    expect(entry("I.2.1/levels")).toMatchObject({ decision: "validated", newText: null, changed: true });
    expect(entry("I.1.2")).toMatchObject({ decision: "reevaluate", changed: false });
    expect(entry("II.1.2")).toMatchObject({ decision: "validated", changed: false, rationale: expect.any(String) });

    const round = await t.db.round.findUniqueOrThrow({ where: { id: s.roundId } });
    expect(round.status).toBe("published");
    expect(round.publishedAt).toBeInstanceOf(Date);
    // The audit trail records each decision and the publication, with a hash of the changelog.
    const audit = await t.db.auditEvent.findMany({ where: { consultationId: s.id }, orderBy: { seq: "asc" } });
    const overrides = audit
      .filter((e) => e.type === "decision.recorded")
      .map((e) => JSON.parse(e.payload))
      .filter((p) => p.override);
    expect(overrides.map((p) => p.key)).toEqual(["I.2.1", "I.2.2", "II", "II.1.2"]);
    expect(overrides[2]).toMatchObject({
      computed: "validated",
      decision: "reformulate",
      newWording: "Domain II, widened",
    });
    expect(audit.at(-1)!.type).toBe("consensus.published");
    expect(JSON.parse(audit.at(-1)!.payload)).toMatchObject({
      round: 1,
      model: s.slug,
      baseVersion: 1,
      version: 3,
      changed: 8,
      decisions: { validated: 16, reformulate: 3, reevaluate: 1, dropped: 2 },
    });
    const again = await api(app, "POST", `/consultations/${s.id}/publish`, moderator);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("already published");
    const late = await d("I.1.2", { decision: "validated", rationale: "late" });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe("Round 1 is already published: its decisions are final");
    expect((await api(app, "GET", `/rounds/${s.roundId}/review`, moderator)).body.publish).toMatchObject({
      publishedVersion: 3,
      blocker: "Round 1 is already published",
    });

    // Compare the base with the published version.
    const cmp = await api(app, "GET", `/models/${s.slug}/compare?from=1&to=3`, moderator);
    expect(cmp.status, JSON.stringify(cmp.body)).toBe(200);
    expect(cmp.body.summary).toEqual({ added: 0, removed: 5, changed: 3, unchanged: 14 });
    const changedKeys = cmp.body.items.map((i: any) => `${i.change} ${i.key}`);
    expect(changedKeys).toEqual([
      "changed I.1.1",
      "changed I.1.1/levels",
      "removed I.2",
      "removed I.2.1",
      "removed I.2.1/levels",
      "removed I.2.2",
      "removed I.2.2/levels",
      "changed II",
    ]);
    const i111 = cmp.body.items[0];
    expect(i111.diff).toEqual([
      { type: "same", text: "Indicator I.1.1 is " },
      { type: "added", text: "fully " },
      { type: "same", text: "in place" },
    ]);
    expect(cmp.body.items[1].diff).toHaveLength(5);
    expect(cmp.body.changelogs).toHaveLength(1);
    expect(cmp.body.changelogs[0]).toMatchObject({
      version: 3,
      consultation: { id: s.id, title: expect.stringContaining("Review study") },
    });
    const defaults = await api(app, "GET", `/models/${s.slug}/compare`, moderator);
    expect(defaults.body).toMatchObject({ from: { number: 2 }, to: { number: 3 } });
    const bad = await api(app, "GET", `/models/${s.slug}/compare?from=x`, moderator);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("from");
    expect((await api(app, "GET", `/models/${s.slug}/compare?to=9`, moderator)).status).toBe(404);
  });

  test("a two-round study publishes round-1 decisions of items not carried and round-2 wording of carried ones", async () => {
    const s = await study({ items: "indicators", ratings: { "I.1.1": SPLIT, "I.1.2": LUKEWARM } });
    await decide(s.roundId, s.items.get("I.1.1")!, { decision: "accept", newWording: "Indicator I.1.1, round 2" });
    await decide(s.roundId, s.items.get("II.2.2")!, {
      decision: "reformulate",
      rationale: "typo",
      newWording: "Fixed",
    });
    await api(app, "POST", `/rounds/${s.roundId}/decisions/accept`, moderator);
    const next = await api(app, "POST", `/consultations/${s.id}/rounds`, moderator, {
      items: [{ key: "I.1.1", wording: "Indicator I.1.1, round 2" }, { key: "I.1.2" }],
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const round2 = next.body.id as string;
    // Round 2 still open: nothing to publish yet.
    expect((await api(app, "POST", `/rounds/${round2}/open`, moderator)).status).toBe(200);
    const early = await api(app, "POST", `/consultations/${s.id}/publish`, moderator);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe("Round 2 is open: close it and decide every item before publishing");

    const items2 = await rateRound(round2, s.panel, { ratings: { "I.1.2": SPLIT } });
    const review2 = (await api(app, "GET", `/rounds/${round2}/review`, moderator)).body;
    const carried = review2.items.find((i: any) => i.key === "I.1.2");
    expect(carried.history.map((h: any) => [h.round, h.agreePct])).toEqual([
      [1, 50],
      [2, 75],
    ]);
    expect(carried.previousWording).toBe("Indicator I.1.2 is in place");
    expect((await api(app, "GET", `/rounds/${s.roundId}/review`, moderator)).body.publish.blocker).toBe(
      "Round 2 is the last round: publish from its review",
    );
    await decide(round2, items2.get("I.1.1")!, { decision: "accept" }); // validated in its round-2 wording
    await decide(round2, items2.get("I.1.2")!, { decision: "dropped", rationale: "No consensus after two rounds" });
    const res = await api(app, "POST", `/consultations/${s.id}/publish`, moderator);
    expect(res.status, JSON.stringify(res.body)).toBe(201);

    const v2 = (await api(app, "GET", `/models/${s.slug}?version=2`, moderator)).body;
    const statements = Object.fromEntries(
      v2.domains.flatMap((x: any) =>
        x.subdomains.flatMap((y: any) => y.indicators.map((i: any) => [i.key, i.statement])),
      ),
    );
    expect(statements["I.1.1"]).toBe("Indicator I.1.1, round 2");
    expect(statements["I.1.2"]).toBeUndefined();
    expect(statements["II.2.2"]).toBe("Fixed");
    expect(statements["II.1.1"]).toBe("Indicator II.1.1 is in place");
    const changelog = JSON.parse(
      (await t.db.modelVersion.findFirstOrThrow({ where: { model: { slug: s.slug }, number: 2 } })).changelog!,
    );
    expect(changelog.map((e: any) => [e.key, e.round, e.decision])).toEqual([
      ["I.1.1", 2, "validated"],
      ["I.1.2", 2, "dropped"],
      ["I.2.1", 1, "validated"],
      ["I.2.2", 1, "validated"],
      ["II.1.1", 1, "validated"],
      ["II.1.2", 1, "validated"],
      ["II.2.1", 1, "validated"],
      ["II.2.2", 1, "reformulate"],
    ]);
    expect((await t.db.round.findUniqueOrThrow({ where: { id: round2 } })).status).toBe("published");
    expect((await t.db.round.findUniqueOrThrow({ where: { id: s.roundId } })).status).toBe("closed");
  });
});
