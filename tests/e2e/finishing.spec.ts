// Finishing a round means something, nothing typed is lost, irreversible steps are explicit (issue 14, items 1,
// 2 and 5), in a real browser: the moderator cannot open a round without a panel and confirms opening, closing
// and publishing; panellist C tries to submit with 3 items unanswered, is asked (with links into the right part
// of the round), answers them and submits; a comment typed and the page reloaded at once keeps the comment,
// also when the connection was lost while typing; an over-long comment says so in words next to the field.
import { expect, test, type Page } from "@playwright/test";
import { confirmStep } from "./support/confirm";
import { mailedLink } from "./support/mail";
import { base, moderatorApi, logInAsModerator, panellistPage } from "./support/session";

const stamp = Date.now().toString(36);
const CORA = { name: "Cora Finisher", email: `cora.${stamp}@finishing.example`, stakeholderType: "ELSI" };

const rateThroughApi = async (p: Page, roundId: string, itemId: string, value: number | null) => {
  const res = await p.request.put(`${base()}/api/v1/rounds/${roundId}/items/${itemId}/rating`, {
    data: { value },
    headers: { origin: base() },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
};

test("open, submit with unanswered items, keep a typed comment, close and publish", async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(180_000);
  const api = await moderatorApi(request);
  // Indicators and their level sets: 44 items, answered in two parts.
  const study = await api("POST", "/consultations", {
    title: `Finishing study ${stamp}`,
    modelSlug: "demo-genomic-medicine-maturity-model",
    items: "indicators+levels",
  });
  const dashboard = `${base()}/consultations/${study.id}`;
  await logInAsModerator(page);

  // No panel yet: the round cannot open, and the page says why.
  await page.goto(dashboard);
  await expect(page.getByRole("button", { name: "Open round 1", exact: true })).toBeDisabled();
  await expect(page.getByTestId("cannot-open")).toHaveText(
    "The panel is empty: add panellists before opening round 1.",
  );
  await api("POST", `/consultations/${study.id}/panellists`, [CORA]);
  await page.reload();

  // Opening asks first and says the rule is locked; cancelling leaves the round a draft.
  await page.getByRole("button", { name: "Open round 1", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Open round 1?");
  await expect(dialog).toContainText("1 panellist can answer its 44 items from now on");
  await expect(dialog).toContainText("are locked now and can never change afterwards");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await api("GET", `/consultations/${study.id}`)).rounds[0].status).toBe("draft");
  await confirmStep(page, "Open round 1");
  await expect(page.getByText("Round opened.")).toBeVisible();

  // C answers all but three items (one in part 1, two in part 2), 41 of them through the API.
  const cora = await panellistPage(browser, await mailedLink(CORA.email));
  const view = await (await cora.request.get(`${base()}/api/v1/rounds/${study.roundId}`)).json();
  const items = view.items as { id: string; key: string }[];
  expect(items).toHaveLength(44);
  const blank = [items[2]!, items[40]!, items[43]!];
  for (const item of items)
    if (!blank.includes(item))
      await rateThroughApi(cora, study.roundId, item.id, item.key.endsWith("levels") ? null : 4);

  const roundPage = `${base()}/consultations/${study.id}/rounds/1`;
  await cora.goto(roundPage);
  await expect(cora.getByTestId("rated-count")).toHaveText("41 of 44 rated");
  // A jump to the next unanswered item sits under the progress bar.
  await expect(cora.getByRole("link", { name: `Next unanswered: ${blank[0]!.key}` })).toHaveAttribute(
    "href",
    `#item-${blank[0]!.key}`,
  );
  await cora.getByRole("button", { name: "Submit round" }).click();
  const ask = cora.getByRole("dialog");
  await expect(ask).toContainText("3 items are unanswered");
  await expect(ask).toContainText('"No opinion" counts as an answer; a blank does not');
  const links = ask.getByTestId("unanswered-list").getByRole("link");
  await expect(links).toHaveText(blank.map((i) => i.key));
  await expect(ask.getByTestId("unanswered-list")).toContainText("(part 2)");
  // Nothing was submitted by asking.
  await ask.getByRole("button", { name: "Go back and answer them" }).click();
  await expect(ask).toBeHidden();
  await expect(cora.getByText("Submitted: you can still change answers")).toHaveCount(0);

  // A link goes to the item, in its part, below the sticky bar.
  await cora.getByRole("button", { name: "Submit round" }).click();
  await ask.getByRole("link", { name: blank[1]!.key, exact: true }).click();
  await expect(cora).toHaveURL(new RegExp(`\\?part=2#item-${blank[1]!.key.replace(/[./]/g, "\\$&")}$`));
  const target = cora.getByTestId(`item-${blank[1]!.key}`);
  await expect(target).toBeInViewport();
  for (const item of [blank[1]!, blank[2]!]) {
    const card = cora.getByTestId(`item-${item.key}`);
    await card.getByRole("radio", { name: /^No opinion/ }).click();
    await expect(card.getByText(/^Saved/)).toBeVisible();
  }
  // The last one is back in part 1.
  await cora.getByRole("button", { name: "Submit round" }).click();
  await expect(ask).toContainText("1 item is unanswered");
  await ask.getByRole("link", { name: blank[0]!.key, exact: true }).click();
  await expect(cora).toHaveURL(/\?part=1#item-/);
  const last = cora.getByTestId(`item-${blank[0]!.key}`);
  await last.getByRole("radio", { name: "4 – Agree" }).click();
  await expect(last.getByText(/^Saved/)).toBeVisible();
  await expect(cora.getByTestId("rated-count")).toHaveText("44 of 44 rated");
  // Every item answered: it submits without asking.
  await cora.getByRole("button", { name: "Submit round" }).click();
  await expect(cora.getByText("Submitted: you can still change answers")).toBeVisible();
  await expect(ask).toBeHidden();
  await expect(page.getByTestId("finished-count")).toHaveText("1 of 1 experts have finished");

  // A comment typed and the page reloaded at once (before the autosave's pause) keeps the comment.
  const commented = cora.getByTestId(`item-${items[0]!.key}`);
  await commented.getByLabel("Comment (optional)").fill("Funding decides whether this happens.");
  await cora.reload();
  await expect(commented.getByLabel("Comment (optional)")).toHaveValue("Funding decides whether this happens.");
  await expect(commented.getByTestId("save-state")).toHaveText(/^Saved/);
  const stored = async () => {
    const v = await (await cora.request.get(`${base()}/api/v1/rounds/${study.roundId}`)).json();
    return (v.items as { key: string; rating: { comment: string } | null }[]).find((i) => i.key === items[0]!.key)!
      .rating!.comment;
  };
  await expect.poll(stored).toBe("Funding decides whether this happens.");
  await expect
    .poll(() => cora.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("delphi-mlm:draft")).length))
    .toBe(0);

  // Typed while the connection is lost: kept on this device, saved once the page is back.
  await cora.context().setOffline(true);
  await commented.getByLabel("Comment (optional)").fill("Written on a train without network.");
  await expect(commented.getByTestId("save-state")).toHaveText("Kept on this device");
  await expect(commented.getByRole("alert")).toContainText("the connection is lost");
  await cora.context().setOffline(false);
  await cora.reload();
  await expect(commented.getByLabel("Comment (optional)")).toHaveValue("Written on a train without network.");
  await expect.poll(stored).toBe("Written on a train without network.");

  // Near the limit a counter; over it, the reason in words next to the field, not under the sticky bar.
  const field = commented.getByLabel("Comment (optional)");
  await field.fill("x".repeat(4_500));
  await expect(commented).toContainText("4,500 of 5,000 characters");
  await field.fill("y".repeat(7_290));
  const error = commented.getByText("Your comment is 7,290 characters; the limit is 5,000.");
  await expect(error).toBeVisible();
  // Scrolled to as a browser does for a link or focus: it lands below the sticky bar.
  await error.evaluate((el) => el.scrollIntoView({ block: "start" }));
  const bar = (await cora.getByTestId("progress-bar").boundingBox())!;
  const box = (await error.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(bar.y + bar.height);
  // And nothing of it reached the server.
  await cora.waitForTimeout(1_200);
  expect(await stored()).not.toContain("y");

  // Closing and publishing ask first, saying what they do.
  await page.getByRole("button", { name: "Close round 1", exact: true }).click();
  await expect(dialog).toContainText("Panellists can no longer answer or change their answers.");
  await expect(dialog).toContainText("So far 1 of 1 panellists have finished");
  await expect(dialog).toContainText("A closed round cannot be reopened.");
  await dialog.getByRole("button", { name: "Close round 1", exact: true }).click();
  await expect(page.getByText("Round closed; results computed.")).toBeVisible();
  await page.getByRole("button", { name: "Publish results", exact: true }).click();
  await expect(dialog).toContainText("Publishing cannot be undone.");
  await dialog.getByRole("button", { name: "Publish results", exact: true }).click();
  await expect(page.getByText("Round results published.")).toBeVisible();
  await cora.context().close();
});
