// Login limits from the attacker's side: they count failures only (a panel signing in together, or a fast
// test suite, is never locked out), a forged X-Forwarded-For cannot mint fresh buckets, and the answer time
// does not tell an unknown address from a link-only account or a real one.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { randomBytes } from "node:crypto";
import { createClient } from "redis";
import type { RedisClient } from "../../server/realtime/redis.js";
import { Limiter } from "../../server/rate-limits.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { createTestUser, pageData, startTestApp } from "../support/server.js";

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

describe("login limits under single fetch", () => {
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

  test("guesses posted to /login.data (how the page's own script posts) count against the same per-address limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await pageData(app, i % 2 ? "/login" : "/login.data", {
        method: "POST",
        body: new URLSearchParams({ email: `guess${i}@limits.example`, password: "wrong" }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
    // The document form is limited by the same counter.
    expect((await attempt(app, "guess@limits.example", "wrong")).status).toBe(429);
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

test("a burst of parallel wrong logins from one address lets no more than the limit through", async () => {
  const t = await createTestDb("sqlite");
  const app = await startTestApp(t);
  try {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => (await attempt(app, `burst${i}@limits.example`, "wrong")).status),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  } finally {
    await app.close();
    await t.drop();
  }
});

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

// CI runs these with the PostgreSQL + Redis services (the two-instance setup of cluster.test.ts).
describe.skipIf(!process.env.TEST_DATABASE_URL)("limits in Redis", () => {
  const prefix = `delphi-test-${randomBytes(4).toString("hex")}`;
  let a: RedisClient;
  let b: RedisClient;
  beforeAll(async () => {
    a = createClient({ url: REDIS_URL }) as RedisClient;
    b = a.duplicate();
    await Promise.all([a.connect(), b.connect()]);
  });
  afterAll(async () => {
    await Promise.all([a, b].map((client) => client?.close()));
  });

  test("two instances' limiters on one Redis count attempts as one", async () => {
    const rule = { points: 4, duration: 60 };
    const onA = new Limiter("login", rule, { client: a, prefix });
    const onB = new Limiter("login", rule, { client: b, prefix });
    for (const limiter of [onA, onB, onA, onB]) expect(await limiter.take("ip:192.0.2.1")).toBe(0);
    expect(await onA.take("ip:192.0.2.1")).toBeGreaterThan(0);
    expect(await onB.take("ip:192.0.2.1")).toBeGreaterThan(0);
    // Another address has its own count.
    expect(await onB.take("ip:192.0.2.2")).toBe(0);
  });

  test("keys are stored hashed: no email or token appears in Redis", async () => {
    const limiter = new Limiter("account", { points: 10, duration: 60 }, { client: a, prefix });
    await limiter.take("someone@limits.example");
    const keys = await a.keys(`${prefix}:rl:account:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain("someone");
  });

  test("while Redis is unreachable an instance still limits, counting for itself", async () => {
    const offline = createClient({ url: REDIS_URL }) as RedisClient;
    const limiter = new Limiter("login", { points: 2, duration: 60 }, { client: offline, prefix });
    expect([await limiter.take("k"), await limiter.take("k")]).toEqual([0, 0]);
    expect(await limiter.take("k")).toBeGreaterThan(0);
  });
});
