// Between rounds in the browser: the moderator prepares round 2 from the decisions (the reformulated item
// ticked with its new wording, the validated one not) and sets reminders; when round 2 opens the panellist
// is mailed, the invitation page names the study, and the consultations list shows the round waiting.
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

test("round 2 is prepared from the decisions and the panel is told when it opens", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto(`${base()}/login`);
  await page.getByLabel("Email").fill("moderator@example.org");
  await page.getByLabel("Password").fill("delphi-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/consultations$/);
  const moderator = apiFor(page.request);
  const title = `Round two study ${Date.now().toString(36)}`;
  const study = await moderator("POST", "/consultations", {
    title,
    description: "Please rate the indicators of the maturity model.",
    modelSlug: "demo-genomic-medicine-maturity-model",
    items: "indicators",
  });
  const email = `nora.${Date.now().toString(36)}@panel.example`;
  await moderator("POST", `/consultations/${study.id}/panellists`, [
    { name: "Nora Panel", email, stakeholderType: "ELSI" },
  ]);
  await mailedLink(email, 1); // the invitation
  await moderator("POST", `/rounds/${study.roundId}/open`);
  await moderator("POST", `/rounds/${study.roundId}/close`);
  const items: { id: string; key: string }[] = (await moderator("GET", `/rounds/${study.roundId}`)).items;
  const idOf = (key: string) => items.find((i) => i.key === key)!.id;
  await moderator("PUT", `/rounds/${study.roundId}/items/${idOf("I.1.1")}/decision`, {
    decision: "reformulate",
    rationale: "Too vague",
    newWording: "A named national body steers genomic medicine",
  });
  await moderator("PUT", `/rounds/${study.roundId}/items/${idOf("I.1.2")}/decision`, {
    decision: "validated",
    rationale: "Clear enough",
  });

  await page.goto(`${base()}/consultations/${study.id}/next-round`);
  const i111 = page.getByTestId("carry-I.1.1");
  await expect(i111.getByRole("checkbox")).toBeChecked();
  await expect(i111.getByLabel("Wording for the next round")).toHaveValue(
    "A named national body steers genomic medicine",
  );
  await expect(page.getByTestId("carry-I.1.2").getByRole("checkbox")).not.toBeChecked();
  await page.getByLabel("Deadline (optional)").fill("2099-06-30T12:00");
  await page.getByLabel("Automatic reminders before the deadline").fill("3 days, 1 day");
  await page.getByRole("button", { name: "Create round 2 as a draft" }).click();
  await expect(page).toHaveURL(new RegExp(`/consultations/${study.id}$`));
  await expect(page.getByTestId("reminders-2")).toContainText("3 days, 1 day before the deadline");

  const round2 = (await moderator("GET", `/consultations/${study.id}`)).rounds.find(
    (r: { number: number }) => r.number === 2,
  );
  await moderator("POST", `/rounds/${round2.id}/open`);
  // Round 1's and round 2's announcements: the latest carries a fresh link.
  const link = await mailedLink(email, 3);
  const panellist = await (await browser.newContext()).newPage();
  await panellist.goto(link.replace(/^https?:\/\/[^/]+/, base()));
  await expect(panellist.getByRole("heading", { level: 1 })).toContainText(title);
  await expect(panellist.getByTestId("study-introduction")).toContainText(
    "Please rate the indicators of the maturity model.",
  );
  await panellist.getByRole("button", { name: "Join the consultation" }).click();
  await expect(panellist).toHaveURL(new RegExp(`/consultations/${study.id}$`));
  await panellist.goto(`${base()}/consultations`);
  await expect(panellist.getByTestId("rounds-waiting")).toContainText(`Round 2 of ${title}`);
  await expect(panellist.getByTestId("rounds-waiting")).toContainText("2099");
});
