// Anonymity, crawled: after a 2-round anonymous study, every page and every GET API response a panellist or an
// observer can reach is searched for the other panellists' names, emails, user ids and member ids, and for
// ratings attributable to a member.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { API_ROUTES } from "../../app/api/routes.server.js";
import { api, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { startTestApp } from "../support/server.js";
import { buildRoleWorld, type Person, type RoleWorld } from "../support/roles.js";

const MAX_PAGES = 80;

/** Every GET URL a member could try: app pages with real ids, and every GET API route for both rounds. */
function startingUrls(world: RoleWorld): string[] {
  const c = world.consultationId;
  const pages = [
    "/",
    "/account",
    "/models",
    `/models/${world.modelSlug}`,
    `/models/${world.modelSlug}/compare`,
    "/consultations",
    "/consultations/new",
    `/consultations/${c}`,
    `/consultations/${c}/next-round`,
    `/consultations/${c}/report`,
    `/consultations/${c}/report.pdf`,
    `/consultations/${c}/audit`,
    ...["ratings.csv", "figures.csv"].map((f) => `/consultations/${c}/export/${f}`),
    ...[1, 2].flatMap((n) => [`/consultations/${c}/rounds/${n}`, `/consultations/${c}/review/${n}`]),
    ...world.closedRound.keys.map((k) => `/consultations/${c}/items/${encodeURIComponent(k)}`),
  ];
  const apiUrls = API_ROUTES.filter((r) => r.method === "GET").flatMap((r) =>
    [world.closedRound, world.openRound].map(
      (round) =>
        "/api/v1" +
        r.path
          .replace(/^\/consultations\/\{id\}/, `/consultations/${c}`)
          .replace(/^\/rounds\/\{id\}/, `/rounds/${round.id}`)
          .replace("{key}", encodeURIComponent(round.keys[0]!))
          .replace("{file}", round === world.closedRound ? "ratings.csv" : "figures.csv")
          .replace("{slug}", world.modelSlug),
    ),
  );
  return [...new Set([...pages, ...apiUrls, "/api/v1/openapi.json"])];
}

interface Crawled {
  url: string;
  status: number;
  text: string;
}

/** Fetches the starting URLs, then follows on-site links found in HTML, GET only, never /logout. */
async function crawl(app: RunningApp, who: Caller, start: string[]): Promise<Crawled[]> {
  const seen = new Set<string>();
  const queue = [...start];
  const out: Crawled[] = [];
  while (queue.length && out.length < MAX_PAGES + start.length) {
    const url = queue.shift()!;
    if (seen.has(url) || url.startsWith("/logout")) continue;
    seen.add(url);
    const res = await fetch(`${app.url}${url}`, { headers: { cookie: who.cookie!, accept: "text/html" } });
    const text = await res.text();
    out.push({ url, status: res.status, text });
    if ((res.headers.get("content-type") ?? "").includes("text/html"))
      for (const m of text.matchAll(/href="(\/[^"#]*)"/g)) {
        const link = m[1]!.replace(/&amp;/g, "&");
        if (!link.startsWith("//") && !link.startsWith("/build/") && !seen.has(link)) queue.push(link);
      }
  }
  return out;
}

/** JSON keys that would tie a rating or a comment to a member. */
function identityKeys(url: string, text: string): string[] {
  // The API's own description names fields; /me is the caller's own account.
  if (url.endsWith("/openapi.json") || url.endsWith("/me")) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object")
      for (const [k, child] of Object.entries(v)) {
        if (["memberId", "userId", "email"].includes(k)) found.push(k);
        walk(child);
      }
  };
  walk(parsed);
  return found;
}

const identities = (p: Person) => [p.name, p.email, p.userId, p.memberId];

describe.each(providers)("anonymity crawl on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let world: RoleWorld;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    world = await buildRoleWorld(t, app, { panellists: 3, anonymity: "anonymous" });
    // Round 2: rated with comments and suggestions, then closed.
    const admin = world.callers.admin;
    for (const [p, person] of world.panel.entries())
      for (const [k, itemId] of world.openRound.itemIds.entries()) {
        const res = await api(app, "PUT", `/rounds/${world.openRound.id}/items/${itemId}/rating`, person, {
          value: 1 + ((p * 2 + k) % 5),
          comment: `round 2 comment ${p}-${k}`,
          suggestion: k === 0 ? `suggested wording ${p}` : "",
        });
        expect(res.status).toBe(200);
      }
    expect((await api(app, "POST", `/rounds/${world.openRound.id}/close`, admin)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  test("no panellist sees another panellist's identity or an attributable rating", { timeout: 120_000 }, async () => {
    for (const me of world.panel) {
      const others = world.panel.filter((p) => p !== me).flatMap(identities);
      const pages = await crawl(app, me, startingUrls(world));
      expect(pages.filter((p) => p.status === 200).length).toBeGreaterThan(10);
      for (const page of pages) {
        for (const secret of others) expect(page.text, `${page.url} as ${me.pseudonym}`).not.toContain(secret);
        expect(identityKeys(page.url, page.text), page.url).toEqual([]);
      }
    }
  });

  test("an observer of an anonymous consultation sees no panellist identity at all", { timeout: 120_000 }, async () => {
    const secrets = world.panel.flatMap(identities);
    const pages = await crawl(app, world.callers.observer, startingUrls(world));
    // The observer reaches the review, the report, the lineage, the exports and the audit trail.
    const reached = pages.filter((p) => p.status === 200).map((p) => p.url);
    for (const must of ["/report", "/audit", "/exports/ratings.csv", "/lineage", "/review"])
      expect(
        reached.some((u) => u.includes(must)),
        must,
      ).toBe(true);
    for (const page of pages) {
      for (const secret of secrets) expect(page.text, `${page.url} as observer`).not.toContain(secret);
      expect(identityKeys(page.url, page.text), page.url).toEqual([]);
    }
  });
});
