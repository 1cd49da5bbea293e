// Between rounds, as a study runs: round 2 is prepared from the decisions on round 1, the panel's shared
// rationale of round 1 travels with it (read-only), and the panel is told — a mail when a round opens, the
// in-app list, the invitation page naming the study, and reminders at the moderator's schedule, each point
// sent once however many instances run it and however often (the database claims it).
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import * as Y from "yjs";
import type { RunningApp } from "../../server/app.js";
import { openDb } from "../../server/db/client.js";
import { importModel } from "../../app/models/model.server.js";
import { REMINDER_RECIPIENT } from "../../app/models/panel.server.js";
import { documentName, RATIONALE_FIELD } from "../../app/models/collaboration.server.js";
import { sendScheduledReminders } from "../../app/models/reminders.server.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { deliverMail, linkIn } from "../support/mail.js";
import { createTestUser, login, pageData, startTestApp } from "../support/server.js";
import { connectYjsClient } from "../support/yjs-client.js";

const HOUR = 3600_000;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
/** A deadline as the English mails write it: "Tuesday, December 1, 2026 at 22:05 UTC". */
const mailDate = (d: Date) =>
  `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} at ` +
  `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} UTC`;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe.each(providers)("between rounds on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  let modelSlug: string;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true, name: "Round Two Admin" });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    ({ modelSlug } = await importModel(t.db, syntheticModel("Round two model", 1, 1, 4)));
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  /** A study with `size` panellists who joined through their invitation links. */
  async function study(
    size: number,
    options: { items?: string; deadline?: Date; reminderHours?: number[]; description?: string } = {},
  ) {
    const title = `Round two study ${++n}`;
    const created = await api(app, "POST", "/consultations", moderator, {
      title,
      description: options.description ?? "",
      modelSlug,
      items: options.items ?? "indicators",
      ...(options.deadline ? { deadline: options.deadline.toISOString() } : {}),
      ...(options.reminderHours ? { reminderHours: options.reminderHours } : {}),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const emails = Array.from({ length: size }, (_, i) => `p${i}.s${n}.${Date.now().toString(36)}@round2.example`);
    const added = await api(
      app,
      "POST",
      `/consultations/${id}/panellists`,
      moderator,
      emails.map((email, i) => ({ name: `Panellist ${i}`, email, stakeholderType: "ELSI" })),
    );
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const invitations = await deliverMail(t.db);
    const panel: Caller[] = [];
    for (const email of emails) {
      const mail = invitations.find((m) => m.to === email);
      panel.push({ cookie: await redeem(app, linkIn(mail!)!) });
    }
    const items = await t.db.roundItem.findMany({
      where: { roundId: created.body.roundId },
      orderBy: { position: "asc" },
    });
    return { id, title, roundId: created.body.roundId as string, emails, panel, items };
  }

  const open = async (roundId: string) => {
    const res = await api(app, "POST", `/rounds/${roundId}/open`, moderator);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const finish = async (roundId: string, who: Caller, itemIds: string[]) => {
    for (const itemId of itemIds)
      expect((await api(app, "PUT", `/rounds/${roundId}/items/${itemId}/rating`, who, { value: 4 })).status).toBe(200);
    const res = await api(app, "POST", `/rounds/${roundId}/submit`, who, { confirmPartial: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const loaderData = async (path: string, route: string, who: Caller) => {
    const res = await pageData(app, path, { cookie: who.cookie! });
    expect(res.status).toBe(200);
    return res.routes[route]!.data;
  };

  test("opening a round mails every panellist its deadline, with a sign-in link minted only when sent", async () => {
    const deadline = new Date(Date.now() + 5 * 24 * HOUR);
    const s = await study(2, { deadline });
    await open(s.roundId);
    const queued = await t.db.outboxMessage.findMany({ where: { consultationId: s.id, kind: "round-opened" } });
    expect(queued.map((m) => m.to).sort()).toEqual([...s.emails].sort());
    // Queued: no token exists yet.
    for (const m of queued) {
      expect(m.body).toContain("{{link}}");
      expect((await t.db.invitation.findUniqueOrThrow({ where: { id: m.invitationId! } })).tokenHash).toBeNull();
    }

    const mails = (await deliverMail(t.db)).filter((m) => m.subject === `Round 1 of ${s.title} is open`);
    expect(mails.map((m) => m.to).sort()).toEqual([...s.emails].sort());
    for (const mail of mails) {
      expect(mail.text).toContain(`Please answer by ${mailDate(deadline)}.`);
      const link = linkIn(mail)!;
      const sent = queued.find((m) => m.to === mail.to)!;
      const invitation = await t.db.invitation.findUniqueOrThrow({ where: { id: sent.invitationId! } });
      expect(invitation.tokenHash).toBe(sha256(link.split("/invite/")[1]!));
      const stored = await t.db.outboxMessage.findUniqueOrThrow({ where: { id: sent.id } });
      expect(stored.body).not.toContain(link.split("/invite/")[1]!);
      expect(stored.sentAt).not.toBeNull();
    }
    // The link in the mail signs its panellist in.
    expect(await redeem(app, linkIn(mails[0]!)!)).toMatch(/=/);
  });

  test("the invitation page names the study and its introduction while the link is valid, nothing once used", async () => {
    const title = `Introduced study ${++n}`;
    const created = await api(app, "POST", "/consultations", moderator, {
      title,
      description: "We ask you to rate the maturity indicators of genomic medicine.",
      modelSlug,
      items: "indicators",
    });
    const email = `intro${n}.${Date.now().toString(36)}@round2.example`;
    await api(app, "POST", `/consultations/${created.body.id}/panellists`, moderator, [
      { name: "Intro Person", email, stakeholderType: "ELSI" },
    ]);
    const link = linkIn((await deliverMail(t.db)).find((m) => m.to === email)!)!;
    const before = await (await fetch(link.replace("http://delphi.test", app.url))).text();
    expect(before).toContain(`You are invited to “${title}”`);
    expect(before).toContain("We ask you to rate the maturity indicators of genomic medicine.");
    await redeem(app, link);
    const after = await (await fetch(link.replace("http://delphi.test", app.url))).text();
    expect(after).not.toContain(title);
    expect(after).toContain("You are invited to a Delphi consultation");
  });

  test("the in-app list shows an open round with its deadline until the panellist submits it", async () => {
    const deadline = new Date(Date.now() + 3 * 24 * HOUR);
    const s = await study(1, { deadline });
    const list = () => loaderData("/consultations", "routes/consultations._index", s.panel[0]!);
    expect((await list()).waiting.filter((w: { consultationId: string }) => w.consultationId === s.id)).toEqual([]);
    await open(s.roundId);
    expect((await list()).waiting).toContainEqual({
      consultationId: s.id,
      title: s.title,
      round: 1,
      openedAt: expect.any(String),
      deadline: deadline.toISOString(),
    });
    // The list also shows the panellist's own progress and the deadline (in the reader's zone once in a browser).
    const mine = async () =>
      (await list()).consultations.find((c: { id: string }) => c.id === s.id) as {
        myProgress: unknown;
        rounds: { deadline: string | null }[];
      };
    expect((await mine()).myProgress).toEqual({ round: 1, answered: 0, total: s.items.length, submitted: false });
    expect((await mine()).rounds[0]!.deadline).toBe(deadline.toISOString());
    await finish(
      s.roundId,
      s.panel[0]!,
      s.items.map((i) => i.id),
    );
    expect((await list()).waiting.filter((w: { consultationId: string }) => w.consultationId === s.id)).toEqual([]);
    expect((await mine()).myProgress).toEqual({
      round: 1,
      answered: s.items.length,
      total: s.items.length,
      submitted: true,
    });
  });

  test("scheduled reminders go once per point to those not finished, across two instances and reruns; the moderator learns counts", async () => {
    const opened = Date.now();
    // 72 h falls before the round opens (the announcement covers it); 24 h and 1 h fall inside it.
    const deadline = new Date(opened + 48 * HOUR);
    const s = await study(3, { deadline, reminderHours: [72, 24, 1] });
    await open(s.roundId);
    await deliverMail(t.db); // the announcements
    await finish(
      s.roundId,
      s.panel[0]!,
      s.items.map((i) => i.id),
    );
    const notFinished = s.emails.slice(1).sort();

    expect(await sendScheduledReminders(t.db, new Date(opened + 23 * HOUR))).toBe(0); // nothing due yet
    const second = await openDb(t.url); // another instance's connection
    try {
      const at = new Date(opened + 24 * HOUR + 60_000);
      // Two instances at the same moment. SQLite connections of one process cannot race (better-sqlite3
      // blocks the thread on the write lock), so there the second runs after the first, on its own connection.
      const sent =
        provider === "postgresql"
          ? await Promise.all([sendScheduledReminders(t.db, at), sendScheduledReminders(second, at)])
          : [await sendScheduledReminders(t.db, at), await sendScheduledReminders(second, at)];
      expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
      expect(await sendScheduledReminders(second, at)).toBe(0); // rerun, e.g. after a restart
      expect(await sendScheduledReminders(t.db, new Date(at.getTime() + HOUR))).toBe(0);
    } finally {
      await second.$disconnect();
    }
    const firstMails = (await deliverMail(t.db)).filter((m) => m.subject.startsWith("Reminder: round 1"));
    expect(firstMails.map((m) => m.to).sort()).toEqual(notFinished);
    expect(firstMails.every((m) => linkIn(m) !== null)).toBe(true);
    expect(firstMails[0]!.text).toContain(`The round closes on ${mailDate(deadline)}.`);

    // The 1 h point, then the deadline: nothing after it.
    expect(await sendScheduledReminders(t.db, new Date(opened + 47 * HOUR + 60_000))).toBe(1);
    expect(await sendScheduledReminders(t.db, new Date(opened + 49 * HOUR))).toBe(0);
    const secondMails = (await deliverMail(t.db)).filter((m) => m.subject.startsWith("Reminder: round 1"));
    expect(secondMails.map((m) => m.to).sort()).toEqual(notFinished);

    const runs = await t.db.reminderRun.findMany({ where: { roundId: s.roundId }, orderBy: { hoursBefore: "desc" } });
    expect(runs.map((r) => [r.hoursBefore, r.reminded])).toEqual([
      [24, 2],
      [1, 2],
    ]);
    // Anonymous study: the moderator sees how many were reminded, never who.
    const outbox = await api(app, "GET", `/consultations/${s.id}/outbox`, moderator);
    const reminders = outbox.body.filter((m: { kind: string }) => m.kind === "reminder");
    expect(reminders).toHaveLength(4);
    expect(reminders.every((m: { to: string }) => m.to === REMINDER_RECIPIENT)).toBe(true);
    const schedule = await loaderData(
      `/consultations/${s.id}/reminders/1`,
      "routes/consultations.$id.reminders.$number",
      moderator,
    );
    expect(schedule.sent).toEqual([
      { hoursBefore: 24, reminded: 2, sentAt: expect.any(String) },
      { hoursBefore: 1, reminded: 2, sentAt: expect.any(String) },
    ]);
    expect(JSON.stringify(schedule)).not.toContain("@round2.example");
    const events = await t.db.auditEvent.findMany({ where: { consultationId: s.id, type: "reminders.sent" } });
    // The two instances race for the points: either may record its point first.
    const payloads = events.map((e) => JSON.parse(e.payload)).sort((a, b) => b.hoursBefore[0] - a.hoursBefore[0]);
    expect(payloads).toEqual([
      { round: 1, reminded: 2, by: "schedule", hoursBefore: [24] },
      { round: 1, reminded: 2, by: "schedule", hoursBefore: [1] },
    ]);
  });

  test("the moderator sets the schedule in words; a time not understood or no deadline is a 400 naming the field", async () => {
    const post = (id: string, reminders: string) =>
      pageData(app, `/consultations/${id}/reminders/1`, {
        method: "POST",
        cookie: moderator.cookie!,
        body: new URLSearchParams({ reminders }),
      }).then((r) => ({ status: r.status, body: r.routes.action?.data }));
    const withDeadline = await study(1, { deadline: new Date(Date.now() + 10 * 24 * HOUR) });
    const saved = await post(withDeadline.id, "3 days, 1 day, 12 h");
    expect(saved.status).toBe(200);
    expect(saved.body.schedule.hours).toEqual([72, 24, 12]);
    expect(
      JSON.parse((await t.db.round.findUniqueOrThrow({ where: { id: withDeadline.roundId } })).reminderHours),
    ).toEqual([72, 24, 12]);
    const bad = await post(withDeadline.id, "3 days, soon");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/reminderHours: "soon" is not a time before the deadline/);

    const noDeadline = await study(1);
    const refused = await post(noDeadline.id, "1 day");
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/need a deadline/);
    // The API refuses the same on creation.
    const created = await api(app, "POST", "/consultations", moderator, {
      title: "No deadline",
      modelSlug,
      reminderHours: [24],
    });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toMatch(/reminderHours: reminders before the deadline need a deadline/);
  });

  test("round 2 starts from the decisions, and round 1's shared rationale is shown read-only in round 2 and the changelog", async () => {
    const s = await study(1, { items: "indicators+levels" });
    await open(s.roundId);
    const byKey = new Map(s.items.map((i) => [i.key, i]));
    // The panellist writes the shared rationale of I.1.2 in round 1.
    const port = new URL(app.url).port;
    const writer = await connectYjsClient(
      `ws://127.0.0.1:${port}/yjs/${documentName("rationale", byKey.get("I.1.2")!.id)}`,
      s.panel[0]!.cookie,
    );
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Evidence of uptake is what the panel asks for")]);
    writer.doc.getXmlFragment(RATIONALE_FIELD).insert(0, [paragraph]);
    await vi.waitFor(
      async () => expect(await t.db.yDocument.count({ where: { name: { contains: byKey.get("I.1.2")!.id } } })).toBe(1),
      {
        timeout: 5_000,
      },
    );
    writer.ws.close();
    expect((await api(app, "POST", `/rounds/${s.roundId}/close`, moderator)).status).toBe(200);

    const levels = [1, 2, 3, 4, 5].map((l) => `Reworded stage ${l}`);
    const decide = async (key: string, body: object) => {
      const res = await api(app, "PUT", `/rounds/${s.roundId}/items/${byKey.get(key)!.id}/decision`, moderator, {
        rationale: "Decided by the method team",
        ...body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await decide("I.1.1", { decision: "reformulate", newWording: "Indicator I.1.1 is in place and reviewed yearly" });
    await decide("I.1.1/levels", { decision: "reformulate", newWording: levels });
    await decide("I.1.2", { decision: "reevaluate" });
    await decide("I.1.2/levels", { decision: "validated" });
    await decide("I.1.3", { decision: "validated" });
    await decide("I.1.4", { decision: "dropped" });
    // I.1.3/levels and I.1.4/levels stay undecided.

    const proposal = await loaderData(
      `/consultations/${s.id}/next-round`,
      "routes/consultations.$id.next-round",
      moderator,
    );
    const item = (key: string) => proposal.items.find((i: { key: string }) => i.key === key);
    expect(item("I.1.1")).toMatchObject({
      carry: true,
      proposedWording: "Indicator I.1.1 is in place and reviewed yearly",
    });
    expect(item("I.1.1/levels")).toMatchObject({ carry: true, proposedWording: levels });
    expect(item("I.1.2")).toMatchObject({
      carry: true,
      proposedWording: "Indicator I.1.2 is in place",
      rationale: "Evidence of uptake is what the panel asks for",
    });
    expect(item("I.1.2/levels").carry).toBe(false);
    expect(item("I.1.3").carry).toBe(false);
    expect(item("I.1.4").carry).toBe(false);
    expect(item("I.1.4/levels")).toMatchObject({ carry: false, because: "its indicator is dropped" });
    const undecided = item("I.1.3/levels");
    expect(undecided.carry).toBe(["reformulate", "reevaluate", "insufficient"].includes(undecided.status));

    // The moderator keeps the proposal but unticks I.1.2's levels... they were unticked; adds nothing else.
    const form = new URLSearchParams();
    for (const i of proposal.items as { key: string; carry: boolean; proposedWording: string | string[] }[]) {
      if (i.carry) form.append("carry", i.key);
      if (Array.isArray(i.proposedWording))
        i.proposedWording.forEach((l, k) => form.append(`wording:${i.key}:${k}`, l));
      else form.append(`wording:${i.key}`, i.proposedWording);
    }
    form.append("deadline", new Date(Date.now() + 7 * 24 * HOUR).toISOString().slice(0, 16));
    form.append("reminders", "3 days, 1 day");
    const created = await pageData(app, `/consultations/${s.id}/next-round`, {
      method: "POST",
      cookie: moderator.cookie!,
      body: form,
    });
    expect(created.status, JSON.stringify(created.value)).toBe(202); // the redirect to the consultation, as data
    expect(created.redirect).toBe(`/consultations/${s.id}`);
    const round2 = await t.db.round.findUniqueOrThrow({
      where: { consultationId_number: { consultationId: s.id, number: 2 } },
      include: { items: { orderBy: { position: "asc" } } },
    });
    expect(JSON.parse(round2.reminderHours)).toEqual([72, 24]);
    const carried = new Map(round2.items.map((i) => [i.key, i.wording]));
    expect(carried.get("I.1.1")).toBe("Indicator I.1.1 is in place and reviewed yearly");
    expect(JSON.parse(carried.get("I.1.1/levels")!)).toEqual(levels);
    expect(carried.get("I.1.2")).toBe("Indicator I.1.2 is in place");
    for (const key of ["I.1.2/levels", "I.1.3", "I.1.4", "I.1.4/levels"]) expect(carried.has(key)).toBe(false);

    // Round 2 on the panellist's page: round 1's rationale, read-only.
    await open(round2.id);
    const votingPage = await (
      await fetch(`${app.url}/consultations/${s.id}/rounds/2`, { headers: { cookie: s.panel[0]!.cookie! } })
    ).text();
    expect(votingPage).toMatch(/The panel&#x27;s shared rationale in round (<!-- -->)?1(<!-- -->)? \(read-only\)/);
    expect(votingPage).toContain("Evidence of uptake is what the panel asks for");

    // Close round 2, accept the computed statuses, publish: the changelog entry carries round 1's rationale.
    expect((await api(app, "POST", `/rounds/${round2.id}/close`, moderator)).status).toBe(200);
    expect((await api(app, "POST", `/rounds/${round2.id}/decisions/accept`, moderator)).status).toBe(200);
    const published = await api(app, "POST", `/consultations/${s.id}/publish`, moderator);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const version = await t.db.modelVersion.findFirstOrThrow({ where: { fromConsultationId: s.id } });
    const entry = (JSON.parse(version.changelog!) as { key: string; panelRationales: unknown }[]).find(
      (e) => e.key === "I.1.2",
    )!;
    expect(entry.panelRationales).toEqual([{ round: 1, text: "Evidence of uptake is what the panel asks for" }]);
  });
});
