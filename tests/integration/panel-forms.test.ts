// The panel form and the panel CSV import explain themselves: every wrong line of a file at once, each by
// its line number, nothing written while any is wrong; errors of the form name their field; an existing
// account keeps its own name and the moderator is told so.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { createUser } from "../../app/models/user.server.js";
import { api, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, pageData, startTestApp } from "../support/server.js";

const HEADER = "name,email,stakeholder type,country,gender,working group/expertise";

describe.each(providers)("panel form and CSV import on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true, name: "Panel Admin" });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    await importModel(t.db, syntheticModel("Panel model", 1, 1, 1));
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  let studies = 0;
  async function study() {
    const created = await api(app, "POST", "/consultations", moderator, {
      title: `Panel study ${++studies}`,
      modelSlug: "panel-model",
      items: "indicators",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  }
  const panelSize = (id: string) => t.db.member.count({ where: { consultationId: id, role: "panellist" } });

  /** Posts the consultation page's CSV form, as the browser does (multipart, a file field). */
  async function uploadCsv(id: string, csv: string) {
    const body = new FormData();
    body.set("intent", "csv");
    body.set("csv", new File([csv], "panel.csv", { type: "text/csv" }));
    const res = await pageData(app, `/consultations/${id}`, { method: "POST", cookie: moderator.cookie!, body });
    return { status: res.status, body: res.routes.action!.data };
  }

  test("a CSV with two bad lines lists both with their line numbers and imports nobody", async () => {
    const id = await study();
    const csv = [
      HEADER,
      "Ann One,ann@two-bad.example,ELSI,BE,female,WG1",
      "Bo Two,not-an-email,ELSI,DK,,",
      '"Cy, Three",cy@two-bad.example,Research/University,IT,male,WG2',
      "Di Four,di@two-bad.example,Astrologers,PT,,",
    ].join("\n");
    const res = await api(app, "POST", `/consultations/${id}/panellists.csv`, moderator, csv, {
      "content-type": "text/csv",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Invalid CSV: line 3: email: expected an email address; line 5: stakeholderType: expected one of: .*; nothing was imported$/,
    );
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(["line 3", "line 5"]);
    expect(await panelSize(id)).toBe(0);
    expect(await t.db.user.count({ where: { email: { endsWith: "@two-bad.example" } } })).toBe(0);

    // The page's form gets the same list, one entry per line, to show beside the file field.
    const page = await uploadCsv(id, csv);
    expect(page.status).toBe(400);
    expect(page.body.intent).toBe("csv");
    expect(page.body.issues).toEqual([
      { path: "line 3", message: "email: expected an email address" },
      { path: "line 5", message: expect.stringMatching(/^stakeholderType: expected one of: /) },
    ]);
    expect(await panelSize(id)).toBe(0);
  });

  test("a broken quote and a bad value in one file are both reported, at the lines where they are", async () => {
    const id = await study();
    const csv = [
      HEADER,
      '"Ann\nOne",ann@quotes.example,ELSI,BE,,', // a name over two lines: lines 2–3
      'Bo "Bobby" Two,bo@quotes.example,ELSI,DK,,',
      "Cy,cy@quotes.example,Nobody,IT,,",
    ].join("\r\n");
    const res = await api(app, "POST", `/consultations/${id}/panellists.csv`, moderator, csv, {
      "content-type": "text/csv",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: "line 4", message: 'a quote (") inside an unquoted field; quote the whole field and double the quote' },
      { path: "line 5", message: expect.stringMatching(/^stakeholderType: expected one of/) },
    ]);
    expect(await panelSize(id)).toBe(0);
  });

  test("people already on the panel are all named by their line, and the file imports nobody", async () => {
    const id = await study();
    const first = [HEADER, "Ann,ann@again.example,ELSI,,,", "Bo,bo@again.example,ELSI,,,"].join("\n");
    expect((await uploadCsv(id, first)).status).toBe(200);
    const again = [HEADER, "New,new@again.example,ELSI,,,", first.split("\n")[2], first.split("\n")[1]].join("\n");
    const res = await uploadCsv(id, again);
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      { path: "line 3", message: "bo@again.example is already on the panel of this consultation" },
      { path: "line 4", message: "ann@again.example is already on the panel of this consultation" },
    ]);
    expect(await panelSize(id)).toBe(2);
    expect(await t.db.user.count({ where: { email: "new@again.example" } })).toBe(0);
  });

  test("an existing account keeps its name, and the answer says so", async () => {
    const id = await study();
    await createUser(t.db, { email: "ana@named.example", name: "Ana Dr. Silva", password: "correct horse battery" });
    const csv = [HEADER, "A. Silva,ana@named.example,ELSI,PT,,", "Ben New,ben@named.example,ELSI,BE,,"].join("\n");
    const page = await uploadCsv(id, csv);
    expect(page.status).toBe(200);
    expect(page.body.notes).toEqual([
      "ana@named.example already has an account named 'Ana Dr. Silva'; kept that name.",
    ]);
    expect((await t.db.user.findUniqueOrThrow({ where: { email: "ana@named.example" } })).name).toBe("Ana Dr. Silva");
    const invitation = await t.db.outboxMessage.findFirstOrThrow({
      where: { consultationId: id, to: "ana@named.example" },
    });
    expect(invitation.body).toMatch(/^Dear Ana Dr\. Silva,/);

    // Through the API the same, as data a script can use.
    const other = await study();
    const res = await api(app, "POST", `/consultations/${other}/panellists`, moderator, [
      { name: "Ana S.", email: "ana@named.example", stakeholderType: "ELSI" },
    ]);
    expect(res.status).toBe(201);
    expect(res.body[0]).toMatchObject({
      email: "ana@named.example",
      keptName: "Ana Dr. Silva",
      note: "ana@named.example already has an account named 'Ana Dr. Silva'; kept that name",
    });
  });

  test("the panel form's errors name their fields, all at once", async () => {
    const id = await study();
    const res = await pageData(app, `/consultations/${id}`, {
      method: "POST",
      cookie: moderator.cookie!,
      body: new URLSearchParams({ intent: "add-panellist", name: "", email: "nope", stakeholderType: "ELSI" }),
    });
    expect(res.status).toBe(400);
    const body = res.routes.action!.data;
    expect(body.intent).toBe("add-panellist");
    expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["[0].email", "[0].name"]);
    expect(body.issues.find((i: { path: string }) => i.path === "[0].email").message).toBe("expected an email address");
    expect(await panelSize(id)).toBe(0);
  });

  test("panellists get their mails in the language the moderator gave, until they choose their own", async () => {
    const deadline = new Date(Date.UTC(2031, 2, 14, 9, 30));
    const title = `Panel study ${++studies}`;
    const created = await api(app, "POST", "/consultations", moderator, {
      title,
      modelSlug: "panel-model",
      items: "indicators",
      deadline: deadline.toISOString(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const csv = [
      `${HEADER},language`,
      "Dora Deutsch,dora@languages.example,ELSI,DE,,,de",
      "Pia Português,pia@languages.example,ELSI,PT,,,pt",
      "Eve English,eve@languages.example,ELSI,IE,,,",
    ].join("\n");
    expect((await uploadCsv(id, csv)).status).toBe(200);
    const mail = (to: string) => t.db.outboxMessage.findFirstOrThrow({ where: { consultationId: id, to } });
    const dora = await mail("dora@languages.example");
    expect(dora.subject).toBe(`Einladung: ${title}`);
    expect(dora.body).toMatch(/^Guten Tag Dora Deutsch,\n\nSie sind eingeladen/);
    expect((await mail("pia@languages.example")).body).toMatch(/^Caro\(a\) Pia Português,/);
    expect((await mail("eve@languages.example")).body).toMatch(/^Dear Eve English,/);
    expect((await t.db.user.findUniqueOrThrow({ where: { email: "dora@languages.example" } })).language).toBe("de");

    // The round's announcement too, with its deadline written out in German.
    const roundId = created.body.roundId as string;
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(200);
    const opened = await t.db.outboxMessage.findFirstOrThrow({
      where: { consultationId: id, to: "dora@languages.example", kind: "round-opened" },
    });
    expect(opened.subject).toBe(`Runde 1 von ${title} ist geöffnet`);
    expect(opened.body).toContain("Bitte antworten Sie bis Freitag, 14. März 2031 um 09:30 UTC.");
  });

  test("a language the platform does not offer is refused by its line, and nobody is imported", async () => {
    const id = await study();
    const csv = [`${HEADER},language`, "Ivo Italiano,ivo@languages.example,ELSI,IT,,,it"].join("\n");
    const res = await uploadCsv(id, csv);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("line 2: language: expected one of: en, fr, de, es, pt");
    expect(await panelSize(id)).toBe(0);
  });
});
