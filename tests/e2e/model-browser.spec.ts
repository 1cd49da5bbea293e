// A moderator logs in and browses the demo model: search, levels, glossary definitions,
// on a desktop and a 375 px phone, with an automated accessibility (WCAG 2 AA) check.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

async function logIn(page: Page, email = "moderator@example.org", password = "delphi-demo") {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  if (password === "delphi-demo") await expect(page).not.toHaveURL(/\/login/);
}

test("an anonymous visitor is sent to login and comes back to the page asked for", async ({ page }) => {
  await page.goto("/models");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fmodels/);
  await logIn(page, "moderator@example.org", "wrong-password1");
  await expect(page.getByRole("alert")).toContainText("Wrong email or password.");
  await logIn(page);
  await expect(page).toHaveURL(/\/models$/);
  await expect(page.getByRole("heading", { name: "Maturity level models" })).toBeVisible();
});

test("the moderator browses the demo model: domains, search, five levels, glossary tooltip", async ({ page }) => {
  await page.goto("/login");
  await logIn(page);
  await page.getByRole("link", { name: "Models" }).click();
  await page.getByRole("link", { name: "Demo genomic medicine maturity model" }).click();
  await expect(page.getByRole("heading", { level: 2 })).toHaveCount(8);
  await expect(page.getByRole("heading", { name: /Governance and strategy/ })).toBeVisible();
  await expect(page.getByText(/8 domains · 22 indicators/)).toBeVisible();

  await page.getByLabel("Search indicators").fill("I.1.1");
  await expect(page.getByRole("status")).toHaveText("1 of 22 indicators match");
  const levels = page.getByRole("list", { name: "Levels of I.1.1" });
  await expect(levels.getByRole("listitem")).toHaveCount(5);
  await expect(levels.getByRole("listitem").first()).toContainText("Level 1:");

  await page.getByLabel("Search indicators").fill("");
  const term = page.locator(".glossary-term").first();
  await term.focus();
  await expect(page.getByRole("tooltip")).toBeVisible();

  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(
    results.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ") + " " + n.failureSummary).join(" | ")}`,
    ),
  ).toEqual([]);

  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
});

test.describe("on a 375 px phone", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the browser fits the screen and the navigation opens from the burger", async ({ page }) => {
    await page.goto("/login");
    await logIn(page);
    await page.goto("/models/demo-genomic-medicine-maturity-model");
    await expect(page.getByRole("heading", { name: /Governance and strategy/ })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Toggle navigation" }).click();
    await expect(page.getByRole("link", { name: "Models" })).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(
      results.violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ") + " " + n.failureSummary).join(" | ")}`,
      ),
    ).toEqual([]);
  });
});
