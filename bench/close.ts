// Round close: closeRound (app/models/round.server.ts) on 2,000 panellists × 150 items, beside one hand-written
// SQL GROUP BY over the same ratings (counts per item × value), on SQLite and PostgreSQL, in the same run. The
// profile columns time closeRound's parts on their own: its counting query, its statistics from the counts, the
// digest of the final answers' commitments. The stored figures are checked against a recomputation from the raw
// ratings with the row-based statistics. BENCH_CLOSE_PROFILE=<dir> writes a CPU profile of each closeRound.
import { mkdirSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { answerCountsByItem, closeRound, itemResultOf, type StoredFigures } from "../app/models/round.server.js";
import type { Db } from "../server/db/client.js";
import { sha256Hex } from "../app/models/audit.server.js";
import { hotPathOf } from "../server/db/hot-path.js";
import { sqliteFilePath } from "../server/db/url.js";
import { evaluateItem, type ConsensusRule } from "../shared/stats/consensus.js";
import { itemFigures } from "../shared/stats/descriptive.js";
import { randDisagreement } from "../shared/stats/rand-ucla.js";
import { defaultScale, type Answer, type ScalePoints } from "../shared/stats/scale.js";
import { itemFiguresByGroup } from "../shared/stats/subgroups.js";
import {
  createBenchDb,
  insertRatings,
  ms,
  now,
  printTable,
  providers,
  ratio,
  saveResult,
  seedStudy,
  type Provider,
} from "./support.js";

const PANELLISTS = Number(process.env.BENCH_CLOSE_PANELLISTS ?? 2_000);
const REPEAT = 3;
const CLOSE_REPEAT = Number(process.env.BENCH_CLOSE_REPEAT ?? 3);
const PROFILE_DIR = process.env.BENCH_CLOSE_PROFILE;
const TARGET_MS = 1_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = now();
  const value = await fn();
  return [now() - start, value];
}

/** Wall time and this process's CPU time (user + system, ms) of `fn`. */
async function timedCpu<T>(fn: () => Promise<T>): Promise<{ wallMs: number; cpuMs: number; value: T }> {
  const cpu = process.cpuUsage();
  const [wallMs, value] = await timed(fn);
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, value };
}

/** Deterministic answers with ties and some "no opinion". */
const answerOf = (p: number, k: number): number | null => ((p * 7 + k * 3) % 11 === 0 ? null : 1 + ((p * k + p) % 5));

function groupBySql(provider: Provider) {
  const param = provider === "postgresql" ? "$1" : "?";
  return `SELECT r."roundItemId" AS item, r."value" AS value, COUNT(*) AS n
          FROM "Rating" r JOIN "RoundItem" i ON i."id" = r."roundItemId"
          WHERE i."roundId" = ${param}
          GROUP BY r."roundItemId", r."value"`;
}

/** Every rating of the round, one row each, with the attributes subgroup figures need (raw SQL). */
function rawRatingsSql(provider: Provider) {
  const param = provider === "postgresql" ? "$1" : "?";
  return `SELECT r."roundItemId" AS "item", r."value" AS "value", m."stakeholderType" AS "stakeholderType",
                 m."country" AS "country", m."gender" AS "gender"
          FROM "Rating" r JOIN "RoundItem" i ON i."id" = r."roundItemId" JOIN "Member" m ON m."id" = r."memberId"
          WHERE i."roundId" = ${param} AND (m."withdrawnAnswers" IS NULL OR m."withdrawnAnswers" <> 'exclude')`;
}

interface RawRating {
  item: string;
  value: number | bigint | null;
  stakeholderType: string | null;
  country: string | null;
  gender: string | null;
}

/** The figures recomputed from one row per rating with the row-based statistics (the check, not the design). */
function figuresFromRows(itemIds: string[], rows: RawRating[], scalePoints: number, rule: ConsensusRule) {
  const scale = defaultScale(scalePoints as ScalePoints);
  const byItem = new Map<
    string,
    { value: Answer; stakeholderType: string | null; country: string | null; gender: string | null }[]
  >();
  for (const r of rows)
    (byItem.get(r.item) ?? byItem.set(r.item, []).get(r.item)!).push({
      value: r.value === null ? null : Number(r.value),
      stakeholderType: r.stakeholderType,
      country: r.country,
      gender: r.gender,
    });
  return itemIds.map((id) => {
    const tagged = byItem.get(id) ?? [];
    const answers = tagged.map((r) => r.value);
    const figures: StoredFigures = {
      overall: itemFigures(answers, scale),
      rand: randDisagreement(answers, scale),
      byStakeholderType: itemFiguresByGroup(tagged, "stakeholderType", scale),
      byCountry: itemFiguresByGroup(tagged, "country", scale),
      byGender: itemFiguresByGroup(tagged, "gender", scale),
    };
    return { id, figures: JSON.stringify(figures), status: evaluateItem(rule, answers, scale).status };
  });
}

async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return fn();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  try {
    return await fn();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

async function measure(provider: Provider) {
  const t = await createBenchDb(provider);
  try {
    const seedStart = now();
    const study = await seedStudy(t.db, { panellists: PANELLISTS });
    const rows = study.panel.flatMap((p, n) =>
      study.itemIds.map((roundItemId, k) => ({ roundItemId, memberId: p.memberId, value: answerOf(n, k) })),
    );
    await insertRatings(t, rows);
    await t.db.$executeRawUnsafe(`ANALYZE`);
    const seedMs = now() - seedStart;
    const consultation = await t.db.consultation.findUniqueOrThrow({ where: { id: study.consultationId } });
    const rule = JSON.parse(consultation.consensusRule) as ConsensusRule;
    const scale = defaultScale(consultation.scalePoints as ScalePoints);
    const db: Db = t.db;

    // The baseline and closeRound's parts, each alone, interleaved.
    const sql = groupBySql(provider);
    const parts = {
      groupBy: [] as number[],
      counts: [] as number[],
      statistics: [] as number[],
      digest: [] as number[],
    };
    let groups = 0;
    for (let i = 0; i < REPEAT; i++) {
      const [g, result] = await timed(() => db.$queryRawUnsafe<unknown[]>(sql, study.roundId));
      parts.groupBy.push(g);
      groups = result.length;
      const [c, counts] = await timed(() => db.$transaction((tx) => answerCountsByItem(tx, study.roundId, scale)));
      parts.counts.push(c);
      parts.statistics.push(
        (
          await timed(async () => study.itemIds.map((id) => JSON.stringify(itemResultOf(counts.get(id), scale, rule))))
        )[0],
      );
      parts.digest.push((await timed(() => hotPathOf(db).answersDigest(study.roundId)))[0]);
    }

    // The previous design's two costly parts, in the same run: the row-based statistics on one answer per
    // rating (closeRound expanded the counts into them; the rule's figures computed a second time), and the
    // digest's sort of the commitments read from the rating rows (without the covering index).
    const before = { statistics: [] as number[], digest: [] as number[] };
    const raw = await db.$queryRawUnsafe<RawRating[]>(rawRatingsSql(provider), study.roundId);
    await db.$executeRawUnsafe(`DROP INDEX "Rating_roundItemId_commitment_idx"`);
    const oldDigest =
      provider === "postgresql"
        ? `SELECT encode(sha256(convert_to(COALESCE(string_agg(r."commitment", E'\n' ORDER BY r."commitment" COLLATE "C"), ''), 'UTF8')), 'hex') AS d
           FROM "Rating" r JOIN "RoundItem" i ON i."id" = r."roundItemId" WHERE i."roundId" = $1`
        : `SELECT r."commitment" AS c FROM "Rating" r JOIN "RoundItem" i ON i."id" = r."roundItemId"
           WHERE i."roundId" = ? ORDER BY r."commitment"`;
    for (let i = 0; i < REPEAT; i++) {
      // The row-based statistics closeRound ran on the expanded answers: every breakdown, the rule's figures again.
      before.statistics.push(
        (await timed(async () => figuresFromRows(study.itemIds, raw, consultation.scalePoints, rule)))[0],
      );
      before.digest.push(
        (
          await timed(async () => {
            if (provider === "postgresql")
              return (await db.$queryRawUnsafe<{ d: string }[]>(oldDigest, study.roundId))[0]!.d;
            // As the hot path read it: better-sqlite3, all rows, then one join and one hash.
            const sqlite = new Database(sqliteFilePath(t.url), { readonly: true });
            try {
              return sha256Hex((sqlite.prepare(oldDigest).pluck().all(study.roundId) as string[]).join("\n"));
            } finally {
              sqlite.close();
            }
          })
        )[0],
      );
    }
    await db.$executeRawUnsafe(
      `CREATE INDEX "Rating_roundItemId_commitment_idx" ON "Rating" ("roundItemId", "commitment")`,
    );
    await db.$executeRawUnsafe(`ANALYZE`);

    const close: number[] = [];
    const closeCpu: number[] = [];
    for (let i = 0; i < CLOSE_REPEAT; i++) {
      if (i > 0) {
        // Back to open for the next repetition (the audit trail keeps its events: it is append-only).
        await db.itemResult.deleteMany({ where: { item: { roundId: study.roundId } } });
        await db.round.update({ where: { id: study.roundId }, data: { status: "open", closedAt: null } });
      }
      const run = await timedCpu(() => profiled(`close-${provider}-${i}`, () => closeRound(db, null, study.roundId)));
      close.push(run.wallMs);
      closeCpu.push(run.cpuMs);
    }

    const stored = await db.itemResult.findMany({ where: { item: { roundId: study.roundId } } });
    if (stored.length !== study.itemIds.length) throw new Error(`closeRound stored ${stored.length} results`);
    const storedById = new Map(stored.map((r) => [r.roundItemId, r]));
    const sameFigures = figuresFromRows(study.itemIds, raw, consultation.scalePoints, rule).every(
      (f) => storedById.get(f.id)?.figures === f.figures && storedById.get(f.id)?.status === f.status,
    );
    return {
      provider,
      panellists: PANELLISTS,
      items: study.itemIds.length,
      ratings: rows.length,
      seedMs,
      groups,
      groupByMs: median(parts.groupBy),
      closeRoundMs: median(close),
      closeRoundCpuMs: median(closeCpu),
      profile: {
        countsQueryMs: median(parts.counts),
        statisticsMs: median(parts.statistics),
        digestMs: median(parts.digest),
      },
      before: { statisticsMs: median(before.statistics), digestMs: median(before.digest) },
      sameFigures,
      runs: { ...parts, close, closeCpu, before },
    };
  } finally {
    await t.drop();
  }
}

export async function run() {
  const results = [];
  for (const provider of await providers()) results.push(await measure(provider));
  printTable(
    `Round close — ${PANELLISTS} panellists × 150 items; target < ${TARGET_MS} ms (medians of ${CLOSE_REPEAT} closes, ${REPEAT} part runs)`,
    [
      "database",
      "SQL GROUP BY",
      "closeRound",
      "ratio",
      "< 1 s",
      "CPU (this process)",
      "its counts query",
      "its statistics",
      "answers digest",
      "same figures as rows",
      "before: row statistics",
      "before: digest",
    ],
    results.map((r) => [
      r.provider,
      `${ms(r.groupByMs)} ms`,
      `${ms(r.closeRoundMs)} ms`,
      ratio(r.closeRoundMs, r.groupByMs),
      r.closeRoundMs < TARGET_MS ? "yes" : "NO",
      `${ms(r.closeRoundCpuMs)} ms`,
      `${ms(r.profile.countsQueryMs)} ms`,
      `${ms(r.profile.statisticsMs)} ms`,
      `${ms(r.profile.digestMs)} ms`,
      r.sameFigures ? "yes" : "NO",
      `${ms(r.before.statisticsMs)} ms`,
      `${ms(r.before.digestMs)} ms`,
    ]),
  );
  return { file: saveResult("close", { targetMs: TARGET_MS, results }), results };
}
