// Anonymity, crawled: after a 2-round study, every page, every Remix loader (as single fetch's `.data` and as
// the older `?_data=`, which Remix still answers), every GET API response
// and every export (CSV, XLSX, JSON, PDF) a role can reach is searched. Panellists and observers must find no
// other panellist's identity at all. Moderators and admins manage the panel as people, so they do see names
// and emails — but never in the same response as a panellist's pseudonym, comment or suggestion (that pair is
// the mapping anonymity forbids), and no socket.io event they receive carries either.
import { strFromU8, unzipSync } from "fflate";
import { io as ioClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { API_ROUTES } from "../../app/api/routes.server.js";
import { EXPORT_FILES } from "../../app/models/export.server.js";
import { api, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { pdfText } from "../support/pdf.js";
import { dataPath, pageData, startTestApp } from "../support/server.js";
import { buildRoleWorld, type Person, type RoleWorld } from "../support/roles.js";

const MAX_PAGES = 80;

/** The Remix route id whose loader serves a page URL (for `?_data=` and `.data`), or null for non-page URLs. */
function routeIdOf(url: string): string | null {
  const path = url.split("?")[0]!;
  const patterns: [RegExp, string][] = [
    [/^\/$/, "routes/_index"],
    [/^\/account$/, "routes/account"],
    [/^\/models$/, "routes/models._index"],
    [/^\/models\/[^/]+\/compare$/, "routes/models.$slug_.compare"],
    [/^\/models\/[^/]+$/, "routes/models.$slug"],
    [/^\/consultations$/, "routes/consultations._index"],
    [/^\/consultations\/new$/, "routes/consultations.new"],
    [/^\/consultations\/[^/]+$/, "routes/consultations.$id._index"],
    [/^\/consultations\/[^/]+\/rounds\/\d+$/, "routes/consultations.$id.rounds.$number"],
    [/^\/consultations\/[^/]+\/review\/\d+$/, "routes/consultations.$id.review.$number"],
    [/^\/consultations\/[^/]+\/live\/\d+$/, "routes/consultations.$id.live.$number"],
    [/^\/consultations\/[^/]+\/items\/[^/]+$/, "routes/consultations.$id.items.$key"],
    [/^\/consultations\/[^/]+\/report$/, "routes/consultations.$id.report"],
    [/^\/consultations\/[^/]+\/audit$/, "routes/consultations.$id.audit"],
    [/^\/consultations\/[^/]+\/next-round$/, "routes/consultations.$id.next-round"],
  ];
  return patterns.find(([re]) => re.test(path))?.[1] ?? null;
}

/**
 * Each page URL's loaders as data, both ways an attacker can ask: single fetch's `.data` (all its loaders in one
 * answer, as the browser asks) and `?_data=` (one loader each: its own route's and the root's).
 */
const dataUrls = (urls: string[]) =>
  urls.flatMap((url) => {
    const id = routeIdOf(url);
    const sep = url.includes("?") ? "&" : "?";
    return id ? [dataPath(url), `${url}${sep}_data=${encodeURIComponent(id)}`, `${url}${sep}_data=root`] : [];
  });

/** A single-fetch URL ("/x.data", "/x.data?q"), fetched and decoded as the Remix client does. */
const isSingleFetch = (url: string) => url.split("?")[0]!.endsWith(".data");

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
    `/consultations/${c}/restructure`,
    `/consultations/${c}/report`,
    `/consultations/${c}/report.pdf`,
    `/consultations/${c}/audit`,
    ...EXPORT_FILES.map((f) => `/consultations/${c}/export/${f}`),
    ...[1, 2].flatMap((n) => [`/consultations/${c}/rounds/${n}`, `/consultations/${c}/review/${n}`]),
    ...world.closedRound.keys.map((k) => `/consultations/${c}/items/${encodeURIComponent(k)}`),
    // A real-time study with its window open: the group's figures are live, nobody's answer is.
    ...(world.realtime
      ? [
          `/consultations/${world.realtime.consultationId}`,
          `/consultations/${world.realtime.consultationId}/rounds/1`,
          `/consultations/${world.realtime.consultationId}/live/1`,
        ]
      : []),
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
  const exportUrls = EXPORT_FILES.map((f) => `/api/v1/consultations/${c}/exports/${f}`);
  if (world.realtime)
    exportUrls.push(
      `/api/v1/rounds/${world.realtime.roundId}`,
      `/api/v1/rounds/${world.realtime.roundId}/live`,
      `/api/v1/consultations/${world.realtime.consultationId}`,
      ...EXPORT_FILES.map((f) => `/api/v1/consultations/${world.realtime!.consultationId}/exports/${f}`),
    );
  return [...new Set([...pages, ...dataUrls(pages), ...apiUrls, ...exportUrls, "/api/v1/openapi.json"])];
}

interface Crawled {
  url: string;
  status: number;
  text: string;
}

/** A response as searchable text: PDFs by the text they draw, XLSX workbooks by every file inside. */
async function readable(res: Response): Promise<string> {
  const type = res.headers.get("content-type") ?? "";
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (type.includes("application/pdf")) return await pdfText(bytes);
  if (type.includes("spreadsheetml"))
    return Object.values(unzipSync(bytes))
      .map((f) => strFromU8(f))
      .join("\n");
  return new TextDecoder().decode(bytes);
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
    if (isSingleFetch(url)) {
      const data = await pageData(app, url, { cookie: who.cookie! });
      out.push({ url, status: data.status, text: JSON.stringify(data.value) });
      continue;
    }
    const res = await fetch(`${app.url}${url}`, { headers: { cookie: who.cookie!, accept: "text/html" } });
    const text = await readable(res);
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
  // The API's own description names fields; /me and the root loader are the caller's own account.
  if (url.endsWith("/openapi.json") || url.endsWith("/me") || url.endsWith("_data=root")) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  // A single-fetch answer holds the root loader too: the caller's own account, as `_data=root` above.
  if (isSingleFetch(url) && parsed && typeof parsed === "object") delete (parsed as Record<string, unknown>).root;
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

/**
 * Pages whose `.data` answer is not refused (or served) exactly as their `?_data=` loader is: the same status,
 * a redirect being 204 for `?_data=` and 202 for single fetch.
 */
function dataStatusMismatches(pages: Crawled[]): string[] {
  const status = new Map(pages.map((p) => [p.url, p.status]));
  return pages.flatMap((page) => {
    if (!isSingleFetch(page.url)) return [];
    const [path, query] = page.url.split("?") as [string, string | undefined];
    const url = path.slice(0, -".data".length) + (query ? `?${query}` : "");
    const id = routeIdOf(url);
    if (!id) return [];
    const legacy = status.get(`${url}${query ? "&" : "?"}_data=${encodeURIComponent(id)}`);
    if (legacy === undefined) return [`${page.url}: its ?_data= form was not crawled`];
    const expected = legacy === 204 ? 202 : legacy;
    return page.status === expected ? [] : [`${page.url}: ${page.status}, ?_data= gave ${legacy}`];
  });
}

const identities = (p: Person) => [p.name, p.email, p.userId, p.memberId];

/** What each round's ratings said in buildRoleWorld and below: the texts that must never meet a person. */
const answerTexts = (world: RoleWorld) =>
  world.panel.flatMap((_, p) => [
    ...world.closedRound.keys.map((_k, k) => `comment ${p}-${k}`),
    ...world.openRound.keys.map((_k, k) => `round 2 comment ${p}-${k}`),
    `suggested wording ${p}`,
    `missing indicator ${p}`,
    `because expert ${p} found it missing`,
  ]);

/**
 * The responses that put a panellist's identity (name, email, user id, member id) and an answer-side string
 * (a pseudonym, a comment, a suggestion) together, each with what it paired.
 */
function linkingResponses(world: RoleWorld, pages: Crawled[]) {
  const people = world.panel.flatMap(identities);
  const answers = [...world.panel.map((p) => p.pseudonym), ...answerTexts(world)];
  return pages.flatMap((page) => {
    const who = people.filter((s) => page.text.includes(s));
    const what = answers.filter((s) => page.text.includes(s));
    return who.length && what.length ? [`${page.url}: ${who[0]} next to ${what[0]}`] : [];
  });
}

/** socket.io clients in the consultation's rooms, recording every event they receive. */
async function listen(app: RunningApp, who: Caller, consultationId: string) {
  const socket: Socket = ioClient(app.url, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: { cookie: who.cookie! },
  });
  const events: string[] = [];
  socket.onAny((name: string, ...args: unknown[]) => events.push(JSON.stringify([name, ...args])));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  expect(await socket.emitWithAck("consultation:join", { consultationId })).toEqual({ ok: true });
  return { socket, events };
}

const STAFF = ["moderator", "observer", "admin"] as const;

describe.each(providers)("anonymity crawl on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let world: RoleWorld;
  const live: Partial<Record<(typeof STAFF)[number], { socket: Socket; events: string[] }>> = {};
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    world = await buildRoleWorld(t, app, { panellists: 3, anonymity: "anonymous", realtime: true });
    // The staff watch the live view while round 2 is answered.
    for (const role of STAFF) live[role] = await listen(app, world.callers[role], world.consultationId);
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
    // Each panellist proposes a missing indicator: read after close, never with its author.
    const domain = world.openRound.keys.find((k) => !k.includes("."))!;
    for (const [p, person] of world.panel.entries()) {
      const res = await api(app, "POST", `/consultations/${world.consultationId}/proposals`, person, {
        kind: "indicator",
        target: domain,
        statement: `missing indicator ${p}`,
        reason: `because expert ${p} found it missing`,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    expect((await api(app, "POST", `/rounds/${world.openRound.id}/close`, admin)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the close's events reach the sockets
  }, 120_000);
  afterAll(async () => {
    for (const l of Object.values(live)) l.socket.disconnect();
    await app?.close();
    await t?.drop();
  });

  test("no panellist sees another panellist's identity or an attributable rating", { timeout: 120_000 }, async () => {
    for (const me of world.panel) {
      const others = world.panel.filter((p) => p !== me).flatMap(identities);
      const pages = await crawl(app, me, startingUrls(world));
      expect(pages.filter((p) => p.status === 200).length).toBeGreaterThan(10);
      // Refused pages (another's review, the audit trail…) are refused as `.data` exactly as as `?_data=`.
      expect(pages.filter((p) => isSingleFetch(p.url) && p.status === 403).length).toBeGreaterThan(0);
      expect(dataStatusMismatches(pages)).toEqual([]);
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
    expect(dataStatusMismatches(pages)).toEqual([]);
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
  test.each(STAFF)(
    "as %s of an anonymous consultation, no page, loader, API answer, export or live event links a panellist to a pseudonym or an answer",
    { timeout: 180_000 },
    async (role) => {
      const pages = await crawl(app, world.callers[role], startingUrls(world));
      const reached = pages.filter((p) => p.status === 200);
      expect(dataStatusMismatches(pages)).toEqual([]);
      // The crawl reaches the pages with people (panel, outbox) and those with answers (review, exports, audit).
      for (const must of [
        "_data=routes%2Fconsultations.%24id._index",
        `/consultations/${world.consultationId}.data`,
        `/review/2.data`,
        "/review/2",
        "/exports/ratings.xlsx",
        "/report.pdf",
        "/audit",
      ])
        expect(
          reached.some((p) => p.url.includes(must)),
          must,
        ).toBe(true);
      if (role !== "observer") {
        const people = world.panel.map((p) => p.email);
        expect(
          reached.some((p) => people.every((e) => p.text.includes(e))),
          "the panel is listed as people",
        ).toBe(true);
      }
      const pseudonyms = world.panel.map((p) => p.pseudonym);
      expect(reached.some((p) => pseudonyms.every((x) => p.text.includes(x)))).toBe(true);
      // The crawl reads the panel's proposals (the listing and the restructure page), never with a pseudonym.
      const proposals = reached.filter((p) => p.text.includes("missing indicator 0"));
      expect(proposals.map((p) => p.url).some((u) => u.includes("/proposals"))).toBe(true);
      for (const p of proposals.filter((x) => /\/proposals|\/restructure/.test(x.url)))
        for (const x of pseudonyms) expect(p.text, p.url).not.toContain(x);
      expect(linkingResponses(world, pages)).toEqual([]);
      // A real-time window still open: staff watch its published figures, never an answer or a reason behind them.
      expect(reached.some((p) => p.url.endsWith(`/rounds/${world.realtime!.roundId}/live`))).toBe(true);
      expect(reached.some((p) => p.url.endsWith(`/live/1`))).toBe(true);
      for (const page of reached) expect(page.text, page.url).not.toContain("real-time reason");
      // Anonymous: who has not finished is a count, for moderators as for everyone.
      const progress = await api(app, "GET", `/rounds/${world.openRound.id}/progress`, world.callers[role]);
      expect(progress.body.notFinished).toEqual({ count: 3, people: null });
      // Live events are counts: no identity, no pseudonym, no answer.
      const events = live[role]!.events;
      expect(events.length).toBeGreaterThan(0);
      const secrets = [...world.panel.flatMap(identities), ...pseudonyms, ...answerTexts(world)];
      for (const e of events) for (const secret of secrets) expect(e, `live event as ${role}`).not.toContain(secret);
    },
  );
});

describe.each(providers)("quasi-anonymous crawl on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let world: RoleWorld;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    world = await buildRoleWorld(t, app, { panellists: 3, anonymity: "quasi-anonymous" });
    // Round 2 stays open: everyone rates with comments; only the first panellist finishes.
    for (const [p, person] of world.panel.entries())
      for (const [k, itemId] of world.openRound.itemIds.entries())
        expect(
          (
            await api(app, "PUT", `/rounds/${world.openRound.id}/items/${itemId}/rating`, person, {
              value: 1 + ((p + k) % 5),
              comment: `round 2 comment ${p}-${k}`,
              suggestion: k === 0 ? `suggested wording ${p}` : "",
            })
          ).status,
        ).toBe(200);
    expect((await api(app, "POST", `/rounds/${world.openRound.id}/submit`, world.panel[0]!)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  test("moderators see by name who has not finished, never with a pseudonym; observers see only the count", async () => {
    const unfinished = world.panel.slice(1);
    for (const role of ["moderator", "admin"] as const) {
      const progress = await api(app, "GET", `/rounds/${world.openRound.id}/progress`, world.callers[role]);
      expect(progress.body.notFinished).toEqual({
        count: 2,
        people: unfinished.map((p) => ({ name: p.name, email: p.email })).sort((a, b) => a.name.localeCompare(b.name)),
      });
      const page = await fetch(`${app.url}/consultations/${world.consultationId}`, {
        headers: { cookie: world.callers[role].cookie! },
      });
      const html = await page.text();
      expect(html).toMatch(new RegExp(`Not submitted yet:.*${unfinished[0]!.name}`));
      for (const p of world.panel) expect(html).not.toContain(p.pseudonym);
    }
    const observed = await api(app, "GET", `/rounds/${world.openRound.id}/progress`, world.callers.observer);
    expect(observed.body.notFinished).toEqual({ count: 2, people: null });
  });

  test.each(STAFF)(
    "as %s of a quasi-anonymous consultation, nothing links a panellist to a pseudonym or an answer",
    { timeout: 180_000 },
    async (role) => {
      const pages = await crawl(app, world.callers[role], startingUrls(world));
      expect(pages.filter((p) => p.status === 200).length).toBeGreaterThan(20);
      expect(linkingResponses(world, pages)).toEqual([]);
      // Round 2 is open: none of its answers is visible to anyone yet.
      const open = world.panel.flatMap((_, p) => world.openRound.keys.map((_k, k) => `round 2 comment ${p}-${k}`));
      for (const page of pages)
        for (const text of [...open, ...world.panel.map((_, p) => `suggested wording ${p}`)])
          expect(page.text, `${page.url} as ${role} during round 2`).not.toContain(text);
    },
  );
  test("the audit trail never ties an invitation, a join or a withdrawal to a pseudonym", async () => {
    const moderator = world.callers.moderator;
    const withdrawn = world.panel[2]!;
    const res = await api(
      app,
      "POST",
      `/consultations/${world.consultationId}/panellists/${withdrawn.memberId}/withdraw`,
      moderator,
      { answers: "keep" },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const audit = await api(app, "GET", `/consultations/${world.consultationId}/audit?limit=1000`, moderator);
    const lifecycle = audit.body.events.filter((e: { type: string }) => e.type.startsWith("panellist."));
    expect(lifecycle.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(["panellist.invited", "panellist.joined", "panellist.withdrawn"]),
    );
    // The moderator knows whom they invited, who joined when (the panel list) and whom they withdrew.
    for (const e of lifecycle)
      for (const p of world.panel) expect(JSON.stringify(e), e.type).not.toContain(p.pseudonym);
  });
});
