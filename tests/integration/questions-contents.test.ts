// What the panel is asked, and where it is in a long round: each item kind has its question above the scale
// (defaults, or the consultation's own from the API or the create form, kept as created), and the voting
// page of a long round has a table of contents with "answered x of y" per section, linking to it.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { DEFAULT_QUESTIONS } from "../../shared/delphi/questions.js";
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { mailedLinks } from "../support/mail.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, pageData, startTestApp } from "../support/server.js";

describe.each(providers)("questions and contents on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    await importModel(t.db, syntheticModel("Question model", 2, 3, 3)); // 2 + 6 + 18 + 18 = 44 items
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  let people = 0;
  async function openStudy(extra: Record<string, unknown>) {
    const created = await api(app, "POST", "/consultations", moderator, {
      title: "Asked",
      modelSlug: "question-model",
      items: "everything",
      ...extra,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id, roundId } = created.body as { id: string; roundId: string };
    const person = {
      name: "Reader",
      email: `reader${++people}@questions.example`,
      stakeholderType: STAKEHOLDER_TYPES[0],
    };
    expect((await api(app, "POST", `/consultations/${id}/panellists`, moderator, [person])).status).toBe(201);
    const panellist: Caller = { cookie: await redeem(app, (await mailedLinks(t.db)).get(person.email)!) };
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(200);
    const page = async (query = "") =>
      (
        await fetch(`${app.url}/consultations/${id}/rounds/1${query}`, { headers: { cookie: panellist.cookie! } })
      ).text();
    return { id, roundId, panellist, page };
  }
  const questionsShown = (html: string) =>
    [...html.matchAll(/data-testid="question-text"[^>]*>([^<]+)</g)].map((m) => m[1]!.replace(/&#x27;|&#39;/g, "'"));

  test("each item kind is asked its own question above the scale; a consultation may set any of them", async () => {
    const own = "Is this indicator essential for a national genomic medicine programme?";
    const study = await openStudy({ questions: { indicator: own } });
    const consultation = await api(app, "GET", `/consultations/${study.id}`, moderator);
    expect(consultation.body.questions).toEqual({ ...DEFAULT_QUESTIONS, indicator: own });
    const html = await study.page("?part=1");
    // Part 1 of "everything" opens with domain I, subdomain I.1, indicator I.1.1 and its level set.
    expect(questionsShown(html).slice(0, 4)).toEqual([
      DEFAULT_QUESTIONS.domain,
      DEFAULT_QUESTIONS.subdomain,
      own,
      DEFAULT_QUESTIONS.levels,
    ]);
  });

  test("a bad question is a 400 naming the kind; an unknown kind is named too; nothing is created", async () => {
    const before = await t.db.consultation.count();
    const base = { title: "Bad question", modelSlug: "question-model" };
    const empty = await api(app, "POST", "/consultations", moderator, { ...base, questions: { levels: "  " } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe("Invalid request body: questions.levels: must not be empty");
    const long = await api(app, "POST", "/consultations", moderator, {
      ...base,
      questions: { domain: "x".repeat(301) },
    });
    expect(long.body.error.message).toBe("Invalid request body: questions.domain: at most 300 characters");
    const unknown = await api(app, "POST", "/consultations", moderator, { ...base, questions: { indicators: "?" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/questions.*indicators/);
    expect(await t.db.consultation.count()).toBe(before);
  });

  test("the create form's questions are stored with the consultation", async () => {
    const res = await pageData(app, "/consultations/new", {
      method: "POST",
      cookie: moderator.cookie!,
      body: new URLSearchParams({
        title: "Asked on the form",
        model: "question-model@1",
        items: "indicators",
        "question.domain": DEFAULT_QUESTIONS.domain,
        "question.subdomain": DEFAULT_QUESTIONS.subdomain,
        "question.indicator": "Should every country measure this?",
        "question.levels": DEFAULT_QUESTIONS.levels,
      }),
    });
    expect(res.status).toBe(202);
    const id = res.redirect!.split("/consultations/")[1]!;
    const stored = await t.db.consultation.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(stored.questions)).toEqual({
      ...DEFAULT_QUESTIONS,
      indicator: "Should every country measure this?",
    });
    const empty = await pageData(app, "/consultations/new", {
      method: "POST",
      cookie: moderator.cookie!,
      body: new URLSearchParams({ title: "Empty question", model: "question-model@1", "question.levels": "" }),
    });
    expect(empty.status).toBe(400);
    expect(empty.routes.action!.data.details).toEqual([{ path: "questions.levels", message: "must not be empty" }]);
  });

  test("a long round's contents list every section under its part with 'answered x of y', linking to it", async () => {
    const study = await openStudy({});
    const items: { id: string; key: string }[] = (await api(app, "GET", `/rounds/${study.roundId}`, study.panellist))
      .body.items;
    // Answer the two items of section I.2's first indicator (its statement and levels).
    for (const key of ["I.2.1", "I.2.1/levels"]) {
      const id = items.find((i) => i.key === key)!.id;
      const saved = await api(app, "PUT", `/rounds/${study.roundId}/items/${id}/rating`, study.panellist, { value: 3 });
      expect(saved.status).toBe(200);
    }
    const html = await study.page("?part=1");
    const sections = [
      ...html.matchAll(/data-testid="contents-section"><a[^>]*href="([^"]+)"[^>]*>([^<]+)<\/a> ?<span[^>]*>([^<]+)</g),
    ].map((m) => [m[1]!.replace(/&amp;/g, "&"), m[2]!.replace(/<!-- -->/g, ""), m[3]!.replace(/<!-- -->/g, "")]);
    // 2 domains' own items + 6 subdomains (each with 3 indicators and their level sets: 7 items).
    expect(sections).toHaveLength(8);
    // On the part shown, a link within the page; elsewhere, to that part.
    expect(sections[0]).toEqual(["#group-I", "I Domain I", "answered 0 of 1"]);
    const i2 = sections.find((s) => s[1]!.startsWith("I.2 "))!;
    expect(i2[2]).toBe("answered 2 of 7");
    // A section answered on another part links to that part.
    const last = sections.at(-1)!;
    expect(last[1]).toBe("II.3 Subdomain II.3");
    expect(last[0]).toMatch(/\?part=2#group-II\.3$/);
    expect(html).toMatch(/Part 1 \(2 of \d+ answered\)/);
    expect(html).toContain('id="group-I.2"');
  });
});
