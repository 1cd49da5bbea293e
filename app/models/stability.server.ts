// Stability between rounds and panel agreement per round, for the people who decide whether to stop a Delphi:
// per item, how the panellists who rated it in two consecutive closed rounds moved (shared/stats/stability.ts);
// per round, Fleiss' kappa and Kendall's W over the panellists who rated every item (shared/stats/panel.ts).
// Computed on read from the answers the exports list (closed rounds only; answers of panellists withdrawn with
// "exclude" left out), so re-running shared/stats on ratings.csv gives the same numbers. Aggregates only.
import type { Db } from "../../server/db/client.js";
import { itemFigures } from "../../shared/stats/descriptive.js";
import { panelAgreement, type PanelAgreement } from "../../shared/stats/panel.js";
import { defaultScale, type Answer, type Scale, type ScalePoints } from "../../shared/stats/scale.js";
import { roundStability } from "../../shared/stats/stability.js";
import { requireRole } from "./access.server.js";
import { databaseProvider } from "./audit.server.js";
import { COUNTED_MEMBER } from "./panel.server.js";
import type { SessionUser } from "./user.server.js";

const CLOSED = ["closed", "published"];

/** An item's stability from the previous closed round to this one, over the panellists who rated it in both. */
export interface ItemStability {
  key: string;
  kind: string;
  round: number;
  previousRound: number;
  /** Panellists with a scale point in both rounds ("no opinion" on either side leaves the pair out). */
  nPairs: number;
  nChangedCategory: number;
  /** % of the pairs whose agree / neutral / disagree band changed; null without pairs. */
  changedCategoryPct: number | null;
  /** Two-sided Wilcoxon signed-rank test, previous round (x) against this round (y). */
  wilcoxon: { statistic: number | null; pValue: number | null; method: string | null; nNonZero: number };
  /** IQR and agreement % of the same pairs in each round, and this round minus the previous (percentage points). */
  iqrPrevious: number | null;
  iqr: number | null;
  iqrChange: number | null;
  agreePctPrevious: number | null;
  agreePct: number | null;
  agreePctChange: number | null;
}

/** Panel agreement over every item of a closed round. */
export interface RoundAgreement extends PanelAgreement {
  round: number;
  /** Panellists with at least one answer in the round; nRaters of them rated every item, the others are excluded. */
  nPanellists: number;
}

export interface StudyStability {
  rounds: RoundAgreement[];
  items: ItemStability[];
}

interface RoundAnswers {
  number: number;
  /** Items in position order. */
  items: { id: string; key: string; kind: string; previousId: string | null }[];
  /** memberId → roundItemId → answer. */
  answers: Map<string, Map<string, Answer>>;
}

/**
 * The counted answers of the given closed rounds (all when `numbers` is omitted), of one item when `key` is
 * given: two queries.
 */
async function closedRoundAnswers(
  db: Db,
  consultationId: string,
  { numbers, key }: { numbers?: number[]; key?: string } = {},
): Promise<RoundAnswers[]> {
  const where = { consultationId, status: { in: CLOSED }, ...(numbers ? { number: { in: numbers } } : {}) };
  const rounds = await db.round.findMany({
    where,
    orderBy: { number: "asc" },
    select: {
      id: true,
      number: true,
      items: {
        where: key ? { key } : {},
        orderBy: { position: "asc" },
        select: { id: true, key: true, kind: true, previousId: true },
      },
    },
  });
  const ratings = await countedAnswers(db, consultationId, numbers, key);
  const roundOfItem = new Map<string, RoundAnswers>();
  const out = rounds.map((r) => {
    const entry: RoundAnswers = { number: r.number, items: r.items, answers: new Map() };
    for (const i of r.items) roundOfItem.set(i.id, entry);
    return entry;
  });
  for (const r of ratings) {
    // A round that closed between the two queries is not in `rounds`: its answers wait for the next read.
    const answers = roundOfItem.get(r.roundItemId)?.answers;
    if (!answers) continue;
    (answers.get(r.memberId) ?? answers.set(r.memberId, new Map()).get(r.memberId)!).set(r.roundItemId, r.value);
  }
  return out;
}

/**
 * Member, item and value of the counted answers of a consultation's closed rounds (optionally some rounds, one item):
 * one narrow raw query, as a 2,000 × 150 study has 300,000 answers per round and the ORM would build an object per
 * row. A panellist withdrawn with "exclude" does not count.
 */
async function countedAnswers(db: Db, consultationId: string, numbers?: number[], key?: string) {
  const params: (string | number)[] = [consultationId];
  const param = (value: string | number) => {
    params.push(value);
    return databaseProvider(db) === "postgresql" ? `$${params.length}` : "?";
  };
  const rows = await db.$queryRawUnsafe<{ memberId: string; roundItemId: string; value: number | bigint | null }[]>(
    `SELECT r."memberId" AS "memberId", r."roundItemId" AS "roundItemId", r."value" AS "value"
     FROM "Rating" r
     JOIN "RoundItem" i ON i."id" = r."roundItemId"
     JOIN "Round" rd ON rd."id" = i."roundId"
     JOIN "Member" m ON m."id" = r."memberId"
     WHERE rd."consultationId" = ${databaseProvider(db) === "postgresql" ? "$1" : "?"}
       AND rd."status" IN ('closed', 'published')
       ${numbers ? `AND rd."number" IN (${numbers.map(param).join(", ")})` : ""}
       ${key === undefined ? "" : `AND i."key" = ${param(key)}`}
       AND (m."withdrawnAnswers" IS NULL OR m."withdrawnAnswers" <> 'exclude')`,
    ...params,
  );
  return rows.map((r) => ({ ...r, value: r.value === null ? null : Number(r.value) }));
}

function roundAgreement(round: RoundAnswers, scale: Scale): RoundAgreement {
  // Rows in member-id order: the coefficients do not depend on the order, and no order here follows a person.
  const rows = [...round.answers.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, byItem]) => round.items.map((i) => (byItem.has(i.id) ? byItem.get(i.id)! : null)));
  return { round: round.number, nPanellists: rows.length, ...panelAgreement(rows, scale) };
}

const difference = (later: number | null, earlier: number | null) =>
  later === null || earlier === null ? null : later - earlier;

function itemStabilities(earlier: RoundAnswers, later: RoundAnswers, scale: Scale): ItemStability[] {
  // Paired through the item each carries over, not by key: a restructured model renumbers keys.
  const before = new Set(earlier.items.map((i) => i.id));
  const out: ItemStability[] = [];
  for (const item of later.items) {
    const previousId = item.previousId;
    if (!previousId || !before.has(previousId)) continue;
    const x: Answer[] = [];
    const y: Answer[] = [];
    for (const [memberId, byItem] of later.answers) {
      const prior = earlier.answers.get(memberId);
      if (!byItem.has(item.id) || !prior?.has(previousId)) continue;
      x.push(prior.get(previousId)!);
      y.push(byItem.get(item.id)!);
    }
    const s = roundStability(x, y, scale);
    const paired = x.map((v, i) => [v, y[i]!] as const).filter(([a, b]) => a !== null && b !== null);
    const f0 = itemFigures(
      paired.map(([a]) => a),
      scale,
    );
    const f1 = itemFigures(
      paired.map(([, b]) => b),
      scale,
    );
    out.push({
      key: item.key,
      kind: item.kind,
      round: later.number,
      previousRound: earlier.number,
      nPairs: s.nPairs,
      nChangedCategory: s.nChangedCategory,
      changedCategoryPct: s.changedCategoryPct,
      wilcoxon: {
        statistic: s.wilcoxon.statistic,
        pValue: s.wilcoxon.pValue,
        method: s.wilcoxon.method,
        nNonZero: s.wilcoxon.nNonZero,
      },
      iqrPrevious: f0.iqr,
      iqr: f1.iqr,
      iqrChange: difference(f1.iqr, f0.iqr),
      agreePctPrevious: f0.agreePct,
      agreePct: f1.agreePct,
      agreePctChange: difference(f1.agreePct, f0.agreePct),
    });
  }
  return out;
}

function figuresOf(rounds: RoundAnswers[], scale: Scale, agreementFor: (n: number) => boolean): StudyStability {
  const items: ItemStability[] = [];
  rounds.forEach((r, i) => {
    const previous = rounds[i - 1];
    // Consecutive rounds only: round numbers have no gaps, but a round that is not closed has no answers to compare.
    if (previous && previous.number === r.number - 1) items.push(...itemStabilities(previous, r, scale));
  });
  return { rounds: rounds.filter((r) => agreementFor(r.number)).map((r) => roundAgreement(r, scale)), items };
}

/**
 * A closed real-time round's stability: each panellist's first answer (revision 1) against their last, item by
 * item — the same statistics as between two classic rounds (shared/stats/stability.ts). Empty for other rounds.
 */
export async function realtimeStability(db: Db, consultationId: string, number: number): Promise<ItemStability[]> {
  const round = await db.round.findUnique({
    where: { consultationId_number: { consultationId, number } },
    select: {
      kind: true,
      status: true,
      items: { orderBy: { position: "asc" }, select: { id: true, key: true, kind: true } },
    },
  });
  if (!round || round.kind !== "realtime" || !CLOSED.includes(round.status)) return [];
  const revisions = await db.ratingRevision.findMany({
    where: { item: { round: { consultationId, number } }, member: COUNTED_MEMBER },
    orderBy: { revision: "asc" },
    select: { roundItemId: true, memberId: true, value: true },
  });
  const first: RoundAnswers = {
    number,
    items: round.items.map((i) => ({ ...i, previousId: null })),
    answers: new Map(),
  };
  const last: RoundAnswers = {
    number,
    items: round.items.map((i) => ({ ...i, previousId: i.id })),
    answers: new Map(),
  };
  for (const r of revisions) {
    const f = first.answers.get(r.memberId) ?? first.answers.set(r.memberId, new Map()).get(r.memberId)!;
    if (!f.has(r.roundItemId)) f.set(r.roundItemId, r.value);
    (last.answers.get(r.memberId) ?? last.answers.set(r.memberId, new Map()).get(r.memberId)!).set(
      r.roundItemId,
      r.value,
    );
  }
  return itemStabilities(first, last, await scaleOf(db, consultationId));
}

async function scaleOf(db: Db, consultationId: string) {
  const c = await db.consultation.findUniqueOrThrow({ where: { id: consultationId }, select: { scalePoints: true } });
  return defaultScale(c.scalePoints as ScalePoints);
}

/** Every closed round's panel agreement and every item's stability between consecutive closed rounds (no access check). */
export async function studyStability(db: Db, consultationId: string): Promise<StudyStability> {
  const scale = await scaleOf(db, consultationId);
  const rounds = await closedRoundAnswers(db, consultationId);
  const figures = figuresOf(rounds, scale, () => true);
  // A real-time window's stability is within it: first against last answer of each panellist.
  const realtime = (await Promise.all(rounds.map((r) => realtimeStability(db, consultationId, r.number)))).flat();
  return { rounds: figures.rounds, items: [...realtime, ...figures.items].sort((a, b) => a.round - b.round) };
}

/**
 * One closed round: its panel agreement and its items' stability since the round before (no access check; an
 * open or draft round gives nothing, as nobody may see its answers).
 */
export async function roundStabilityFigures(
  db: Db,
  consultationId: string,
  number: number,
): Promise<{ agreement: RoundAgreement | null; items: ItemStability[] }> {
  const scale = await scaleOf(db, consultationId);
  const rounds = await closedRoundAnswers(db, consultationId, { numbers: [number - 1, number] });
  const figures = figuresOf(rounds, scale, (n) => n === number);
  const realtime = await realtimeStability(db, consultationId, number);
  return { agreement: figures.rounds[0] ?? null, items: [...realtime, ...figures.items] };
}

/** The study's stability and panel agreement, for moderators and observers. */
export async function studyStabilityView(db: Db, user: SessionUser, consultationId: string) {
  await requireRole(db, consultationId, user, ["moderator", "observer"]);
  return studyStability(db, consultationId);
}

/** One item's stability into each closed round after its first (no access check; lineage). */
export async function itemStabilityHistory(db: Db, consultationId: string, key: string): Promise<ItemStability[]> {
  const scale = await scaleOf(db, consultationId);
  return figuresOf(await closedRoundAnswers(db, consultationId, { key }), scale, () => false).items;
}
