// The audit trail cannot be flooded: repeated downloads by the same person within the tally window are one
// event, and the first download after the window carries the repeat count into the chain.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { appendTalliedEvent, TALLY_WINDOW_MS } from "../../app/models/audit-tally.server.js";
import { verifyAuditChain } from "../../app/models/audit.server.js";
import { api, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

describe.each(providers)("audit tallies on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let admin: Caller;
  let consultationId: string;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const user = await createTestUser(t, { isAdmin: true });
    admin = { cookie: await login(app, user.email, user.password) };
    const { modelSlug } = await importModel(t.db, syntheticModel(`Tally model ${provider}`, 1, 1, 1));
    const created = await api(app, "POST", "/consultations", admin, { title: "Tally", modelSlug, items: "indicators" });
    expect(created.status).toBe(201);
    consultationId = created.body.id;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const exportEvents = (file: string) =>
    t.db.auditEvent
      .findMany({ where: { consultationId, type: "export.made" }, orderBy: { seq: "asc" } })
      .then((rows) => rows.map((r) => JSON.parse(r.payload) as Record<string, unknown>).filter((p) => p.file === file));

  test("50 downloads of one export are one audit event; the first after the window records repeats: 49", async () => {
    for (let i = 0; i < 50; i++) {
      // Through the API and the page route alike: the same person downloading the same file.
      const res =
        i % 2
          ? await fetch(`${app.url}/api/v1/consultations/${consultationId}/exports/figures.csv`, {
              headers: { cookie: admin.cookie! },
            })
          : await fetch(`${app.url}/consultations/${consultationId}/export/figures.csv`, {
              headers: { cookie: admin.cookie! },
            });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    expect(await exportEvents("figures.csv")).toHaveLength(1);
    const tally = await t.db.auditTally.findFirstOrThrow({ where: { consultationId, subject: "figures.csv" } });
    expect(tally.count).toBe(49);

    // The window ends: move it into the past as if 11 minutes had gone by.
    const shift = (d: Date) => new Date(d.getTime() - TALLY_WINDOW_MS - 60_000);
    await t.db.auditTally.update({
      where: { id: tally.id },
      data: { windowStart: shift(tally.windowStart), lastAt: shift(tally.lastAt) },
    });
    const again = await fetch(`${app.url}/api/v1/consultations/${consultationId}/exports/figures.csv`, {
      headers: { cookie: admin.cookie! },
    });
    expect(again.status).toBe(200);
    const events = await exportEvents("figures.csv");
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      file: "figures.csv",
      repeats: 49,
      from: shift(tally.windowStart).toISOString(),
      to: shift(tally.lastAt).toISOString(),
    });
    expect(events[1]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAuditChain(t.db, consultationId)).toMatchObject({ ok: true });
  }, 120_000);

  test("1,000 downloads in a minute give one event (injected clock); every one is accounted for after the window", async () => {
    const t0 = new Date("2030-01-01T10:00:00Z");
    const event = {
      consultationId,
      actor: "pseudonym:Observer 9",
      type: "export.made",
      subject: "ratings.xlsx",
      payload: { file: "ratings.xlsx", sha256: "0".repeat(64) },
    };
    const appended = [];
    for (let i = 0; i < 1000; i++)
      appended.push(await appendTalliedEvent(t.db, event, { now: new Date(t0.getTime() + i * 60) }));
    expect(appended.filter(Boolean)).toHaveLength(1);
    expect(await exportEvents("ratings.xlsx")).toHaveLength(1);

    // Someone else's download of the same file, and the same person's of another file, are tallied apart.
    expect(await appendTalliedEvent(t.db, { ...event, actor: "pseudonym:Observer 8" }, { now: t0 })).not.toBeNull();
    expect(
      await appendTalliedEvent(t.db, { ...event, subject: "study.json", payload: { file: "study.json" } }, { now: t0 }),
    ).not.toBeNull();

    const after = new Date(t0.getTime() + TALLY_WINDOW_MS + 1);
    const next = await appendTalliedEvent(t.db, event, { now: after });
    expect(next?.payload).toEqual({
      file: "ratings.xlsx",
      sha256: "0".repeat(64),
      repeats: 999,
      from: t0.toISOString(),
      to: new Date(t0.getTime() + 999 * 60).toISOString(),
    });
    // A new window started with that event: the next download within it is counted again, no repeats field.
    expect(await appendTalliedEvent(t.db, event, { now: new Date(after.getTime() + 1000) })).toBeNull();
    const later = await appendTalliedEvent(t.db, event, { now: new Date(after.getTime() + TALLY_WINDOW_MS + 5) });
    expect(later?.payload).toMatchObject({ repeats: 1 });
    // A window with no repeat appends a plain event.
    const quiet = await appendTalliedEvent(t.db, event, { now: new Date(after.getTime() + 3 * TALLY_WINDOW_MS) });
    expect(quiet?.payload).toEqual({ file: "ratings.xlsx", sha256: "0".repeat(64) });
    expect(await verifyAuditChain(t.db, consultationId)).toMatchObject({ ok: true });
  }, 120_000);

  test("simultaneous downloads start one window: one event, the rest counted", async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        fetch(`${app.url}/api/v1/consultations/${consultationId}/exports/study.json`, {
          headers: { cookie: admin.cookie! },
        }).then(async (res) => (await res.arrayBuffer(), res.status)),
      ),
    );
    expect(answers.every((s) => s === 200)).toBe(true);
    // The admin's own downloads (test 1: figures.csv twice; here study.json once), not the injected observers'.
    const mine = {
      consultationId,
      type: "export.made",
      actor: { notIn: ["pseudonym:Observer 8", "pseudonym:Observer 9"] },
    };
    expect(await t.db.auditEvent.count({ where: mine })).toBe(3);
    const tally = await t.db.auditTally.findFirstOrThrow({
      where: { ...mine, type: undefined, subject: "study.json" },
    });
    expect(tally.count).toBe(11);
    expect(await verifyAuditChain(t.db, consultationId)).toMatchObject({ ok: true });
  }, 60_000);
});
