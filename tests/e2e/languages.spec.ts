// A study in English and German, in the browser: a panellist whose browser asks for German reads the interface
// and the items in German and answers; the English moderator sees the answer in the review with language as a
// subgroup, and the study's PDF report quotes the German comment verbatim beside the German item text. An
// Arabic comment reads right to left inside the left-to-right page.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { pdfText } from "../support/pdf";
import { mailedLink } from "./support/mail";
import { base, moderatorApi, panellistPage } from "./support/session";

const MODEL = JSON.parse(readFileSync("tests/fixtures/translated-model.json", "utf8")) as Record<string, unknown>;
const GERMAN_COMMENT = "Zu allgemein formuliert: Wer veröffentlicht die Strategie, und bis wann?";
const ARABIC_COMMENT = "الاستراتيجية الوطنية مهمة جدا";
const GERMAN = { "accept-language": "de-DE,de;q=0.9" };

test("a German panellist answers in German; the English moderator reviews by language; the PDF quotes it", async ({
  browser,
  page,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);
  const api = await moderatorApi(page.request);
  const model = await api("POST", "/models", { ...MODEL, name: `Bilingual e2e ${stamp}` });
  const study = await api("POST", "/consultations", {
    title: `Bilingual study ${stamp}`,
    modelSlug: model.modelSlug,
    items: "indicators",
    languages: ["de"],
  });
  const panel = Array.from({ length: 6 }, (_, i) => ({
    name: `Panel ${i + 1}`,
    email: `bilingual${i + 1}-${stamp}@panel.example`,
    stakeholderType: "ELSI",
  }));
  await api("POST", `/consultations/${study.id}/panellists`, panel);
  await api("POST", `/rounds/${study.roundId}/open`);

  // Panellist 1, in a browser that asks for German, on the voting page.
  const anna = await panellistPage(browser, await mailedLink(panel[0]!.email), { locale: "de-DE" });
  await anna.goto(`${base()}/consultations/${study.id}/rounds/1`);
  await expect(anna.locator("html")).toHaveAttribute("lang", "de");
  await expect(anna.getByRole("heading", { level: 1 })).toContainText("— Runde 1");
  const cards = anna.locator('[data-testid^="item-"]');
  await expect(cards).toHaveCount(3);
  const first = cards.first();
  await expect(first).toContainText("Eine nationale Strategie für Genommedizin ist veröffentlicht");
  // The source wording is one click away.
  await first.getByRole("button", { name: "Originalformulierung anzeigen (EN)" }).click();
  await expect(first).toContainText("A national strategy for genomic medicine is published");
  await first.getByRole("button", { name: "Formulierung auf DE anzeigen" }).click();
  for (let i = 0; i < 3; i++) {
    await cards.nth(i).getByRole("radio", { name: "4 – Stimme zu" }).click();
    await expect(cards.nth(i).getByText(/^Gespeichert/)).toBeVisible();
  }
  await first.getByLabel("Kommentar (optional)").fill(GERMAN_COMMENT);
  await expect(first.getByText(/^Gespeichert/)).toBeVisible();
  await expect(anna.getByTestId("rated-count")).toHaveText("3 von 3 bewertet");
  await anna.getByRole("button", { name: "Runde abschicken" }).click();
  await expect(anna.getByText(/Abgeschickt: Sie können Ihre Antworten/)).toBeVisible();

  // Two more in German and three in English, through the API, so each language reaches the minimum group size;
  // one English panellist comments in Arabic, which reads right to left.
  const items = (await (await anna.request.get(`${base()}/api/v1/rounds/${study.roundId}`)).json()).items as {
    id: string;
  }[];
  for (const [n, p] of panel.slice(1).entries()) {
    const who = await panellistPage(browser, await mailedLink(p.email));
    const headers = { origin: base(), ...(n < 2 ? GERMAN : { "accept-language": "en" }) };
    for (const [i, item] of items.entries()) {
      const comment = n === 2 && i === 0 ? ARABIC_COMMENT : "";
      const res = await who.request.put(`${base()}/api/v1/rounds/${study.roundId}/items/${item.id}/rating`, {
        data: { value: n < 2 ? 4 : 5, comment },
        headers,
      });
      expect(res.ok(), await res.text()).toBeTruthy();
    }
    await who.context().close();
  }
  await api("POST", `/rounds/${study.roundId}/close`);

  // The English moderator reviews: German and English answers together, language as a subgroup.
  // (page shares the signed-in request context of `api`)
  await page.goto(`${base()}/consultations/${study.id}/review/1`);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: /^(Decide|Details of) I\.1\.1$/ }).click();
  const drawer = page.getByRole("dialog");
  await drawer.getByRole("tab", { name: "Language" }).click();
  const byLanguage = drawer.getByRole("table", { name: "Figures by language" });
  await expect(byLanguage.getByRole("row").filter({ hasText: /^de/ })).toContainText("3");
  await expect(byLanguage.getByRole("row").filter({ hasText: /^en/ })).toContainText("3");
  await expect(drawer.getByText(GERMAN_COMMENT)).toBeVisible();
  await expect(drawer.getByText(ARABIC_COMMENT)).toBeVisible();
  const direction = (el: Element) => (el.closest("[dir]")?.matches(":dir(rtl)") ? "rtl" : "ltr");
  expect(await drawer.getByText(ARABIC_COMMENT, { exact: true }).evaluate(direction)).toBe("rtl");
  expect(await drawer.getByText(GERMAN_COMMENT, { exact: true }).evaluate(direction)).toBe("ltr");
  expect(await page.locator("html").evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");

  // The PDF report quotes the German comment verbatim beside the German wording of its item.
  const pdf = await page.request.get(`${base()}/consultations/${study.id}/report.pdf`);
  expect(pdf.ok()).toBeTruthy();
  const text = (await pdfText(new Uint8Array(await pdf.body()))).replace(/\s+/g, " ");
  expect(text).toContain(GERMAN_COMMENT);
  expect(text).toContain("Eine nationale Strategie für Genommedizin ist veröffentlicht");
  await anna.context().close();
});
