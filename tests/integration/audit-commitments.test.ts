// Ratings in the audit trail: commit while the round is open (no answer visible to any role), seal the
// commitments into the chain in batches, reveal and verify once the round closes — and tampering with the
// log or the answers is found. Against the real server on both providers.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { sealRatingLog, verifyConsultationAudit } from "../../app/models/rating-log.server.js";
import { api } from "../support/api.js";
import { createTestDb, providers, type Provider, type TestDb } from "../support/db.js";
import { buildRoleWorld, type RoleWorld } from "../support/roles.js";
import { startTestApp } from "../support/server.js";

async function dropRatingLogTriggers(t: TestDb, provider: Provider) {
  if (provider === "sqlite") {
    await t.db.$executeRawUnsafe(`DROP TRIGGER "RatingLog_no_update"`);
    await t.db.$executeRawUnsafe(`DROP TRIGGER "RatingLog_no_delete"`);
  } else await t.db.$executeRawUnsafe(`DROP TRIGGER "RatingLog_append_only" ON "RatingLog"`);
}

describe.each(providers)("rating commitments (%s)", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let w: RoleWorld;
  const secret = `open-round-secret-${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    w = await buildRoleWorld(t, app, { panellists: 3 });
    // Round 2 is open: every panellist answers with a comment and a suggestion nobody may see yet.
    for (const [p, person] of w.panel.entries())
      for (const itemId of w.openRound.itemIds) {
        const res = await api(app, "PUT", `/rounds/${w.openRound.id}/items/${itemId}/rating`, person, {
          value: 1 + (p % 5),
          comment: `${secret} comment ${p}`,
          suggestion: `${secret} suggestion ${p}`,
        });
        expect(res.status).toBe(200);
      }
    await sealRatingLog(t.db, w.consultationId);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  test("during an open round no role finds an answer in the audit trail, its exports or the database's trail", async () => {
    for (const role of ["moderator", "observer", "admin"] as const) {
      const who = w.callers[role];
      const trail = await api(app, "GET", `/consultations/${w.consultationId}/audit?limit=1000`, who);
      expect(trail.status).toBe(200);
      const text = JSON.stringify(trail.body);
      expect(text, role).not.toContain(secret);
      const events = trail.body.events ?? trail.body;
      expect(events.some((e: { type: string }) => e.type.startsWith("rating."))).toBe(false);
      // Nothing names who answered: seals are the system's, submissions are not attributed.
      for (const p of w.panel) expect(text).not.toContain(`pseudonym:${p.pseudonym}"`);
      const page = await fetch(`${app.url}/consultations/${w.consultationId}/audit`, {
        headers: { cookie: who.cookie! },
      });
      expect(await page.text()).not.toContain(secret);
      for (const file of ["audit.csv", "audit.xlsx", "ratings.csv", "study.json"]) {
        const res = await fetch(`${app.url}/api/v1/consultations/${w.consultationId}/exports/${file}`, {
          headers: { cookie: who.cookie! },
        });
        expect(res.status, file).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).toString("latin1"), file).not.toContain(secret);
      }
    }
    const rows = await t.db.auditEvent.findMany({ where: { consultationId: w.consultationId } });
    expect(rows.map((r) => r.payload).join("\n")).not.toContain(secret);
    const seals = rows.filter((r) => r.type === "ratings.sealed");
    const sealed = seals.reduce((n, r) => n + (JSON.parse(r.payload) as { count: number }).count, 0);
    // Round 1's answers and round 2's: every write is sealed, none is left out.
    expect(sealed).toBe(await t.db.ratingLog.count({ where: { consultationId: w.consultationId } }));
    expect(sealed).toBeGreaterThanOrEqual(w.panel.length * w.openRound.itemIds.length * 2);
  });

  test("the rating log is append-only in the database", async () => {
    await expect(t.db.$executeRawUnsafe(`UPDATE "RatingLog" SET "commitment" = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe(`DELETE FROM "RatingLog"`)).rejects.toThrow(/append-only/);
  });

  test("closing reveals: the answers match what was committed and the chain verifies", async () => {
    const closed = await api(app, "POST", `/rounds/${w.openRound.id}/close`, w.callers.admin);
    expect(closed.status).toBe(200);
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { consultationId: w.consultationId, type: "round.closed" },
      orderBy: { seq: "desc" },
    });
    expect(JSON.parse(event.payload).answersDigest).toMatch(/^[0-9a-f]{64}$/);
    const verify = await api(app, "GET", `/consultations/${w.consultationId}/audit/verify`, w.callers.observer);
    expect(verify.body).toMatchObject({ ok: true });
    expect(await t.db.ratingLog.count({ where: { consultationId: w.consultationId } })).toBeGreaterThan(0);
  });

  test("tampering with the log or the answers is found, each at the event that proves it", async () => {
    await dropRatingLogTriggers(t, provider);
    const id = w.consultationId;
    const at = provider === "postgresql" ? (i: number) => `$${i}` : () => "?";
    const verdict = () => verifyConsultationAudit(t.db, id);
    expect(await verdict()).toMatchObject({ ok: true });
    const log = await t.db.ratingLog.findMany({ where: { consultationId: id }, orderBy: { id: "asc" } });
    const [a, b] = [log[3]!, log[4]!];
    const setCommitment = (rowId: number, c: string) =>
      t.db.$executeRawUnsafe(`UPDATE "RatingLog" SET "commitment" = ${at(1)} WHERE "id" = ${at(2)}`, c, rowId);

    // One byte of one commitment.
    await setCommitment(a.id, (a.commitment[0] === "0" ? "1" : "0") + a.commitment.slice(1));
    expect(await verdict()).toMatchObject({ ok: false, brokenAt: { reason: expect.stringMatching(/sealed root/) } });
    await setCommitment(a.id, a.commitment);

    // Two rows swapped (reordered).
    await setCommitment(a.id, b.commitment);
    await setCommitment(b.id, a.commitment);
    expect(await verdict()).toMatchObject({ ok: false, brokenAt: { reason: expect.stringMatching(/sealed root/) } });
    await setCommitment(a.id, a.commitment);
    await setCommitment(b.id, b.commitment);

    // A row deleted.
    await t.db.$executeRawUnsafe(`DELETE FROM "RatingLog" WHERE "id" = ${at(1)}`, a.id);
    expect(await verdict()).toMatchObject({ ok: false, brokenAt: { reason: expect.stringMatching(/rows/) } });
    await t.db.$executeRawUnsafe(
      `INSERT INTO "RatingLog" ("id", "consultationId", "roundId", "commitment", "at") VALUES (${at(1)}, ${at(2)}, ${at(3)}, ${at(4)}, ${at(5)})`,
      a.id,
      a.consultationId,
      a.roundId,
      a.commitment,
      provider === "sqlite" ? a.at.toISOString().replace("Z", "+00:00") : a.at,
    );
    expect(await verdict()).toMatchObject({ ok: true });

    // A closed round's answer changed: it no longer matches its commitment.
    const rating = await t.db.rating.findFirstOrThrow({ where: { item: { roundId: w.openRound.id } } });
    const other = rating.value === 5 ? 4 : 5;
    await t.db.rating.update({ where: { id: rating.id }, data: { value: other } });
    expect(await verdict()).toMatchObject({
      ok: false,
      brokenAt: { reason: expect.stringMatching(/does not match its commitment/) },
    });
    // …and with a freshly computed commitment, the new one was never sealed.
    const { commitmentOf } = await import("../../app/models/rating-log.server.js");
    const member = await t.db.member.findUniqueOrThrow({ where: { id: rating.memberId } });
    const item = await t.db.roundItem.findUniqueOrThrow({ where: { id: rating.roundItemId } });
    const forged = commitmentOf({
      salt: rating.salt,
      round: w.openRound.number,
      item: item.key,
      respondent: member.pseudonym,
      value: other,
      comment: rating.comment,
      suggestion: rating.suggestion,
    });
    await t.db.rating.update({ where: { id: rating.id }, data: { commitment: forged } });
    expect(await verdict()).toMatchObject({
      ok: false,
      brokenAt: { reason: expect.stringMatching(/not in the sealed rating log/) },
    });
    await t.db.rating.update({
      where: { id: rating.id },
      data: { value: rating.value, commitment: rating.commitment },
    });
    expect(await verdict()).toMatchObject({ ok: true });

    // An answer deleted after the round closed.
    await t.db.rating.delete({ where: { id: rating.id } });
    expect(await verdict()).toMatchObject({
      ok: false,
      brokenAt: { reason: expect.stringMatching(/not the ones its results were computed from/) },
    });
  });
});
