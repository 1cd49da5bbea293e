// Real-Time Delphi end to end through the API, on both providers: a real-time window where answers are revised
// and kept as history, group figures published only by the release rule, nothing individual for staff before
// close, and closing freezes the window as one round whose figures, stability and audit all recompute.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas.js";
import { importModel } from "../../app/models/model.server.js";
import { publishRoundSnapshots } from "../../app/models/live.server.js";
import { verifyConsultationAudit } from "../../app/models/rating-log.server.js";
import { itemFigures } from "../../shared/stats/descriptive.js";
import { roundStability } from "../../shared/stats/stability.js";
import { defaultScale } from "../../shared/stats/scale.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { mailedLinks } from "../support/mail.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

describe.each(providers)("real-time Delphi (%s)", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let admin: Caller;
  let moderator: Caller;
  let observer: Caller;
  const panel: (Caller & { email: string; pseudonym: string; memberId: string })[] = [];
  let consultationId = "";
  let roundId = "";
  let itemIds: string[] = [];
  const secret = `rtd-secret-${Date.now().toString(36)}`;
  const scale = defaultScale(5);

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const { modelSlug } = await importModel(t.db, syntheticModel(`RTD model ${provider}`, 1, 1, 2));
    const adminUser = await createTestUser(t, { isAdmin: true });
    admin = { cookie: await login(app, adminUser.email, adminUser.password) };
    const bad = await api(app, "POST", "/consultations", admin, { title: "No end", modelSlug, design: "realtime" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain("deadline");
    const created = await api(app, "POST", "/consultations", admin, {
      title: "Real-time study",
      modelSlug,
      items: "indicators",
      design: "realtime",
      deadline: new Date(Date.now() + 3_600_000).toISOString(),
      minGroupSize: 3,
      minAnswers: { count: 3 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    consultationId = created.body.id;
    roundId = created.body.roundId;
    const people = Array.from({ length: 4 }, (_, i) => ({
      name: `RTD Panellist ${i}`,
      email: `rtd${i}.${provider}@example.org`,
      stakeholderType: STAKEHOLDER_TYPES[i % 3],
    }));
    expect((await api(app, "POST", `/consultations/${consultationId}/panellists`, admin, people)).status).toBe(201);
    const links = await mailedLinks(t.db);
    for (const p of people) {
      const cookie = await redeem(app, links.get(p.email)!);
      const user = await t.db.user.findUniqueOrThrow({ where: { email: p.email } });
      const m = await t.db.member.findUniqueOrThrow({
        where: { consultationId_userId: { consultationId, userId: user.id } },
      });
      panel.push({ cookie, email: p.email, pseudonym: m.pseudonym, memberId: m.id });
    }
    for (const role of ["moderator", "observer"] as const) {
      const u = await createTestUser(t);
      await t.db.member.create({
        data: { consultationId, userId: u.id, role, pseudonym: `${role} x`, joinedAt: new Date() },
      });
      const caller = { cookie: await login(app, u.email, u.password) };
      if (role === "moderator") moderator = caller;
      else observer = caller;
    }
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(200);
    itemIds = (await api(app, "GET", `/rounds/${roundId}`, panel[0]!)).body.items.map((i: { id: string }) => i.id);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const rate = async (p: number, item: number, value: number | null, comment = "") => {
    const res = await api(app, "PUT", `/rounds/${roundId}/items/${itemIds[item]}/rating`, panel[p]!, {
      value,
      comment,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const live = async (p: number, item = 0) =>
    (await api(app, "GET", `/rounds/${roundId}`, panel[p]!)).body.items.find(
      (i: { id: string }) => i.id === itemIds[item],
    ).live;

  test("nothing is shown below the minimum group size; then the group's figures, without anyone's answer", async () => {
    await rate(0, 0, 2, `${secret} first reason`);
    await publishRoundSnapshots(t.db, roundId);
    const alone = await live(0);
    expect(alone).toMatchObject({ shown: false, figures: null, comments: [], minGroupSize: 3 });
    // An item the panellist has not answered shows nothing, even once the group has.
    await rate(1, 0, 4);
    await rate(2, 0, 5);
    await publishRoundSnapshots(t.db, roundId);
    const shown = await live(0);
    expect(shown.shown).toBe(true);
    expect(shown.figures).toMatchObject({ nRated: 3, median: 4, counts: [0, 1, 0, 1, 1] });
    expect(shown.comments).toEqual([`${secret} first reason`]);
    expect(shown.outsideIqr).toBe(true);
    expect(shown.changedSinceAnswer).toBe(true);
    expect(await live(3)).toBeNull();
  });

  test("one or two revisions are not published on their own (differencing), a third panellist's is", async () => {
    const before = await t.db.liveSnapshot.count({ where: { roundItemId: itemIds[0] } });
    await rate(0, 0, 3, "moved towards the group");
    await rate(0, 0, 4, "moved towards the group");
    await publishRoundSnapshots(t.db, roundId);
    await rate(1, 0, 5);
    await publishRoundSnapshots(t.db, roundId);
    expect(await t.db.liveSnapshot.count({ where: { roundItemId: itemIds[0] } })).toBe(before);
    expect((await live(0)).figures.median).toBe(4); // still the published one
    await rate(2, 0, 4);
    await publishRoundSnapshots(t.db, roundId);
    expect(await t.db.liveSnapshot.count({ where: { roundItemId: itemIds[0] } })).toBe(before + 1);
    const now = await live(0);
    expect(now.figures).toMatchObject({ nRated: 3, median: 4, counts: [0, 0, 0, 2, 1] });
    expect(now.outsideIqr).toBe(false);
  });

  test("every answer and revision is kept in order, with the rating's commitment", async () => {
    const history = await t.db.ratingRevision.findMany({
      where: { roundItemId: itemIds[0], memberId: panel[0]!.memberId },
      orderBy: { revision: "asc" },
    });
    expect(history.map((r) => [r.revision, r.value])).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    const rating = await t.db.rating.findUniqueOrThrow({
      where: { roundItemId_memberId: { roundItemId: itemIds[0]!, memberId: panel[0]!.memberId } },
    });
    expect(history.at(-1)!.commitment).toBe(rating.commitment);
    const logged = await t.db.ratingLog.findMany({ where: { roundId }, select: { commitment: true } });
    for (const r of history) expect(logged.map((l) => l.commitment)).toContain(r.commitment);
    await expect(t.db.$executeRawUnsafe(`UPDATE "RatingRevision" SET "value" = 1`)).rejects.toThrow(/append-only/);
  });

  test("moderators, observers and admins see the published aggregates only before close", async () => {
    for (const who of [moderator, observer, admin]) {
      const view = await api(app, "GET", `/rounds/${roundId}/live`, who);
      expect(view.status, JSON.stringify(view.body)).toBe(200);
      const item = view.body.items.find((i: { id: string }) => i.id === itemIds[0]);
      expect(item.figures.median).toBe(4);
      expect(item.revisions).toBe(4);
      expect(item.series.length).toBeGreaterThanOrEqual(2);
      const text = JSON.stringify(view.body);
      expect(text).not.toContain(secret);
      for (const p of panel) expect(text).not.toContain(p.pseudonym);
      expect((await api(app, "GET", `/rounds/${roundId}/results`, who)).status).toBe(409);
      const audit = await api(app, "GET", `/consultations/${consultationId}/audit?limit=1000`, who);
      expect(JSON.stringify(audit.body)).not.toContain(secret);
      for (const file of ["ratings.csv", "study.json"]) {
        const res = await fetch(`${app.url}/api/v1/consultations/${consultationId}/exports/${file}`, {
          headers: { cookie: who.cookie! },
        });
        expect(await res.text(), file).not.toContain(secret);
      }
    }
    expect((await api(app, "GET", `/rounds/${roundId}/live`, panel[0]!)).status).toBe(403);
  });

  test("extending the window: later only, a clear 400 naming deadline otherwise", async () => {
    const early = await api(app, "POST", `/rounds/${roundId}/extend`, moderator, {
      deadline: new Date().toISOString(),
    });
    expect(early.status).toBe(400);
    expect(early.body.error.details[0].path).toBe("deadline");
    const later = new Date(Date.now() + 7_200_000).toISOString();
    const ok = await api(app, "POST", `/rounds/${roundId}/extend`, moderator, { deadline: later });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.deadline).toBe(later);
  });

  test("closing freezes the window as one round: figures, stability and audit recompute", async () => {
    await rate(3, 0, null);
    for (let p = 0; p < 3; p++) await rate(p, 1, 1 + p);
    await rate(0, 1, 2);
    expect((await api(app, "POST", `/rounds/${roundId}/close`, moderator)).status).toBe(200);
    expect(
      (await api(app, "PUT", `/rounds/${roundId}/items/${itemIds[0]}/rating`, panel[0]!, { value: 1 })).status,
    ).toBe(409);
    const results = await api(app, "GET", `/rounds/${roundId}/results`, moderator);
    expect(results.status).toBe(200);
    for (const itemId of itemIds) {
      const finals = await t.db.rating.findMany({ where: { roundItemId: itemId } });
      const expected = itemFigures(
        finals.map((r) => r.value),
        scale,
      );
      const stored = JSON.parse((await t.db.itemResult.findUniqueOrThrow({ where: { roundItemId: itemId } })).figures);
      expect(stored.overall).toEqual(expected);
      // Stability: each panellist's first answer against their last.
      const revisions = await t.db.ratingRevision.findMany({
        where: { roundItemId: itemId },
        orderBy: { revision: "asc" },
      });
      const first = new Map<string, number | null>();
      const last = new Map<string, number | null>();
      for (const r of revisions) {
        if (!first.has(r.memberId)) first.set(r.memberId, r.value);
        last.set(r.memberId, r.value);
      }
      const members = [...first.keys()];
      const s = roundStability(
        members.map((m) => first.get(m)!),
        members.map((m) => last.get(m)!),
        scale,
      );
      const key = (await t.db.roundItem.findUniqueOrThrow({ where: { id: itemId } })).key;
      const shown = results.body.items.find((i: { key: string }) => i.key === key).stability;
      expect(shown).toMatchObject({ nPairs: s.nPairs, nChangedCategory: s.nChangedCategory });
      expect(shown.wilcoxon.pValue).toBe(s.wilcoxon.pValue);
    }
    const verdict = await verifyConsultationAudit(t.db, consultationId);
    expect(verdict.ok, JSON.stringify(verdict)).toBe(true);
    const closed = await t.db.auditEvent.findFirstOrThrow({ where: { consultationId, type: "round.closed" } });
    expect(JSON.parse(closed.payload)).toMatchObject({ design: "realtime", revisions: 12 });
    // The report describes the design for CREDES/ACCORD: the window, revisions, the feedback and its release rule.
    const report = await api(app, "GET", `/consultations/${consultationId}/report`, moderator);
    expect(report.status).toBe(200);
    const design = report.body.design.sentences.join(" ");
    expect(design).toContain("Real-Time Delphi (Gordon & Pease 2006)");
    expect(design).toContain(
      "7 answers from 4 panellists, with 5 revisions after the first answer (3 panellists revised",
    );
    expect(design).toContain("at least 3 panellists had answered it");
    // A real-time study is its one window.
    const next = await api(app, "POST", `/consultations/${consultationId}/rounds`, moderator, {
      items: [{ key: "I.1.1" }],
    });
    expect(next.status).toBe(409);
  });

  test("a changed revision breaks the audit at round.closed", async () => {
    if (provider === "sqlite") await t.db.$executeRawUnsafe(`DROP TRIGGER "RatingRevision_no_update"`);
    else await t.db.$executeRawUnsafe(`DROP TRIGGER "RatingRevision_append_only" ON "RatingRevision"`);
    await t.db.$executeRawUnsafe(`UPDATE "RatingRevision" SET "value" = 5 WHERE "revision" = 1`);
    const verdict = await verifyConsultationAudit(t.db, consultationId);
    expect(verdict.ok).toBe(false);
    expect(JSON.stringify(verdict)).toMatch(/revision 1 of .* does not match its commitment/);
  });
});
