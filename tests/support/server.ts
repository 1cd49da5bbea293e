// Starts the real app in-process on a free port against a test database, and logs users in.
import { existsSync } from "node:fs";
import { loadConfig } from "../../server/config.js";
import { loadRemixBuild, startApp, type RunningApp } from "../../server/app.js";
import { createUser } from "../../app/models/user.server.js";
import type { TestDb } from "./db.js";

export async function startTestApp(t: TestDb, env: Record<string, string> = {}): Promise<RunningApp> {
  if (!existsSync("build/index.js"))
    throw new Error("build/index.js missing: run `npm run build` first (npm test does)");
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: t.url,
    NODE_ENV: "test",
    SEED_DEMO: "false",
    ...env,
  });
  return startApp({ config, db: t.db, build: await loadRemixBuild() });
}

let counter = 0;
export async function createTestUser(t: TestDb, overrides: { isAdmin?: boolean; name?: string } = {}) {
  counter += 1;
  const email = `user${counter}-${Date.now()}@test.example`;
  const password = "correct horse battery";
  const user = await createUser(t.db, {
    email,
    name: overrides.name ?? `Test User ${counter}`,
    password,
    isAdmin: overrides.isAdmin,
  });
  return { ...user, password };
}

/** Logs in through the real login form and returns the session cookie ("name=value"). */
export async function login(app: RunningApp, email: string, password: string): Promise<string> {
  const res = await fetch(`${app.url}/login?_data=routes%2Flogin`, {
    method: "POST",
    body: new URLSearchParams({ email, password, redirectTo: "/models" }),
    redirect: "manual",
  });
  const setCookie = res.headers.get("set-cookie");
  if (!setCookie) throw new Error(`login failed with ${res.status}`);
  return setCookie.split(";")[0]!;
}
