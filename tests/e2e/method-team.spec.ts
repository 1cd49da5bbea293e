// The method team's view after a 2-round study: an observer opens an item's lineage (both rounds'
// wording, figures and the decision), downloads the PDF report and the CSV exports.
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { pdfText } from "../support/pdf";
import { mailedLink } from "./support/mail";

const base = () => `http://127.0.0.1:${process.env.E2E_PORT ?? 3123}`;

async function signedInApi(request: APIRequestContext) {
  const login = await request.post(`${base()}/login`, {
    form: { email: "moderator@example.org", password: "delphi-demo" },
    maxRedirects: 0,
  });
  expect(login.status()).toBe(302);
  return apiFor(request);
}

function apiFor(request: APIRequestContext) {
  return async (method: string, path: string, data?: unknown) => {
    const res = await request.fetch(`${base()}/api/v1${path}`, { method, data, headers: { origin: base() } });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBeTruthy();
    return res.json();
  };
}

async function panellistApi(browser: Browser, link: string) {
  const context = await browser.newContext();
  const token = link.split("/invite/")[1]!;
  expect((await context.request.post(`${base()}/api/v1/invitations/${token}/redeem`)).ok()).toBeTruthy();
  return apiFor(context.request);
}

test("an observer audits a finished 2-round study: lineage, PDF report, CSV exports", async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(120_000);
  const moderator = await signedInApi(request);
  const study = await moderator("POST", "/consultations", {
    title: "Method team study",
    modelSlug: "demo-genomic-medicine-maturity-model",
    items: "indicators",
  });
  await moderator("POST", `/consultations/${study.id}/panellists`, [
    { name: "Kai Panel", email: "kai.audit@panel.example", stakeholderType: "Clinical communities", country: "NL" },
    { name: "Lea Panel", email: "lea.audit@panel.example", stakeholderType: "ELSI", country: "FR" },
    { name: "Max Panel", email: "max.audit@panel.example", stakeholderType: "Funding agencies", country: "SE" },
  ]);
  await moderator("POST", `/consultations/${study.id}/members`, { email: "methods@example.org", role: "observer" });
  const panel = await Promise.all(
    ["kai.audit@panel.example", "lea.audit@panel.example", "max.audit@panel.example"].map(async (email) =>
      panellistApi(browser, await mailedLink(email)),
    ),
  );

  await moderator("POST", `/rounds/${study.roundId}/open`);
  const items: { id: string; key: string }[] = (await panel[0]!("GET", `/rounds/${study.roundId}`)).items;
  for (const [p, api] of panel.entries())
    for (const item of items)
      await api("PUT", `/rounds/${study.roundId}/items/${item.id}/rating`, {
        value: item.key === "I.1.1" ? [2, 4, 5][p] : 4,
        comment: item.key === "I.1.1" ? `View ${p + 1} on I.1.1` : "",
      });
  await moderator("POST", `/rounds/${study.roundId}/close`);
  const i111 = items.find((i) => i.key === "I.1.1")!;
  await moderator("PUT", `/rounds/${study.roundId}/items/${i111.id}/decision`, {
    decision: "reevaluate",
    rationale: "Split opinions: ask again with clearer wording",
  });
  const round2 = await moderator("POST", `/consultations/${study.id}/rounds`, {
    items: [{ key: "I.1.1", wording: "A national body steers genomic medicine and reports every year" }],
  });
  await moderator("POST", `/rounds/${round2.id}/open`);
  const item2 = (await panel[0]!("GET", `/rounds/${round2.id}`)).items[0];
  for (const [p, api] of panel.entries())
    await api("PUT", `/rounds/${round2.id}/items/${item2.id}/rating`, { value: [4, 4, 5][p] });
  await moderator("POST", `/rounds/${round2.id}/close`);

  // The observer (demo method-team account) in the browser.
  await page.goto(`${base()}/login`);
  await page.getByLabel("Email").fill("methods@example.org");
  await page.getByLabel("Password").fill("delphi-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/consultations$/);
  await page.goto(`${base()}/consultations/${study.id}/items/${encodeURIComponent("I.1.1")}`);
  const main = page.locator("main");
  await expect(main).toContainText("Round 1");
  await expect(main).toContainText("Round 2");
  await expect(main).toContainText("A national body steers genomic medicine and reports every year");
  await expect(main).toContainText("Split opinions: ask again with clearer wording");
  await expect(main).toContainText(/median/i);
  for (const name of ["Kai Panel", "Lea Panel", "Max Panel", "kai.audit"]) await expect(main).not.toContainText(name);

  await page.goto(`${base()}/consultations/${study.id}/report`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Method team study");
  const [pdfDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /PDF/ }).first().click(),
  ]);
  const pdf = Buffer.from(
    await (await pdfDownload.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks)),
  );
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const text = await pdfText(pdf);
  expect(text).toContain("Method team study");
  expect(text).toContain("Round 1 (closed");
  expect(text).toContain("Round 2 (closed");
  expect(text).toContain("I.1.1");

  const ratings = await page.request.get(`${base()}/consultations/${study.id}/export/ratings.csv`);
  expect(ratings.headers()["content-disposition"]).toContain("attachment");
  const csv = await ratings.text();
  expect(csv.split("\n")[0]).toContain("pseudonym");
  expect(csv).toMatch(/Expert \d+/);
  expect(csv).not.toContain("Kai Panel");
  const figures = await page.request.get(`${base()}/consultations/${study.id}/export/figures.csv`);
  expect(await figures.text()).toContain("I.1.1");
});
