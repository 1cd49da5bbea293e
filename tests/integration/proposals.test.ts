// Panel proposals through the API only: while round 1 is open a panellist proposes a missing indicator under a
// subdomain and another a restructuring; bad proposals are refused naming the field and write nothing; the
// moderators read them only after close and never with their author; accepting adds the indicator to round 2
// (lineage: "added from proposal P-1"), rejecting tells the proposer why; the audit trail verifies.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { api, redeem, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { deliverMail, linkIn } from "../support/mail.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

const levels = (key: string) => [1, 2, 3, 4, 5].map((l) => `Stage ${l} of ${key}`);
const indicator = (key: string) => ({ id: key, statement: `Indicator ${key}`, levels: levels(key) });
const subdomain = (key: string) => ({
  id: key,
  title: `Subdomain ${key}`,
  indicators: [indicator(`${key}.1`), indicator(`${key}.2`)],
});
const MODEL = {
  name: "Proposals model",
  levelScale: ["Level 1", "Level 2", "Level 3", "Level 4", "Level 5"],
  domains: [
    { code: "I", title: "Domain I", subdomains: [subdomain("I.1"), subdomain("I.2")] },
    { code: "II", title: "Domain II", subdomains: [subdomain("II.1")] },
  ],
  glossary: [],
};
const PROPOSED = {
  kind: "indicator",
  target: "I.2",
  statement: "Data stewards are named for every shared data set",
  levels: levels("stewards"),
  reason: "Nothing in I.2 covers who answers for the data",
};
const RESTRUCTURE = {
  kind: "restructuring",
  target: "II",
  change: "Merge II.1 into I.2: they describe the same practice",
  reason: "Panellists rated them alike",
};

describe.each(providers)("panel proposals on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true, name: "Proposals Admin" });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    await importModel(t.db, MODEL);
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  /** A consultation of every item with `size` panellists (signed in), round 1 not open yet. */
  async function study(size: number) {
    const created = await api(app, "POST", "/consultations", moderator, {
      title: `Proposals study ${++n}`,
      modelSlug: "proposals-model",
      items: "everything",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const emails = Array.from({ length: size }, (_, i) => `p${i}.s${n}.${Date.now().toString(36)}@proposals.example`);
    const added = await api(
      app,
      "POST",
      `/consultations/${id}/panellists`,
      moderator,
      emails.map((email, i) => ({ name: `Proposer ${n}.${i}`, email, stakeholderType: "ELSI" })),
    );
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const mails = await deliverMail(t.db);
    const panel: Caller[] = [];
    for (const email of emails) panel.push({ cookie: await redeem(app, linkIn(mails.find((m) => m.to === email)!)!) });
    return { id, roundId: created.body.roundId as string, panel, emails };
  }

  const itemIds = async (roundId: string) =>
    new Map(
      (await t.db.roundItem.findMany({ where: { roundId }, orderBy: { position: "asc" } })).map((i) => [i.key, i.id]),
    );

  async function rateAll(roundId: string, panel: Caller[]) {
    for (const who of panel)
      for (const itemId of (await itemIds(roundId)).values())
        expect((await api(app, "PUT", `/rounds/${roundId}/items/${itemId}/rating`, who, { value: 5 })).status).toBe(
          200,
        );
  }

  async function decideAll(roundId: string) {
    for (const [key, itemId] of await itemIds(roundId)) {
      const res = await api(app, "PUT", `/rounds/${roundId}/items/${itemId}/decision`, moderator, {
        decision: "validated",
        rationale: "The panel agreed",
      });
      expect(res.status, `${key}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  }

  test("panellists propose while open; moderators triage after close; round 2 holds and tells the outcome", async () => {
    const s = await study(3);
    const [alice, bob, carol] = s.panel as [Caller, Caller, Caller];
    const other = await study(1);
    const stranger = other.panel[0]!;
    const propose = (who: Caller, body: object) => api(app, "POST", `/consultations/${s.id}/proposals`, who, body);

    // Before the round opens, nothing can be proposed.
    expect((await propose(alice, PROPOSED)).status).toBe(409);
    expect((await api(app, "POST", `/rounds/${s.roundId}/open`, moderator)).status).toBe(200);

    const first = await propose(alice, PROPOSED);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ label: "P-1", kind: "indicator", target: "I.2", outcome: null });
    const second = await propose(bob, RESTRUCTURE);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.label).toBe("P-2");

    // Refused naming what is wrong; nothing written, not even a commitment.
    const refused = async (who: Caller, body: object, status: number, path?: string) => {
      const [proposals, log] = [await t.db.proposal.count(), await t.db.ratingLog.count()];
      const res = await propose(who, body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      if (path !== undefined) expect(res.body.error.details[0].path).toBe(path);
      expect(await t.db.proposal.count()).toBe(proposals);
      expect(await t.db.ratingLog.count()).toBe(log);
      return res.body.error.message as string;
    };
    const { reason: _reason, ...noReason } = PROPOSED;
    expect(await refused(carol, noReason, 400, "reason")).toMatch(/reason/);
    expect(await refused(carol, { ...PROPOSED, reason: "   " }, 400, "reason")).toMatch(/say why/);
    expect(await refused(carol, { ...PROPOSED, target: "I.9" }, 400, "target")).toMatch(/"I.9"/);
    expect(await refused(carol, { ...PROPOSED, target: "I.1.1" }, 400, "target")).toMatch(/no domain or subdomain/);
    expect(await refused(carol, { ...PROPOSED, target: "i.2" }, 400, "target")).toMatch(/no domain or subdomain/);
    expect(await refused(carol, { ...PROPOSED, author: "Carol" }, 400)).toMatch(/author/);
    expect(await refused(carol, { ...PROPOSED, change: "also this" }, 400)).toMatch(/change/);
    expect(await refused(carol, { ...PROPOSED, levels: ["only one"] }, 400, "levels")).toMatch(/5 level/);
    expect(await refused(carol, { ...RESTRUCTURE, change: "" }, 400, "change")).toMatch(/merge, move or split/);
    expect(await refused(carol, { ...PROPOSED, kind: "wish" }, 400, "kind")).toMatch(/indicator or restructuring/);
    // A moderator is not on the panel; a panellist elsewhere is a stranger here.
    expect(await refused(moderator, PROPOSED, 403)).toMatch(/panellist/);
    expect(await refused(stranger, PROPOSED, 404)).toMatch(/No consultation/);

    // Each panellist sees their own, and may withdraw them while the round is open.
    const mine = await api(app, "GET", `/consultations/${s.id}/proposals`, alice);
    expect(mine.body.proposals.map((p: { label: string }) => p.label)).toEqual(["P-1"]);
    const third = await propose(carol, { ...PROPOSED, statement: "A second thought", reason: "On reflection" });
    expect(third.body.label).toBe("P-3");
    expect((await api(app, "DELETE", `/consultations/${s.id}/proposals/3`, alice)).status).toBe(404);
    expect((await api(app, "DELETE", `/consultations/${s.id}/proposals/3`, carol)).status).toBe(200);
    expect((await api(app, "DELETE", `/consultations/${s.id}/proposals/3`, carol)).status).toBe(409);
    expect((await api(app, "GET", `/consultations/${s.id}/proposals`, carol)).body.proposals).toMatchObject([
      { label: "P-3", withdrawn: true },
    ]);

    // While open, nothing individual is readable: the moderators list nothing, the trail holds commitments only.
    expect((await api(app, "GET", `/consultations/${s.id}/proposals`, moderator)).body.proposals).toEqual([]);
    const trailOpen = JSON.stringify(await t.db.auditEvent.findMany({ where: { consultationId: s.id } }));
    expect(trailOpen).not.toContain("Data stewards");
    expect(trailOpen).not.toContain("Merge II.1");
    expect(await t.db.ratingLog.count({ where: { roundId: s.roundId } })).toBe(4); // P-1, P-2, P-3, P-3 withdrawn

    await rateAll(s.roundId, s.panel);
    expect((await api(app, "POST", `/rounds/${s.roundId}/close`, moderator)).status).toBe(200);
    expect(await refused(alice, PROPOSED, 409)).toMatch(/No round is open/);
    expect((await api(app, "DELETE", `/consultations/${s.id}/proposals/1`, alice)).status).toBe(409);

    // The moderators' listing: the two standing proposals, with no author in any form.
    const listed = await api(app, "GET", `/consultations/${s.id}/proposals`, moderator);
    expect(listed.status).toBe(200);
    expect(listed.body.canTriage).toBe(true);
    expect(listed.body.proposals.map((p: { label: string }) => p.label)).toEqual(["P-1", "P-2"]);
    const members = await t.db.member.findMany({ where: { consultationId: s.id }, include: { user: true } });
    const text = JSON.stringify(listed.body);
    for (const m of members) {
      expect(text).not.toContain(m.id);
      expect(text).not.toContain(m.pseudonym);
      expect(text).not.toContain(m.user.email);
      expect(text).not.toContain(m.user.name);
    }
    expect(Object.keys(listed.body.proposals[0]).sort()).toEqual(
      [
        "acceptedAs",
        "change",
        "kind",
        "label",
        "levels",
        "mergedWith",
        "number",
        "outcome",
        "rationale",
        "reason",
        "round",
        "statement",
        "target",
        "targetNow",
        "withdrawn",
      ].sort(),
    );
    // Where the target is now, for triage: unchanged, as nothing was restructured yet.
    expect(listed.body.proposals[0].targetNow).toBe("I.2");

    // Only this consultation's moderators triage; a bad triage is a 400 naming the field, nothing written.
    const triage = (who: Caller, number: number, body: object) =>
      api(app, "PUT", `/consultations/${s.id}/proposals/${number}/triage`, who, body);
    expect((await triage(alice, 1, { outcome: "rejected", reason: "no" })).status).toBe(403);
    expect((await triage(stranger, 1, { outcome: "rejected", reason: "no" })).status).toBe(404);
    expect((await api(app, "GET", `/consultations/${s.id}/proposals`, stranger)).status).toBe(404);
    const badTriage = async (number: number, body: object, path: string) => {
      const events = await t.db.auditEvent.count({ where: { consultationId: s.id } });
      const res = await triage(moderator, number, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.details[0].path).toBe(path);
      expect(await t.db.auditEvent.count({ where: { consultationId: s.id } })).toBe(events);
      expect(await t.db.restructuring.count({ where: { consultationId: s.id } })).toBe(0);
    };
    await badTriage(1, { outcome: "accepted" }, "rationale");
    await badTriage(1, { outcome: "accepted", rationale: "yes", parent: "II" }, "parent");
    await badTriage(2, { outcome: "accepted", rationale: "yes", parent: "I.1" }, "parent");
    await badTriage(1, { outcome: "merged", with: "I.7", rationale: "same" }, "with");
    await badTriage(1, { outcome: "rejected", reason: "no", rationale: "x" }, "");
    expect((await triage(moderator, 3, { outcome: "rejected", reason: "withdrawn" })).status).toBe(404);

    await decideAll(s.roundId);
    const accepted = await triage(moderator, 1, { outcome: "accepted", rationale: "A real gap in I.2" });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ outcome: "accepted", acceptedAs: "I.2.3" });
    const rejected = await triage(moderator, 2, { outcome: "rejected", reason: "II.1 and I.2 differ in scope" });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect((await triage(moderator, 2, { outcome: "rejected", reason: "again" })).status).toBe(409);
    const restructured = await api(app, "GET", `/consultations/${s.id}/restructurings`, moderator);
    expect(restructured.body.restructurings).toHaveLength(1);
    expect(restructured.body.restructurings[0]).toMatchObject({ operation: "add", rationale: "A real gap in I.2" });

    // The next round holds the proposed indicator as a new item, with its proposed levels.
    const next = await api(app, "GET", `/consultations/${s.id}/next-round`, moderator);
    const added = (next.body.items as { key: string; changes: string[]; carried: boolean }[]).find(
      (i) => i.key === "I.2.3",
    )!;
    expect(added.changes).toEqual(["added from proposal P-1 as I.2.3"]);
    const round2 = await api(app, "POST", `/consultations/${s.id}/rounds`, moderator, {
      items: [{ key: "I.2.3" }, { key: "I.2.3/levels" }],
    });
    expect(round2.status, JSON.stringify(round2.body)).toBe(201);
    const round2Items = await t.db.roundItem.findMany({
      where: { roundId: round2.body.id },
      orderBy: { position: "asc" },
    });
    expect(round2Items.map((i) => [i.key, i.wording, i.previousId])).toEqual([
      ["I.2.3", PROPOSED.statement, null],
      ["I.2.3/levels", JSON.stringify(PROPOSED.levels), null],
    ]);

    // Round 2 tells each proposer what became of their proposal.
    expect((await api(app, "POST", `/rounds/${round2.body.id}/open`, moderator)).status).toBe(200);
    const view = (who: Caller) => api(app, "GET", `/rounds/${round2.body.id}`, who);
    expect((await view(alice)).body.proposals.earlier).toMatchObject([
      { label: "P-1", outcome: "accepted", acceptedAs: "I.2.3", outcomeText: "accepted as I.2.3" },
    ]);
    expect((await view(bob)).body.proposals.earlier).toMatchObject([
      { label: "P-2", outcome: "rejected", outcomeText: "not taken: II.1 and I.2 differ in scope" },
    ]);
    expect((await view(carol)).body.proposals.earlier).toEqual([]);

    // Lineage, the published version's structure changes and the audit trail account for it.
    await rateAll(round2.body.id, s.panel);
    expect((await api(app, "POST", `/rounds/${round2.body.id}/close`, moderator)).status).toBe(200);
    const lineage = await api(app, "GET", `/consultations/${s.id}/items/I.2.3/lineage?round=2`, moderator);
    expect(lineage.status, JSON.stringify(lineage.body)).toBe(200);
    expect(JSON.stringify(lineage.body.structure)).toContain("added from proposal P-1 as I.2.3");
    await decideAll(round2.body.id);
    const published = await api(app, "POST", `/consultations/${s.id}/publish`, moderator);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const compared = await api(
      app,
      "GET",
      `/models/proposals-model/compare?from=1&to=${published.body.versionNumber}`,
      moderator,
    );
    expect(JSON.stringify(compared.body)).toContain('"proposal":"P-1"');
    const model = await api(app, "GET", `/models/proposals-model?version=${published.body.versionNumber}`, moderator);
    const i2 = model.body.domains[0].subdomains[1];
    expect(i2.indicators.map((i: { key: string; statement: string }) => [i.key, i.statement])).toEqual([
      ["I.2.1", "Indicator I.2.1"],
      ["I.2.2", "Indicator I.2.2"],
      ["I.2.3", PROPOSED.statement],
    ]);

    const report = await api(app, "GET", `/consultations/${s.id}/report`, moderator);
    expect(report.status).toBe(200);
    expect(report.body.proposals).toEqual({
      made: 2,
      added: [{ proposal: "P-1", key: "I.2.3" }],
      sentence:
        "The panel made 2 proposals (missing indicators or restructurings): 1 accepted (I.2.3 added from P-1), 0 merged with an existing item, 1 not taken with a reason.",
    });

    const triaged = await t.db.auditEvent.findMany({
      where: { consultationId: s.id, type: "proposal.triaged" },
      orderBy: { seq: "asc" },
    });
    expect(triaged.map((e) => JSON.parse(e.payload))).toMatchObject([
      { proposal: "P-1", outcome: "accepted", acceptedAs: "I.2.3", statement: PROPOSED.statement },
      { proposal: "P-2", outcome: "rejected", rationale: "II.1 and I.2 differ in scope" },
    ]);
    // No author, and no salt: with it, trying each pseudonym against the commitment would name the author.
    for (const m of members.filter((x) => x.role === "panellist"))
      expect(JSON.stringify(triaged)).not.toContain(m.pseudonym);
    for (const e of triaged) expect(JSON.parse(e.payload)).not.toHaveProperty("salt");
    const verdict = await api(app, "GET", `/consultations/${s.id}/audit/verify`, moderator);
    expect(verdict.body, JSON.stringify(verdict.body)).toMatchObject({ ok: true });

    // A proposal changed behind the platform's back no longer matches its commitment.
    await t.db.proposal.updateMany({ where: { consultationId: s.id, number: 2 }, data: { reason: "forged" } });
    const broken = await api(app, "GET", `/consultations/${s.id}/audit/verify`, moderator);
    expect(broken.body.ok).toBe(false);
    expect(JSON.stringify(broken.body)).toMatch(/P-2 of round 1 does not match its commitment/);
  });

  test("an open round 1 takes comments and proposals, no ratings; round 2 rates the revised model", async () => {
    const created = await api(app, "POST", "/consultations", moderator, {
      title: `Open round study ${++n}`,
      modelSlug: "proposals-model",
      items: "everything",
      openRound: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const round1 = created.body.roundId as string;
    const email = `open.${n}.${Date.now().toString(36)}@proposals.example`;
    expect(
      (
        await api(app, "POST", `/consultations/${id}/panellists`, moderator, [
          { name: "Open Panellist", email, stakeholderType: "ELSI" },
        ])
      ).status,
    ).toBe(201);
    const panellist: Caller = {
      cookie: await redeem(app, linkIn((await deliverMail(t.db)).find((m) => m.to === email)!)!),
    };
    expect((await api(app, "POST", `/rounds/${round1}/open`, moderator)).status).toBe(200);
    const view = await api(app, "GET", `/rounds/${round1}`, panellist);
    expect(view.body.round.kind).toBe("open");
    const items = await itemIds(round1);

    // A rating is refused naming the value, and nothing is written; a comment with no value is taken.
    const rated = await api(app, "PUT", `/rounds/${round1}/items/${items.get("I.1.1")}/rating`, panellist, {
      value: 4,
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(400);
    expect(rated.body.error.details[0].path).toBe("value");
    expect(rated.body.error.message).toMatch(/open round/);
    expect(await t.db.rating.count({ where: { item: { roundId: round1 } } })).toBe(0);
    const commented = await api(app, "PUT", `/rounds/${round1}/items/${items.get("I.1.1")}/rating`, panellist, {
      value: null,
      comment: "Too vague for a maturity level",
    });
    expect(commented.status, JSON.stringify(commented.body)).toBe(200);
    expect((await api(app, "POST", `/consultations/${id}/proposals`, panellist, PROPOSED)).status).toBe(201);
    expect((await api(app, "POST", `/rounds/${round1}/close`, moderator)).status).toBe(200);

    // Nothing was rated: every item goes on to be rated, with the panel's comments; the proposal is triaged.
    const results = await t.db.itemResult.findMany({ where: { item: { roundId: round1 } } });
    expect(results).toHaveLength(items.size);
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(["reevaluate"]));
    const review = await api(app, "GET", `/rounds/${round1}/review`, moderator);
    expect(JSON.stringify(review.body)).toContain("Too vague for a maturity level");
    const accepted = await api(app, "PUT", `/consultations/${id}/proposals/1/triage`, moderator, {
      outcome: "accepted",
      rationale: "Missing from the draft",
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const next = await api(app, "GET", `/consultations/${id}/next-round`, moderator);
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    const proposed = next.body.items as { key: string; carry: boolean; proposedWording: unknown }[];
    expect(proposed.filter((i) => !i.carry).map((i) => i.key)).toEqual([]);
    expect(proposed.map((i) => i.key)).toContain("I.2.3");
    const round2 = await api(app, "POST", `/consultations/${id}/rounds`, moderator, {
      items: proposed.map((i) => ({ key: i.key })),
    });
    expect(round2.status, JSON.stringify(round2.body)).toBe(201);
    expect((await t.db.round.findUniqueOrThrow({ where: { id: round2.body.id } })).kind).toBe("rating");
    expect((await api(app, "POST", `/rounds/${round2.body.id}/open`, moderator)).status).toBe(200);
    const items2 = await itemIds(round2.body.id);
    expect(items2.size).toBe(items.size + 2);
    const rating2 = await api(app, "PUT", `/rounds/${round2.body.id}/items/${items2.get("I.2.3")}/rating`, panellist, {
      value: 4,
    });
    expect(rating2.status, JSON.stringify(rating2.body)).toBe(200);
    const verdict = await api(app, "GET", `/consultations/${id}/audit/verify`, moderator);
    expect(verdict.body, JSON.stringify(verdict.body)).toMatchObject({ ok: true });
  });

  test("undoing the addition of an accepted proposal puts it back to triage", async () => {
    const s = await study(1);
    const [alice] = s.panel as [Caller];
    expect((await api(app, "POST", `/rounds/${s.roundId}/open`, moderator)).status).toBe(200);
    const { levels: _levels, ...noLevels } = PROPOSED;
    expect((await api(app, "POST", `/consultations/${s.id}/proposals`, alice, noLevels)).status).toBe(201);
    await rateAll(s.roundId, s.panel);
    expect((await api(app, "POST", `/rounds/${s.roundId}/close`, moderator)).status).toBe(200);
    const triage = (body: object) => api(app, "PUT", `/consultations/${s.id}/proposals/P-1/triage`, moderator, body);
    // Proposed without level descriptors: accepting needs them.
    const noLv = await triage({ outcome: "accepted", rationale: "yes" });
    expect(noLv.status, JSON.stringify(noLv.body)).toBe(400);
    expect(noLv.body.error.details[0].path).toBe("levels");
    const ok = await triage({ outcome: "accepted", rationale: "yes", levels: levels("moderator") });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await api(app, "DELETE", `/consultations/${s.id}/restructurings/1`, moderator)).status).toBe(200);
    const listed = await api(app, "GET", `/consultations/${s.id}/proposals`, moderator);
    expect(listed.body.proposals[0]).toMatchObject({ label: "P-1", outcome: null, acceptedAs: null });
    expect((await triage({ outcome: "merged", with: "I.2.1", rationale: "I.2.1 says it" })).status).toBe(200);
    expect((await api(app, "GET", `/consultations/${s.id}/proposals`, alice)).body.proposals[0]).toMatchObject({
      outcome: "merged",
      mergedWith: "I.2.1",
    });
  });
});
