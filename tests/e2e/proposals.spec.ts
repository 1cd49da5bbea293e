// Panel proposals in the browser: while round 1 is open a panellist proposes a missing indicator under a
// subdomain from the voting page; after close the moderator accepts it on the restructure page; round 2 rates
// the new indicator and tells the panellist "accepted as III.2.2".
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

const STATEMENT = "Consent records travel with the genomic data they cover.";

test("a panellist proposes an indicator, the moderator accepts it, round 2 rates it", async ({ page, browser }) => {
  test.setTimeout(150_000);
  await page.goto(`${base()}/login`);
  await page.getByLabel("Email").fill("moderator@example.org");
  await page.getByLabel("Password").fill("delphi-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/consultations$/);
  const moderator = apiFor(page.request);
  // A model of its own, as in restructure.spec.ts: the version published from it never becomes the demo's.
  const demo = JSON.parse(readFileSync("prisma/demo-model.json", "utf8")) as Record<string, unknown>;
  const model = await moderator("POST", "/models", { ...demo, name: `Proposals e2e ${Date.now().toString(36)}` });
  const study = await moderator("POST", "/consultations", {
    title: `Proposals study ${Date.now().toString(36)}`,
    modelSlug: model.modelSlug,
    items: "indicators",
  });
  const email = `petra.${Date.now().toString(36)}@panel.example`;
  await moderator("POST", `/consultations/${study.id}/panellists`, [
    { name: "Petra Panel", email, stakeholderType: "ELSI" },
  ]);
  const link = await mailedLink(email, 1);
  const panellist = await (await browser.newContext()).newPage();
  await panellist.goto(link.replace(/^https?:\/\/[^/]+/, base()));
  await panellist.getByRole("button", { name: "Join the consultation" }).click();
  await expect(panellist).toHaveURL(new RegExp(`/consultations/${study.id}$`));
  await moderator("POST", `/rounds/${study.roundId}/open`);

  await panellist.goto(`${base()}/consultations/${study.id}/rounds/1`);
  const control = panellist.getByTestId("propose-III.2");
  await control.getByText("Propose a missing indicator / a change").click();
  const form = control.getByRole("form", { name: "Propose under III.2" });
  // Without a reason the browser keeps the form; the server is not asked.
  await form.getByLabel("Indicator statement").fill(STATEMENT);
  await form.getByLabel("Why").fill("Nothing in III.2 says where consent goes with the data");
  await form.getByRole("button", { name: "Send proposal" }).click();
  await expect(form.getByRole("status")).toContainText("Sent as P-1");
  await expect(panellist.getByTestId("own-proposal-P-1")).toContainText(STATEMENT);

  await moderator("POST", `/rounds/${study.roundId}/close`);
  await moderator("POST", `/rounds/${study.roundId}/decisions/accept`);

  await page.goto(`${base()}/consultations/${study.id}/restructure`);
  const card = page.getByTestId("proposal-P-1");
  await expect(card).toContainText(STATEMENT);
  await expect(card).toContainText("a missing indicator under III.2");
  await expect(card.getByLabel("Into subdomain")).toHaveValue("III.2");
  // Proposed without level descriptors: the moderator writes them.
  for (const l of [1, 2, 3, 4, 5]) await card.getByLabel(`Level ${l}`).fill(`Consent stage ${l}`);
  await card.getByLabel("Rationale").fill("A gap the panel saw");
  await card.getByRole("button", { name: "Record the triage" }).click();
  await expect(page.getByTestId("proposal-P-1").getByTestId("proposal-outcome")).toHaveText("accepted as III.2.2");
  await expect(page.getByTestId("outline-III.2.2")).toBeVisible();

  await page.goto(`${base()}/consultations/${study.id}/next-round`);
  await expect(page.getByTestId("carry-III.2.2").getByRole("checkbox")).toBeChecked();
  await expect(page.getByTestId("carry-III.2.2")).toContainText("added from proposal P-1");
  await page.getByRole("button", { name: "Create round 2 as a draft" }).click();
  await expect(page).toHaveURL(new RegExp(`/consultations/${study.id}$`));
  const round2 = (await moderator("GET", `/consultations/${study.id}`)).rounds.find(
    (r: { number: number }) => r.number === 2,
  );
  await moderator("POST", `/rounds/${round2.id}/open`);

  await panellist.goto(`${base()}/consultations/${study.id}/rounds/2`);
  await expect(panellist.getByTestId("proposal-outcome-P-1")).toContainText(
    "Your proposal P-1 (round 1, III.2): accepted as III.2.2",
  );
  await expect(panellist.getByTestId("item-III.2.2")).toContainText(STATEMENT);
});

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
