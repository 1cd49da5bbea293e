// The whole study of issue 14 in one run, as its users would do it: the moderator creates a consultation with
// a Greek title on a chosen subset of the model's items, imports the panel from a CSV file (one bad line, fixed),
// adds the method team's observer and opens round 1 after a confirmation; panellist A answers with the keyboard
// only, B on a 375 px phone, C tries to submit with 3 items unanswered (is asked, then completes) and keeps a
// comment across a reload; the moderator closes, decides, prepares round 2 from the decisions and opens it (the
// panel is mailed); round 2 is answered, closed and the consensus published; the observer's PDF report holds the
// Greek title verbatim.
import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { pdfText } from "../support/pdf";
import { readMailFrom } from "../support/mail-sink";
import { confirmStep } from "./support/confirm";
import { mailDir, mailedLink } from "./support/mail";
import { base, moderatorApi } from "./support/session";

const stamp = Date.now().toString(36);
const TITLE = `Ωριμότητα της γονιδιωματικής ιατρικής: μελέτη Delphi ${stamp}`;
const PANEL = [
  { name: "Anna Keys", email: `anna.${stamp}@whole.example`, type: "Clinical communities", country: "GR" },
  { name: "Ben Phone", email: `ben.${stamp}@whole.example`, type: "Research/University", country: "CY" },
  { name: "Chloe Late", email: `chloe.${stamp}@whole.example`, type: "ELSI", country: "PT" },
];
const CSV = (emailOfB: string) =>
  [
    "name,email,stakeholder type,country",
    ...PANEL.map((p, i) => `${p.name},${i === 1 ? emailOfB : p.email},${p.type},${p.country}`),
  ].join("\n");
const NEW_WORDING = "A named national body steers genomic medicine and reports on it every year";

/** Presses Tab (Shift+Tab with `back`) until `target` has the focus: how a keyboard user gets anywhere. */
async function tabTo(page: Page, target: Locator, back = false) {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`no keyboard path to ${target}`);
}

/** Rates with the keyboard only: Tab into the item's scale, arrows to the point, Enter saves it. */
async function rateByKeyboard(page: Page, card: Locator, points: number) {
  await tabTo(page, card.locator('[role="radio"][tabindex="0"]'));
  // The tab stop of an unanswered scale is its first point, "1 – Strongly disagree".
  for (let i = 1; i < points; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await expect(card.getByText(/^Saved/)).toBeVisible();
}

async function join(browser: Browser, email: string, options: Parameters<Browser["newContext"]>[0] = {}) {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto((await mailedLink(email)).replace(/^https?:\/\/[^/]+/, base()));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(TITLE);
  return page;
}

// A step that cannot happen fails in seconds, not at the end of the whole study's time.
test.use({ actionTimeout: 20_000 });

const mailsTo = (email: string) => readMailFrom(mailDir()).filter((m) => m.to === email);

test("a whole two-round study: chosen items, CSV panel, keyboard, phone, unanswered items, mails, publish, PDF", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  // Signs the moderator's page in too (page.request shares its cookies).
  const api = await moderatorApi(page.request);
  // A model of its own (the demo's text under another name): the version published at the end must not become
  // the demo's latest, which other specs rate.
  const demo = JSON.parse(readFileSync("prisma/demo-model.json", "utf8")) as Record<string, unknown>;
  const model = await api("POST", "/models", { ...demo, name: `Whole study e2e ${stamp}` });

  // Create: the Greek title, an introduction, and the indicators of every domain but the first, in the tree.
  await page.goto(`${base()}/consultations/new`);
  await page.getByLabel("Title").fill(TITLE);
  await page.getByLabel("Description").fill("Rate how far each indicator is relevant and clearly worded.");
  await page.getByLabel("Model version to validate").selectOption(`${model.modelSlug}@1`);
  await expect(page).toHaveURL(new RegExp(`model=${model.modelSlug}`));
  await page.getByLabel("Indicator statements", { exact: true }).check();
  const chosen = page.getByTestId("items-chosen");
  const indicators = Number((await chosen.textContent())!.match(/^(\d+)/)![1]);
  const firstDomain = page.getByRole("treeitem").first();
  const inFirst = Number((await firstDomain.getByTestId("node-count").first().textContent())!.split("/")[0]);
  await firstDomain.getByRole("checkbox").first().click(); // partly chosen → all of it
  await firstDomain.getByRole("checkbox").first().click(); // → none of it
  const expected = indicators - inFirst;
  await expect(chosen).toHaveText(new RegExp(`^${expected} of \\d+ items selected \\(own choice\\)$`));
  await page.getByRole("button", { name: "Create consultation" }).click();
  await expect(page.getByRole("heading", { name: TITLE })).toBeVisible();
  const id = page.url().split("/consultations/")[1]!.split(/[/?#]/)[0]!;
  const dashboard = `${base()}/consultations/${id}`;
  const round1 = (await api("GET", `/consultations/${id}`)).rounds[0];
  expect(round1.items).toBe(expected);
  const items: { id: string; key: string }[] = (await api("GET", `/rounds/${round1.id}`)).items;
  expect(items.some((i) => i.key.startsWith("I."))).toBe(false);
  // X is to be reformulated (5, 4, 2), Y re-evaluated (5, 4, 3), the rest validated (5, 5, 4) under the B1MG rule.
  const [X, Y] = [items[0]!, items[1]!];
  const ratings = (key: string) => (key === X.key ? [5, 4, 2] : key === Y.key ? [5, 4, 3] : [5, 5, 4]);

  // The panel from a CSV file: a bad email on line 3 refuses the whole file and says which line; fixed, it goes in.
  const upload = (csv: string) =>
    page
      .locator('input[type="file"]')
      .setInputFiles({ name: "panel.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await upload(CSV("ben-at-whole.example"));
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("csv-errors")).toContainText("Nothing was imported");
  await expect(page.getByTestId("csv-errors").getByRole("listitem")).toHaveText([
    "Line 3: email: expected an email address",
  ]);
  await expect(page.getByTestId("panel-row")).toHaveCount(0);
  await upload(CSV(PANEL[1]!.email));
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("csv-result")).toContainText("Imported 3 panellists");

  // The method team's observer (an existing account: the name it has is kept).
  const staff = page.locator("form").filter({ has: page.locator('input[name="intent"][value="add-staff"]') });
  await staff.getByLabel("Email").fill("methods@example.org");
  await staff.getByLabel("Role").selectOption("observer");
  await staff.getByRole("button", { name: "Add" }).click();
  await expect(page.getByText(/^Added Observer \d+\.$/)).toBeVisible();

  // Opening asks first; then every panellist is mailed that round 1 is open.
  await page.getByRole("button", { name: "Open round 1", exact: true }).click();
  await expect(page.getByRole("dialog")).toContainText(`3 panellists can answer its ${expected} items from now on`);
  await page.getByRole("dialog").getByRole("button", { name: "Open round 1", exact: true }).click();
  await expect(page.getByText("Round opened.")).toBeVisible();
  for (const p of PANEL)
    await expect.poll(() => mailsTo(p.email).map((m) => m.subject)).toContain(`Round 1 of ${TITLE} is open`);

  // A, keyboard only: joins, goes to the round, answers every item and submits without touching the mouse.
  const anna = await join(browser, PANEL[0]!.email);
  await tabTo(anna, anna.getByRole("button", { name: "Join the consultation" }));
  await anna.keyboard.press("Enter");
  await expect(anna).toHaveURL(new RegExp(`/consultations/${id}$`));
  await tabTo(anna, anna.getByRole("link", { name: "Answer this round" }));
  await anna.keyboard.press("Enter");
  await expect(anna).toHaveURL(/\/rounds\/1/);
  for (const item of items) await rateByKeyboard(anna, anna.getByTestId(`item-${item.key}`), ratings(item.key)[0]!);
  await expect(anna.getByTestId("rated-count")).toHaveText(`${expected} of ${expected} rated`);
  await tabTo(anna, anna.getByRole("button", { name: "Submit round" }));
  await anna.keyboard.press("Enter");
  await expect(anna.getByText("Submitted: you can still change answers")).toBeVisible();

  // B on a 375 px phone: item text and comment use the width; every answer is one tap.
  const ben = await join(browser, PANEL[1]!.email, { viewport: { width: 375, height: 740 }, hasTouch: true });
  await ben.getByRole("button", { name: "Join the consultation" }).tap();
  await ben.getByRole("link", { name: "Answer this round" }).tap();
  for (const item of items) {
    const card = ben.getByTestId(`item-${item.key}`);
    await card.getByRole("radio", { name: new RegExp(`^${ratings(item.key)[1]} – `) }).tap();
    await expect(card.getByText(/^Saved/)).toBeVisible();
  }
  const firstCard = ben.getByTestId(`item-${X.key}`);
  expect((await firstCard.boundingBox())!.width).toBeGreaterThanOrEqual(335);
  expect((await firstCard.getByLabel("Comment (optional)").boundingBox())!.width).toBeGreaterThanOrEqual(300);
  expect(await ben.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await ben.getByRole("button", { name: "Submit round" }).tap();
  await expect(ben.getByText("Submitted: you can still change answers")).toBeVisible();

  // C leaves three items blank and is asked before submitting; a comment typed and the page reloaded stays.
  const chloe = await join(browser, PANEL[2]!.email);
  await chloe.getByRole("button", { name: "Join the consultation" }).click();
  await chloe.getByRole("link", { name: "Answer this round" }).click();
  const blank = [items[2]!, items[4]!, items[items.length - 1]!];
  for (const item of items.filter((i) => !blank.includes(i))) {
    const card = chloe.getByTestId(`item-${item.key}`);
    await card.getByRole("radio", { name: new RegExp(`^${ratings(item.key)[2]} – `) }).click();
    await expect(card.getByText(/^Saved/)).toBeVisible();
  }
  const comment = chloe.getByTestId(`item-${X.key}`).getByLabel("Comment (optional)");
  await comment.fill("Say which body, and who pays for it.");
  await chloe.reload();
  await expect(comment).toHaveValue("Say which body, and who pays for it.");
  await chloe.getByRole("button", { name: "Submit round" }).click();
  const ask = chloe.getByRole("dialog");
  await expect(ask).toContainText("3 items are unanswered");
  await expect(ask.getByTestId("unanswered-list").getByRole("link")).toHaveText(blank.map((i) => i.key));
  await ask.getByRole("button", { name: "Go back and answer them" }).click();
  for (const item of blank) {
    const card = chloe.getByTestId(`item-${item.key}`);
    await card.getByRole("radio", { name: new RegExp(`^${ratings(item.key)[2]} – `) }).click();
    await expect(card.getByText(/^Saved/)).toBeVisible();
  }
  await chloe.getByRole("button", { name: "Submit round" }).click();
  await expect(chloe.getByText("Submitted: you can still change answers")).toBeVisible();
  await expect(page.getByTestId("finished-count")).toHaveText("3 of 3 experts have finished");

  // Close round 1 (asked first), reformulate X in the review and accept the computed statuses of the rest.
  await confirmStep(page, "Close round 1");
  await expect(page.getByText("Round closed; results computed.")).toBeVisible();
  await page.goto(`${dashboard}/review/1`);
  await expect(page.getByTestId(`review-row-${X.key}`)).toContainText("reformulate");
  await expect(page.getByTestId(`review-row-${Y.key}`)).toContainText("re-evaluate");
  await page.getByRole("button", { name: `Decide ${X.key}` }).click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByText("Say which body, and who pays for it.")).toBeVisible();
  await drawer.getByLabel("New wording").fill(NEW_WORDING);
  await drawer.getByRole("button", { name: "Save decision" }).click();
  await expect(page.getByRole("status")).toContainText(`${X.key}: decision recorded (reformulate)`);
  await page.getByRole("button", { name: "Accept all computed statuses" }).click();
  await expect(page.getByText(`${expected} of ${expected} decided`)).toBeVisible();

  // Round 2 is prepared from the decisions: X with its new wording and Y ticked, the validated ones not.
  await page.goto(`${dashboard}/next-round`);
  await expect(page.getByTestId(`carry-${X.key}`).getByRole("checkbox")).toBeChecked();
  await expect(page.getByTestId(`carry-${X.key}`).getByLabel("Wording for the next round")).toHaveValue(NEW_WORDING);
  await expect(page.getByTestId(`carry-${Y.key}`).getByRole("checkbox")).toBeChecked();
  await expect(page.getByTestId(`carry-${items[2]!.key}`).getByRole("checkbox")).not.toBeChecked();
  await page.getByLabel("Deadline (optional)").fill("2099-06-30T12:00");
  await page.getByLabel("Automatic reminders before the deadline").fill("3 days, 1 day");
  await page.getByRole("button", { name: "Create round 2 as a draft" }).click();
  await expect(page).toHaveURL(new RegExp(`/consultations/${id}$`));
  await confirmStep(page, "Open round 2");
  await expect(page.getByText("Round opened.")).toBeVisible();

  // The panel is told: a mail with the deadline, and the round waiting in the consultations list.
  for (const p of PANEL)
    await expect
      .poll(() => mailsTo(p.email).find((m) => m.subject === `Round 2 of ${TITLE} is open`)?.text ?? "")
      .toContain("2099");
  await anna.goto(`${base()}/consultations`);
  await expect(anna.getByTestId("rounds-waiting")).toContainText(`Round 2 of ${TITLE}`);

  // Round 2: the reworded item with its change marked and the panel's round-1 answers; everyone answers it.
  const round2 = (await api("GET", `/consultations/${id}`)).rounds.find((r: { number: number }) => r.number === 2);
  expect(round2.items).toBe(2);
  for (const [p, panellist] of [anna, ben, chloe].entries()) {
    await panellist.goto(`${dashboard}/rounds/2`);
    const card = panellist.getByTestId(`item-${X.key}`);
    await expect(card.getByTestId("feedback")).toContainText("Previous round: 3 ratings");
    await expect(card.getByTestId("wording-diff").locator("ins").first()).toBeVisible();
    for (const item of [X, Y]) {
      const c = panellist.getByTestId(`item-${item.key}`);
      await c.getByRole("radio", { name: new RegExp(`^${[5, 5, 4][p]} – `) }).click();
      await expect(c.getByText(/^Saved/)).toBeVisible();
    }
  }
  await page.goto(dashboard);
  await confirmStep(page, "Close round 2");
  await expect(page.getByText("Round closed; results computed.")).toBeVisible();
  await page.goto(`${dashboard}/review/2`);
  await page.getByRole("button", { name: "Accept all computed statuses" }).click();
  await expect(page.getByText("2 of 2 decided")).toBeVisible();
  await page.getByRole("button", { name: "Publish consensus as version 2" }).click();
  await page.getByRole("button", { name: "Publish version 2", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${model.modelSlug}/compare\\?from=1&to=2$`));
  await expect(page.getByTestId(`compare-${X.key}`)).toContainText("reports on it every year");

  // The observer's report: the PDF holds the Greek title verbatim, as text a reader can copy.
  const observer = await (await browser.newContext()).newPage();
  await observer.goto(`${base()}/login`);
  await observer.getByLabel("Email").fill("methods@example.org");
  await observer.getByLabel("Password").fill("delphi-demo");
  await observer.getByRole("button", { name: "Log in" }).click();
  await expect(observer).toHaveURL(/\/consultations$/);
  await observer.goto(`${dashboard}/report`);
  await expect(observer.getByRole("heading", { level: 1 })).toContainText(TITLE);
  const [download] = await Promise.all([
    observer.waitForEvent("download"),
    observer.getByRole("link", { name: /PDF/ }).first().click(),
  ]);
  const pdf = Buffer.concat(await (await download.createReadStream()).toArray());
  const text = await pdfText(pdf);
  expect(text.replace(/\s+/g, " ")).toContain(TITLE);
  expect(text).not.toContain("??");
  for (const p of [anna, ben, chloe, observer]) await p.context().close();
});
