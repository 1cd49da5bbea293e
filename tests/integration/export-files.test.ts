// Study exports on a 2-round study built through the JSON API: the anonymised raw ratings, the per-round
// figures (which re-running shared/stats on the exported ratings reproduces exactly), the audit log
// (which re-verifies from the CSV alone), the study JSON and the XLSX twins, and the audit of each download.
import { createHash } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { AuditChainVerifier } from "../../shared/audit/chain.js";
import { parseCsv } from "../../shared/csv.js";
import { B1MG_2021_RULE, evaluateItem } from "../../shared/stats/consensus.js";
import { itemFigures } from "../../shared/stats/descriptive.js";
import { FIVE_POINT_SCALE } from "../../shared/stats/scale.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { mailedLinks } from "../support/mail.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

const PANEL = 6;
/** The rating panellist p gives item k in round r: spread over the scale, with "no opinion" now and then. */
const ratingOf = (p: number, k: number, r: number): number | null =>
  (p + 2 * k + r) % 7 === 0 ? null : 1 + ((p * 3 + k * (r + 2)) % 5);
const INJECTION = '=HYPERLINK("http://evil.example","click")';

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");
const unzip = (bytes: Uint8Array) =>
  Object.fromEntries(Object.entries(unzipSync(bytes)).map(([path, data]) => [path, strFromU8(data)]));
/** The cells of a worksheet by reference ("B2" → text), inline strings and numbers alike. */
const sheetCells = (xml: string) =>
  new Map(
    [
      ...xml.matchAll(
        /<c r="([A-Z]+\d+)"[^>]*>(?:<v>([^<]*)<\/v>|<is>(?:<r>)?<t[^>]*>([^<]*)<\/t>(?:<\/r>)?<\/is>)<\/c>/g,
      ),
    ].map((m) => [m[1]!, m[2] ?? m[3]!]),
  );

describe.each(providers)("study exports on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let moderator: Caller;
  let observer: Caller;
  let panel: Caller[];
  let id: string;
  let identities: string[];
  /** pseudonymOf[p]: panellist p's pseudonym (random, so looked up). */
  let pseudonymOf: string[];

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const admin = await createTestUser(t, { isAdmin: true, name: "Export Admin" });
    moderator = { cookie: await login(app, admin.email, admin.password) };
    await importModel(t.db, syntheticModel("Export model", 1, 2, 2)); // 1 + 2 + 4 + 4 = 11 items
    const created = await api(app, "POST", "/consultations", moderator, {
      title: "Export study",
      modelSlug: "export-model",
      items: "everything",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    const people = Array.from({ length: PANEL }, (_, i) => ({
      name: `Exported Person ${i + 1} Quillon${i + 1}`,
      email: `export${i + 1}@panel.example`,
      stakeholderType: i % 2 ? "ELSI" : "Patient organisations",
      country: i % 3 ? "PT" : "FI",
      gender: i % 2 ? "female" : "male",
    }));
    expect((await api(app, "POST", `/consultations/${id}/panellists`, moderator, people)).status).toBe(201);
    const links = await mailedLinks(t.db);
    panel = [];
    for (const p of people) panel.push({ cookie: await redeem(app, links.get(p.email)!) });
    const watcher = await createTestUser(t, { name: "Export Observer Ysolde" });
    await t.db.member.create({
      data: { consultationId: id, userId: watcher.id, role: "observer", pseudonym: "Observer 1" },
    });
    observer = { cookie: await login(app, watcher.email, watcher.password) };

    const round1 = created.body.roundId as string;
    await runRound(round1, 1, (key, p) =>
      key === "I.1.1" && p === 0 ? INJECTION : p === 1 ? 'says "no", twice\nreally' : "",
    );
    const results = await api(app, "GET", `/rounds/${round1}/results`, moderator);
    const carried = results.body.items.filter((i: any) => i.status !== "validated").slice(0, 4);
    expect(carried.length).toBeGreaterThan(0);
    const next = await api(app, "POST", `/consultations/${id}/rounds`, moderator, {
      items: carried.map((i: any) => ({ key: i.key })),
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    await runRound(next.body.id, 2, () => "");

    const members = await t.db.member.findMany({
      where: { consultationId: id, role: { in: ["panellist", "observer"] } },
      include: { user: true },
    });
    identities = members.flatMap((m) => [m.user.name, m.user.email, m.user.id, m.id]);
    pseudonymOf = people.map((p) => members.find((m) => m.user.email === p.email)!.pseudonym);
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  async function runRound(roundId: string, round: number, comment: (key: string, p: number) => string) {
    expect((await api(app, "POST", `/rounds/${roundId}/open`, moderator)).status).toBe(200);
    const items: { id: string; key: string }[] = (await api(app, "GET", `/rounds/${roundId}`, panel[0])).body.items;
    for (const [p, who] of panel.entries())
      await Promise.all(
        items.map(async (item, k) => {
          const res = await api(app, "PUT", `/rounds/${roundId}/items/${item.id}/rating`, who, {
            value: ratingOf(p, k, round),
            comment: comment(item.key, p),
            suggestion: k === 1 && p === 2 ? "+ shorter wording" : "",
          });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
        }),
      );
    expect((await api(app, "POST", `/rounds/${roundId}/close`, moderator)).status).toBe(200);
  }

  async function download(file: string, who: Caller = observer) {
    const res = await fetch(`${app.url}/api/v1/consultations/${id}/exports/${file}`, {
      headers: { cookie: who.cookie! },
    });
    expect(res.status, `${file}: ${res.status}`).toBe(200);
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  }
  const text = async (file: string) => new TextDecoder().decode((await download(file)).bytes);
  const table = (csv: string) => {
    const [header, ...rows] = parseCsv(csv).map((r) => r.cells);
    return rows.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i]!])));
  };
  const expectNoIdentity = (content: string, what: string) => {
    for (const secret of identities) expect(content, `${what} leaks ${secret}`).not.toContain(secret);
  };

  test("the raw ratings CSV has one row per pseudonym × item × closed round, and no identity", async () => {
    const csv = await text("ratings.csv");
    expect(csv.split("\r\n")[0]).toBe(
      "pseudonym,stakeholder_type,country,gender,round,item_key,kind,value,no_opinion,comment,suggestion",
    );
    const rows = table(csv);
    const answers = await t.db.rating.count({ where: { item: { round: { consultationId: id } } } });
    expect(rows).toHaveLength(answers);
    expect(new Set(rows.map((r) => r.pseudonym))).toEqual(new Set(pseudonymOf));
    // Stakeholder types have 3 panellists each and are shown; only 2 are from FI, and gender would then
    // single people out with the country, so both columns are suppressed (the minimum group size is 3).
    expect(rows.find((r) => r.pseudonym === pseudonymOf[0] && r.round === "1" && r.item_key === "I")).toMatchObject({
      stakeholder_type: "Patient organisations",
      country: "n < 3, suppressed",
      gender: "n < 3, suppressed",
      kind: "domain",
    });
    expect(rows.some((r) => r.country === "FI" || r.country === "PT" || r.gender === "male")).toBe(false);
    const noOpinion = rows.filter((r) => r.no_opinion === "true");
    expect(noOpinion.length).toBeGreaterThan(0);
    expect(noOpinion.every((r) => r.value === "")).toBe(true);
    // Text a spreadsheet would run is defused; quotes and line breaks survive the round trip.
    expect(rows.find((r) => r.item_key === "I.1.1" && r.pseudonym === pseudonymOf[0])!.comment).toBe(`'${INJECTION}`);
    expect(rows.find((r) => r.round === "1" && r.pseudonym === pseudonymOf[1])!.comment).toBe(
      'says "no", twice\nreally',
    );
    expect(rows.find((r) => r.suggestion !== "")!.suggestion).toBe("'+ shorter wording");
    expectNoIdentity(csv, "ratings.csv");
  });

  test("re-running the statistics on the exported ratings reproduces the exported figures exactly", async () => {
    const ratings = table(await text("ratings.csv"));
    const figures = table(await text("figures.csv"));
    expect(figures).toHaveLength(await t.db.itemResult.count({ where: { item: { round: { consultationId: id } } } }));
    const answers = new Map<string, (number | null)[]>();
    for (const r of ratings) {
      const key = `${r.round}|${r.item_key}`;
      (answers.get(key) ?? answers.set(key, []).get(key)!).push(r.no_opinion === "true" ? null : Number(r.value));
    }
    const cell = (x: number | null) => (x === null ? "" : String(x));
    for (const row of figures) {
      const given = answers.get(`${row.round}|${row.item_key}`) ?? [];
      const f = itemFigures(given, FIVE_POINT_SCALE);
      expect(
        {
          n_rated: row.n_rated,
          n_no_opinion: row.n_no_opinion,
          counts: [1, 2, 3, 4, 5].map((k) => row[`count_${k}`]),
          agree_pct: row.agree_pct,
          neutral_pct: row.neutral_pct,
          disagree_pct: row.disagree_pct,
          median: row.median,
          q1: row.q1,
          q3: row.q3,
          iqr: row.iqr,
          mean: row.mean,
          sd: row.sd,
          cv: row.cv,
          status: row.status,
          reason: row.reason,
        },
        `round ${row.round} item ${row.item_key}`,
      ).toEqual({
        n_rated: cell(f.nRated),
        n_no_opinion: cell(f.nNoOpinion),
        counts: f.counts.map(cell),
        agree_pct: cell(f.agreePct),
        neutral_pct: cell(f.neutralPct),
        disagree_pct: cell(f.disagreePct),
        median: cell(f.median),
        q1: cell(f.q1),
        q3: cell(f.q3),
        iqr: cell(f.iqr),
        mean: cell(f.mean),
        sd: cell(f.sd),
        cv: cell(f.cv),
        status: evaluateItem(B1MG_2021_RULE, given, FIVE_POINT_SCALE).status,
        reason: evaluateItem(B1MG_2021_RULE, given, FIVE_POINT_SCALE).reason,
      });
    }
    // Unrounded: some agreement share is not a whole number (e.g. 83.33333333333333).
    expect(figures.some((r) => r.agree_pct!.includes("."))).toBe(true);
    expect(new Set(figures.map((r) => r.round))).toEqual(new Set(["1", "2"]));
  });

  test("the XLSX exports open as workbooks with the same cells", async () => {
    const { res, bytes } = await download("figures.xlsx");
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const files = unzip(bytes);
    expect(files["xl/workbook.xml"]).toMatch(/<sheet [^>]*name="Figures"/);
    const cells = sheetCells(files["xl/worksheets/sheet1.xml"]!);
    const csv = table(await text("figures.csv"));
    expect(cells.get("A1")).toBe("round");
    expect(cells.get("B2")).toBe(csv[0]!.item_key);
    const agreeColumn = "K"; // round, item_key, kind, n_rated, n_no_opinion, count_1…count_5, agree_pct
    expect(cells.get(`${agreeColumn}1`)).toBe("agree_pct");
    csv.forEach((row, i) => expect(cells.get(`${agreeColumn}${i + 2}`) ?? "").toBe(row.agree_pct));

    const ratings = unzip((await download("ratings.xlsx")).bytes);
    const ratingXml = ratings["xl/worksheets/sheet1.xml"]!;
    expect(ratingXml).toContain(`<t>${pseudonymOf[0]}</t>`);
    // In XLSX the text stays as written: inline strings are never formulas.
    expect(ratingXml).toContain("<t>=HYPERLINK(&quot;http://evil.example&quot;");
    expect(ratingXml).not.toContain("<f>");
    expectNoIdentity(ratingXml, "ratings.xlsx");

    const audit = unzip((await download("audit.xlsx")).bytes);
    expect(audit["xl/workbook.xml"]).toMatch(/<sheet [^>]*name="Audit log"/);
    expect(sheetCells(audit["xl/worksheets/sheet1.xml"]!).get("A2")).toBe("1");
  });

  test("the audit log CSV re-verifies on its own, and every download is recorded with its SHA-256", async () => {
    const { res, bytes } = await download("ratings.csv");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="export-study-ratings.csv"; filename*=UTF-8''export-study-ratings.csv`,
    );
    const csv = await text("audit.csv");
    expect(csv.split("\r\n")[0]).toBe("seq,at,consultationId,actor,type,payload,prevHash,hash");
    const rows = table(csv);
    const verifier = new AuditChainVerifier(sha256);
    expect(
      verifier.add(
        rows.map((r) => ({
          id: Number(r.seq),
          consultationId: r.consultationId!,
          seq: Number(r.seq),
          at: new Date(r.at!),
          actor: r.actor!,
          type: r.type!,
          payload: r.payload!,
          prevHash: r.prevHash!,
          hash: r.hash!,
        })),
      ),
    ).toBe(true);
    expect(verifier.verdict()).toMatchObject({ ok: true, events: rows.length });
    const made = rows.filter((r) => r.type === "export.made").map((r) => JSON.parse(r.payload!));
    expect(made).toContainEqual({ file: "ratings.csv", sha256: sha256(bytes), rows: expect.any(Number) });
    expect(rows.filter((r) => r.type === "export.made").every((r) => r.actor === "pseudonym:Observer 1")).toBe(true);
    expectNoIdentity(csv, "audit.csv");
  });

  test("the study JSON holds the rule, rounds, figures, decisions and the anonymised panel", async () => {
    const study = JSON.parse(await text("study.json"));
    expect(study).toMatchObject({
      format: "delphi-mlm/study",
      formatVersion: 1,
      consultation: {
        title: "Export study",
        scalePoints: 5,
        anonymity: "anonymous",
        consensusRule: { id: "b1mg-2021" },
      },
      model: { slug: "export-model", baseVersion: 1, publishedVersions: [] },
    });
    expect(study.rounds.map((r: any) => [r.number, r.status])).toEqual([
      [1, "closed"],
      [2, "closed"],
    ]);
    expect(study.rounds[0].items).toHaveLength(11);
    expect(study.rounds[1].items.every((i: any) => i.carriedFromRound === 1 && i.figures.overall.nRated >= 0)).toBe(
      true,
    );
    expect(study.rounds[0].items.find((i: any) => i.kind === "levels").wording).toHaveLength(5);
    expect(study.panel.map((p: any) => p.pseudonym)).toEqual(
      [...pseudonymOf].sort((a, b) => a.localeCompare(b, "en", { numeric: true })),
    );
    expect(study.consultation.minGroupSize).toBe(3);
    // The panel's attributes as in ratings.csv; subgroup figures below the minimum size say so.
    expect(new Set(study.panel.map((p: any) => p.country))).toEqual(new Set(["n < 3, suppressed"]));
    const byCountry = study.rounds[0].items[0].figures.byCountry;
    expect(byCountry.find((g: any) => g.group === "FI")).toEqual({
      group: "FI",
      suppressed: true,
      note: "n < 3, suppressed",
    });
    expect(study.auditHead.hash).toMatch(/^[0-9a-f]{64}$/);
    expectNoIdentity(JSON.stringify(study), "study.json");
  });

  test("the verified audit head checks out as a notarised head", async () => {
    const head = JSON.parse(await text("audit-head.json"));
    expect(head).toMatchObject({
      consultationId: id,
      seq: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const verified = await api(
      app,
      "GET",
      `/consultations/${id}/audit/verify?notarised=${head.seq}:${head.hash}`,
      observer,
    );
    expect(verified.body).toMatchObject({ ok: true, notarisedHead: { seq: head.seq, hash: head.hash } });
    const wrong = await api(
      app,
      "GET",
      `/consultations/${id}/audit/verify?notarised=${head.seq}:${"0".repeat(64)}`,
      observer,
    );
    expect(wrong.body).toMatchObject({ ok: false, brokenAt: { seq: head.seq } });
    const bad = await api(app, "GET", `/consultations/${id}/audit/verify?notarised=nonsense`, observer);
    expect(bad.status).toBe(400);
    const page = await api(app, "GET", `/consultations/${id}/audit?afterSeq=0&limit=2`, observer);
    expect(page.body.events.map((e: any) => e.seq)).toEqual([1, 2]);
    expect(page.body.nextAfterSeq).toBe(2);
  });

  test("moderators download through the page routes too; unknown files are 404, panellists 403", async () => {
    const res = await fetch(`${app.url}/consultations/${id}/export/figures.csv`, {
      headers: { cookie: moderator.cookie! },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect((await res.text()).startsWith("round,item_key,kind,n_rated")).toBe(true);
    const missing = await api(app, "GET", `/consultations/${id}/exports/secrets.csv`, observer);
    expect(missing.status).toBe(404);
    for (const file of [
      "ratings.csv",
      "ratings.xlsx",
      "figures.csv",
      "figures.xlsx",
      "audit.csv",
      "audit.xlsx",
      "study.json",
      "audit-head.json",
    ]) {
      const denied = await fetch(`${app.url}/api/v1/consultations/${id}/exports/${file}`, {
        headers: { cookie: panel[0]!.cookie! },
      });
      expect(denied.status, file).toBe(403);
    }
  });
});
