// The web edges in a real browser: the login page's redirectTo cannot send anyone off-site (open redirect),
// and a page on another origin cannot sign the browser into an account (login CSRF), as a document post, a single-fetch post (/login.data) or a ?_data= post.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";

const EMAIL = "moderator@example.org";
const PASSWORD = "delphi-demo";
const isEvil = (url: URL) => url.hostname === "evil.example";

/** Counts every request the browser makes to the attacker's host (answered locally, never fetched). */
async function watchEvil(context: BrowserContext) {
  const hits: string[] = [];
  await context.route(isEvil, (route) => {
    hits.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" });
  });
  return hits;
}

async function logIn(page: Page) {
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

// Each as an attacker would write it after "/login?redirectTo=" in a link.
const REDIRECTS = [
  "//evil.example",
  "/\\evil.example",
  "/\t/evil.example",
  "/%0d%0a//evil.example",
  "https://evil.example",
  "/%2F%2Fevil.example",
];

test.describe("open redirect", () => {
  for (const raw of REDIRECTS) {
    test(`a link to /login?redirectTo=${JSON.stringify(raw)} lands on our own origin`, async ({ browser, baseURL }) => {
      const context = await browser.newContext();
      const hits = await watchEvil(context);
      const page = await context.newPage();
      const answer = await page.goto(`/login?redirectTo=${raw}`);
      if (answer?.status() === 400) {
        // CR/LF in the parameter: refused at the edge, naming the problem, before any page runs.
        await expect(page.locator("body")).toContainText(/Malformed URL: query parameter "redirectTo"/);
      } else {
        expect(answer?.status()).toBe(200);
        await logIn(page);
        await expect(page).toHaveURL(/\/consultations$/);
        // Already signed in, the login page's loader redirects too: still to our origin.
        await page.goto(`/login?redirectTo=${raw}`);
        await expect(page).toHaveURL(/\/consultations$/);
      }
      expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
      expect(hits).toEqual([]);
      await context.close();
    });
  }

  test("a redirectTo forged into the login form itself (tab, CR/LF, backslash, absolute) lands on our origin", async ({
    browser,
    baseURL,
  }) => {
    const forged = [
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\r\n//evil.example",
      "https://evil.example",
    ];
    for (const value of forged) {
      const context = await browser.newContext();
      const hits = await watchEvil(context);
      const page = await context.newPage();
      await page.goto("/login");
      await page
        .locator('input[name="redirectTo"]')
        .evaluate((input, v) => ((input as HTMLInputElement).value = v), value);
      await logIn(page);
      await expect(page).toHaveURL(/\/consultations$/);
      expect(new URL(page.url()).origin, JSON.stringify(value)).toBe(new URL(baseURL!).origin);
      expect(hits, JSON.stringify(value)).toEqual([]);
      await context.close();
    }
  });
});

/** What the attacker's page at each path posts to: the document form, single fetch's URL, the older ?_data=. */
const TARGETS: Record<string, string> = {
  "/": "/login",
  "/single": "/login.data",
  "/data": "/login?_data=routes%2Flogin",
};

test.describe("login CSRF", () => {
  let attacker: Server;
  let attackerOrigin: string;
  test.beforeAll(async ({ baseURL }) => {
    // The attacker's site: another origin (localhost, not 127.0.0.1, so also another site) with a form that
    // posts the attacker's credentials to our /login as soon as it loads.
    attacker = createServer((req, res) => {
      const action = new URL(TARGETS[req.url ?? "/"] ?? "/login", baseURL).href;
      res.setHeader("Content-Type", "text/html");
      res.end(`<!doctype html><title>win a prize</title>
        <form id="f" method="post" action="${action}">
          <input name="email" value="${EMAIL}"><input name="password" value="${PASSWORD}">
          <input name="redirectTo" value="/consultations">
        </form>
        <script>document.getElementById("f").submit()</script>`);
    });
    await new Promise<void>((ok) => attacker.listen(0, "127.0.0.1", ok));
    attackerOrigin = `http://localhost:${(attacker.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise((ok) => attacker.close(ok));
  });

  for (const [variant, target] of Object.entries(TARGETS)) {
    test(`an auto-submitting login form on another origin (POST ${target}) does not sign the browser in`, async ({
      page,
      context,
      baseURL,
    }) => {
      const refused = page.waitForResponse(
        (r) => new URL(r.url()).pathname === new URL(target, baseURL).pathname && r.request().method() === "POST",
      );
      await page.goto(`${attackerOrigin}${variant}`);
      const answer = await refused;
      expect(answer.status()).toBe(403);
      expect(await answer.headerValue("set-cookie")).toBeNull();
      await expect(page.locator("body")).toContainText("Cross-site request refused");
      const origin = new URL(baseURL!).origin;
      expect((await context.cookies(origin)).map((c) => c.name)).not.toContain("delphi_session");
      // Our site still sees a visitor: the page asks to log in.
      await page.goto("/consultations");
      await expect(page).toHaveURL(/\/login\?redirectTo=%2Fconsultations/);
    });
  }
});
