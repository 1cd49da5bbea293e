// Real-Time Delphi in real browsers (issue 16 acceptance): three panellists in their own contexts; A answers
// and sees nothing until the minimum group size have; B and C answer; A sees the group's figures arrive without a
// reload, is asked for a reason outside the IQR, revises; the moderator's convergence chart moves; closing
// freezes the window as a round that is reviewed and published as usual.
import { expect, test, type Page } from "@playwright/test";
import { mailedLink } from "./support/mail";
import { moderatorApi, panellistPage } from "./support/session";
import { DEMO } from "./support/study";

const rate = async (page: Page, key: string, choice: RegExp) => {
  const card = page.getByTestId(`item-${key}`);
  await card.getByRole("radio", { name: choice }).click();
  await expect(card.getByText(/^Saved/)).toBeVisible();
  return card;
};

test("a real-time window: live group figures, revisions, a reason outside the IQR, close, review, publish", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);
  const api = await moderatorApi(page.request);
  const study = await api("POST", "/consultations", {
    title: `Real-time study ${stamp}`,
    modelSlug: DEMO,
    items: ["I.1.1", "I.1.2"],
    design: "realtime",
    deadline: new Date(Date.now() + 86_400_000).toISOString(),
    minGroupSize: 3,
    minAnswers: { count: 3 },
  });
  const emails = ["a", "b", "c"].map((x) => `rtd-${x}-${stamp}@panel.example`);
  await api(
    "POST",
    `/consultations/${study.id}/panellists`,
    emails.map((email, i) => ({ name: `RTD ${i}`, email, stakeholderType: "ELSI" })),
  );
  await api("POST", `/rounds/${study.roundId}/open`);

  // The page shares the API's session (one browser context).
  await page.goto(`/consultations/${study.id}`);
  await expect(page.getByText("Real-Time Delphi", { exact: false }).first()).toBeVisible();
  await page.getByRole("link", { name: "Live view" }).click();
  await expect(page.getByTestId("consensus-summary")).toHaveText("No figures published yet.");

  const [a, b, c] = await Promise.all(emails.map(async (e) => panellistPage(browser, await mailedLink(e))));
  for (const p of [a!, b!, c!]) await p.goto(`/consultations/${study.id}/rounds/1`);

  // A answers first: nothing of the group is shown below the minimum group size.
  const aCard = await rate(a!, "I.1.1", /^1 – Strongly disagree$/);
  await expect(aCard.getByTestId("live-feedback")).toHaveAttribute("data-shown", "false");
  await expect(aCard.getByTestId("live-feedback")).toContainText("at least 3 panellists");
  await rate(a!, "I.1.2", /^4 – Agree$/);

  // B and C answer; A's page shows the group's figures without a reload.
  await rate(b!, "I.1.1", /^4 – Agree$/);
  await rate(b!, "I.1.2", /^4 – Agree$/);
  await rate(c!, "I.1.1", /^5 – Strongly agree$/);
  await rate(c!, "I.1.2", /^5 – Strongly agree$/);
  const live = aCard.getByTestId("live-feedback");
  await expect(live).toHaveAttribute("data-shown", "true", { timeout: 20_000 });
  await expect(aCard.getByTestId("live-figures")).toContainText("3 ratings · median 4");
  await expect(aCard.getByTestId("panel-changed")).toBeVisible();
  await expect(aCard.getByRole("row").filter({ hasText: "← your answer" })).toContainText("Strongly disagree");

  // The moderator's chart has its first point.
  await expect(page.getByTestId("convergence-chart")).toHaveAttribute("data-points", "1", { timeout: 20_000 });
  await expect(page.getByTestId("live-item-I.1.1")).toContainText("3");

  // A revises, still outside the IQR: asked (not forced) for a reason, and gives one.
  await rate(a!, "I.1.1", /^2 – Disagree$/);
  await expect(aCard.getByTestId("reason-request")).toContainText("Would you give your reason");
  await aCard.getByLabel("Comment (optional)").fill("Funding is not secured in most countries.");
  await aCard.getByLabel("Comment (optional)").blur();
  await expect(aCard.getByTestId("reason-request")).toContainText("Thank you for your reason");
  await expect(aCard.getByText(/^Saved/)).toBeVisible();

  // B and C revise too: three changes since the last snapshot, so the group's figures move and the chart with them.
  await rate(b!, "I.1.1", /^5 – Strongly agree$/);
  await rate(c!, "I.1.1", /^4 – Agree$/);
  await expect(page.getByTestId("convergence-chart")).toHaveAttribute("data-points", "2", { timeout: 20_000 });
  await expect(b!.getByTestId("item-I.1.1").getByTestId("live-comments")).toContainText(
    "Funding is not secured in most countries.",
    { timeout: 20_000 },
  );

  // Close: the window is frozen as round 1, reviewed and published as usual.
  await page.getByRole("button", { name: "Close the window" }).click();
  await expect(page.getByText("Window closed")).toBeVisible();
  await page.getByRole("link", { name: "Review results" }).click();
  await expect(page.getByRole("heading", { name: "Review of round 1" })).toBeVisible();
  await expect(page.getByTestId("review-row-I.1.1").getByRole("img")).toHaveAttribute(
    "aria-label",
    "Ratings per scale point: 1: 0, 2: 1, 3: 0, 4: 1, 5: 1",
  );
  // I.1.1 is to reformulate (A's reason beside it); I.1.2's computed status is accepted.
  await page.getByRole("button", { name: "Decide I.1.1" }).click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByText("Funding is not secured in most countries.")).toBeVisible();
  const wording = drawer.getByLabel("New wording");
  await wording.fill(`${await wording.inputValue()} Funding is secured.`);
  await drawer.getByRole("button", { name: "Save decision" }).click();
  await expect(page.getByRole("status")).toContainText("I.1.1: decision recorded (reformulate)");
  await page.getByRole("button", { name: "Accept all computed statuses" }).click();
  await expect(page.getByText("2 of 2 decided")).toBeVisible();
  await page.getByRole("button", { name: /^Publish consensus as version \d+$/ }).click();
  await page.getByRole("button", { name: /^Publish version \d+$/ }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${DEMO}/compare`));
  for (const p of [a!, b!, c!]) await p.context().close();
});
