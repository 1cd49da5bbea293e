// Small groups and identity-free order, over the real API: the consultation's minimum group size (set at
// creation, changeable until round 1 opens), subgroup figures and live progress below it suppressed with a
// note, and the panel's comments listed in an order that does not follow the person who wrote them.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { mailedLinks } from "../support/mail.js";
import { createTestUser, login, pageData, startTestApp } from "../support/server.js";

/** 4 researchers and 3 ELSI panellists are groups; the patient and the clinician alone are people. */
const PANEL = [
  ...Array.from({ length: 4 }, () => "Research/University"),
  ...Array.from({ length: 3 }, () => "ELSI"),
  "Patient organisations",
  "Clinical communities",
].map((stakeholderType, i) => ({
  name: `Grouped Person ${i + 1}`,
  email: `grouped${i + 1}@panel.example`,
  stakeholderType,
  country: "BE",
}));
const SUPPRESSED = { suppressed: true, note: "n < 3, suppressed" };

describe.each(providers)("small groups and comment order on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let admin: Caller;
  let observer: Caller;
  let id: string;
  let round1: string;
  let panel: Caller[];
  let items: { id: string; key: string }[];

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const user = await createTestUser(t, { isAdmin: true });
    admin = { cookie: await login(app, user.email, user.password) };
    await importModel(t.db, syntheticModel("Groups model", 1, 1, 2));
    const created = await api(app, "POST", "/consultations", admin, {
      title: "Groups study",
      modelSlug: "groups-model",
      items: "everything",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    round1 = created.body.roundId;
    expect((await api(app, "POST", `/consultations/${id}/panellists`, admin, PANEL)).status).toBe(201);
    const links = await mailedLinks(t.db);
    panel = [];
    for (const p of PANEL) panel.push({ cookie: await redeem(app, links.get(p.email)!) });
    const watcher = await createTestUser(t);
    await t.db.member.create({
      data: { consultationId: id, userId: watcher.id, role: "observer", pseudonym: "Observer 1" },
    });
    observer = { cookie: await login(app, watcher.email, watcher.password) };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  test("the minimum group size is 3 by default, set at creation, refused by name when not a whole number ≥ 1", async () => {
    expect((await api(app, "GET", `/consultations/${id}`, admin)).body.minGroupSize).toBe(3);
    const base = { title: "Sized", modelSlug: "groups-model", items: "indicators" };
    const five = await api(app, "POST", "/consultations", admin, { ...base, minGroupSize: 5 });
    expect(five.status).toBe(201);
    expect((await api(app, "GET", `/consultations/${five.body.id}`, admin)).body.minGroupSize).toBe(5);
    for (const bad of [0, -1, 2.5, "abc", 10_000]) {
      const res = await api(app, "POST", "/consultations", admin, { ...base, minGroupSize: bad });
      expect(res.status, `minGroupSize ${JSON.stringify(bad)}`).toBe(400);
      expect(res.body.error.message).toContain("minGroupSize");
    }
    const bad = await api(app, "PUT", `/consultations/${five.body.id}/min-group-size`, admin, { minGroupSize: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("minGroupSize");
  });

  test("the create form takes the minimum group size and names it when it is wrong", async () => {
    const post = (minGroupSize: string) =>
      pageData(app, "/consultations/new", {
        method: "POST",
        cookie: admin.cookie!,
        body: new URLSearchParams({ title: "Form study", model: "groups-model@1", items: "indicators", minGroupSize }),
      });
    const bad = await post("0");
    expect(bad.status).toBe(400);
    expect(bad.routes.action!.data.details).toEqual([{ path: "minGroupSize", message: expect.any(String) }]);
    const ok = await post("4");
    expect(ok.status, JSON.stringify(ok.value)).toBeLessThan(400);
    const created = await t.db.consultation.findFirstOrThrow({ where: { title: "Form study" } });
    expect(created.minGroupSize).toBe(4);
  });

  test("the minimum group size can change until round 1 opens, then 409; observers may not change it", async () => {
    const created = await api(app, "POST", "/consultations", admin, {
      title: "Resized",
      modelSlug: "groups-model",
      items: "indicators",
    });
    const path = `/consultations/${created.body.id}/min-group-size`;
    expect((await api(app, "PUT", path, admin, { minGroupSize: 4 })).body).toEqual({
      id: created.body.id,
      minGroupSize: 4,
    });
    expect((await api(app, "GET", `/consultations/${created.body.id}`, admin)).body.minGroupSize).toBe(4);
    // A round opens only with a panel.
    const panellist = { name: "Resized Panellist", email: "resized@groups.example", stakeholderType: "ELSI" };
    expect((await api(app, "POST", `/consultations/${created.body.id}/panellists`, admin, [panellist])).status).toBe(
      201,
    );
    expect((await api(app, "POST", `/rounds/${created.body.roundId}/open`, admin)).status).toBe(200);
    const late = await api(app, "PUT", path, admin, { minGroupSize: 2 });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain("fixed once round 1 opens");
    expect((await api(app, "GET", `/consultations/${created.body.id}`, admin)).body.minGroupSize).toBe(4);
    // An observer of the study behind these tests: allowed past membership, refused by role.
    expect((await api(app, "PUT", `/consultations/${id}/min-group-size`, observer, { minGroupSize: 2 })).status).toBe(
      403,
    );
  });

  test("live progress, results, review and lineage suppress groups smaller than the minimum, and say so", async () => {
    expect((await api(app, "POST", `/rounds/${round1}/open`, admin)).status).toBe(200);
    items = (await api(app, "GET", `/rounds/${round1}`, panel[0])).body.items;
    const progress = await api(app, "GET", `/rounds/${round1}/progress`, admin);
    expect(progress.body.byStakeholderType).toEqual([
      { value: "Clinical communities", ...SUPPRESSED },
      { value: "ELSI", suppressed: false, panel: 3, finished: 0, partial: 0, started: 0 },
      { value: "Patient organisations", ...SUPPRESSED },
      { value: "Research/University", suppressed: false, panel: 4, finished: 0, partial: 0, started: 0 },
    ]);
    // Each panellist comments every item; the text's first letter rotates with the item, so sorting the
    // comments puts a given panellist at a different position on different items.
    for (const [p, who] of panel.entries())
      for (const [k, item] of items.entries())
        expect(
          (
            await api(app, "PUT", `/rounds/${round1}/items/${item.id}/rating`, who, {
              value: 1 + ((p + k) % 5),
              comment: `${"ABCDEFGHI"[(p + 2 * k) % PANEL.length]} from panellist ${p} on item ${k}`,
            })
          ).status,
        ).toBe(200);
    expect((await api(app, "POST", `/rounds/${round1}/close`, admin)).status).toBe(200);

    const byType = (groups: any[]) => Object.fromEntries(groups.map((g) => [g.group, g]));
    const results = await api(app, "GET", `/rounds/${round1}/results`, observer);
    const figures = byType(results.body.items[0].figures.byStakeholderType);
    expect(figures["Patient organisations"]).toEqual({ group: "Patient organisations", ...SUPPRESSED });
    expect(figures["Clinical communities"]).toEqual({ group: "Clinical communities", ...SUPPRESSED });
    expect(figures["ELSI"]).toMatchObject({ suppressed: false, figures: { nRated: 3 } });
    expect(figures["Research/University"]).toMatchObject({ suppressed: false, figures: { nRated: 4 } });
    // Country: everybody is from BE, one group of 9.
    expect(results.body.items[0].figures.byCountry).toMatchObject([{ group: "BE", suppressed: false }]);

    const review = await api(app, "GET", `/rounds/${round1}/review`, observer);
    expect(byType(review.body.items[0].figures.byStakeholderType)["Patient organisations"]).toEqual({
      group: "Patient organisations",
      ...SUPPRESSED,
    });
    const lineage = await api(
      app,
      "GET",
      `/consultations/${id}/items/${encodeURIComponent(items[0]!.key)}/lineage`,
      observer,
    );
    expect(byType(lineage.body.rounds[0].figures.byStakeholderType)["Clinical communities"]).toEqual({
      group: "Clinical communities",
      ...SUPPRESSED,
    });
    // The item's page renders the note where the figures would be.
    const page = await fetch(`${app.url}/consultations/${id}/items/${encodeURIComponent(items[0]!.key)}`, {
      headers: { cookie: observer.cookie! },
    });
    expect(await page.text()).toMatch(/<td[^>]*colSpan="4"[^>]*>n &lt; 3, suppressed<\/td>/i);
  });

  test("comments are listed in an order that carries no identity: a panellist's position changes between items", async () => {
    const next = await api(app, "POST", `/consultations/${id}/rounds`, admin, {
      items: items.map((i) => ({ key: i.key })),
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    expect((await api(app, "POST", `/rounds/${next.body.id}/open`, admin)).status).toBe(200);
    const view = await api(app, "GET", `/rounds/${next.body.id}`, panel[5]);
    const feedback: string[][] = view.body.items.map((i: any) => i.feedback.comments);
    expect(feedback.every((c) => c.length === PANEL.length)).toBe(true);
    const positions = feedback.map((comments) => comments.findIndex((c) => c.includes("from panellist 0 ")));
    expect(new Set(positions).size, `panellist 0 at ${positions.join(", ")}`).toBeGreaterThan(1);
    for (const comments of feedback) expect(comments).toEqual([...comments].sort((a, b) => a.localeCompare(b, "en")));
    const review = await api(app, "GET", `/rounds/${round1}/review`, admin);
    const reviewed = review.body.items.map((i: any) =>
      i.comments.findIndex((c: string) => c.includes("from panellist 0 ")),
    );
    expect(new Set(reviewed).size).toBeGreaterThan(1);
  });
});
