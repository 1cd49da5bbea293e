// Restructuring in the browser (issue 15's acceptance): while round 1 is open a panellist proposes a missing
// indicator from the voting page; after it the moderator merges two subdomains, moves an indicator to another
// subdomain, accepts the proposal, splits a subdomain and renames another; round 2 shows the new structure and
// tells the panel what happened; after publishing, the compare page lists every kind of change.
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

test("a panellist proposes; the moderator merges, moves, accepts the proposal, splits and renames; round 2 and the compare page show it", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  await page.goto(`${base()}/login`);
  await page.getByLabel("Email").fill("moderator@example.org");
  await page.getByLabel("Password").fill("delphi-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/consultations$/);
  const moderator = apiFor(page.request);
  // A model of its own (the demo's text under another name): the restructured version published below must
  // not become the demo's latest, which other specs rate.
  const demo = JSON.parse(readFileSync("prisma/demo-model.json", "utf8")) as Record<string, unknown>;
  const model = await moderator("POST", "/models", { ...demo, name: `Restructure e2e ${Date.now().toString(36)}` });
  const study = await moderator("POST", "/consultations", {
    title: `Restructured study ${Date.now().toString(36)}`,
    modelSlug: model.modelSlug,
    items: "indicators",
  });
  const email = `rita.${Date.now().toString(36)}@panel.example`;
  await moderator("POST", `/consultations/${study.id}/panellists`, [
    { name: "Rita Panel", email, stakeholderType: "ELSI" },
  ]);
  const link = await mailedLink(email, 1);
  const rita = await (await browser.newContext()).newPage();
  await rita.goto(link.replace(/^https?:\/\/[^/]+/, base()));
  await rita.getByRole("button", { name: "Join the consultation" }).click();
  await expect(rita).toHaveURL(new RegExp(`/consultations/${study.id}$`));
  await moderator("POST", `/rounds/${study.roundId}/open`);

  // The panellist proposes the indicator III.2 lacks, from its heading on the voting page.
  await rita.goto(`${base()}/consultations/${study.id}/rounds/1`);
  const control = rita.getByTestId("propose-III.2");
  await control.getByText("Propose a missing indicator / a change").click();
  const form = control.getByRole("form", { name: "Propose under III.2" });
  await form.getByLabel("Indicator statement").fill(STATEMENT);
  await form.getByLabel("Why").fill("Nothing in III.2 says where consent goes with the data");
  await form.getByRole("button", { name: "Send proposal" }).click();
  await expect(form.getByRole("status")).toContainText("Sent as P-1");
  await expect(rita.getByTestId("own-proposal-P-1")).toContainText(STATEMENT);
  await moderator("POST", `/rounds/${study.roundId}/close`);
  await moderator("POST", `/rounds/${study.roundId}/decisions/accept`);

  await page.goto(`${base()}/consultations/${study.id}/next-round`);
  await page.getByRole("link", { name: "Restructure the model first (merge, move, add)" }).click();
  await expect(page.getByRole("heading", { name: "Restructure the model" })).toBeVisible();

  const merge = page.getByRole("region", { name: "Merge two items" });
  await merge.getByRole("combobox", { name: "Merge", exact: true }).selectOption("I.1");
  await merge.getByLabel("with").selectOption("I.2");
  await merge.getByLabel("Wording of the merged item").fill("Vision, leadership and coordination");
  await merge.getByLabel("Rationale").fill("The panel read strategy and leadership as one subject");
  await merge.getByRole("button", { name: "Merge" }).click();
  await expect(page.getByTestId("restructuring-1")).toContainText("I.1, I.2 → I.1");
  await expect(page.getByTestId("outline-I.1")).toContainText("Vision, leadership and coordination");
  await expect(page.getByTestId("outline-I.1.3")).toBeVisible();

  const move = page.getByRole("region", { name: "Move an indicator or a subdomain" });
  await move.getByRole("combobox", { name: "Move", exact: true }).selectOption("II.1.2");
  await move.getByLabel("into").selectOption("VI.2");
  await move.getByLabel("Rationale").fill("It is about tools, not funding");
  await move.getByRole("button", { name: "Move" }).click();
  await expect(page.getByTestId("restructuring-2")).toContainText("II.1.2 → VI.2.2");

  // The proposal, shown without its author, accepted into III.2 with the level descriptors it lacked.
  const card = page.getByTestId("proposal-P-1");
  await expect(card).toContainText(STATEMENT);
  await expect(card).toContainText("a missing indicator under III.2");
  await expect(card).not.toContainText("Rita");
  await expect(card.getByLabel("Into subdomain")).toHaveValue("III.2");
  for (const l of [1, 2, 3, 4, 5]) await card.getByLabel(`Level ${l}`).fill(`Consent stage ${l}`);
  await card.getByLabel("Rationale").fill("A gap the panel saw");
  await card.getByRole("button", { name: "Record the triage" }).click();
  await expect(page.getByTestId("proposal-P-1").getByTestId("proposal-outcome")).toHaveText("accepted as III.2.2");
  await expect(page.getByTestId("restructuring-3")).toContainText("new → III.2.2");

  const split = page.getByRole("region", { name: "Split an item in two" });
  await split.getByRole("combobox", { name: "Split", exact: true }).selectOption("V.1");
  await split.getByLabel("Wording of part 1").fill("Clinical genetics services");
  await split.getByLabel("Items of part 1").fill("V.1.1");
  await split.getByLabel("Wording of part 2").fill("Laboratory services");
  await split.getByLabel("Items of part 2").fill("V.1.2");
  await split.getByLabel("Rationale").fill("Two services the panel rated apart");
  await split.getByRole("button", { name: "Split" }).click();
  await expect(page.getByTestId("restructuring-4")).toContainText("V.1 →");
  await expect(page.getByTestId("outline-V.2")).toContainText("Laboratory services");

  const rename = page.getByRole("region", { name: "Rename or re-key an item" });
  await rename.getByRole("combobox", { name: "Rename", exact: true }).selectOption("IV.2");
  await rename.getByLabel("New wording").fill("Data infrastructure and sharing");
  await rename.getByLabel("Rationale").fill("The panel's wording");
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByTestId("restructuring-5")).toContainText("IV.2");
  await expect(page.getByTestId("outline-IV.2")).toContainText("Data infrastructure and sharing");

  // A merge the model cannot represent is refused with a message, and nothing is recorded.
  await merge.getByRole("combobox", { name: "Merge", exact: true }).selectOption("I");
  await merge.getByLabel("with").selectOption("II.1");
  await merge.getByLabel("Wording of the merged item").fill("Nonsense");
  await merge.getByLabel("Rationale").fill("test");
  await merge.getByRole("button", { name: "Merge" }).click();
  await expect(page.getByRole("alert")).toContainText("only items of one kind merge");
  await expect(page.getByTestId("restructuring-6")).toHaveCount(0);

  await page.goto(`${base()}/consultations/${study.id}/next-round`);
  await expect(page.getByTestId("carry-I.1").getByRole("checkbox")).toBeChecked();
  await expect(page.getByTestId("carry-VI.2.2")).toBeVisible();
  await expect(page.getByTestId("carry-III.2.2").getByRole("checkbox")).toBeChecked();
  await expect(page.getByTestId("carry-III.2.2")).toContainText("added from proposal P-1");
  await page.getByRole("button", { name: "Create round 2 as a draft" }).click();
  await expect(page).toHaveURL(new RegExp(`/consultations/${study.id}$`));

  const round2 = (await moderator("GET", `/consultations/${study.id}`)).rounds.find(
    (r: { number: number }) => r.number === 2,
  );
  await moderator("POST", `/rounds/${round2.id}/open`);
  await rita.goto(`${base()}/consultations/${study.id}/rounds/2`);
  await expect(rita.getByRole("heading", { name: "I.1 Vision, leadership and coordination" })).toBeVisible();
  await expect(rita.getByTestId("restructured-II.1.2")).toContainText("moved to VI.2 (now VI.2.2)");
  await expect(rita.getByTestId("restructured-I.2.1")).toContainText("now I.1.3");
  await expect(rita.getByTestId("proposal-outcome-P-1")).toContainText(
    "Your proposal P-1 (round 1, III.2): accepted as III.2.2",
  );
  await expect(rita.getByTestId("item-III.2.2")).toContainText(STATEMENT);

  await moderator("POST", `/rounds/${round2.id}/close`);
  await moderator("POST", `/rounds/${round2.id}/decisions/accept`);
  const published = await moderator("POST", `/consultations/${study.id}/publish`);
  await page.goto(`${base()}/models/${published.modelSlug}/compare?from=1&to=${published.versionNumber}`);
  await expect(page.getByTestId("structure-merged")).toContainText("I.1, I.2");
  await expect(page.getByTestId("structure-moved")).toContainText("VI.2.2");
  await expect(page.getByTestId("structure-added")).toContainText("III.2.2");
  await expect(page.getByTestId("structure-split")).toContainText("V.1");
  await expect(page.getByTestId("structure-renamed")).toContainText("IV.2");
  await expect(page.getByTestId("compare-I.2").getByText("merged", { exact: true })).toBeVisible();
});
