// Every page passes axe's WCAG 2.1 A/AA rules with no serious or critical violation, at desktop width
// (1280 px) and phone width (375 px), as the moderator, a panellist or a visitor sees it (issue 14 item 12).
// One demo study with an open round and one with a closed round give every page real content.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { base, moderatorApi } from "./support/session";
import { DEMO, demoStudies, type DemoStudies } from "./support/study";

type Who = "moderator" | "panellist" | "voter" | "visitor";
interface Screen {
  name: string;
  who: Who;
  path: (s: DemoStudies) => string;
  /** What to do once the page is there (open a tab, a drawer) before axe looks. */
  then?: (page: Page) => Promise<void>;
}

const tab = (name: string) => async (page: Page) => {
  await page.getByRole("tab", { name }).click();
  await expect(page.getByRole("tabpanel", { name })).toBeVisible();
};

const SCREENS: Screen[] = [
  { name: "login", who: "visitor", path: () => "/login" },
  { name: "invitation", who: "visitor", path: (s) => new URL(s.inviteLink).pathname },
  { name: "consultations list (moderator)", who: "moderator", path: () => "/consultations" },
  { name: "consultations list (panellist)", who: "panellist", path: () => "/consultations" },
  { name: "new consultation", who: "moderator", path: () => "/consultations/new" },
  { name: "consultation page (moderator)", who: "moderator", path: (s) => `/consultations/${s.open.id}` },
  { name: "consultation page (panellist)", who: "panellist", path: (s) => `/consultations/${s.open.id}` },
  { name: "voting page", who: "voter", path: (s) => `/consultations/${s.open.id}/rounds/1` },
  { name: "voting page, submitted", who: "panellist", path: (s) => `/consultations/${s.open.id}/rounds/1` },
  { name: "closed consultation page", who: "moderator", path: (s) => `/consultations/${s.closed.id}` },
  { name: "review, items", who: "moderator", path: (s) => `/consultations/${s.closed.id}/review/1` },
  {
    name: "review, decision drawer",
    who: "moderator",
    path: (s) => `/consultations/${s.closed.id}/review/1`,
    then: async (page) => {
      await page.getByRole("button", { name: /^(Decide|Change) I\.1\.1$/ }).click();
      await expect(page.getByRole("dialog").getByText("Distribution of ratings")).toBeVisible();
    },
  },
  {
    name: "review, domain overview",
    who: "moderator",
    path: (s) => `/consultations/${s.closed.id}/review/1`,
    then: tab("Domain overview"),
  },
  {
    name: "review, stability",
    who: "moderator",
    path: (s) => `/consultations/${s.closed.id}/review/1`,
    then: tab("Stability and agreement"),
  },
  {
    name: "item page",
    who: "moderator",
    path: (s) => `/consultations/${s.closed.id}/items/${encodeURIComponent(s.closed.itemKey)}`,
  },
  { name: "next round", who: "moderator", path: (s) => `/consultations/${s.closed.id}/next-round` },
  { name: "restructure", who: "moderator", path: (s) => `/consultations/${s.closed.id}/restructure` },
  { name: "report", who: "moderator", path: (s) => `/consultations/${s.closed.id}/report` },
  { name: "audit", who: "moderator", path: (s) => `/consultations/${s.closed.id}/audit` },
  { name: "models list", who: "moderator", path: () => "/models" },
  { name: "model page", who: "moderator", path: () => `/models/${DEMO}` },
  { name: "compare", who: "moderator", path: () => `/models/${DEMO}/compare` },
  { name: "account", who: "moderator", path: () => "/account" },
  { name: "password", who: "moderator", path: () => "/account/password" },
  { name: "not found", who: "moderator", path: () => "/no-such-page" },
];

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
];

/** axe's serious and critical findings, one readable line per element, once transitions (drawers, tabs) ended:
 * a half-faded overlay would make contrast depend on timing. */
async function seriousViolations(page: Page) {
  await page.waitForFunction(() =>
    // Spinners loop forever: only transitions that end are waited for.
    document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
  );
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(" ")}: ${n.failureSummary ?? ""}`),
    );
}

test.describe.configure({ mode: "serial" });

let studies: DemoStudies;
const contexts = new Map<Who, BrowserContext>();

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  studies = await demoStudies(browser, `a11y-${Date.now().toString(36)}`);
  const moderator = await browser.newContext();
  await moderatorApi(moderator.request);
  contexts.set("moderator", moderator);
  contexts.set("panellist", studies.panellist.context());
  contexts.set("voter", studies.voter.context());
  contexts.set("visitor", await browser.newContext());
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.close();
});

// One page load per screen: axe looks at desktop width, then at phone width after a resize (the layout
// switches by CSS media queries and Mantine's media hooks, as on a phone turned or a window narrowed).
for (const screen of SCREENS)
  test(`${screen.name} has no serious or critical axe violation at 1280 and 375 px`, async () => {
    const page = await contexts.get(screen.who)!.newPage();
    await page.setViewportSize(WIDTHS[0]!);
    await page.goto(`${base()}${screen.path(studies)}`);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await screen.then?.(page);
    const found: string[] = [];
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      for (const v of await seriousViolations(page)) found.push(`${size.width} px: ${v}`);
    }
    expect(found.join("\n")).toBe("");
    await page.close();
  });

test("panellists see no moderator-only page or action", async () => {
  const page = await contexts.get("panellist")!.newPage();
  await page.goto(`${base()}/consultations`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "New consultation" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "API tokens" })).toHaveCount(0);
  const response = await page.goto(`${base()}/consultations/new`);
  expect(response?.status()).toBe(403);
  await expect(page.getByText("Only an admin or a moderator may create a consultation")).toBeVisible();
  // A submitted round says so and offers no second submission, which would change nothing.
  await page.goto(`${base()}/consultations/${studies.open.id}/rounds/1`);
  await expect(page.getByTestId("submitted")).toContainText("Submitted: you can still change answers");
  await expect(page.getByRole("button", { name: /Submit/ })).toHaveCount(0);
  await page.close();
});

test.describe("at 375 px", () => {
  const phone = { width: 375, height: 812 };
  const width = async (page: Page, locator: ReturnType<Page["locator"]>) => (await locator.boundingBox())!.width;

  test("the voting page gives items and comments the width and keeps the sticky bar small", async () => {
    const page = await contexts.get("voter")!.newPage();
    await page.setViewportSize(phone);
    await page.goto(`${base()}/consultations/${studies.open.id}/rounds/1`);
    const card = page.getByTestId("item-I.1.1");
    const cardWidth = await width(page, card);
    expect(cardWidth).toBeGreaterThan(phone.width - 40);
    // Wording and comment fill the card but for its narrow padding.
    expect(await width(page, card.getByText(/^A national genomics strategy/))).toBeGreaterThan(cardWidth - 30);
    await card.getByRole("radio", { name: /^4 – Agree$/ }).click();
    await expect(card.getByText(/^Saved/)).toBeVisible();
    expect(await width(page, card.getByLabel("Comment (optional)"))).toBeGreaterThan(cardWidth - 30);
    expect(await width(page, card.getByLabel("Suggested rewording (optional)"))).toBeGreaterThan(cardWidth - 30);
    expect((await page.getByTestId("progress-bar").boundingBox())!.height).toBeLessThan(phone.height / 5);
    await page.close();
  });

  test("the review shows one card per item with its Decide button on screen", async () => {
    const page = await contexts.get("moderator")!.newPage();
    await page.setViewportSize(phone);
    await page.goto(`${base()}/consultations/${studies.closed.id}/review/1`);
    await expect(page.getByTestId("review-row-I.1.1")).toBeHidden();
    const card = page.getByTestId("review-card-I.1.1");
    await expect(card).toContainText("agree");
    const decide = card.getByRole("button", { name: /^(Decide|Details of|Change) I\.1\.1$/ });
    await expect(decide).toBeVisible();
    const box = (await decide.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(phone.width);
    await decide.click();
    await expect(page.getByRole("dialog").getByText("Distribution of ratings")).toBeVisible();
    await page.close();
  });
});
