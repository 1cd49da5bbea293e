// The core Delphi flow in real browsers: a moderator sets up and runs round 1, three panellists
// (one on a phone) vote in their own browser contexts, the moderator watches progress live,
// closes the round and carries two reworded items into round 2, where a panellist gets feedback.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { confirmStep } from "./support/confirm";
import { mailedLink } from "./support/mail";

const PANEL_CSV = [
  "name,email,stakeholder type,country,gender,working group/expertise",
  "Alba Rossi,alba.e2e@panel.example,Clinical communities,IT,female,WG clinical",
  "Bruno Lenz,bruno.e2e@panel.example,Ministry/Agency/Policy maker,DE,male,WG policy",
  "Carla Dias,carla.e2e@panel.example,Patient organisations,PT,female,WG ELSI",
  "Dirk Maes,dirk.e2e@panel.example,IT/Data communities,BE,male,WG data",
  "Eva Berg,eva.e2e@panel.example,Research/University,DK,female,WG research",
].join("\n");

async function logInAsModerator(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill("moderator@example.org");
  await page.getByLabel("Password").fill("delphi-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/consultations$/);
}

async function joinAsPanellist(browser: Browser, link: string, viewport?: { width: number; height: number }) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole("button", { name: "Join the consultation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("E2E study");
  return page;
}

test("a two-round Delphi consultation with live progress and feedback", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await logInAsModerator(page);
  await page.getByRole("link", { name: "New consultation" }).click();
  await page.getByLabel("Title").fill("E2E study");
  await page.getByLabel("Indicator statements", { exact: true }).check();
  await page.getByRole("button", { name: "Create consultation" }).click();
  await expect(page.getByRole("heading", { name: "E2E study" })).toBeVisible();

  // A file with two wrong lines is refused whole, both listed by line; the corrected file then goes in.
  const broken = PANEL_CSV.replace("bruno.e2e@panel.example", "bruno.e2e-at-panel").replace(
    "Research/University",
    "Astrology",
  );
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: "panel.csv", mimeType: "text/csv", buffer: Buffer.from(broken) });
  await page.getByRole("button", { name: "Import" }).click();
  const csvErrors = page.getByTestId("csv-errors");
  await expect(csvErrors).toContainText("Nothing was imported");
  await expect(csvErrors.getByRole("listitem")).toHaveText([
    "Line 3: email: expected an email address",
    /^Line 6: stakeholderType: expected one of/,
  ]);
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: "panel.csv", mimeType: "text/csv", buffer: Buffer.from(PANEL_CSV) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText("Imported 5 panellists")).toBeVisible();
  // The outbox lists the five invitations without their links; the links arrive by mail.
  await expect(page.getByTestId("outbox").getByRole("row")).toHaveCount(6);
  await expect(page.getByTestId("outbox")).not.toContainText("/invite/");
  const links = await Promise.all(
    ["alba.e2e@panel.example", "bruno.e2e@panel.example", "carla.e2e@panel.example"].map((e) => mailedLink(e)),
  );

  await confirmStep(page, "Open round 1");
  await expect(page.getByText("Round opened.")).toBeVisible();
  await expect(page.getByTestId("finished-count")).toHaveText("0 of 5 experts have finished");

  const phone = { width: 375, height: 740 };
  const panellists = [
    await joinAsPanellist(browser, links[0]!),
    await joinAsPanellist(browser, links[1]!),
    await joinAsPanellist(browser, links[2]!, phone),
  ];
  for (const [p, panel] of panellists.entries()) {
    await panel.getByRole("link", { name: "Answer this round" }).click();
    const cards = panel.locator('[data-testid^="item-"]');
    await expect(cards).toHaveCount(22);
    const n = 22;
    for (let i = 0; i < n; i++) {
      const choice = i === 0 ? ["Agree", "Neutral", "Disagree"][p]! : i % 5 === 4 ? "No opinion" : "Agree";
      await cards
        .nth(i)
        .getByRole("radio", { name: new RegExp(choice === "No opinion" ? "^No opinion" : `^\\d – ${choice}$`) })
        .click();
      await expect(cards.nth(i).getByText(/^Saved/)).toBeVisible();
    }
    await expect(panel.getByTestId("rated-count")).toHaveText("22 of 22 rated");
    await panel.getByRole("button", { name: "Submit round" }).click();
    await expect(panel.getByText("Submitted: you can still change answers")).toBeVisible();
    // The moderator's dashboard follows without a reload.
    await expect(page.getByTestId("finished-count")).toHaveText(`${p + 1} of 5 experts have finished`);
  }
  // Keyboard rating works too: arrow keys move between the points without saving, Enter saves the focused one.
  const first = panellists[0]!.locator('[data-testid^="item-"]').first();
  await first
    .getByRole("radio", { name: /Agree$/ })
    .first()
    .focus();
  await panellists[0]!.keyboard.press("ArrowRight");
  const strongly = first.getByRole("radio", { name: "5 – Strongly agree" });
  await expect(strongly).toBeFocused();
  await expect(strongly).toHaveAttribute("aria-checked", "false");
  await panellists[0]!.keyboard.press("Enter");
  await expect(strongly).toHaveAttribute("aria-checked", "true");
  await expect(first.getByText(/^Saved/)).toBeVisible();

  await confirmStep(page, "Close round 1");
  await expect(page.getByText("Round closed; results computed.")).toBeVisible();
  // Panellists see the round close live.
  await expect(panellists[1]!.getByTestId("round-closed")).toBeVisible();

  await page.getByRole("link", { name: "Prepare round 2" }).click();
  await expect(page.getByRole("heading", { name: "Prepare round 2" })).toBeVisible();
  for (const box of await page.getByRole("checkbox").all()) await box.uncheck();
  const carried = ["I.1.1", "II.1.1"];
  for (const key of carried) await page.getByTestId(`carry-${key}`).getByRole("checkbox").check();
  const wording = page.getByTestId("carry-I.1.1").getByLabel("Wording for the next round");
  const original = await wording.inputValue();
  await wording.fill(`${original} and reviewed every year`);
  await page.getByRole("button", { name: "Create round 2 as a draft" }).click();
  await confirmStep(page, "Open round 2");
  await expect(page.getByText("Round opened.")).toBeVisible();

  const panel = panellists[1]!;
  await panel.goto(panel.url().replace(/rounds\/1$/, "rounds/2"));
  const cards = panel.locator('[data-testid^="item-"]');
  await expect(cards).toHaveCount(2);
  const item = panel.getByTestId("item-I.1.1");
  await expect(item.getByTestId("feedback")).toContainText("Previous round: 3 ratings");
  await expect(item.getByRole("table", { name: "Previous round distribution" })).toContainText("← your answer");
  await expect(item.getByRole("row").filter({ hasText: "← your answer" })).toContainText("Neutral");
  await expect(item.getByTestId("wording-diff").locator("ins")).toContainText("and reviewed every year");
  await item.getByRole("radio", { name: "4 – Agree" }).click();
  await expect(item.getByText(/^Saved/)).toBeVisible();
  await expect(panel.getByTestId("rated-count")).toHaveText("1 of 2 rated");

  // After round 2 the review shows how the carried item moved: a chart of the shares per round, described for
  // screen readers, with the same figures as a table.
  await confirmStep(page, "Close round 2");
  await expect(page.getByText("Round closed; results computed.")).toBeVisible();
  await page.goto(page.url().replace(/(\/consultations\/[^/?#]+).*$/, "$1/review/2"));
  await page.getByRole("button", { name: /^(Decide|Details of) I\.1\.1$/ }).click();
  const change = page.getByRole("dialog").getByRole("img", { name: /shares per round/ });
  await expect(change).toBeVisible();
  await expect(change.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("dialog").getByRole("table", { name: "Figures per round" })).toContainText("3");
});
