// Login limits from the attacker's side: they count failures only (a panel signing in together, or a fast
// test suite, is never locked out), a forged X-Forwarded-For cannot mint fresh buckets, and the answer time
// does not tell an unknown address from a link-only account or a real one.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { RateLimiter } from "../../server/security.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { createTestUser, startTestApp } from "../support/server.js";

const attempt = (app: RunningApp, email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/login`, {
    method: "POST",
    headers,
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });

describe("login limits", () => {
  let t: TestDb;
  let app: RunningApp;
  beforeAll(async () => {
    t = await createTestDb("sqlite");
    app = await startTestApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  test("30 successful logins of one account from one address in a row are never limited", async () => {
    const user = await createTestUser(t);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await attempt(app, user.email, user.password)).status);
    expect(statuses.every((s) => s === 302)).toBe(true);
  });

  test("a forged X-Forwarded-For does not escape the per-address limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push(
        (await attempt(app, `nobody${i}@limits.example`, "wrong", { "x-forwarded-for": `203.0.113.${i}` })).status,
      );
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toContain(429);
  });
});

describe("login timing", () => {
  let t: TestDb;
  let app: RunningApp;
  beforeAll(async () => {
    t = await createTestDb("sqlite");
    app = await startTestApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  test("unknown, link-only and real accounts answer in about the same time (the password hash always runs)", async () => {
    const real = await createTestUser(t);
    const linkOnly = `link-only-${Date.now()}@limits.example`;
    await t.db.user.create({
      data: { id: `u-${Date.now()}`, email: linkOnly, name: "Link only", passwordHash: "invite-only" },
    });
    const time = async (email: string) => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        await (await attempt(app, email, `wrong password ${i}`)).text();
        samples.push(performance.now() - start);
      }
      return samples.sort((a, b) => a - b)[2]!;
    };
    const [unknown, invited, account] = [
      await time(`nobody-${Date.now()}@limits.example`),
      await time(linkOnly),
      await time(real.email),
    ];
    // scrypt takes tens of milliseconds; skipping it would answer in a few.
    for (const [what, ms] of [
      ["unknown", unknown],
      ["link-only", invited],
    ] as const)
      expect(ms, `${what} ${ms.toFixed(1)} ms vs real ${account.toFixed(1)} ms`).toBeGreaterThan(account * 0.5);
  });
});

describe("behind a trusted proxy", () => {
  test("TRUST_PROXY makes the client address the forwarded one: each client has its own bucket", async () => {
    const t = await createTestDb("sqlite");
    const app = await startTestApp(t, { TRUST_PROXY: "loopback" });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++)
        statuses.push(
          (await attempt(app, `nobody${i}@proxy.example`, "wrong", { "x-forwarded-for": `198.51.100.${i}` })).status,
        );
      expect(statuses.every((s) => s === 401)).toBe(true);
      const limited: number[] = [];
      for (let i = 0; i < 30 && limited.at(-1) !== 429; i++)
        limited.push(
          (await attempt(app, `again${i}@proxy.example`, "wrong", { "x-forwarded-for": "198.51.100.200" })).status,
        );
      expect(limited).toContain(429);
    } finally {
      await app.close();
      await t.drop();
    }
  });
});

test("a rate limiter keeps at most its key budget, however many addresses an attacker cycles through", () => {
  const limiter = new RateLimiter(5, 60_000, 1_000);
  for (let i = 0; i < 50_000; i++) limiter.take(`ip:${i}`, 1_000 + i);
  expect(limiter.size).toBeLessThanOrEqual(1_000);
  // The most recent keys are kept: a bucket in use is not forgotten.
  for (let n = 0; n < 5; n++) limiter.take("ip:hot", 60_000);
  for (let i = 0; i < 500; i++) limiter.take(`ip:late${i}`, 60_001);
  expect(limiter.take("ip:hot", 60_002)).toBeGreaterThan(0);
});
