// Web security controls at the edge, against the running server.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { Limiter } from "../../server/rate-limits.js";
import { urlProblem } from "../../server/security.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

describe("edge security", () => {
  let t: TestDb;
  let app: RunningApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestDb("sqlite");
    app = await startTestApp(t);
    const user = await createTestUser(t, { isAdmin: true });
    cookie = await login(app, user.email, user.password);
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  test("pages carry a nonce-based CSP without unsafe-inline scripts, and the inline scripts use the nonce", async () => {
    const res = await fetch(`${app.url}/login`);
    const csp = res.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    const html = await res.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]!);
    expect(inline.length).toBeGreaterThan(0);
    for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);
    const again = await fetch(`${app.url}/login`);
    expect(again.headers.get("content-security-policy")).not.toContain(nonce);
  });

  test("a cross-site form post with the session cookie is refused (CSRF), a same-origin one is not", async () => {
    const body = new URLSearchParams({ title: "x", model: "none" });
    const cross = await fetch(`${app.url}/consultations/new`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example" },
      body,
      redirect: "manual",
    });
    expect(cross.status).toBe(403);
    const fetchSite = await fetch(`${app.url}/consultations/new`, {
      method: "POST",
      headers: { cookie, "sec-fetch-site": "cross-site" },
      body,
      redirect: "manual",
    });
    expect(fetchSite.status).toBe(403);
    // The same post as single fetch sends it from the page's script.
    const crossData = await fetch(`${app.url}/consultations/new.data`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example" },
      body,
      redirect: "manual",
    });
    expect(crossData.status).toBe(403);
    const same = await fetch(`${app.url}/consultations/new`, {
      method: "POST",
      headers: { cookie, origin: app.url },
      body,
      redirect: "manual",
    });
    expect(same.status).not.toBe(403);
  });

  test("a login form posted from another origin is refused with 403 even without a cookie (login CSRF)", async () => {
    const user = await createTestUser(t);
    const body = () => new URLSearchParams({ email: user.email, password: user.password, redirectTo: "/models" });
    for (const path of ["/login", "/login?_data=routes%2Flogin", "/login.data", "/login?index"]) {
      const foreign: Record<string, string>[] = [
        { origin: "https://evil.example" },
        { "sec-fetch-site": "cross-site" },
        { origin: "null" },
      ];
      for (const headers of foreign) {
        const res = await fetch(`${app.url}${path}`, { method: "POST", headers, body: body(), redirect: "manual" });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.headers.get("set-cookie")).toBeNull();
        expect(await res.text()).toMatch(/Cross-site request refused/);
      }
    }
    // From our own pages (or a script without Origin) the same post signs in.
    const own = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { origin: app.url, "sec-fetch-site": "same-origin" },
      body: body(),
      redirect: "manual",
    });
    expect(own.status).toBe(302);
    expect(own.headers.get("set-cookie")).toMatch(/^delphi_session=/);
  });

  test("malformed URLs are refused at the edge with 400 naming the problem, as text for pages and JSON for the API", async () => {
    const page = await fetch(`${app.url}/consultations/%E0%A4%A`, { headers: { cookie, accept: "text/html" } });
    expect(page.status).toBe(400);
    expect(await page.text()).toBe("Malformed URL: the path has an invalid percent-escape (expected %XX of UTF-8)");
    const injected = await fetch(`${app.url}/models/x%0d%0aSet-Cookie:%20a=b`, { headers: { cookie } });
    expect(injected.status).toBe(400);
    expect(injected.headers.get("set-cookie")).toBeNull();
    const redirect = await fetch(`${app.url}/login?redirectTo=%0d%0a`, {
      redirect: "manual",
      headers: { accept: "text/html" },
    });
    expect(redirect.status).toBe(400);
    expect(await redirect.text()).toMatch(/query parameter "redirectTo" contains a control character/);
    const apiCall = await fetch(`${app.url}/api/v1/rounds/%zz`, { headers: { cookie } });
    expect(apiCall.status).toBe(400);
    expect(await apiCall.json()).toEqual({
      error: {
        code: "validation",
        message: "Malformed URL: the path has an invalid percent-escape (expected %XX of UTF-8)",
        details: [],
      },
    });
  });

  test("urlProblem: what the edge refuses and what it lets through", () => {
    const refused = [
      "/%",
      "/a%2",
      "/%zz",
      "/%E0%A4%A",
      "/%ED%A0%80", // an encoded lone surrogate is not UTF-8
      "/%C0%AF", // overlong "/"
      "/x%0d%0aSet-Cookie:%20a=b",
      "/x%00",
      "/x%7F",
      "/a?b=%zz",
      "/a?b=%0A",
      "/a?%0d=1",
      "/a?%zz",
      "/a?x=1&y=%09",
    ];
    for (const url of refused) expect(urlProblem(url), url).toMatch(/^Malformed URL: /);
    const allowed = [
      "/",
      "/consultations/abc?x=1&y=%20two+words",
      "/login?redirectTo=%2Fconsultations%2Fabc%3Fa%3D1",
      "/models/b1mg?v=2",
      "/consultations/x/items/I.1.1%2Flevels",
      "/caf%C3%A9/%F0%9F%98%80",
      "/a?x=%25zz", // an escaped percent sign is just text
      "/a?flag&=&&",
      "/build/_shared/chunk-ABC.js?v=%E2%9C%93",
    ];
    for (const url of allowed) expect(urlProblem(url), url).toBeNull();
  });

  test("an oversized body is refused with 413 before it is read", async () => {
    const res = await fetch(`${app.url}/api/v1/tokens`, {
      method: "POST",
      headers: { cookie, origin: app.url, "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(3 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("too_large");
  });

  test("login attempts are rate limited per account with 429 and Retry-After", async () => {
    const user = await createTestUser(t);
    const attempt = () =>
      fetch(`${app.url}/login`, {
        method: "POST",
        body: new URLSearchParams({ email: user.email, password: "wrong password" }),
        redirect: "manual",
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("a limit allows its points per window, says how long to wait, and is clear again once the window ends", async () => {
    const limiter = new Limiter("window-test", { points: 2, duration: 1 });
    expect([await limiter.take("k"), await limiter.take("k"), await limiter.take("k")]).toEqual([0, 0, 1]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await limiter.take("k")).toBe(0);
  });

  test("a refunded attempt does not count", async () => {
    const limiter = new Limiter("refund-test", { points: 2, duration: 60 });
    for (let i = 0; i < 5; i++) {
      expect(await limiter.take("k")).toBe(0);
      await limiter.refund("k");
    }
    expect([await limiter.take("k"), await limiter.take("k"), await limiter.take("k")]).toEqual([0, 0, 60]);
  });
});

describe("invitation redemption limits", () => {
  test("only failed redemptions count: guessing is stopped, a panel redeeming together is not", async () => {
    const t = await createTestDb("sqlite");
    const app = await startTestApp(t);
    try {
      const guess = () => fetch(`${app.url}/api/v1/invitations/guess${Math.random()}/redeem`, { method: "POST" });
      const statuses: number[] = [];
      // 30 failures a minute, refilled continuously: the limit bites right after the 30th (a few more if slow).
      while (statuses.length < 40 && statuses.at(-1) !== 429) statuses.push((await guess()).status);
      expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await app.close();
      await t.drop();
    }
  });
});
