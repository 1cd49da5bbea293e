// Choosing items in a real browser: the model version as a tree with tri-state checkboxes and counts,
// presets as shortcuts into it, and exactly the ticked items in round 1.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

test("a moderator chooses items in the tree and round 1 holds exactly those", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("moderator@example.org");
  await page.getByLabel("Password").fill("delphi-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/consultations$/);
  await page.goto("/consultations/new");
  await page.getByLabel("Title").fill("Chosen items");

  const chosen = page.getByTestId("items-chosen");
  await expect(chosen).toHaveText(/^(\d+) of (\d+) items selected$/);
  const total = Number((await chosen.textContent())!.match(/of (\d+)/)![1]);
  await page.getByLabel("Indicator statements", { exact: true }).check();
  const indicators = Number((await chosen.textContent())!.match(/^(\d+)/)![1]);
  expect(indicators).toBeGreaterThan(2);
  expect(indicators).toBeLessThan(total);

  // The first domain's box stands for everything under it: part of it is chosen (indicators only).
  const domain = page.getByRole("treeitem").first();
  const domainBox = domain.getByRole("checkbox").first();
  await expect(domainBox).toHaveAttribute("data-indeterminate", "true");
  const domainCount = domain.getByTestId("node-count").first();
  const [inDomain, ofDomain] = (await domainCount.textContent())!.split("/").map(Number) as [number, number];

  // A click on a partly chosen group chooses all of it, a second leaves all of it out.
  await domainBox.click();
  await expect(domainCount).toHaveText(`${ofDomain}/${ofDomain}`);
  await expect(domainBox).toBeChecked();
  await domainBox.click();
  await expect(domainCount).toHaveText(`0/${ofDomain}`);
  await expect(chosen).toHaveText(`${indicators - inDomain} of ${total} items selected (own choice)`);
  await expect(page.getByLabel("Indicator statements", { exact: true })).not.toBeChecked();

  // Open the domain and tick its first subdomain back: all of that subdomain, the domain partly.
  await domain.locator("text=▸").first().click();
  const subdomain = domain.getByRole("treeitem").nth(1);
  const subCount = subdomain.getByTestId("node-count").first();
  const ofSub = Number((await subCount.textContent())!.split("/")[1]);
  await subdomain.getByRole("checkbox").first().check();
  await expect(subCount).toHaveText(`${ofSub}/${ofSub}`);
  await expect(domainBox).toHaveAttribute("data-indeterminate", "true");
  await expect(domainCount).toHaveText(`${ofSub}/${ofDomain}`);
  const expected = indicators - inDomain + ofSub;
  await expect(chosen).toHaveText(`${expected} of ${total} items selected (own choice)`);
  await subdomain.locator("text=▸").first().click();
  // The open tree, its checkboxes and counts pass axe (WCAG 2.1 AA) with nothing serious or critical.
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);

  await page.getByRole("button", { name: "Create consultation" }).click();
  await expect(page.getByRole("heading", { name: "Chosen items" })).toBeVisible();
  const id = page.url().split("/consultations/")[1]!.split(/[/?]/)[0];
  const study = await page.request.get(`/api/v1/consultations/${id}`);
  const body = await study.json();
  expect(body.rounds[0].items).toBe(expected);
});
