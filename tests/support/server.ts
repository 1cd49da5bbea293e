// Starts the real app in-process on a free port against a test database, and logs users in.
import { existsSync } from "node:fs";
import { decode } from "turbo-stream";
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

/** Logs in through the real login form, as the browser posts it, and returns the session cookie ("name=value"). */
export async function login(app: RunningApp, email: string, password: string): Promise<string> {
  const res = await pageData(app, "/login", {
    method: "POST",
    body: new URLSearchParams({ email, password, redirectTo: "/models" }),
  });
  const setCookie = res.headers.get("set-cookie");
  if (!setCookie) throw new Error(`login failed with ${res.status}: ${JSON.stringify(res.value)}`);
  return setCookie.split(";")[0]!;
}

/** The URL single fetch asks for a page's data at: "/x?q" → "/x.data?q", "/" → "/_root.data". */
export function dataPath(page: string): string {
  const q = page.indexOf("?");
  const path = q < 0 ? page : page.slice(0, q);
  if (path.endsWith(".data")) return page;
  const data = path === "/" ? "/_root.data" : `${path.replace(/\/$/, "")}.data`;
  return data + (q < 0 ? "" : page.slice(q));
}

/** A route's result in a single-fetch answer: its data, or what it threw (a Response: status and data). */
export interface RouteResult {
  data?: any;
  error?: { status?: number; statusText?: string; data?: any; message?: string };
}

export interface PageData {
  status: number;
  headers: Headers;
  /** Where the page sends the browser instead: single fetch answers a redirect as data, with status 202. */
  redirect: string | null;
  /** GET: each matched route's loader by route id ("root", "routes/…"). POST: the action's, under "action". */
  routes: Record<string, RouteResult>;
  /** The whole decoded answer, for searching. */
  value: unknown;
}

const REDIRECT = "singleFetchRedirect";

/**
 * A page's loaders (GET) or action (POST) fetched as the browser's Remix client does since single fetch:
 * `<page>.data` (see dataPath; a path already ending in .data is used as is), the turbo-stream answer decoded
 * with the plugins Remix's client uses. Same cookies, origin checks and route checks as the page itself.
 */
export async function pageData(
  app: RunningApp,
  page: string,
  init: { method?: string; cookie?: string; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<PageData> {
  const method = init.method ?? "GET";
  const headers: Record<string, string> = { ...init.headers };
  if (init.cookie) headers.cookie = init.cookie;
  if (method !== "GET" && !("origin" in headers)) headers.origin = app.url;
  const res = await fetch(`${app.url}${dataPath(page)}`, { method, headers, body: init.body, redirect: "manual" });
  if (!(res.headers.get("content-type") ?? "").includes("text/x-script") || !res.body)
    // Refused before Remix (origin, rate limit, malformed URL, body size): the edge's JSON error.
    return { status: res.status, headers: res.headers, redirect: null, routes: {}, value: await res.text() };
  const decoded = await decode(res.body, {
    plugins: [
      (type: string, ...rest: unknown[]) => {
        if (type === "SanitizedError") return { value: { name: rest[0], message: rest[1] } };
        if (type === "ErrorResponse") return { value: { status: rest[1], statusText: rest[2], data: rest[0] } };
        if (type === "SingleFetchRedirect") return { value: { [REDIRECT]: rest[0] } };
        return undefined;
      },
      (type: string, value: unknown) => {
        if (type === "SingleFetchFallback") return { value: undefined };
        if (type === "SingleFetchClassInstance") return { value };
        return undefined;
      },
    ],
  });
  await decoded.done;
  const value = decoded.value as Record<string, any>;
  let redirect: string | null = null;
  if (res.status === 202) redirect = (method === "GET" ? value[REDIRECT] : value)?.redirect ?? null;
  const routes: Record<string, RouteResult> = method === "GET" ? { ...value } : redirect ? {} : { action: value };
  return { status: res.status, headers: res.headers, redirect, routes, value };
}
