// Round close: closeRound (app/models/round.server.ts) on 2,000 panellists × 150 items, beside one hand-written
// SQL GROUP BY over the same ratings (counts per item × value), on SQLite and PostgreSQL. The profile columns
// time closeRound's parts on their own (its ratings query, its statistics), and the proposed replacement of its
// query (counts per item × value × panellist attributes, expanded back into answers), checked to store the
// same figures.
import { answersByItem, closeRound, type StoredFigures } from "../app/models/round.server.js";
import type { Db } from "../server/db/client.js";
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
/** closeRound itself takes tens of seconds at this size today: once by default. */
const CLOSE_REPEAT = Number(process.env.BENCH_CLOSE_REPEAT ?? 1);
const TARGET_MS = 1_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = now();
  const value = await fn();
  return [now() - start, value];
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

/** closeRound's own query, alone. */
const ratingsQuery = (db: Db, roundId: string) =>
  db.rating.findMany({
    where: { item: { roundId } },
    select: {
      roundItemId: true,
      value: true,
      member: { select: { stakeholderType: true, country: true, gender: true } },
    },
  });

interface TaggedAnswer {
  value: Answer;
  stakeholderType: string | null;
  country: string | null;
  gender: string | null;
}

/** closeRound's grouping of its query's rows by item. */
function groupRatings(ratings: Awaited<ReturnType<typeof ratingsQuery>>): Map<string, TaggedAnswer[]> {
  const byItem = new Map<string, TaggedAnswer[]>();
  for (const r of ratings)
    (byItem.get(r.roundItemId) ?? byItem.set(r.roundItemId, []).get(r.roundItemId)!).push({
      value: r.value,
      ...r.member,
    });
  return byItem;
}

/**
 * The proposed query for closeRound: counts per item × value × panellist attributes (a few thousand rows, not
 * one per rating), expanded back into the answers the pure statistics take. Same answers, so same figures.
 */
/** The aggregation closeRound uses (counts per item × value × attributes, expanded back into answers). */
const aggregatedRatings = (db: Db, roundId: string): Promise<Map<string, TaggedAnswer[]>> => answersByItem(db, roundId);

/** closeRound's statistics, alone. */
function computeFigures(
  itemIds: string[],
  byItem: Map<string, TaggedAnswer[]>,
  scalePoints: number,
  rule: ConsensusRule,
) {
  const scale = defaultScale(scalePoints as ScalePoints);
  return itemIds.map((id) => {
    const tagged = byItem.get(id) ?? [];
    const answers: Answer[] = tagged.map((r) => r.value);
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

async function measure(provider: Provider) {
  const t = await createBenchDb(provider);
  try {
    const seedStart = now();
    const study = await seedStudy(t.db, { panellists: PANELLISTS });
    const rows = study.panel.flatMap((p, n) =>
      study.itemIds.map((roundItemId, k) => ({ roundItemId, memberId: p.memberId, value: answerOf(n, k) })),
    );
    await insertRatings(t, rows);
    const seedMs = now() - seedStart;
    const consultation = await t.db.consultation.findUniqueOrThrow({ where: { id: study.consultationId } });
    const rule = JSON.parse(consultation.consensusRule) as ConsensusRule;

    const sql = groupBySql(provider);
    const groupBy: number[] = [];
    let groups = 0;
    for (let i = 0; i < REPEAT; i++) {
      const [elapsed, result] = await timed(() => t.db.$queryRawUnsafe<unknown[]>(sql, study.roundId));
      groupBy.push(elapsed);
      groups = result.length;
    }

    // Today's query and statistics, each alone.
    const [queryMs, ratings] = await timed(() => ratingsQuery(t.db, study.roundId));
    const grouped = groupRatings(ratings);
    const stats: number[] = [];
    for (let i = 0; i < REPEAT; i++)
      stats.push((await timed(async () => computeFigures(study.itemIds, grouped, consultation.scalePoints, rule)))[0]);

    // The proposal: its query, then the same statistics.
    const proposed: number[] = [];
    let proposedFigures: ReturnType<typeof computeFigures> = [];
    for (let i = 0; i < REPEAT; i++) {
      const [elapsed, figures] = await timed(async () =>
        computeFigures(study.itemIds, await aggregatedRatings(t.db, study.roundId), consultation.scalePoints, rule),
      );
      proposed.push(elapsed);
      proposedFigures = figures;
    }

    // The proposal with an index that covers its scan of Rating (a migration, proposed too), and the
    // GROUP BY baseline with the same index.
    await t.db.$executeRawUnsafe(`CREATE INDEX "Rating_bench_cover" ON "Rating" ("roundItemId", "value", "memberId")`);
    await t.db.$executeRawUnsafe(provider === "postgresql" ? `ANALYZE "Rating"` : `ANALYZE`);
    const indexed = { groupBy: [] as number[], proposed: [] as number[] };
    for (let i = 0; i < REPEAT; i++) {
      indexed.groupBy.push((await timed(() => t.db.$queryRawUnsafe(sql, study.roundId)))[0]);
      indexed.proposed.push(
        (
          await timed(async () =>
            computeFigures(study.itemIds, await aggregatedRatings(t.db, study.roundId), consultation.scalePoints, rule),
          )
        )[0],
      );
    }
    await t.db.$executeRawUnsafe(`DROP INDEX "Rating_bench_cover"`);

    const close: number[] = [];
    for (let i = 0; i < CLOSE_REPEAT; i++) {
      if (i > 0) {
        // Back to open for the next repetition (the audit trail keeps its events: it is append-only).
        await t.db.itemResult.deleteMany({ where: { item: { roundId: study.roundId } } });
        await t.db.round.update({ where: { id: study.roundId }, data: { status: "open", closedAt: null } });
      }
      const [elapsed] = await timed(() => closeRound(t.db, null, study.roundId));
      close.push(elapsed);
    }
    const stored = await t.db.itemResult.findMany({ where: { item: { roundId: study.roundId } } });
    if (stored.length !== study.itemIds.length) throw new Error(`closeRound stored ${stored.length} results`);
    const storedById = new Map(stored.map((r) => [r.roundItemId, r]));
    const sameFigures = proposedFigures.every(
      (f) => storedById.get(f.id)?.figures === f.figures && storedById.get(f.id)?.status === f.status,
    );
    return {
      provider,
      panellists: PANELLISTS,
      items: study.itemIds.length,
      ratings: rows.length,
      seedMs,
      groups,
      groupByMs: median(groupBy),
      closeRoundMs: median(close),
      profile: { ratingsQueryMs: queryMs, statisticsMs: median(stats) },
      proposedMs: median(proposed),
      proposedSameFigures: sameFigures,
      withIndex: { groupByMs: median(indexed.groupBy), proposedMs: median(indexed.proposed) },
      runs: { groupBy, close, stats, proposed, indexed },
    };
  } finally {
    await t.drop();
  }
}

export async function run() {
  const results = [];
  for (const provider of await providers()) results.push(await measure(provider));
  printTable(
    `Round close — ${PANELLISTS} panellists × 150 items; target < ${TARGET_MS} ms`,
    [
      "database",
      "SQL GROUP BY",
      "closeRound",
      "ratio",
      "< 1 s",
      "its query",
      "its statistics",
      "proposed",
      "ratio",
      "same figures",
      "+ index: GROUP BY",
      "proposed",
    ],
    results.map((r) => [
      r.provider,
      `${ms(r.groupByMs)} ms`,
      `${ms(r.closeRoundMs)} ms`,
      ratio(r.closeRoundMs, r.groupByMs),
      r.closeRoundMs < TARGET_MS ? "yes" : "NO",
      `${ms(r.profile.ratingsQueryMs)} ms`,
      `${ms(r.profile.statisticsMs)} ms`,
      `${ms(r.proposedMs)} ms`,
      ratio(r.proposedMs, r.groupByMs),
      r.proposedSameFigures ? "yes" : "NO",
      `${ms(r.withIndex.groupByMs)} ms`,
      `${ms(r.withIndex.proposedMs)} ms`,
    ]),
  );
  return { file: saveResult("close", { targetMs: TARGET_MS, results }), results };
}
