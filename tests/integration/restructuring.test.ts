// Restructuring the model between rounds, through the API only: round 1 → decisions (three "validated with
// minor rewording", one reformulation) → two merges, a move, a split and an item added from a panel proposal → round 2 on the new
// structure → publish. The published version has exactly the expected structure and text, old keys resolve to
// their successors, and the lineage and the changelog account for every round-1 item. An operation the
// structure cannot represent is a 400 and writes nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { api, redeem, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { deliverMail, linkIn } from "../support/mail.js";
import { pdfText } from "../support/pdf.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

const levels = (key: string) => [1, 2, 3, 4, 5].map((l) => `Stage ${l} of ${key}`);
const indicator = (key: string) => ({ id: key, statement: `Indicator ${key}`, levels: levels(key) });
const subdomain = (key: string) => ({
  id: key,
  title: `Subdomain ${key}`,
  indicators: [indicator(`${key}.1`), indicator(`${key}.2`)],
});
/** Five subdomains in two domains, two indicators each. */
const MODEL = {
  name: "Restructured model",
  levelScale: ["Level 1", "Level 2", "Level 3", "Level 4", "Level 5"],
  domains: [
    { code: "I", title: "Domain I", subdomains: [subdomain("I.1"), subdomain("I.2"), subdomain("I.3")] },
    { code: "II", title: "Domain II", subdomains: [subdomain("II.1"), subdomain("II.2")] },
  ],
  glossary: [],
};

const EDITORIAL = {
  "I.1.1": "Indicator I.1.1, worded more plainly",
  "I.3": "Subdomain I.3, renamed",
  "II.2.1": "Indicator II.2.1, with a typo fixed",
} as const;
const REFORMULATED = "Indicator I.2.1, reformulated for the panel";
const ADDED = { wording: "A new indicator the panel found missing", levels: levels("new") };

describe.each(providers)("restructuring between rounds on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  let panel: Caller[];
  let n = 0;

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true, name: "Restructuring Admin" });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    await importModel(t.db, MODEL);
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  /** A study of every item, rated by three panellists, round 1 closed. */
  /** `whileOpen` runs while round 1 is open, before the panel rates. */
  async function closedRoundOne(options: { modelVersion?: number; whileOpen?: (id: string) => Promise<void> } = {}) {
    const { whileOpen, ...create } = options;
    const created = await api(app, "POST", "/consultations", moderator, {
      title: `Restructuring study ${++n}`,
      modelSlug: "restructured-model",
      items: "everything",
      ...create,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const roundId = created.body.roundId as string;
    const emails = [0, 1, 2].map((i) => `p${i}.r${n}.${Date.now().toString(36)}@restructure.example`);
    const added = await api(
      app,
      "POST",
      `/consultations/${id}/panellists`,
      moderator,
      emails.map((email, i) => ({ name: `Panellist ${i}`, email, stakeholderType: "ELSI" })),
    );
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const mails = await deliverMail(t.db);
    panel = [];
    for (const email of emails) panel.push({ cookie: await redeem(app, linkIn(mails.find((m) => m.to === email)!)!) });
    await rateAndClose(roundId, whileOpen && (() => whileOpen(id)));
    return { id, roundId, items: await itemIds(roundId) };
  }

  async function rateAndClose(roundId: string, whileOpen: () => Promise<void> = async () => {}) {
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(200);
    await whileOpen();
    const items = await itemIds(roundId);
    for (const who of panel) {
      for (const itemId of items.values())
        expect((await api(app, "PUT", `/rounds/${roundId}/items/${itemId}/rating`, who, { value: 5 })).status).toBe(
          200,
        );
      expect((await api(app, "POST", `/rounds/${roundId}/submit`, who)).status).toBe(200);
    }
    expect((await api(app, "POST", `/rounds/${roundId}/close`, moderator)).status).toBe(200);
  }

  const itemIds = async (roundId: string) =>
    new Map(
      (await t.db.roundItem.findMany({ where: { roundId }, orderBy: { position: "asc" } })).map((i) => [i.key, i.id]),
    );

  async function decideAll(roundId: string, items: Map<string, string>, special: Record<string, object> = {}) {
    for (const [key, itemId] of items) {
      const body = special[key] ?? { decision: "validated", rationale: "The panel agreed" };
      const res = await api(app, "PUT", `/rounds/${roundId}/items/${itemId}/decision`, moderator, body);
      expect(res.status, `${key}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  }

  const restructure = async (id: string, body: object) => {
    const res = await api(app, "POST", `/consultations/${id}/restructurings`, moderator, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  test("a study restructured after round 1 rates the new structure in round 2 and publishes exactly it", async () => {
    // While round 1 is open, a panellist proposes the indicator the model lacks under I.3.
    const s = await closedRoundOne({
      whileOpen: async (id) => {
        const proposed = await api(app, "POST", `/consultations/${id}/proposals`, panel[0]!, {
          kind: "indicator",
          target: "I.3",
          statement: ADDED.wording,
          levels: ADDED.levels,
          reason: "Nothing in I.3 covers it",
        });
        expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
      },
    });
    const roundOneKeys = [...s.items.keys()];
    expect(roundOneKeys).toHaveLength(2 + 5 + 10 + 10);
    await decideAll(s.roundId, s.items, {
      "I.1.1": { decision: "validated", newWording: EDITORIAL["I.1.1"] },
      "I.3": { decision: "validated", newWording: EDITORIAL["I.3"] },
      "II.2.1": { decision: "validated", newWording: EDITORIAL["II.2.1"] },
      "I.2.1": { decision: "reformulate", newWording: REFORMULATED, rationale: "Ambiguous" },
    });

    // Two merges, a move, a split and an added item; keys are renumbered where the structure changed.
    const merged = await restructure(s.id, {
      operation: "merge",
      keys: ["I.1", "I.2"],
      wording: "Vision and planning",
      rationale: "The panel saw I.1 and I.2 as one subject",
    });
    expect(merged.step.to).toEqual([{ id: expect.any(String), key: "I.1" }]);
    await restructure(s.id, {
      operation: "merge",
      keys: ["II.1.1", "II.1.2"],
      wording: "One indicator for both II.1 practices",
      levels: levels("merged"),
      rationale: "Two halves of one practice",
    });
    // After the first merge the former I.3 is I.2: its second indicator moves to II.2.
    const moved = await restructure(s.id, {
      operation: "move",
      key: "I.2.2",
      to: "II.2",
      rationale: "Belongs with II.2",
    });
    expect(moved.step.to[0].key).toBe("II.2.3");
    await restructure(s.id, {
      operation: "split",
      key: "II.2",
      into: [
        { wording: "Part A of II.2", children: ["II.2.1", "II.2.2"] },
        { wording: "Part B of II.2", children: ["II.2.3"] },
      ],
      rationale: "Two subjects in one",
    });
    // The panel's proposal, accepted: added under what I.3 has become (I.2), with the proposed levels.
    const accepted = await api(app, "PUT", `/consultations/${s.id}/proposals/1/triage`, moderator, {
      outcome: "accepted",
      rationale: "Proposed by the panel in round 1",
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ outcome: "accepted", acceptedAs: "I.2.2" });

    // The next round offers the restructured model; the new items and the reformulated one are ticked.
    const proposal = await api(app, "GET", `/consultations/${s.id}/next-round`, moderator);
    expect(proposal.status, JSON.stringify(proposal.body)).toBe(200);
    const proposed = proposal.body.items as {
      key: string;
      carry: boolean;
      proposedWording: unknown;
      changes: string[];
    }[];
    const carried = proposed.filter((i) => i.carry);
    expect(carried.map((i) => i.key)).toEqual([
      "I.1",
      "I.1.3",
      "I.2.2",
      "I.2.2/levels",
      "II.1.1",
      "II.1.1/levels",
      "II.2",
      "II.3",
    ]);
    expect(proposed.find((i) => i.key === "I.1")!.changes).toEqual(["merged from I.1, I.2"]);
    expect(proposed.find((i) => i.key === "II.3.1")!.changes).toEqual(["moved to II.3 (now II.3.1)"]);
    const next = await api(app, "POST", `/consultations/${s.id}/rounds`, moderator, {
      items: carried.map((i) => ({ key: i.key, wording: i.proposedWording })),
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const round2 = next.body.id as string;
    const round2Items = await t.db.roundItem.findMany({ where: { roundId: round2 }, orderBy: { position: "asc" } });
    expect(round2Items.map((i) => [i.key, i.wording])).toEqual([
      ["I.1", "Vision and planning"],
      ["I.1.3", REFORMULATED],
      ["I.2.2", ADDED.wording],
      ["I.2.2/levels", JSON.stringify(ADDED.levels)],
      ["II.1.1", "One indicator for both II.1 practices"],
      ["II.1.1/levels", JSON.stringify(levels("merged"))],
      ["II.2", "Part A of II.2"],
      ["II.3", "Part B of II.2"],
    ]);
    // The reformulated item continues I.2.1 (its round-1 figures are its feedback); made items are new.
    expect(round2Items.find((i) => i.key === "I.1.3")!.previousId).toBe(s.items.get("I.2.1"));
    expect(round2Items.filter((i) => i.previousId === null)).toHaveLength(7);

    // The panel is told what became of the items it rated, and sees round 2 under the new titles.
    await rateAndClose(round2, async () => {
      const view = await api(app, "GET", `/rounds/${round2}`, panel[0]);
      expect(view.status, JSON.stringify(view.body)).toBe(200);
      const told = new Map(
        (view.body.restructured as { key: string; changes: string[] }[]).map((c) => [c.key, c.changes]),
      );
      expect(told.get("I.2")).toEqual(["merged into I.1"]);
      expect(told.get("I.2.1")).toEqual(["now I.1.3"]);
      expect(told.get("I.3")).toEqual(["now I.2"]);
      expect(told.get("I.3.2")).toEqual(["moved to II.3 (now II.3.1)"]);
      expect(told.get("II.1.2")).toEqual(["merged into II.1.1"]);
      expect(told.get("II.2")).toEqual(["split into II.2, II.3"]);
      expect(told.has("I.1.1")).toBe(false);
      expect(view.body.titles).toMatchObject({
        "I.1": "Vision and planning",
        "I.2": EDITORIAL["I.3"],
        "II.3": "Part B of II.2",
      });
    });
    // The moderator reviews round 2 under the restructured titles.
    const review = await api(app, "GET", `/rounds/${round2}/review`, moderator);
    expect(review.body.overview.map((o: { key: string; title: string }) => [o.key, o.title])).toEqual([
      ["I", "Domain I"],
      ["I.1", "Vision and planning"],
      ["I.2", EDITORIAL["I.3"]],
      ["II", "Domain II"],
      ["II.1", "Subdomain II.1"],
      ["II.2", "Part A of II.2"],
      ["II.3", "Part B of II.2"],
    ]);
    await decideAll(round2, await itemIds(round2));
    const published = await api(app, "POST", `/consultations/${s.id}/publish`, moderator);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body.versionNumber).toBe(n + 1);
    const version = published.body.versionNumber as number;

    const model = await api(app, "GET", `/models/restructured-model?version=${version}`, moderator);
    const outline = (model.body.domains as { key: string; title: string; subdomains: any[] }[]).map((d) => [
      d.key,
      d.title,
      d.subdomains.map((sd) => [sd.key, sd.title, sd.indicators.map((i: any) => [i.key, i.statement])]),
    ]);
    expect(outline).toEqual([
      [
        "I",
        "Domain I",
        [
          [
            "I.1",
            "Vision and planning",
            [
              ["I.1.1", EDITORIAL["I.1.1"]],
              ["I.1.2", "Indicator I.1.2"],
              ["I.1.3", REFORMULATED],
              ["I.1.4", "Indicator I.2.2"],
            ],
          ],
          [
            "I.2",
            EDITORIAL["I.3"],
            [
              ["I.2.1", "Indicator I.3.1"],
              ["I.2.2", ADDED.wording],
            ],
          ],
        ],
      ],
      [
        "II",
        "Domain II",
        [
          ["II.1", "Subdomain II.1", [["II.1.1", "One indicator for both II.1 practices"]]],
          [
            "II.2",
            "Part A of II.2",
            [
              ["II.2.1", EDITORIAL["II.2.1"]],
              ["II.2.2", "Indicator II.2.2"],
            ],
          ],
          ["II.3", "Part B of II.2", [["II.3.1", "Indicator I.3.2"]]],
        ],
      ],
    ]);
    const levelsOf = (key: string) =>
      model.body.domains
        .flatMap((d: any) => d.subdomains)
        .flatMap((sd: any) => sd.indicators)
        .find((i: any) => i.key === key).levels;
    expect(levelsOf("II.1.1")).toEqual(levels("merged"));
    expect(levelsOf("I.2.2")).toEqual(ADDED.levels);
    expect(levelsOf("II.3.1")).toEqual(levels("I.3.2"));

    // Old keys (of the base version) resolve to what they became.
    const resolve = async (key: string) => {
      const res = await api(
        app,
        "GET",
        `/models/restructured-model/items/${encodeURIComponent(key)}?version=${version}&from=1`,
        moderator,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.found ? [res.body.item.key] : (res.body.successors as { key: string }[]).map((x) => x.key);
    };
    expect(await resolve("I.2")).toEqual(["I.1"]);
    expect(await resolve("I.3")).toEqual(["I.2"]);
    expect(await resolve("I.2.1")).toEqual(["I.1.3"]);
    expect(await resolve("I.3.2")).toEqual(["II.3.1"]);
    expect(await resolve("I.3.2/levels")).toEqual(["II.3.1/levels"]);
    expect(await resolve("II.1.2")).toEqual(["II.1.1"]);
    expect(await resolve("II.2")).toEqual(["II.2", "II.3"]);
    expect(await resolve("I.1.1")).toEqual(["I.1.1"]);

    // The changelog has an entry for every round-1 item, saying what became of it.
    const compared = await api(app, "GET", `/models/restructured-model/compare?from=1&to=${version}`, moderator);
    const entries = compared.body.changelogs.at(-1).entries as {
      key: string;
      decision: string;
      editorial?: true;
      newKeys?: string[];
      structure?: string[];
    }[];
    expect(entries.map((e) => e.key).sort()).toEqual([...roundOneKeys].sort());
    const entry = (key: string) => entries.find((e) => e.key === key)!;
    expect(
      entries
        .filter((e) => e.editorial)
        .map((e) => e.key)
        .sort(),
    ).toEqual(Object.keys(EDITORIAL).sort());
    expect(entry("I.2").structure).toEqual(["merged into I.1"]);
    expect(entry("I.1").structure).toEqual(["merged into I.1"]);
    expect(entry("II.1.2")).toMatchObject({ newKeys: ["II.1.1"], structure: ["merged into II.1.1"] });
    expect(entry("I.3.2")).toMatchObject({ newKeys: ["II.3.1"], structure: ["moved to II.3 (now II.3.1)"] });
    expect(entry("II.2")).toMatchObject({ newKeys: ["II.2", "II.3"], structure: ["split into II.2, II.3"] });
    expect(entry("I.2.1")).toMatchObject({ decision: "validated", round: 2, newKeys: ["I.1.3"], changed: true });
    expect(entry("I.3")).toMatchObject({ newKeys: ["I.2"], editorial: true });

    // The comparison pairs items through the restructuring instead of by key.
    // Items of version 1 by their old key (an added item may have an old item's key).
    const comparedItems = compared.body.items as { key: string; change: string; newKeys?: string[] }[];
    const change = new Map(comparedItems.filter((i) => i.change !== "added").map((i) => [i.key, i]));
    expect(comparedItems.filter((i) => i.change === "added").map((i) => i.key)).toEqual(["I.2.2", "I.2.2/levels"]);
    expect(change.get("I.2")).toMatchObject({ change: "merged", newKeys: ["I.1"] });
    expect(change.get("I.3.2")).toMatchObject({ change: "moved", newKeys: ["II.3.1"] });
    expect(change.get("II.2")).toMatchObject({ change: "split", newKeys: ["II.2", "II.3"] });
    expect(change.get("I.3")).toMatchObject({ change: "changed", newKeys: ["I.2"] });
    expect(change.get("I.3.1")).toMatchObject({ change: "renumbered", newKeys: ["I.2.1"] });
    expect(change.get("I.2.2")).toMatchObject({ change: "renumbered", newKeys: ["I.1.4"] });
    expect(compared.body.summary).toMatchObject({ added: 2, merged: 6, split: 1, moved: 2 });
    expect(compared.body.structureChanges[0].steps.map((st: any) => [st.change, st.from, st.to])).toEqual([
      ["merged", ["I.1", "I.2"], ["I.1"]],
      ["merged", ["II.1.1", "II.1.2"], ["II.1.1"]],
      ["moved", ["I.3.2"], ["II.3.1"]],
      ["split", ["II.2"], ["II.2", "II.3"]],
      ["added", [], ["I.2.2"]],
    ]);

    // The study's export records every restructuring with its rationale, by the same keys.
    const exported = await fetch(`${app.url}/api/v1/consultations/${s.id}/exports/study.json`, {
      headers: { cookie: moderator.cookie! },
    });
    expect(exported.status).toBe(200);
    const restructurings = (await exported.json()).restructurings as {
      change: string;
      from: string[];
      to: string[];
      afterRound: number;
      rationale: string;
    }[];
    expect(restructurings.map((st) => [st.change, st.from, st.to])).toEqual(
      compared.body.structureChanges[0].steps.map((st: any) => [st.change, st.from, st.to]),
    );
    expect(restructurings[0]).toMatchObject({ afterRound: 1, rationale: "The panel saw I.1 and I.2 as one subject" });
    expect(restructurings.at(-1)).toMatchObject({ change: "added", proposal: "P-1" });
    // And as a table, one row per step.
    const csv = await fetch(`${app.url}/api/v1/consultations/${s.id}/exports/restructurings.csv`, {
      headers: { cookie: moderator.cookie! },
    });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe("seq,after_round,change,kind,from,to,proposal,rationale");
    expect(lines).toHaveLength(restructurings.length + 1);
    expect(lines[1]).toBe("1,1,merged,subdomain,I.1 I.2,I.1,,The panel saw I.1 and I.2 as one subject");
    expect(lines.at(-1)).toBe("5,1,added,indicator,,I.2.2,P-1,Proposed by the panel in round 1");

    // The study report lists them too, on the page and in the PDF.
    const report = await api(app, "GET", `/consultations/${s.id}/report`, moderator);
    expect(report.body.restructurings.map((st: { change: string }) => st.change)).toEqual(
      restructurings.map((st) => st.change),
    );
    const pdf = await fetch(`${app.url}/consultations/${s.id}/report.pdf`, { headers: { cookie: moderator.cookie! } });
    expect(pdf.status).toBe(200);
    // Table cells wrap: compare the text with its line breaks as spaces.
    const pdfLines = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).replace(/\s+/g, " ");
    expect(pdfLines).toContain("Restructurings of the model between rounds:");
    expect(pdfLines).toContain("The panel saw I.1 and I.2 as one subject");

    // The compare page lists the structure changes beside the text diff.
    const page = await fetch(`${app.url}/models/restructured-model/compare?from=1&to=${version}`, {
      headers: { cookie: moderator.cookie! },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Structure changes in version ${version}`);
    for (const word of ["merged", "split", "moved", "added", "renumbered", "Two halves of one practice"])
      expect(html).toContain(word);

    // The lineage follows an item through its renumbering into round 2, with the step that moved it.
    const lineage = await api(app, "GET", `/consultations/${s.id}/items/I.2.1/lineage`, moderator);
    expect(lineage.status, JSON.stringify(lineage.body)).toBe(200);
    expect(lineage.body.rounds.map((r: any) => [r.round, r.wording])).toEqual([
      [1, "Indicator I.2.1"],
      [2, REFORMULATED],
    ]);
    expect(lineage.body.structure.currentKeys).toEqual(["I.1.3"]);
    const mergedAway = await api(app, "GET", `/consultations/${s.id}/items/II.1.2/lineage`, moderator);
    expect(mergedAway.body.structure.steps).toEqual([
      expect.objectContaining({ afterRound: 1, change: "merged", text: "merged into II.1.1" }),
    ]);

    const lineagePage = await fetch(`${app.url}/consultations/${s.id}/items/II.1.2`, {
      headers: { cookie: moderator.cookie! },
    });
    expect(await lineagePage.text()).toContain("merged into II.1.1");

    // One audit event per operation.
    const audited = await t.db.auditEvent.findMany({ where: { consultationId: s.id, type: "model.restructured" } });
    expect(audited.map((e) => JSON.parse(e.payload).operation)).toEqual(["merge", "merge", "move", "split", "add"]);
  });

  test("an operation the structure cannot represent is a 400 naming the field, and nothing is written", async () => {
    const s = await closedRoundOne();
    const refused = async (body: object, path: string) => {
      const before = await t.db.auditEvent.count({ where: { consultationId: s.id } });
      const res = await api(app, "POST", `/consultations/${s.id}/restructurings`, moderator, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.details[0].path).toBe(path);
      expect(await t.db.restructuring.count({ where: { consultationId: s.id } })).toBe(0);
      expect(await t.db.auditEvent.count({ where: { consultationId: s.id } })).toBe(before);
      return res.body.error.message as string;
    };
    const why = { rationale: "because" };
    expect(await refused({ operation: "merge", keys: ["I.1", "I.1.1"], wording: "Mixed", ...why }, "keys[1]")).toMatch(
      /only items of one kind merge/,
    );
    expect(await refused({ operation: "move", key: "I.1.1", to: "I.9", ...why }, "to")).toMatch(/no item "I.9"/);
    expect(await refused({ operation: "move", key: "I.1.1", to: "II", ...why }, "to")).toMatch(
      /moves into a subdomain/,
    );
    expect(
      await refused(
        {
          operation: "split",
          key: "I.1",
          into: [
            { wording: "A", children: ["I.1.1"] },
            { wording: "B", children: [] },
          ],
          ...why,
        },
        "into[1].children",
      ),
    ).toMatch(/assign at least one/);
    expect(
      await refused({ operation: "merge", keys: ["I.1", "I.2"], wording: "X", colour: "red", ...why }, ""),
    ).toMatch(/colour/);
    expect(await refused({ operation: "merge", keys: ["I.1", "I.2"], wording: "X" }, "rationale")).toMatch(/rationale/);

    // Dropped in round 1, a subdomain is not there to move into.
    await decideAll(s.roundId, s.items, { "II.2": { decision: "dropped", rationale: "Out of scope" } });
    expect(await refused({ operation: "move", key: "I.1.1", to: "II.2", ...why }, "to")).toMatch(/dropped/);

    // A decision that would break a recorded restructuring is refused, and not written.
    await restructure(s.id, { operation: "move", key: "I.1.2", to: "II.1", ...why });
    const res = await api(app, "PUT", `/rounds/${s.roundId}/items/${s.items.get("II.1")}/decision`, moderator, {
      decision: "dropped",
      rationale: "Out of scope",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.error.message).toMatch(/Restructuring 1 \(move after round 1\) no longer applies/);
    const result = await t.db.itemResult.findUniqueOrThrow({ where: { roundItemId: s.items.get("II.1")! } });
    expect(result.decision).toBe("validated");
  });

  test("only the latest restructuring is undone, and none is recorded once the next round exists", async () => {
    const s = await closedRoundOne();
    await decideAll(s.roundId, s.items);
    const why = { rationale: "because" };
    await restructure(s.id, { operation: "move", key: "I.1.1", to: "I.2", ...why });
    await restructure(s.id, { operation: "rename", key: "II", newKey: "IX", ...why });
    const early = await api(app, "DELETE", `/consultations/${s.id}/restructurings/1`, moderator);
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    const undone = await api(app, "DELETE", `/consultations/${s.id}/restructurings/2`, moderator);
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    const view = await api(app, "GET", `/consultations/${s.id}/restructurings`, moderator);
    expect(view.body.restructurings.map((r: { seq: number }) => r.seq)).toEqual([1]);
    expect(view.body.structure.map((d: { key: string }) => d.key)).toEqual(["I", "II"]);
    expect(await t.db.auditEvent.count({ where: { consultationId: s.id, type: "model.restructuring.undone" } })).toBe(
      1,
    );
    // A panellist cannot restructure; once round 2 exists the model waits for its close.
    const panellist = await api(app, "POST", `/consultations/${s.id}/restructurings`, panel[0], {
      operation: "rename",
      key: "I",
      wording: "x",
      ...why,
    });
    expect(panellist.status).toBe(403);
    const next = await api(app, "POST", `/consultations/${s.id}/rounds`, moderator, { items: [{ key: "I.2.3" }] });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const late = await api(app, "POST", `/consultations/${s.id}/restructurings`, moderator, {
      operation: "rename",
      key: "I",
      wording: "x",
      ...why,
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/Round 2 is draft/);
  });

  test("a version published from a study of an older version is compared by key, not through the restructurings in between", async () => {
    // Version 2 is the restructured one (the first test); a study of version 1 now publishes a rewording only.
    const restructured = (await api(app, "GET", "/models/restructured-model/compare?from=1&to=2", moderator)).body;
    expect(restructured.structureChanges).toHaveLength(1);
    const s = await closedRoundOne({ modelVersion: 1 });
    await decideAll(s.roundId, s.items, { "I.1.1": { decision: "validated", newWording: EDITORIAL["I.1.1"] } });
    const published = await api(app, "POST", `/consultations/${s.id}/publish`, moderator);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const version = published.body.versionNumber as number;
    expect(version).toBeGreaterThan(2);

    // From its own base: one rewording, none of version 2's merges, moves or splits.
    const fromBase = (await api(app, "GET", `/models/restructured-model/compare?from=1&to=${version}`, moderator)).body;
    expect(fromBase.summary).toEqual({ added: 0, removed: 0, changed: 1, unchanged: s.items.size - 1 });
    expect(fromBase.items.map((i: { key: string; change: string }) => [i.key, i.change])).toEqual([
      ["I.1.1", "changed"],
    ]);
    expect(fromBase.structureChanges).toEqual([]);
    expect(fromBase.changelogs.map((c: { version: number }) => c.version)).toEqual([version]);
    expect(fromBase.unrelatedBase).toBeUndefined();

    // Against the restructured version, whose line of descent it is not on: by key, and the page says why.
    const across = (await api(app, "GET", `/models/restructured-model/compare?from=2&to=${version}`, moderator)).body;
    expect(across.unrelatedBase).toBe(1);
    expect(across.items.some((i: { change: string }) => ["merged", "split", "moved"].includes(i.change))).toBe(false);
    const page = await fetch(`${app.url}/models/restructured-model/compare?from=2&to=${version}`, {
      headers: { cookie: moderator.cookie! },
    });
    expect(await page.text()).toContain(`Version ${version} was not derived from version 2`);
  });
});
