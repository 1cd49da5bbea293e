// Signing in for browser specs: the moderator through the API (a cookie on Playwright's request context)
// or through the login form, and a panellist by redeeming their mailed invitation in a fresh browser context.
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";

export const base = () => `http://127.0.0.1:${process.env.E2E_PORT ?? 3123}`;

/** Signs `request` in as the demo moderator; returns a caller of /api/v1 that fails the test on an error. */
export async function moderatorApi(request: APIRequestContext) {
  const login = await request.post(`${base()}/login`, {
    form: { email: "moderator@example.org", password: "delphi-demo" },
    maxRedirects: 0,
  });
  expect(login.status()).toBe(302);
  return async (method: string, path: string, data?: unknown) => {
    const res = await request.fetch(`${base()}/api/v1${path}`, { method, data, headers: { origin: base() } });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBeTruthy();
    return res.json();
  };
}

export type Api = Awaited<ReturnType<typeof moderatorApi>>;

/** The demo moderator signs in through the form, as a person would. */
export async function logInAsModerator(page: Page) {
  await page.goto(`${base()}/login`);
  await page.getByLabel("Email").fill("moderator@example.org");
  await page.getByLabel("Password").fill("delphi-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/consultations$/);
}

/** A page of a new browser context signed in as the panellist whose invitation `link` is. */
export async function panellistPage(browser: Browser, link: string, options?: Parameters<Browser["newContext"]>[0]) {
  const context = await browser.newContext(options);
  const token = link.split("/invite/")[1]!;
  expect((await context.request.post(`${base()}/api/v1/invitations/${token}/redeem`)).ok()).toBeTruthy();
  return context.newPage();
}
