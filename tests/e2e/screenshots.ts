// Regenerates docs/screenshots/: the main pages of a demo study at desktop (1280 px) and phone (375 px)
// width, as the moderator and a panellist see them. Run by `npm run screenshots` only.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { base, moderatorApi } from "./support/session";
import { DEMO, demoStudies, type DemoStudies } from "./support/study";

const OUT = join(process.cwd(), "docs", "screenshots");
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
];

interface Shot {
  file: string;
  who: "moderator" | "panellist" | "voter" | "visitor";
  path: (s: DemoStudies) => string;
  then?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { file: "login", who: "visitor", path: () => "/login" },
  { file: "consultations", who: "moderator", path: () => "/consultations" },
  { file: "dashboard", who: "moderator", path: (s) => `/consultations/${s.open.id}` },
  { file: "voting", who: "voter", path: (s) => `/consultations/${s.open.id}/rounds/1` },
  { file: "submitted", who: "panellist", path: (s) => `/consultations/${s.open.id}/rounds/1` },
  { file: "review", who: "moderator", path: (s) => `/consultations/${s.closed.id}/review/1` },
  {
    file: "review-decision",
    who: "moderator",
    path: (s) => `/consultations/${s.closed.id}/review/1`,
    then: async (page) => {
      await page.getByRole("button", { name: /^(Decide|Change) I\.1\.1$/ }).click();
      await expect(page.getByRole("dialog").getByText("Distribution of ratings")).toBeVisible();
    },
  },
  { file: "report", who: "moderator", path: (s) => `/consultations/${s.closed.id}/report` },
  { file: "model", who: "moderator", path: () => `/models/${DEMO}` },
];

test("screenshots of the main pages at 1280 and 375 px", async ({ browser }) => {
  mkdirSync(OUT, { recursive: true });
  const studies = await demoStudies(browser, Date.now().toString(36), true);
  const moderator = await browser.newContext();
  await moderatorApi(moderator.request);
  const contexts = {
    moderator,
    panellist: studies.panellist.context(),
    voter: studies.voter.context(),
    visitor: await browser.newContext(),
  };
  for (const shot of SHOTS)
    for (const size of WIDTHS) {
      const page = await contexts[shot.who].newPage();
      await page.setViewportSize(size);
      await page.goto(`${base()}${shot.path(studies)}`);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      await shot.then?.(page);
      // Let transitions (drawer, fonts) settle so the picture is the page at rest.
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(OUT, `${shot.file}-${size.width}.png`), animations: "disabled" });
      await page.close();
    }
  for (const context of Object.values(contexts)) await context.close();
});
