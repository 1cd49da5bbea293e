// The study report, item lineage and audit trail pages for method teams, on a 2-round study built
// through the JSON API: figures, panel gaps, overrides, the CREDES/ACCORD checklist, the PDF, and
// that observers see everything but identities while panellists see none of it.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { mailedLinks } from "../support/mail.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, pageData, startTestApp } from "../support/server.js";
import { pdfText } from "../support/pdf.js";

const PEOPLE = [
  { stakeholderType: "Research/University", country: "BE", gender: "female" },
  { stakeholderType: "Clinical communities", country: "DK", gender: "male" },
  { stakeholderType: "Clinical communities", country: "BE", gender: "female" },
  { stakeholderType: "ELSI", country: "IT", gender: null },
  { stakeholderType: "Industry/Private sector", country: "DK", gender: "male" },
].map((p, i) => ({ ...p, name: `Lineage Person ${i + 1} Zebulon${i + 1}`, email: `lineage${i + 1}@panel.example` }));

/** Round 1 ratings per item (panellists 1–5) under the B1MG 2021 rule, and the status each gives. */
const ROUND1: Record<string, (number | null)[]> = {
  I: [5, 5, 4, 4, 5], // 100 % → validated
  "I.1": [4, 4, 4, 5, null], // 4 rated, all agree → validated
  "I.1.1": [2, 4, 4, 3, 5], // 60 % agree, 20 % disagree → reformulate
  "I.1.1/levels": [3, 3, 4, 4, 3], // 40 % agree, no disagreement → re-evaluate
  "I.1.2": [1, 2, 2, 4, 3], // 20 % agree → reformulate (the moderator drops it)
  "I.1.2/levels": [4, 4, 4, 4, 3], // 80 % agree, no disagreement → validated (clause 2)
};
const ROUND2: Record<string, number[]> = { "I.1.1": [4, 5, 4, 4], "I.1.1/levels": [4, 4, 5, 4] };
const NEW_WORDING = "Indicator I.1.1 is fully in place";
const SNAPSHOT = "The panel asks what 'in place' means.";

/** The text a PDF made with the standard fonts shows: hex strings of the (deflated) content streams. */
describe.each(providers)("study report and item lineage on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  let observer: Caller;
  let panel: Caller[];
  let id: string;
  let round1: string;
  /** Strings that identify a panellist or the observer: none may appear in what observers get. */
  let identities: string[];
  /** The panellists' alone (a page shows the signed-in observer their own name). */
  let panelIdentities: string[];

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true, name: "Report Admin Quintus" });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    await importModel(t.db, syntheticModel("Report model", 1, 1, 2)); // I, I.1, I.1.1(+levels), I.1.2(+levels)

    const created = await api(app, "POST", "/consultations", moderator, {
      title: "Lineage study",
      modelSlug: "report-model",
      items: "everything",
      // Groups of 2 are shown here, groups of 1 suppressed (the default is 3).
      minGroupSize: 2,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    round1 = created.body.roundId;
    expect((await api(app, "POST", `/consultations/${id}/panellists`, moderator, PEOPLE)).status).toBe(201);
    const links = await mailedLinks(t.db);
    panel = [];
    for (const p of PEOPLE) panel.push({ cookie: await redeem(app, links.get(p.email)!) });

    const watcher = await createTestUser(t, { name: "Method Team Observer Xanthe" });
    await t.db.member.create({
      data: { consultationId: id, userId: watcher.id, role: "observer", pseudonym: "Observer 1" },
    });
    observer = { cookie: await login(app, watcher.email, watcher.password) };

    // Round 1: everyone rates, all but the fifth panellist submit.
    expect((await api(app, "POST", `/rounds/${round1}/open`, moderator)).status).toBe(200);
    const items1 = await rate(round1, ROUND1);
    for (const who of panel.slice(0, 4))
      expect((await api(app, "POST", `/rounds/${round1}/submit`, who)).status).toBe(200);
    expect((await api(app, "POST", `/rounds/${round1}/close`, moderator)).status).toBe(200);
    await t.db.rationaleSnapshot.upsert({
      where: { roundItemId: items1.get("I.1.1")! },
      create: { roundItemId: items1.get("I.1.1")!, text: SNAPSHOT, state: new Uint8Array([0]) },
      update: { text: SNAPSHOT },
    });
    const decide = async (key: string, body: object) => {
      const res = await api(app, "PUT", `/rounds/${round1}/items/${items1.get(key)}/decision`, moderator, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await decide("I", { decision: "accept" });
    await decide("I.1", { decision: "accept" });
    await decide("I.1.1", { decision: "accept", newWording: NEW_WORDING });
    await decide("I.1.1/levels", { decision: "accept" });
    await decide("I.1.2", { decision: "dropped", rationale: "Overlaps with I.1.1" });
    await decide("I.1.2/levels", { decision: "accept" });

    // Round 2: the reformulated indicator and its levels, re-evaluated unchanged.
    const next = await api(app, "POST", `/consultations/${id}/rounds`, moderator, {
      items: [{ key: "I.1.1", wording: NEW_WORDING }, { key: "I.1.1/levels" }],
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const round2 = next.body.id as string;
    expect((await api(app, "POST", `/rounds/${round2}/open`, moderator)).status).toBe(200);
    await rate(round2, ROUND2, panel.slice(0, 4));
    for (const who of panel.slice(0, 4)) await api(app, "POST", `/rounds/${round2}/submit`, who);
    expect((await api(app, "POST", `/rounds/${round2}/close`, moderator)).status).toBe(200);
    expect((await api(app, "POST", `/rounds/${round2}/decisions/accept`, moderator)).status).toBe(200);
    const published = await api(app, "POST", `/consultations/${id}/publish`, moderator);
    expect(published.status, JSON.stringify(published.body)).toBe(201);

    const members = await t.db.member.findMany({
      where: { consultationId: id, role: { in: ["panellist", "observer"] } },
      include: { user: true },
    });
    const secrets = (m: (typeof members)[number]) => [m.user.name, m.user.email, m.user.id, m.id];
    identities = members.flatMap(secrets);
    panelIdentities = members.filter((m) => m.role === "panellist").flatMap(secrets);
    expect(identities).toHaveLength(24);
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  async function rate(roundId: string, ratings: Record<string, (number | null)[]>, who = panel) {
    const view = await api(app, "GET", `/rounds/${roundId}`, who[0]);
    const items = new Map<string, string>(view.body.items.map((i: any) => [i.key, i.id]));
    for (const [p, caller] of who.entries())
      await Promise.all(
        [...items].map(async ([key, itemId]) => {
          const res = await api(app, "PUT", `/rounds/${roundId}/items/${itemId}/rating`, caller, {
            value: ratings[key]![p],
          });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
        }),
      );
    return items;
  }

  const page = (path: string, who: Caller) => fetch(`${app.url}${path}`, { headers: { cookie: who.cookie! } });
  const expectNoIdentity = (text: string, what: string, secrets = identities) => {
    for (const secret of secrets) expect(text, `${what} leaks ${secret}`).not.toContain(secret);
  };

  test("the report shows the panel with every stakeholder type, zero counts and gaps included", async () => {
    const { status, body } = await api(app, "GET", `/consultations/${id}/report`, observer);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.panel).toMatchObject({ invited: 5, joined: 5, tookPart: 5 });
    expect(body.panel.byStakeholderType.map((r: any) => r.value)).toEqual([...STAKEHOLDER_TYPES]);
    const row = (value: string) => body.panel.byStakeholderType.find((r: any) => r.value === value);
    expect(row("Clinical communities")).toEqual({ value: "Clinical communities", invited: 2, joined: 2, tookPart: 2 });
    expect(row("Patient organisations")).toEqual({
      value: "Patient organisations",
      invited: 0,
      joined: 0,
      tookPart: 0,
    });
    expect(body.panel.gaps.map((g: any) => g.stakeholderType)).toEqual(
      STAKEHOLDER_TYPES.filter((s) => !PEOPLE.some((p) => p.stakeholderType === s)),
    );
    // The one panellist without a gender is below the minimum group size; so is then one more group, or
    // the totals would tell whether that one person took part.
    const suppressed = { joined: null, tookPart: null, note: "n < 2, suppressed" };
    expect(body.panel.byGender).toEqual([
      { value: "female", invited: 2, ...suppressed },
      { value: "male", invited: 2, joined: 2, tookPart: 2 },
      { value: null, invited: 1, ...suppressed },
    ]);
    expect(body.consultation.minGroupSize).toBe(2);
    expect(row("ELSI")).toEqual({ value: "ELSI", invited: 1, ...suppressed });
    // Neither a gap nor represented: the report says it cannot tell.
    expect(body.panel.notShown).toMatch(
      /^ Whether anybody took part from .*ELSI.* is not shown \(groups under 2 panellists\)\.$/,
    );
    expect(body.panel.byCountry.map((r: any) => [r.value, r.invited])).toEqual([
      ["BE", 2],
      ["DK", 2],
      ["IT", 1],
    ]);
  });

  test("the report counts invited, joined, started, complete and partial per round", async () => {
    const { body } = await api(app, "GET", `/consultations/${id}/report`, observer);
    expect(body.participation).toMatchObject([
      {
        round: 1,
        status: "closed",
        items: 6,
        invited: 5,
        joined: 5,
        started: 5,
        completed: 4,
        partial: 1,
        responseRate: 80,
      },
      {
        round: 2,
        status: "published",
        items: 2,
        invited: 5,
        joined: 5,
        started: 4,
        completed: 4,
        partial: 0,
        retention: 100,
      },
    ]);
  });

  test("the report states the consensus rule in words, locked before round 1", async () => {
    const { body } = await api(app, "GET", `/consultations/${id}/report`, observer);
    expect(body.consensus.name).toBe("B1MG 2021");
    expect(body.consensus.lockedAt).not.toBeNull();
    expect(body.consensus.sentences).toContain(
      "Clause 1 (agreement ≥ 86 %): an item is validated (consensus reached) when agreement is at least 86 %.",
    );
    expect(body.consensus.sentences).toContain(
      "Clause 2 (agreement ≥ 79 % without disagreement): an item is validated (consensus reached) when agreement is at least 79 % and disagreement is 0 %.",
    );
    expect(body.consensus.sentences).toContain(
      "Clause 4 (otherwise): any other item is to be re-evaluated in the next round.",
    );
    expect(body.consensus.sentences.join(" ")).toContain(
      "Agreement is a rating of 4–5, disagreement a rating of 1–2, neutral 3.",
    );
    expect(body.consensus.sentences.join(" ")).toContain("rounded to whole numbers");
  });

  test("the report lists per-round results, outcome counts, overrides and what happened to non-consensus items", async () => {
    const { body } = await api(app, "GET", `/consultations/${id}/report`, observer);
    expect(body.results.map((r: any) => r.round)).toEqual([1, 2]);
    const item = body.results[0].items.find((i: any) => i.key === "I.1.1");
    expect(item).toEqual({
      key: "I.1.1",
      kind: "indicator",
      n: 5,
      nNoOpinion: 0,
      agreePct: 60,
      median: 4,
      iqr: 1,
      status: "reformulate",
      decision: "reformulate",
    });
    expect(body.results[0].items.find((i: any) => i.key === "I.1")).toMatchObject({
      n: 4,
      nNoOpinion: 1,
      agreePct: 100,
    });
    expect(body.outcomes[0]).toEqual({
      round: 1,
      items: 6,
      computed: { validated: 3, reformulate: 2, reevaluate: 1, dropped: 0, insufficient: 0 },
      final: { validated: 3, reformulate: 1, reevaluate: 1, dropped: 1, insufficient: 0 },
      undecided: 0,
    });
    expect(body.outcomes[1]).toMatchObject({ round: 2, computed: { validated: 2 }, final: { validated: 2 } });
    expect(body.overrides).toEqual([
      { round: 1, key: "I.1.2", computed: "reformulate", decision: "dropped", rationale: "Overlaps with I.1.1" },
    ]);
    expect(body.nonConsensus[0].text).toBe(
      "Round 1: 3 of 6 items did not reach consensus (1 reformulate, 1 re-evaluate, 1 dropped). 2 went into round 2 (1 reworded, 1 unchanged); 1 did not.",
    );
    expect(body.nonConsensus[1].text).toBe("Round 2: every rated item reached consensus.");
    expect(body.versions).toHaveLength(1);
    expect(body.audit.hash).toMatch(/^[0-9a-f]{64}$/);
    const guidelines = new Set(body.checklist.map((c: any) => c.guideline));
    expect(guidelines).toEqual(new Set(["CREDES", "ACCORD"]));
    const anonymity = body.checklist.find((c: any) => c.item === "Anonymity of participants");
    expect(anonymity).toMatchObject({ sections: ["anonymity"], coverage: "yes" });
    expectNoIdentity(JSON.stringify(body), "report");
  });

  test("an item's lineage follows its wording, figures, decisions and snapshot across both rounds into the published version", async () => {
    const { status, body } = await api(app, "GET", `/consultations/${id}/items/I.1.1/lineage`, observer);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.base).toMatchObject({ version: 1, text: "Indicator I.1.1 is in place" });
    const [r1, r2] = body.rounds;
    expect(r1).toMatchObject({
      round: 1,
      wording: "Indicator I.1.1 is in place",
      diff: null,
      status: "reformulate",
      decision: "reformulate",
      override: false,
      newWording: NEW_WORDING,
      snapshot: { text: SNAPSHOT },
    });
    expect(r1.figures.overall).toMatchObject({ nRated: 5, counts: [0, 1, 1, 2, 1], agreePct: 60, median: 4, iqr: 1 });
    expect(r1.figures.byStakeholderType.find((g: any) => g.group === "Clinical communities")).toMatchObject({
      suppressed: false,
      nRated: 2,
      agreePct: 100,
    });
    // One-person groups say so instead of showing that person's answer.
    expect(r1.figures.byStakeholderType.find((g: any) => g.group === "ELSI")).toEqual({
      group: "ELSI",
      suppressed: true,
      note: "n < 2, suppressed",
    });
    expect(r1.reason).toContain("reformulate (clause 3");
    expect(r2).toMatchObject({ round: 2, wording: NEW_WORDING, status: "validated", decision: "validated" });
    expect(r2.diff).toEqual([
      { type: "same", text: "Indicator I.1.1 is " },
      { type: "added", text: "fully " },
      { type: "same", text: "in place" },
    ]);
    expect(r2.figures.overall).toMatchObject({ nRated: 4, agreePct: 100 });
    expect(body.published).toHaveLength(1);
    expect(body.published[0]).toMatchObject({
      version: 2,
      text: NEW_WORDING,
      change: { key: "I.1.1", decision: "validated", round: 2, changed: true },
    });
    expectNoIdentity(JSON.stringify(body), "lineage");
  });

  test("lineage of levels (key with a slash) and of an item the moderator dropped", async () => {
    const levels = await api(
      app,
      "GET",
      `/consultations/${id}/items/${encodeURIComponent("I.1.1/levels")}/lineage`,
      observer,
    );
    expect(levels.status, JSON.stringify(levels.body)).toBe(200);
    expect(levels.body.kind).toBe("levels");
    expect(levels.body.rounds.map((r: any) => r.status)).toEqual(["reevaluate", "validated"]);
    expect(levels.body.rounds[1].diff.every((p: any) => p.type === "same")).toBe(true);
    expect(levels.body.rounds[0].wording).toHaveLength(5);

    const dropped = await api(app, "GET", `/consultations/${id}/items/I.1.2/lineage`, moderator);
    expect(dropped.body.rounds).toHaveLength(1);
    expect(dropped.body.rounds[0]).toMatchObject({
      status: "reformulate",
      decision: "dropped",
      override: true,
      rationale: "Overlaps with I.1.1",
      snapshot: null,
    });
    expect(dropped.body.published[0]).toMatchObject({ version: 2, text: null, change: { decision: "dropped" } });

    const unknown = await api(app, "GET", `/consultations/${id}/items/IX.9/lineage`, observer);
    expect(unknown.status).toBe(404);
  });

  test("the pages render for observers: report, item (encoded key) and audit trail with a verify button", async () => {
    const report = await page(`/consultations/${id}/report`, observer);
    expect(report.status).toBe(200);
    const html = (await report.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("Study report: Lineage study");
    expect(html).toContain("Patient organisations");
    expect(html).toContain("Reporting checklist (CREDES / ACCORD)");
    expectNoIdentity(html, "report page", panelIdentities);

    const item = await page(`/consultations/${id}/items/${encodeURIComponent("I.1.1/levels")}`, observer);
    expect(item.status).toBe(200);
    expect((await item.text()).replaceAll("<!-- -->", "")).toContain("Item I.1.1/levels");

    const audit = await page(`/consultations/${id}/audit`, observer);
    expect(audit.status).toBe(200);
    expect(await audit.text()).toContain("Verify chain");
    const verify = await pageData(app, `/consultations/${id}/audit`, {
      method: "POST",
      cookie: observer.cookie!,
      body: new URLSearchParams({ notarised: "" }),
    });
    expect(verify.status).toBe(200);
    expect(verify.routes.action!.data.verdict).toMatchObject({ ok: true });
  });

  test("the PDF report has the study's title and the per-round tables, and its download is audited", async () => {
    const before = await t.db.auditEvent.count({ where: { consultationId: id, type: "export.made" } });
    const res = await page(`/consultations/${id}/report.pdf`, observer);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toContain('attachment; filename="lineage-study-report.pdf"');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(pdf);
    expect(text).toContain("Study report: Lineage study");
    expect(text).toContain("Round 1 (closed");
    expect(text).toContain("Round 2 (closed");
    expect(text).toContain("Patient organisations");
    expect(text).toContain("Overlaps with I.1.1");
    expect(text).toContain("agreement ≥ 86 %"); // drawn as it is: the embedded font has ≥
    expectNoIdentity(text, "PDF");
    const events = await t.db.auditEvent.findMany({ where: { consultationId: id, type: "export.made" } });
    expect(events).toHaveLength(before + 1);
    expect(JSON.parse(events.at(-1)!.payload)).toMatchObject({ file: "report.pdf" });
    expect(events.at(-1)!.actor).toBe("pseudonym:Observer 1");
  });

  test("panellists get 403 on the report, lineage, exports and audit trail, API and pages alike", async () => {
    const who = panel[0]!;
    for (const path of [
      `/consultations/${id}/report`,
      `/consultations/${id}/items/I.1.1/lineage`,
      `/consultations/${id}/exports/ratings.csv`,
      `/consultations/${id}/exports/nonsense.txt`,
      `/consultations/${id}/audit`,
      `/consultations/${id}/audit/verify`,
      `/consultations/${id}/audit/head`,
    ]) {
      const res = await api(app, "GET", path, who);
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    for (const path of [
      `/consultations/${id}/report`,
      `/consultations/${id}/report.pdf`,
      `/consultations/${id}/export/ratings.csv`,
      `/consultations/${id}/items/I.1.1`,
      `/consultations/${id}/audit`,
    ])
      expect((await page(path, who)).status, path).toBe(403);
    const stranger = await createTestUser(t);
    const cookie = await login(app, stranger.email, stranger.password);
    expect((await api(app, "GET", `/consultations/${id}/report`, { cookie })).status).toBe(404);
  });
});
