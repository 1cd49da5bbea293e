// The voting page of a long round (150 items, as the real B1MG model's 147): answered a part at a time, each
// part a page small enough to load fast on a phone, compressed, resuming where the panellist left off.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { mailedLinks } from "../support/mail.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, dataPath, login, pageData, startTestApp } from "../support/server.js";

describe.each(providers)("voting page of a 150-item round on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let panellist: Caller;
  let page: (query?: string, headers?: Record<string, string>) => Promise<Response>;
  let round: { id: string; items: { id: string; key: string }[] };
  let admin: Caller;
  let consultationId: string;

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    await importModel(t.db, syntheticModel("Long model", 3, 7, 3));
    const adminUser = await createTestUser(t, { isAdmin: true });
    const moderator: Caller = { cookie: await login(app, adminUser.email, adminUser.password) };
    admin = moderator;
    const created = await api(app, "POST", "/consultations", moderator, {
      title: "Long round",
      modelSlug: "long-model",
      items: "everything",
    });
    const { id, roundId } = created.body as { id: string; roundId: string };
    consultationId = id;
    const person = { name: "Long Reader", email: "long.reader@voting.example", stakeholderType: STAKEHOLDER_TYPES[0] };
    expect((await api(app, "POST", `/consultations/${id}/panellists`, moderator, [person])).status).toBe(201);
    panellist = { cookie: await redeem(app, (await mailedLinks(t.db)).get(person.email)!) };
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(200);
    round = { id: roundId, items: (await api(app, "GET", `/rounds/${roundId}`, panellist)).body.items };
    page = (query = "", headers = {}) =>
      fetch(`${app.url}/consultations/${id}/rounds/1${query}`, { headers: { cookie: panellist.cookie!, ...headers } });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const cards = (html: string) => [...html.matchAll(/data-testid="item-([^"]+)"/g)].map((m) => m[1]!);

  test("the API still gives every item; the page one part of at most 25, under 150 KB, with every part listed", async () => {
    expect(round.items).toHaveLength(150);
    const res = await page();
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.length).toBeLessThan(150 * 1024);
    const shown = cards(html);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThanOrEqual(25);
    expect(shown.slice(0, 2)).toEqual(["I", "I.1"]);
    expect(html).toContain('aria-label="Parts of this round"');
    expect(html).toContain("0 of 150 rated");
    // Part 2 follows on, without overlap.
    const second = cards(await (await page("?part=2")).text());
    expect(second[0]).toBe(round.items[shown.length]!.key);
  });

  test("a panellist comes back to the first part with an unanswered item", async () => {
    const first = cards(await (await page("?part=1")).text());
    const ids = new Map(round.items.map((i) => [i.key, i.id]));
    for (const key of first)
      expect(
        (await api(app, "PUT", `/rounds/${round.id}/items/${ids.get(key)}/rating`, panellist, { value: 4 })).status,
      ).toBe(200);
    const html = await (await page()).text();
    expect(cards(html)[0]).toBe(round.items[first.length]!.key);
    expect(html).toContain(`${first.length} of 150 rated`);
  });

  test("a bad part number is a 400 naming it; one past the end shows the last part", async () => {
    for (const bad of ["0", "abc", "1e400", "-1"]) {
      const res = await page(`?part=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(await res.text()).toMatch(/part/);
    }
    const last = cards(await (await page("?part=999")).text());
    expect(last.at(-1)).toBe(round.items.at(-1)!.key);
  });

  test("pages are compressed with brotli or gzip; built assets are cached for a year", async () => {
    for (const encoding of ["br", "gzip"]) {
      const res = await page("", { "accept-encoding": encoding });
      expect(res.headers.get("content-encoding")).toBe(encoding);
      await res.arrayBuffer();
    }
    const html = await (await page()).text();
    // The root route's module: big enough to be compressed (the entry stub is under compression's 1 KB floor).
    const asset = /(\/build\/root-[^"]+\.js)"/.exec(html)![1]!;
    const res = await fetch(`${app.url}${asset}`, { headers: { "accept-encoding": "br" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/max-age=31536000.*immutable|immutable.*max-age=31536000/);
    expect(res.headers.get("content-encoding")).toBe("br");
  });

  test("the round's data as client navigation fetches it (.data) is compressed and has the security headers", async () => {
    const url = `${app.url}${dataPath(`/consultations/${consultationId}/rounds/1`)}?part=2`;
    const res = await fetch(url, { headers: { cookie: panellist.cookie!, "accept-encoding": "br" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/x-script/);
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    await res.arrayBuffer();
    // Decoded as the browser does: part 2's items, the same as the page renders.
    const data = await pageData(app, `/consultations/${consultationId}/rounds/1?part=2`, { cookie: panellist.cookie! });
    const view = data.routes["routes/consultations.$id.rounds.$number"]!.data.view;
    const rendered = cards(await (await page("?part=2")).text());
    expect(view.outline.part).toBe(1);
    expect(view.items.map((i: { key: string }) => i.key)).toEqual(rendered);
  });

  test("an admin who is not on the panel previews the round; a stranger gets 404 and no round of its name", async () => {
    const preview = await fetch(`${app.url}/consultations/${consultationId}/rounds/1`, {
      headers: { cookie: admin.cookie! },
    });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("Preview as moderator");
    const strangerUser = await createTestUser(t);
    const stranger = await login(app, strangerUser.email, strangerUser.password);
    for (const path of [`/consultations/${consultationId}/rounds/1`, `/consultations/${consultationId}/rounds/9`]) {
      const res = await fetch(`${app.url}${path}`, { headers: { cookie: stranger } });
      expect(res.status, path).toBe(404);
    }
  });
});
