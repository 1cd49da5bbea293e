// Panel proposals in an open round, in the browser: the panellist comments without a scale and proposes.
// (Proposing in a rating round, triage and round 2's outcome are in restructure.spec.ts, with the restructurings.)
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { mailedLink } from "./support/mail";

const base = () => `http://127.0.0.1:${process.env.E2E_PORT ?? 3123}`;

function apiFor(request: APIRequestContext) {
  return async (method: string, path: string, data?: unknown) => {
    const res = await request.fetch(`${base()}/api/v1${path}`, { method, data, headers: { origin: base() } });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBeTruthy();
    return res.json();
  };
}

test("in an open round the panellist comments without a scale and proposes; the comment is saved", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await page.goto(`${base()}/login`);
  await page.getByLabel("Email").fill("moderator@example.org");
  await page.getByLabel("Password").fill("delphi-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/consultations$/);
  const moderator = apiFor(page.request);
  const demo = JSON.parse(readFileSync("prisma/demo-model.json", "utf8")) as Record<string, unknown>;
  const model = await moderator("POST", "/models", { ...demo, name: `Open round e2e ${Date.now().toString(36)}` });
  const study = await moderator("POST", "/consultations", {
    title: `Open round study ${Date.now().toString(36)}`,
    modelSlug: model.modelSlug,
    items: "indicators",
    openRound: true,
  });
  const email = `olga.${Date.now().toString(36)}@panel.example`;
  await moderator("POST", `/consultations/${study.id}/panellists`, [
    { name: "Olga Panel", email, stakeholderType: "ELSI" },
  ]);
  const link = await mailedLink(email, 1);
  const panellist = await (await browser.newContext()).newPage();
  await panellist.goto(link.replace(/^https?:\/\/[^/]+/, base()));
  await panellist.getByRole("button", { name: "Join the consultation" }).click();
  await expect(panellist).toHaveURL(new RegExp(`/consultations/${study.id}$`));
  await moderator("POST", `/rounds/${study.roundId}/open`);

  await panellist.goto(`${base()}/consultations/${study.id}/rounds/1`);
  await expect(panellist.getByText("An open round: comment on the draft model")).toBeVisible();
  const card = panellist.getByTestId("item-I.1.1");
  await expect(card.getByRole("radio")).toHaveCount(0);
  await card.getByLabel("Comment (optional)").fill("Say who owns the strategy.");
  await card.getByLabel("Comment (optional)").blur();
  await expect(card.getByTestId("save-state")).toHaveText(/^Saved/);
  const control = panellist.getByTestId("propose-I.1");
  await control.getByText("Propose a missing indicator / a change").click();
  const form = control.getByRole("form", { name: "Propose under I.1" });
  await form.getByLabel("A change to the structure (merge, move, split)").check();
  await form.getByLabel("What to merge, move or split").fill("Merge I.1 and I.2: one subject");
  await form.getByLabel("Why").fill("Strategy and leadership overlap");
  await form.getByRole("button", { name: "Send proposal" }).click();
  await expect(form.getByRole("status")).toContainText("Sent as P-1");

  const view = await (await panellist.request.get(`${base()}/api/v1/rounds/${study.roundId}`)).json();
  const stored = (view.items as { key: string; rating: { value: number | null; comment: string } | null }[]).find(
    (i) => i.key === "I.1.1",
  )!.rating;
  expect(stored).toMatchObject({ value: null, comment: "Say who owns the strategy." });
});
