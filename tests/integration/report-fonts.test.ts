// The PDF report keeps the study's text: embedded fonts draw Latin, Greek, Cyrillic, Arabic and the report's
// symbols as they are (read back from the PDF as a viewer does), and a character they cannot draw is printed
// as its code point and named at the end, never replaced by a look-alike or "?".
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { api, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { pdfText } from "../support/pdf.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

const GREEK_TITLE = "Μελέτη Δελφών για την ωριμότητα της γονιδιωματικής ιατρικής";

describe("PDF report fonts", () => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  let text: string;

  beforeAll(async () => {
    t = await createTestDb("sqlite");
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    const { modelSlug } = await importModel(t.db, syntheticModel("Fonts model", 1, 1, 2));
    const created = await api(app, "POST", "/consultations", moderator, {
      title: GREEK_TITLE,
      // One line per script: a PDF reader orders the words of a line that mixes directions its own way.
      description: "Кириллица: проверка отчёта.\nبالعربية: اختبار التقرير.\nAccepted ✓. Not in the font: 中.",
      modelSlug,
      items: "indicators",
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await api(app, "POST", `/consultations/${id}/panellists`, moderator, [
      { name: "Fonts Panellist", email: "fonts@report.example", stakeholderType: "ELSI" },
    ]);
    expect((await api(app, "POST", `/rounds/${created.body.roundId}/open`, moderator)).status).toBe(200);
    expect((await api(app, "POST", `/rounds/${created.body.roundId}/close`, moderator)).status).toBe(200);
    const res = await fetch(`${app.url}/consultations/${id}/report.pdf`, { headers: { cookie: moderator.cookie! } });
    expect(res.status, res.status === 200 ? "" : await res.clone().text()).toBe(200);
    // Lines wrap where the page ends: compare words, not line breaks.
    text = (await pdfText(new Uint8Array(await res.arrayBuffer()))).replace(/\s+/g, " ");
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  test("a Greek title comes back verbatim", () => {
    expect(text).toContain(`Study report: ${GREEK_TITLE}`);
    expect(text).not.toMatch(/\?{3,}/);
  });

  test("Cyrillic, Arabic and the report's symbols are drawn as they are", () => {
    expect(text).toContain("Кириллица: проверка отчёта.");
    // Each word as written, read back in reading order (PDF.js drops the space after the colon).
    expect(text).toMatch(/بالعربية: ?اختبار التقرير\./);
    expect(text).toContain("Accepted ✓.");
    expect(text).toContain("≥");
  });

  test("a character the fonts cannot draw is printed as its code point and named at the end", () => {
    expect(text).toContain("Not in the font: [U+4E2D].");
    expect(text).toContain("What this PDF cannot draw as written");
    expect(text).toContain("cannot draw 1 character of this report, printed as their code points: U+4E2D (1×)");
  });
});
