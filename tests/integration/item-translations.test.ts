// A consultation in English and German over the real API: it offers the translations chosen at creation, a
// panellist whose browser asks for German reads and answers the items in German (the source wording beside them),
// the answer keeps its language, and the closed round's figures have a language subgroup, suppressed below the
// minimum group size, as are the language badges of the comments (docs/decisions/item-translations.md).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { api, redeem, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { mailedLinks } from "../support/mail.js";
import { pdfText } from "../support/pdf.js";
import { createTestUser, login, pageData, startTestApp } from "../support/server.js";

const MODEL = JSON.parse(readFileSync(new URL("../fixtures/translated-model.json", import.meta.url), "utf8"));
const GERMAN = { "accept-language": "de-DE,de;q=0.9,en;q=0.5" };
const ENGLISH = { "accept-language": "en-GB,en;q=0.9" };
const PANEL = Array.from({ length: 6 }, (_, i) => ({
  name: `Translated Panellist ${i + 1}`,
  email: `translated${i + 1}@panel.example`,
  stakeholderType: "ELSI",
}));
const SUPPRESSED = { suppressed: true, note: "n < 3, suppressed" };

describe.each(providers)("a consultation in English and German on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let admin: Caller;
  let id: string;
  let round1: string;
  let german: Caller[];
  let english: Caller[];

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const user = await createTestUser(t, { isAdmin: true });
    admin = { cookie: await login(app, user.email, user.password) };
    await importModel(t.db, MODEL);
    const created = await api(app, "POST", "/consultations", admin, {
      title: "Bilingual study",
      modelSlug: "translated-demo-model",
      items: ["I.1.1", "I.1.2", "II.1.1"],
      languages: ["de"],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    round1 = created.body.roundId;
    expect((await api(app, "POST", `/consultations/${id}/panellists`, admin, PANEL)).status).toBe(201);
    const links = await mailedLinks(t.db);
    const panel: Caller[] = [];
    for (const p of PANEL) panel.push({ cookie: await redeem(app, links.get(p.email)!) });
    german = panel.slice(0, 3);
    english = panel.slice(3);
    expect((await api(app, "POST", `/rounds/${round1}/open`, admin)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  test("the consultation offers the model's language and the translation chosen; an untranslated one is refused by name", async () => {
    expect((await api(app, "GET", `/consultations/${id}`, admin)).body.languages).toEqual(["en", "de"]);
    const base = { title: "Only English", modelSlug: "translated-demo-model", items: "indicators" };
    const plain = await api(app, "POST", "/consultations", admin, base);
    expect((await api(app, "GET", `/consultations/${plain.body.id}`, admin)).body.languages).toEqual(["en"]);
    const french = await api(app, "POST", "/consultations", admin, { ...base, languages: ["fr"] });
    expect(french.status).toBe(400);
    expect(french.body.error.details).toEqual([{ path: "languages", message: 'no translation into "fr"' }]);
    const form = await pageData(app, "/consultations/new", {
      method: "POST",
      cookie: admin.cookie!,
      body: new URLSearchParams({
        title: "Form bilingual",
        model: "translated-demo-model@1",
        items: "indicators",
        language: "de",
      }),
    });
    expect(form.status, JSON.stringify(form.value)).toBeLessThan(400);
    const stored = await t.db.consultation.findFirstOrThrow({ where: { title: "Form bilingual" } });
    expect(JSON.parse(stored.languages)).toEqual(["en", "de"]);
  });

  test("a panellist whose browser asks for German gets the German wording, the source beside it; English stays English", async () => {
    const de = await api(app, "GET", `/rounds/${round1}`, german[0]!, undefined, GERMAN);
    expect(de.status, JSON.stringify(de.body)).toBe(200);
    expect(de.body.language).toBe("de");
    expect(de.body.consultation.languages).toEqual(["en", "de"]);
    const [first] = de.body.items;
    expect(first).toMatchObject({
      key: "I.1.1",
      language: "de",
      wording: "Eine nationale Strategie für Genommedizin ist veröffentlicht",
      sourceWording: "A national strategy for genomic medicine is published",
    });
    const en = await api(app, "GET", `/rounds/${round1}`, english[0]!, undefined, ENGLISH);
    expect(en.body.language).toBe("en");
    expect(en.body.items[0]).toMatchObject({ language: "en", wording: first.sourceWording });
    // A language the consultation does not offer falls back to the source.
    const fr = await api(app, "GET", `/rounds/${round1}`, english[0]!, undefined, { "accept-language": "fr" });
    expect(fr.body.items[0].language).toBe("en");
    // The voting page's loader shows the same.
    const page = await pageData(app, `/consultations/${id}/rounds/1`, { cookie: german[0]!.cookie!, headers: GERMAN });
    expect(page.routes["routes/consultations.$id.rounds.$number"]!.data.view.items[0].wording).toBe(first.wording);
  });

  test("answers keep their language; the closed round's figures break down by language, small languages suppressed", async () => {
    const view = await api(app, "GET", `/rounds/${round1}`, german[0]!, undefined, GERMAN);
    const [one, two] = view.body.items as { id: string }[];
    const rate = (who: Caller, item: string, value: number, comment: string, headers: Record<string, string>) =>
      api(app, "PUT", `/rounds/${round1}/items/${item}/rating`, who, { value, comment }, headers);
    // I.1.1: three answers in each language. I.1.2: three in English, two in German.
    for (const [i, who] of german.entries()) {
      expect((await rate(who, one!.id, 4, i === 0 ? "Zu allgemein formuliert" : "", GERMAN)).status).toBe(200);
      if (i < 2) expect((await rate(who, two!.id, 2, i === 0 ? "Budget fehlt oft" : "", GERMAN)).status).toBe(200);
    }
    for (const [i, who] of english.entries()) {
      expect((await rate(who, one!.id, 5, i === 0 ? "Clear enough" : "", ENGLISH)).status).toBe(200);
      expect((await rate(who, two!.id, 3, "", ENGLISH)).status).toBe(200);
    }
    const stored = await t.db.rating.findMany({ where: { roundItemId: one!.id }, select: { language: true } });
    expect(stored.map((r) => r.language).sort()).toEqual(["de", "de", "de", "en", "en", "en"]);

    expect((await api(app, "POST", `/rounds/${round1}/close`, admin)).status).toBe(200);
    const results = await api(app, "GET", `/rounds/${round1}/results`, admin);
    const [r1, r2] = results.body.items;
    expect(r1.figures.byLanguage.map((g: any) => [g.group, g.suppressed, g.figures?.nRated])).toEqual([
      ["de", false, 3],
      ["en", false, 3],
    ]);
    expect(r1.figures.byLanguage[0].figures.median).toBe(4);
    // Two German answers are two people: suppressed, and English with them (the total would give German back).
    expect(r2.figures.byLanguage).toEqual([
      { group: "de", ...SUPPRESSED },
      { group: "en", ...SUPPRESSED },
    ]);

    // The English moderator reviews in English; the comments show their language where it reached 3 answers.
    const review = await api(app, "GET", `/rounds/${round1}/review`, admin, undefined, ENGLISH);
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    const [v1, v2] = review.body.items;
    expect(v1.language).toBe("en");
    expect(v1.figures.byLanguage).toHaveLength(2);
    expect(v1.comments).toEqual(["Clear enough", "Zu allgemein formuliert"]);
    expect(v1.commentLanguages).toEqual(["en", "de"]);
    expect(v2.comments).toEqual(["Budget fehlt oft"]);
    expect(v2.commentLanguages).toEqual([null]);
    // The study report quotes the German comment verbatim with the item's German wording; the page and the PDF alike.
    const report = await api(app, "GET", `/consultations/${id}/report`, admin);
    expect(report.body.commentsInOtherLanguages).toEqual([
      {
        round: 1,
        key: "I.1.1",
        language: "de",
        wording: "Eine nationale Strategie für Genommedizin ist veröffentlicht",
        translated: true,
        comment: "Zu allgemein formuliert",
      },
    ]);
    const pdf = await fetch(`${app.url}/consultations/${id}/report.pdf`, { headers: { cookie: admin.cookie! } });
    expect(pdf.status).toBe(200);
    const text = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).replace(/\s+/g, " ");
    expect(text).toContain("Comments in other languages than EN");
    expect(text).toContain("Eine nationale Strategie für Genommedizin ist veröffentlicht");
    expect(text).toContain("Zu allgemein formuliert");
    // Below the minimum, the comment is not quoted as German (its language is not shown).
    expect(text).not.toContain("Budget fehlt oft");
    // A German-speaking reviewer reads the item in German.
    const inGerman = await api(app, "GET", `/rounds/${round1}/review`, admin, undefined, GERMAN);
    expect(inGerman.body.items[0]).toMatchObject({
      language: "de",
      wording: "Eine nationale Strategie für Genommedizin ist veröffentlicht",
    });
  });

  test("round 2 keeps an unchanged item's translation; a reworded one has only what the moderator translated", async () => {
    const bad = await api(app, "POST", `/consultations/${id}/rounds`, admin, {
      items: [{ key: "I.1.1", wording: "Reworded", translations: { fr: "Reformulé" } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: "items[0].translations.fr", message: "not a language of the consultation" },
    ]);
    const next = await api(app, "POST", `/consultations/${id}/rounds`, admin, {
      items: [
        { key: "I.1.1" },
        { key: "I.1.2", wording: "The strategy has a funded plan for its implementation" },
        {
          key: "II.1.1",
          wording: "Hospitals share genomic data securely",
          translations: { de: "Kliniken tauschen Genomdaten sicher aus" },
        },
      ],
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const view = await api(app, "GET", `/rounds/${next.body.id}`, admin, undefined, GERMAN);
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    expect(view.body.items.map((i: any) => [i.key, i.language, i.wording])).toEqual([
      ["I.1.1", "de", "Eine nationale Strategie für Genommedizin ist veröffentlicht"],
      ["I.1.2", "en", "The strategy has a funded plan for its implementation"],
      ["II.1.1", "de", "Kliniken tauschen Genomdaten sicher aus"],
    ]);
    // The feedback beside the carried item shows the German comment's language: German had 3 answers on it.
    expect(view.body.items[0].feedback.comments).toEqual(["Clear enough", "Zu allgemein formuliert"]);
    expect(view.body.items[0].feedback.commentLanguages).toEqual(["en", "de"]);
    expect(view.body.items[1].feedback.commentLanguages).toEqual([null]);
    // The page renders the German wording, the switch to the original and the note on the untranslated item.
    const html = await (
      await fetch(`${app.url}/consultations/${id}/rounds/2`, { headers: { cookie: admin.cookie!, ...GERMAN } })
    ).text();
    expect(html).toContain("Originalformulierung anzeigen (EN)");
    expect(html).toContain("Kliniken tauschen Genomdaten sicher aus");
    expect(html).toContain("Nicht ins DE übersetzt");
  });
});
