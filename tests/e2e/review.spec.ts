// After round 1 of a study on the demo model, the moderator reviews the results: overrides one
// computed status with a rationale, reformulates one indicator, accepts the rest and publishes;
// the compare page and the model browser then show version N+1 with the diff and the changelog.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { mailedLink } from "./support/mail";

const DEMO = "demo-genomic-medicine-maturity-model";
const OLD_I111 =
  "A national genomics strategy sets priorities, targets and timelines for introducing genomic medicine into routine care.";
const NEW_I111 =
  "A national genomics strategy sets priorities, targets, budgets and timelines for introducing genomic medicine into routine care.";
const RATIONALE = "Neutral answers only asked for examples; the steering group validates the statement.";

/** Ratings of a 3-person panel (B1MG 2021 rule): I.1.1 → reformulate, I.1.2 → re-evaluate, the rest validated. */
const RATINGS: Record<string, number[]> = { "I.1.1": [5, 4, 2], "I.1.2": [5, 4, 3] };
const AGREE = [5, 5, 4];

async function logIn(page: Page) {
  await page.goto("/login");
  await page.getByLabel("Email").fill("moderator@example.org");
  await page.getByLabel("Password").fill("delphi-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

async function ok(response: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<any> {
  expect(response.ok(), `${response.url()}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ") + " " + n.failureSummary).join(" | ")}`,
  );
}

test("after round 1 the moderator overrides a status, reformulates an indicator and publishes the next version", async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await logIn(page);
  const api = page.request; // shares the moderator's session cookie
  const stamp = Date.now();
  const model = await ok(await api.get(`/api/v1/models/${DEMO}`));
  const nextVersion = Math.max(...(model.versions as number[])) + 1;
  // The demo's first version: specs before this one may have published restructured versions of the demo.
  const base = Math.min(...(model.versions as number[]));

  // Seed through the API: a consultation on the demo model, a panel of three, round 1 rated and closed.
  const created = await ok(
    await api.post("/api/v1/consultations", {
      data: {
        title: `Review e2e ${stamp}`,
        modelSlug: DEMO,
        items: "indicators",
        modelVersion: base,
        // fixed before round 1 with the consensus rule; the review page says what it concludes
        stopping: { itemsReached: { pct: 80, statuses: ["validated"] }, maxRounds: 3 },
      },
    }),
  );
  const id = created.id as string;
  const roundId = created.roundId as string;
  await ok(
    await api.post(`/api/v1/consultations/${id}/panellists`, {
      data: [1, 2, 3].map((i) => ({
        name: `E2E Reviewer ${i}`,
        email: `e2e-review-${i}-${stamp}@panel.example`,
        stakeholderType: i === 1 ? "ELSI" : "Research/University",
      })),
    }),
  );
  const panel: APIRequestContext[] = [];
  for (const i of [1, 2, 3]) {
    const link = await mailedLink(`e2e-review-${i}-${stamp}@panel.example`);
    // Each panellist gets their own cookie jar: redeeming signs the caller in as that panellist.
    const panellist = await playwright.request.newContext({ baseURL });
    await ok(await panellist.post(`/api/v1/invitations/${link.split("/invite/")[1]}/redeem`));
    panel.push(panellist);
  }
  await ok(await api.post(`/api/v1/rounds/${roundId}/open`));
  for (const [p, panellist] of panel.entries()) {
    const view = await ok(await panellist.get(`/api/v1/rounds/${roundId}`));
    for (const item of view.items as { id: string; key: string }[])
      await ok(
        await panellist.put(`/api/v1/rounds/${roundId}/items/${item.id}/rating`, {
          data: {
            value: (RATINGS[item.key] ?? AGREE)[p],
            comment: item.key === "I.1.1" && p === 2 ? "The strategy needs money, not only goals." : "",
            suggestion: item.key === "I.1.1" && p === 1 ? NEW_I111 : "",
          },
        }),
      );
  }
  await ok(await api.post(`/api/v1/rounds/${roundId}/close`));
  for (const panellist of panel) await panellist.dispose();

  // The review page.
  await page.goto(`/consultations/${id}/review/1`);
  await expect(page.getByRole("heading", { name: "Review of round 1" })).toBeVisible();
  await expect(page.getByText("22 items · 20 validated · 1 reformulate · 1 re-evaluate")).toBeVisible();
  const verdict = page.getByTestId("stopping-verdict");
  await expect(verdict).toContainText("Stopping rule after round 1: stop");
  await expect(verdict).toContainText("met: 20 of 22 items validated (90.9 %; the rule asks ≥ 80 %)");
  await expect(verdict).toContainText("not met: round 1 of at most 3 closed");
  await expect(page.getByTestId("review-row-I.1.1")).toContainText("reformulate");
  await expect(page.getByTestId("review-row-I.1.1").getByRole("img")).toHaveAttribute(
    "aria-label",
    "Ratings per scale point: 1: 0, 2: 1, 3: 0, 4: 1, 5: 1",
  );
  expect(await axeViolations(page)).toEqual([]);

  // Override I.1.2 (computed re-evaluate) to validated: the rationale is required.
  await page.getByRole("button", { name: "Decide I.1.2" }).click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByText("Distribution of ratings")).toBeVisible();
  await drawer.getByRole("radio", { name: "Override: Validated" }).check();
  await drawer.getByLabel("Rationale (required for an override)").fill(RATIONALE);
  await drawer.getByRole("button", { name: "Save decision" }).click();
  await expect(page.getByRole("status")).toContainText("I.1.2: decision recorded (validated)");
  await expect(page.getByTestId("review-row-I.1.2")).toContainText("override");

  // Reformulate I.1.1 with the panel's suggested rewording, shown beside the form.
  await page.getByRole("button", { name: "Decide I.1.1" }).click();
  await expect(drawer.getByText("The strategy needs money, not only goals.")).toBeVisible();
  await expect(drawer.getByRole("radio", { name: "Accept the computed status (reformulate)" })).toBeChecked();
  await expect(drawer.getByLabel("New wording")).toHaveValue(OLD_I111);
  await drawer.getByRole("button", { name: "Use suggestion 1" }).click();
  await expect(drawer.getByLabel("New wording")).toHaveValue(NEW_I111);
  expect(await axeViolations(page)).toEqual([]);
  await drawer.getByRole("button", { name: "Save decision" }).click();
  await expect(page.getByRole("status")).toContainText("I.1.1: decision recorded (reformulate)");

  // The rest: accept the computed statuses, then publish.
  await page.getByRole("button", { name: "Accept all computed statuses" }).click();
  await expect(page.getByRole("status")).toContainText("Accepted the computed status of 20 items");
  await expect(page.getByText("22 of 22 decided")).toBeVisible();
  await page.getByRole("button", { name: `Publish consensus as version ${nextVersion}` }).click();
  await page.getByRole("button", { name: `Publish version ${nextVersion}`, exact: true }).click();

  // The compare page: the diff and the changelog.
  await expect(page).toHaveURL(new RegExp(`/models/${DEMO}/compare\\?from=${base}&to=${nextVersion}$`));
  await expect(page.getByRole("heading", { name: `Version ${base} → version ${nextVersion}` })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(/^1 changed · 0 removed · 0 added · \d+ unchanged$/);
  const card = page.getByTestId("compare-I.1.1");
  await expect(card.locator("ins")).toHaveText(["targets, budgets"]);
  await expect(card.locator("del")).toHaveText(["targets"]);
  const reformulated = page.getByTestId("changelog-I.1.1");
  await expect(reformulated).toContainText("reformulated");
  await expect(reformulated).toContainText("67 %");
  await expect(page.getByTestId("changelog-I.1.2")).toContainText(RATIONALE);
  expect(await axeViolations(page)).toEqual([]);

  // The model browser shows the new version with the new wording.
  await page.goto(`/models/${DEMO}?v=${nextVersion}`);
  await page.getByLabel("Search indicators").fill("I.1.1");
  await expect(page.getByText(NEW_I111)).toBeVisible();

  // The review is now read-only history.
  await page.goto(`/consultations/${id}/review/1`);
  await expect(page.getByText("The decisions of this round are final.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Publish consensus/ })).toHaveCount(0);
});
