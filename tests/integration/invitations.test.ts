// Invitations, accounts and withdrawal, tried from the attacker's side: no role can read a usable sign-in
// link, a link never opens an existing account, staff and panel are separate, reminders name nobody in the
// trail, and a withdrawn panellist is refused everywhere (their answers excluded when so chosen).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { deliverMail, linkIn, mailedLinks } from "../support/mail.js";
import { createTestUser, login, pageData, startTestApp } from "../support/server.js";

const PAGE = "routes/consultations.$id._index";

describe.each(providers)("invitations and accounts on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let admin: Awaited<ReturnType<typeof createTestUser>>;
  let adminCaller: Caller;
  let modelSlug: string;
  let n = 0;
  const unique = (what: string) => `${what}${++n}.${Date.now().toString(36)}@invite.example`;

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    admin = await createTestUser(t, { isAdmin: true, name: "Invite Admin" });
    adminCaller = { cookie: await login(app, admin.email, admin.password) };
    ({ modelSlug } = await importModel(t.db, syntheticModel("Invite model", 1, 1, 1)));
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  /** A study run by a moderator who is not an admin (the attacker of these tests). */
  async function study(anonymity: "anonymous" | "quasi-anonymous" = "anonymous") {
    const created = await api(app, "POST", "/consultations", adminCaller, {
      title: `Invite study ${++n}`,
      modelSlug,
      items: "indicators",
      anonymity,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const mod = await createTestUser(t, { name: `Moderator ${n}` });
    await t.db.member.create({
      data: {
        consultationId: id,
        userId: mod.id,
        role: "moderator",
        pseudonym: `Moderator x${n}`,
        joinedAt: new Date(),
      },
    });
    const moderator: Caller = { cookie: await login(app, mod.email, mod.password) };
    return { id, roundId: created.body.roundId as string, moderator, mod };
  }

  const page = async (path: string, caller: Caller) => {
    const res = await fetch(`${app.url}${path}`, { headers: caller.cookie ? { cookie: caller.cookie } : {} });
    return { status: res.status, text: await res.text() };
  };
  /** The consultation page's loader data, as the browser's single fetch asks for it. */
  const dashboardOf = async (id: string, caller: Caller) => {
    const res = await pageData(app, `/consultations/${id}`, { cookie: caller.cookie });
    return { status: res.status, text: JSON.stringify(res.value), data: res.routes[PAGE]?.data };
  };
  /** POSTs the invite page's form, as the browser does. */
  const openInvite = (token: string, caller: Caller = {}) =>
    fetch(`${app.url}/invite/${token}`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: app.url, ...(caller.cookie ? { cookie: caller.cookie } : {}) },
    });
  const sessionsOf = (userId: string) => t.db.session.count({ where: { userId } });

  test("no role reads a usable link: the outbox shows status only, the database keeps a hash, the trail nothing", async () => {
    const s = await study();
    const email = unique("nolink");
    const added = await api(app, "POST", `/consultations/${s.id}/panellists`, s.moderator, [
      { name: "No Link", email, stakeholderType: "ELSI" },
    ]);
    expect(added.status).toBe(201);
    // Queued: no token exists yet, so nothing anybody reads could be redeemed.
    const invitation = await t.db.invitation.findFirstOrThrow({ where: { member: { user: { email } } } });
    expect(invitation.tokenHash).toBeNull();
    const queued = await api(app, "GET", `/consultations/${s.id}/outbox`, s.moderator);
    expect(queued.status).toBe(200);
    expect(queued.body).toHaveLength(1);
    expect(Object.keys(queued.body[0]).sort()).toEqual([
      "createdAt",
      "id",
      "kind",
      "sentAt",
      "status",
      "subject",
      "to",
    ]);
    expect(queued.body[0]).toMatchObject({ to: email, kind: "invitation", status: "queued" });

    const link = (await mailedLinks(t.db)).get(email)!;
    const token = link.split("/invite/")[1]!;
    expect(token).toMatch(/^[\w-]{43}$/);
    const sent = await api(app, "GET", `/consultations/${s.id}/outbox`, s.moderator);
    expect(sent.body[0]).toMatchObject({ to: email, status: "sent" });
    for (const who of [s.moderator, adminCaller]) {
      const outbox = await api(app, "GET", `/consultations/${s.id}/outbox`, who);
      const dashboard = await dashboardOf(s.id, who);
      const html = await page(`/consultations/${s.id}`, who);
      const audit = await page(`/consultations/${s.id}/audit`, who);
      expect(dashboard.status).toBe(200);
      expect(audit.status).toBe(200);
      for (const text of [JSON.stringify(outbox.body), dashboard.text, html.text, audit.text]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain("/invite/");
      }
    }
    const tables = JSON.stringify({
      outbox: await t.db.outboxMessage.findMany(),
      invitations: await t.db.invitation.findMany(),
      audit: await t.db.auditEvent.findMany(),
    });
    expect(tables).not.toContain(token);
    expect(tables).toContain("[personal sign-in link, removed after sending]");
    // The link itself works once, for its link-only account.
    expect(await redeem(app, link)).toMatch(/^delphi_session=/);
  });

  test("attack: a moderator who puts the admin's or another moderator's address on the panel gets no session of theirs", async () => {
    const s = await study();
    const otherStudy = await study();
    // Victims: a second admin (not a member here), and a moderator of another study (has a password).
    const victimAdmin = await createTestUser(t, { isAdmin: true, name: "Victim Admin" });
    const victimMod = otherStudy.mod;
    const added = await api(app, "POST", `/consultations/${s.id}/panellists`, s.moderator, [
      { name: "Victim Admin", email: victimAdmin.email, stakeholderType: "ELSI" },
      { name: "Victim Moderator", email: victimMod.email, stakeholderType: "ELSI" },
    ]);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    // Everything the moderator can read holds no link…
    const outbox = await api(app, "GET", `/consultations/${s.id}/outbox`, s.moderator);
    expect(JSON.stringify(outbox.body)).not.toMatch(/invite\//);
    // …and even with the mailed link in hand (a leaked or forwarded mail), no session of the victims is made.
    const links = await mailedLinks(t.db);
    for (const victim of [victimAdmin, victimMod]) {
      const token = links.get(victim.email)!.split("/invite/")[1]!;
      const before = await sessionsOf(victim.id);
      const viaApi = await api(app, "POST", `/invitations/${token}/redeem`);
      expect(viaApi.status).toBe(401);
      expect(viaApi.body.error.message).toContain("log in first");
      expect(viaApi.headers.get("set-cookie")).toBeNull();
      const viaPage = await openInvite(token);
      expect(viaPage.status).toBe(302);
      expect(viaPage.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`);
      expect(viaPage.headers.get("set-cookie") ?? "").not.toContain("delphi_session=");
      // Signed in as the attacker: refused, and the attacker's own session is not swapped for the victim's.
      const asAttacker = await api(app, "POST", `/invitations/${token}/redeem`, s.moderator);
      expect(asAttacker.status).toBe(403);
      expect(asAttacker.headers.get("set-cookie")).toBeNull();
      const pageAsAttacker = await openInvite(token, s.moderator);
      expect(pageAsAttacker.status).toBe(403);
      expect(pageAsAttacker.headers.get("set-cookie") ?? "").not.toContain("delphi_session=");
      expect(await sessionsOf(victim.id)).toBe(before);
      const member = await t.db.member.findFirstOrThrow({ where: { consultationId: s.id, userId: victim.id } });
      expect(member.joinedAt).toBeNull();
    }
    // The real owner logs in normally, then the same link joins the panel without a new session.
    const ownCookie = await login(app, victimMod.email, victimMod.password);
    const sessions = await sessionsOf(victimMod.id);
    const joined = await api(app, "POST", `/invitations/${links.get(victimMod.email)!.split("/invite/")[1]}/redeem`, {
      cookie: ownCookie,
    });
    expect(joined.status).toBe(200);
    expect(joined.body).toEqual({ consultationId: s.id });
    expect(joined.headers.get("set-cookie")).toBeNull();
    expect(await sessionsOf(victimMod.id)).toBe(sessions);
    const member = await t.db.member.findFirstOrThrow({ where: { consultationId: s.id, userId: victimMod.id } });
    expect(member.joinedAt).not.toBeNull();
    // Through the page: log in, come back to the link, join.
    const adminCookie = await login(app, victimAdmin.email, victimAdmin.password);
    const viaPage = await openInvite(links.get(victimAdmin.email)!.split("/invite/")[1]!, { cookie: adminCookie });
    expect(viaPage.status).toBe(302);
    expect(viaPage.headers.get("location")).toBe(`/consultations/${s.id}`);
    expect(viaPage.headers.get("set-cookie") ?? "").not.toContain("delphi_session=");
  });

  test("a link signs in a link-only account; opened while signed in as someone else it is refused and stays usable", async () => {
    const s = await study();
    const email = unique("linkonly");
    await api(app, "POST", `/consultations/${s.id}/panellists`, s.moderator, [
      { name: "Link Only", email, stakeholderType: "ELSI" },
    ]);
    const token = (await mailedLinks(t.db)).get(email)!.split("/invite/")[1]!;
    expect((await openInvite(token, adminCaller)).status).toBe(403);
    const res = await openInvite(token);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/consultations/${s.id}`);
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    expect(cookie).toMatch(/^delphi_session=/);
    expect((await page(`/consultations/${s.id}`, { cookie })).status).toBe(200);
    expect((await openInvite(token)).status).toBe(409);
  });

  test("an invite-only account that is also on another panel must log in: the second study's link gives no session", async () => {
    const a = await study();
    const b = await study();
    const email = unique("twostudies");
    for (const s of [a, b])
      expect(
        (
          await api(app, "POST", `/consultations/${s.id}/panellists`, s.moderator, [
            { name: "Two Studies", email, stakeholderType: "ELSI" },
          ])
        ).status,
      ).toBe(201);
    const mails = (await deliverMail(t.db)).filter((m) => m.to === email);
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      const viaApi = await api(app, "POST", `/invitations/${linkIn(mail)!.split("/invite/")[1]}/redeem`);
      expect(viaApi.status).toBe(401);
      expect(viaApi.headers.get("set-cookie")).toBeNull();
    }
  });

  test("staff and panel are separate: each direction is refused with a 409 naming the address", async () => {
    const s = await study();
    const panellist = unique("panel");
    const observer = unique("observer");
    expect(
      (
        await api(app, "POST", `/consultations/${s.id}/panellists`, s.moderator, [
          { name: "Panel Person", email: panellist, stakeholderType: "ELSI" },
        ])
      ).status,
    ).toBe(201);
    const asStaff = await api(app, "POST", `/consultations/${s.id}/members`, s.moderator, {
      email: panellist,
      role: "observer",
    });
    expect(asStaff.status).toBe(409);
    expect(asStaff.body.error.message).toBe(
      `${panellist} is a panellist of this consultation; panellists cannot also be observers`,
    );
    expect(
      (await api(app, "POST", `/consultations/${s.id}/members`, s.moderator, { email: observer, role: "observer" }))
        .status,
    ).toBe(201);
    const asPanel = await api(app, "POST", `/consultations/${s.id}/panellists`, s.moderator, [
      { name: "Observer Person", email: observer, stakeholderType: "ELSI" },
    ]);
    expect(asPanel.status).toBe(409);
    expect(asPanel.body.error.message).toBe(
      `Invalid panellist: [0].email: ${observer} is an observer of this consultation; staff cannot also be panellists`,
    );
    const csv = await api(
      app,
      "POST",
      `/consultations/${s.id}/panellists.csv`,
      s.moderator,
      `name,email,stakeholder type\nModerator Person,${s.mod.email},ELSI\n`,
      { "content-type": "text/csv" },
    );
    expect(csv.status).toBe(409);
    expect(csv.body.error.message).toContain(`${s.mod.email} is a moderator of this consultation`);
  });

  test("reminders.sent records the round and the count, never pseudonyms (quasi-anonymous study)", async () => {
    const s = await study("quasi-anonymous");
    const people = [unique("remind"), unique("remind")];
    await api(
      app,
      "POST",
      `/consultations/${s.id}/panellists`,
      s.moderator,
      people.map((email, i) => ({ name: `Remind ${i}`, email, stakeholderType: "ELSI" })),
    );
    expect((await api(app, "POST", `/rounds/${s.roundId}/open`, s.moderator)).status).toBe(200);
    const reminded = await api(app, "POST", `/rounds/${s.roundId}/reminders`, s.moderator);
    expect(reminded.body).toEqual({ reminded: 2 });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { consultationId: s.id, type: "reminders.sent" } });
    expect(JSON.parse(event.payload)).toEqual({ round: 1, reminded: 2 });
    const pseudonyms = (await t.db.member.findMany({ where: { consultationId: s.id, role: "panellist" } })).map(
      (m) => m.pseudonym,
    );
    for (const p of pseudonyms) expect(event.payload).not.toContain(p);
    const kinds = (await api(app, "GET", `/consultations/${s.id}/outbox`, s.moderator)).body.map((m: any) => m.kind);
    expect(kinds.filter((k: string) => k === "reminder")).toHaveLength(2);
  });

  test("in an anonymous study the moderator learns only how many were reminded: the outbox names nobody", async () => {
    const s = await study("anonymous");
    const people = [unique("anonremind"), unique("anonremind"), unique("anonremind")];
    await api(
      app,
      "POST",
      `/consultations/${s.id}/panellists`,
      s.moderator,
      people.map((email, i) => ({ name: `Anon Remind ${i}`, email, stakeholderType: "ELSI" })),
    );
    const links = await mailedLinks(t.db);
    const first = { cookie: await redeem(app, links.get(people[0]!)!) };
    await api(app, "POST", `/rounds/${s.roundId}/open`, s.moderator);
    const items: { id: string }[] = (await api(app, "GET", `/rounds/${s.roundId}`, first)).body.items;
    for (const item of items)
      await api(app, "PUT", `/rounds/${s.roundId}/items/${item.id}/rating`, first, { value: 3 });
    expect((await api(app, "POST", `/rounds/${s.roundId}/submit`, first)).status).toBe(200);
    expect((await api(app, "POST", `/rounds/${s.roundId}/reminders`, s.moderator)).body).toEqual({ reminded: 2 });
    const outbox = await api(app, "GET", `/consultations/${s.id}/outbox`, s.moderator);
    const reminders = outbox.body.filter((m: any) => m.kind === "reminder");
    expect(reminders.map((m: any) => m.to)).toEqual([
      "a panellist who has not finished",
      "a panellist who has not finished",
    ]);
    const { data } = await dashboardOf(s.id, s.moderator);
    expect(data.outbox.filter((m: any) => m.kind === "reminder").map((m: any) => m.to)).toEqual(
      reminders.map((m: any) => m.to),
    );
    // The page's progress says how many, not who.
    expect(JSON.stringify(data.progress.notFinished)).not.toMatch(/Anon Remind|anonremind/);
  });

  test("'Email me a sign-in link' answers the same for every address, is rate limited, and mails only link-only accounts", async () => {
    const s = await study();
    const linkOnly = unique("askslink");
    await api(app, "POST", `/consultations/${s.id}/panellists`, s.moderator, [
      { name: "Asks Link", email: linkOnly, stakeholderType: "ELSI" },
    ]);
    await deliverMail(t.db);
    const ask = (email: string) =>
      pageData(app, "/login", { method: "POST", body: new URLSearchParams({ intent: "link", email }) }).then((r) => ({
        status: r.status,
        body: r.routes.action?.data,
        retry: r.headers.get("retry-after"),
      }));
    const answers = [await ask(linkOnly), await ask(unique("nobody")), await ask(admin.email)];
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]!.status).toBe(200);
    const mails = await deliverMail(t.db);
    expect(mails.map((m) => m.to)).toEqual([linkOnly]);
    // The self-requested link signs the link-only account in.
    expect(await redeem(app, linkIn(mails[0]!)!)).toMatch(/^delphi_session=/);
    // Three per address per 15 minutes, unknown addresses too.
    const unknown = unique("nobody");
    for (const email of [linkOnly, unknown]) {
      for (let i = email === linkOnly ? 1 : 0; i < 3; i++) expect((await ask(email)).status).toBe(200);
      const limited = await ask(email);
      expect(limited.status).toBe(429);
      expect(Number(limited.retry)).toBeGreaterThan(0);
    }
    expect((await ask("not an address")).status).toBe(400);
  });

  test("a link-only panellist sets a password; from then on links ask for a log-in", async () => {
    const s = await study();
    const email = unique("setspw");
    await api(app, "POST", `/consultations/${s.id}/panellists`, s.moderator, [
      { name: "Sets Password", email, stakeholderType: "ELSI" },
    ]);
    const cookie = await redeem(app, (await mailedLinks(t.db)).get(email)!);
    const set = (body: Record<string, string>, who = cookie) =>
      pageData(app, "/account/password", { method: "POST", cookie: who, body: new URLSearchParams(body) }).then(
        (r) => ({ status: r.status, body: r.routes.action?.data }),
      );
    expect((await page(`/account/password`, { cookie })).status).toBe(200);
    expect((await set({ password: "short", confirm: "short" })).status).toBe(400);
    expect((await set({ password: "long enough pw", confirm: "different pw" })).status).toBe(400);
    expect((await set({ password: "long enough pw", confirm: "long enough pw" })).status).toBe(200);
    expect(await login(app, email, "long enough pw")).toMatch(/^delphi_session=/);
    // Changing it again needs the current one.
    const wrong = await set({ currentPassword: "nope", password: "another long pw", confirm: "another long pw" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toContain("currentPassword");
    // A reminder's link no longer signs this account in.
    await api(app, "POST", `/rounds/${s.roundId}/open`, s.moderator);
    await api(app, "POST", `/rounds/${s.roundId}/reminders`, s.moderator);
    const reminder = (await mailedLinks(t.db)).get(email)!;
    expect((await api(app, "POST", `/invitations/${reminder.split("/invite/")[1]}/redeem`)).status).toBe(401);
    const anonymous = await fetch(`${app.url}/account/password`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
  });

  describe("withdrawal of consent", () => {
    async function ratedStudy(anonymity: "anonymous" | "quasi-anonymous" = "anonymous") {
      const s = await study(anonymity);
      const people = [unique("stays"), unique("stays"), unique("leaves")];
      const added = await api(
        app,
        "POST",
        `/consultations/${s.id}/panellists`,
        s.moderator,
        people.map((email, i) => ({ name: `Withdraw ${i}`, email, stakeholderType: "ELSI" })),
      );
      const links = await mailedLinks(t.db);
      const cookies = await Promise.all(people.map((e) => redeem(app, links.get(e)!)));
      await api(app, "POST", `/rounds/${s.roundId}/open`, s.moderator);
      const items: { id: string }[] = (await api(app, "GET", `/rounds/${s.roundId}`, { cookie: cookies[0] })).body
        .items;
      // Those who stay rate 4; the one who leaves rates 1 everywhere.
      for (const [p, cookie] of cookies.entries())
        for (const item of items)
          expect(
            (
              await api(
                app,
                "PUT",
                `/rounds/${s.roundId}/items/${item.id}/rating`,
                { cookie },
                {
                  value: p === 2 ? 1 : 4,
                  comment: p === 2 ? "comment of the one who leaves" : "",
                },
              )
            ).status,
          ).toBe(200);
      const leaving = added.body.find((a: any) => a.email === people[2])!.memberId as string;
      return { ...s, items, cookies, leaving, leaver: { cookie: cookies[2]! } };
    }
    const figuresOf = async (itemId: string) =>
      JSON.parse((await t.db.itemResult.findUniqueOrThrow({ where: { roundItemId: itemId } })).figures);

    test("the method choice is required: a 400 names 'answers'", async () => {
      const s = await ratedStudy();
      const path = `/consultations/${s.id}/panellists/${s.leaving}/withdraw`;
      const missing = await api(app, "POST", path, s.moderator, {});
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain("answers");
      const bad = await api(app, "POST", path, s.moderator, { answers: "forget" });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("answers");
      // A panellist or an observer cannot withdraw anyone.
      expect((await api(app, "POST", path, { cookie: s.cookies[0] }, { answers: "keep" })).status).toBe(403);
    });

    test("with 'exclude' the panellist is refused at once everywhere and their ratings leave the close figures", async () => {
      const s = await ratedStudy();
      const res = await api(app, "POST", `/consultations/${s.id}/panellists/${s.leaving}/withdraw`, s.moderator, {
        answers: "exclude",
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((await page(`/consultations/${s.id}`, s.leaver)).status).toBe(404);
      expect((await api(app, "GET", `/consultations/${s.id}`, s.leaver)).status).toBe(404);
      expect((await api(app, "GET", `/rounds/${s.roundId}`, s.leaver)).status).toBe(404);
      const rating = await api(app, "PUT", `/rounds/${s.roundId}/items/${s.items[0]!.id}/rating`, s.leaver, {
        value: 5,
      });
      expect(rating.status).toBe(404);
      expect((await api(app, "POST", `/rounds/${s.roundId}/submit`, s.leaver)).status).toBe(404);
      const again = await api(app, "POST", `/consultations/${s.id}/panellists/${s.leaving}/withdraw`, s.moderator, {
        answers: "keep",
      });
      expect(again.status).toBe(409);

      const member = await t.db.member.findUniqueOrThrow({ where: { id: s.leaving } });
      expect(member.withdrawnAt).not.toBeNull();
      expect(member.withdrawnAnswers).toBe("exclude");
      const event = await t.db.auditEvent.findFirstOrThrow({
        where: { consultationId: s.id, type: "panellist.withdrawn" },
      });
      // Anonymous study: the method choice, and no pseudonym or identity.
      expect(JSON.parse(event.payload)).toEqual({ answers: "exclude" });
      expect(event.payload).not.toContain(member.pseudonym);

      const dashboard = await dashboardOf(s.id, s.moderator);
      const row = dashboard.data.panel.find((p: any) => p.memberId === s.leaving);
      expect(row).toMatchObject({ withdrawn: true, withdrawnAnswers: "exclude" });

      expect((await api(app, "POST", `/rounds/${s.roundId}/close`, s.moderator)).status).toBe(200);
      for (const item of s.items) {
        const f = await figuresOf(item.id);
        expect(f.overall.nRated).toBe(2);
        expect(f.overall.counts).toEqual([0, 0, 0, 2, 0]);
      }
      // Nor in the exported answers or the review's comments.
      const csv = await fetch(`${app.url}/consultations/${s.id}/export/ratings.csv`, {
        headers: { cookie: s.moderator.cookie! },
      });
      expect(csv.status).toBe(200);
      const exported = await csv.text();
      expect(exported).toContain("comment"); // the header
      expect(exported).not.toContain("comment of the one who leaves");
      const review = await page(`/consultations/${s.id}/review/1`, s.moderator);
      expect(review.text).not.toContain("comment of the one who leaves");
    });

    test("the page's withdraw form needs the method choice, then withdraws and lists the person as withdrawn", async () => {
      const s = await ratedStudy();
      expect((await page(`/consultations/${s.id}`, s.moderator)).text).toContain("Withdraw…");
      const post = (form: Record<string, string>) =>
        pageData(app, `/consultations/${s.id}`, {
          method: "POST",
          cookie: s.moderator.cookie!,
          body: new URLSearchParams(form),
        }).then((r) => ({ status: r.status, body: r.routes.action?.data }));
      const missing = await post({ intent: "withdraw", memberId: s.leaving });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toContain("answers");
      const done = await post({ intent: "withdraw", memberId: s.leaving, answers: "exclude" });
      expect(done.status).toBe(200);
      // the page words the notice in the reader's language (app/locales/*/consultation.ts)
      expect(done.body.ok.message).toBe("withdrawnExcluded");
      const { data } = await dashboardOf(s.id, s.moderator);
      expect(data.panel.filter((p: any) => p.withdrawn)).toHaveLength(1);
      expect((await page(`/consultations/${s.id}`, s.leaver)).status).toBe(404);
    });

    test("with 'keep' their earlier ratings still count", async () => {
      const s = await ratedStudy("quasi-anonymous");
      const res = await api(app, "POST", `/consultations/${s.id}/panellists/${s.leaving}/withdraw`, s.moderator, {
        answers: "keep",
      });
      expect(res.status).toBe(200);
      expect((await api(app, "GET", `/rounds/${s.roundId}`, s.leaver)).status).toBe(404);
      const event = await t.db.auditEvent.findFirstOrThrow({
        where: { consultationId: s.id, type: "panellist.withdrawn" },
      });
      expect(JSON.parse(event.payload)).toMatchObject({ answers: "keep" });
      expect((await api(app, "POST", `/rounds/${s.roundId}/close`, s.moderator)).status).toBe(200);
      const f = await figuresOf(s.items[0]!.id);
      expect(f.overall.nRated).toBe(3);
      expect(f.overall.counts).toEqual([1, 0, 0, 2, 0]);
    });
  });
});
