// Two panellists co-edit an item's shared rationale in their own browsers: edits and carets
// travel live, labelled by pseudonym only; when the round closes the document stops accepting edits.
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";

const base = () => `http://127.0.0.1:${process.env.E2E_PORT ?? 3123}`;

async function moderatorApi(request: APIRequestContext) {
  const login = await request.post(`${base()}/login`, {
    form: { email: "moderator@example.org", password: "delphi-demo" },
    maxRedirects: 0,
  });
  expect(login.status()).toBe(302);
  const call = async (method: string, path: string, data?: unknown) => {
    const res = await request.fetch(`${base()}/api/v1${path}`, { method, data, headers: { origin: base() } });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBeTruthy();
    return res.json();
  };
  return call;
}

async function panellistPage(browser: Browser, link: string) {
  const context = await browser.newContext();
  const token = link.split("/invite/")[1]!;
  const redeemed = await context.request.post(`${base()}/api/v1/invitations/${token}/redeem`);
  expect(redeemed.ok()).toBeTruthy();
  return context.newPage();
}

test("panellists co-edit a rationale live and anonymously; it freezes when the round closes", async ({
  request,
  browser,
}) => {
  const api = await moderatorApi(request);
  const study = await api("POST", "/consultations", {
    title: "Co-editing study",
    modelSlug: "demo-genomic-medicine-maturity-model",
    items: "indicators",
  });
  await api("POST", `/consultations/${study.id}/panellists`, [
    { name: "Hanna Secretname", email: "hanna.collab@panel.example", stakeholderType: "ELSI" },
    { name: "Igor Secretname", email: "igor.collab@panel.example", stakeholderType: "Research/University" },
  ]);
  const outbox = await api("GET", `/consultations/${study.id}/outbox`);
  await api("POST", `/rounds/${study.roundId}/open`);
  const [a, b] = [await panellistPage(browser, outbox[1].link), await panellistPage(browser, outbox[0].link)];

  for (const page of [a, b]) {
    await page.goto(`${base()}/consultations/${study.id}/rounds/1`);
    await page.getByTestId("item-I.1.1").getByTestId("rationale-toggle").click();
    await expect(page.getByTestId("item-I.1.1").getByTestId("rationale-status")).toHaveText("live");
  }
  const editorA = a.getByRole("textbox", { name: /Shared rationale for I.1.1/ });
  const editorB = b.getByRole("textbox", { name: /Shared rationale for I.1.1/ });
  await editorA.click();
  await a.keyboard.type("Funding is the main barrier.");
  await expect(editorB).toContainText("Funding is the main barrier.");
  await editorB.click();
  await b.keyboard.press("End");
  await b.keyboard.type(" Add a yearly review.");
  await expect(editorA).toContainText("Funding is the main barrier. Add a yearly review.");

  // Carets and presence show pseudonyms, never names.
  await expect(a.locator(".collaboration-cursor__label")).toHaveText(/^Expert \d$/);
  await expect(a.getByTestId("item-I.1.1")).toContainText(/Also here: Expert \d/);
  // (the outbox lists the newest first: a is Hanna, b is Igor; each sees only their own name, in the menu)
  expect(await a.content()).not.toContain("Igor");
  expect(await b.content()).not.toContain("Hanna");

  await api("POST", `/rounds/${study.roundId}/close`);
  await expect(a.getByTestId("round-closed")).toBeVisible();
  // The editor turns read-only (the server refuses writes too: tests/integration/yjs-collaboration.test.ts).
  await expect(editorA).toHaveAttribute("contenteditable", "false");
  await expect(a.getByTestId("item-I.1.1")).toContainText("Read-only.");
  await editorA.click();
  await a.keyboard.type(" Too late.");
  await expect(editorA).not.toContainText("Too late.");
  await expect(editorB).toHaveText("Funding is the main barrier. Add a yearly review.");
});
