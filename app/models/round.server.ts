// The round lifecycle draft → open → closed → published, and what happens at each step:
// opening round 1 locks the consensus rule; closing computes and stores every item's figures
// and status (so review pages never recompute them); round N+1 carries chosen items over.
import type { Db } from "../../server/db/client.js";
import { z } from "zod";
import { dateSchema, nextRoundSchema, type NextRoundInput } from "../../shared/delphi/schemas.js";
import { AppError, fromZodError } from "../../shared/errors/app-error.js";
import { answersDigest } from "../../shared/audit/commitment.js";
import {
  CONSENSUS_STATUSES,
  consensusFiguresOf,
  evaluateRule,
  type ConsensusEvaluation,
  type ConsensusRule,
  type EvaluationContext,
} from "../../shared/stats/consensus.js";
import { itemFigures, itemFiguresFromCounts } from "../../shared/stats/descriptive.js";
import { addAnswers, emptyCounts, type ValueCounts } from "../../shared/stats/histogram.js";
import { randDisagreement, randDisagreementFromCounts } from "../../shared/stats/rand-ucla.js";
import { defaultScale, type Scale, type ScalePoints } from "../../shared/stats/scale.js";
import { itemFiguresByGroup, itemFiguresByGroupFromCounts } from "../../shared/stats/subgroups.js";
import { auditActor, requireRole, type Membership } from "./access.server.js";
import { appendAuditEvent, databaseProvider, sha256Hex } from "./audit.server.js";
import { snapshotRoundDocuments } from "./collaboration.server.js";
import { sealRatingLog } from "./rating-log.server.js";
import { hotPathOf } from "../../server/db/hot-path.js";
import { queueRoundOpenedMails } from "./reminders.server.js";
import { noLiveEvents, type LiveEvents } from "./events.js";
import type { SessionUser } from "./user.server.js";
import { restructuredNextRound } from "./structure.server.js";
import { consultationLanguages } from "./consultation.server.js";

async function loadRound(db: Db, roundId: string) {
  const round = await db.round.findUnique({ where: { id: roundId }, include: { consultation: true } });
  if (!round) throw new AppError("not_found", `No round ${roundId}`);
  return round;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Moves a round from one status to the next, refusing if someone else moved it first. */
async function transition(tx: Tx, roundId: string, from: string, to: string, data: Record<string, unknown>) {
  const { count } = await tx.round.updateMany({ where: { id: roundId, status: from }, data: { status: to, ...data } });
  if (count !== 1) {
    const now = await tx.round.findUnique({ where: { id: roundId } });
    throw new AppError(
      "conflict",
      `Round ${now?.number ?? ""} is ${now?.status ?? "gone"}, not ${from}: cannot make it ${to}`,
    );
  }
}

export async function openRound(db: Db, actor: SessionUser, roundId: string, events: LiveEvents = noLiveEvents) {
  const round = await loadRound(db, roundId);
  const moderator = await requireRole(db, round.consultationId, actor, ["moderator"]);
  const other = await db.round.findFirst({
    where: { consultationId: round.consultationId, status: "open", id: { not: roundId } },
  });
  if (other) throw new AppError("conflict", `Round ${other.number} is still open: close it first`);
  if (round.deadline && round.deadline <= new Date())
    throw new AppError("conflict", `Round ${round.number}'s deadline has passed: set a later one first`);
  if (round.kind === "realtime" && !round.deadline)
    throw new AppError("conflict", `Round ${round.number} is a real-time window: give it an end (deadline) first`);
  const [items, panel] = await Promise.all([
    db.roundItem.count({ where: { roundId } }),
    db.member.count({ where: { consultationId: round.consultationId, role: "panellist", withdrawnAt: null } }),
  ]);
  // A round nobody can answer, or with nothing to answer, would still lock the rule and start the clock.
  if (items === 0) throw new AppError("conflict", `Round ${round.number} has no items: there is nothing to rate`);
  if (panel === 0)
    throw new AppError("conflict", `The panel is empty: add panellists before opening round ${round.number}`);
  await db.$transaction(async (tx) => {
    await transition(tx, roundId, "draft", "open", { openedAt: new Date() });
    // The consensus definition must be fixed before anyone answers (CREDES/ACCORD).
    const locked = await tx.consultation.updateMany({
      where: { id: round.consultationId, ruleLockedAt: null },
      data: { ruleLockedAt: new Date() },
    });
    const actorName = auditActor(moderator);
    if (locked.count)
      await appendAuditEvent(tx, {
        consultationId: round.consultationId,
        actor: actorName,
        type: "rule.locked",
        payload: { rule: JSON.parse(round.consultation.consensusRule), scalePoints: round.consultation.scalePoints },
      });
    await appendAuditEvent(tx, {
      consultationId: round.consultationId,
      actor: actorName,
      type: "round.opened",
      payload: { round: round.number, deadline: round.deadline?.toISOString() ?? null },
    });
    // In the same transaction: the round opens with its announcement queued, exactly once.
    await queueRoundOpenedMails(tx, round);
  });
  events.emit(round.consultationId, { type: "round:status", roundId, number: round.number, status: "open" });
  await events.roundStatusChanged?.(roundId);
}

export interface StoredFigures {
  overall: ReturnType<typeof itemFigures>;
  rand: ReturnType<typeof randDisagreement>;
  byStakeholderType: ReturnType<typeof itemFiguresByGroup>;
  byCountry: ReturnType<typeof itemFiguresByGroup>;
  byGender: ReturnType<typeof itemFiguresByGroup>;
  /** By the language the answer was given in (null: before translations); absent in rounds closed before. */
  byLanguage?: ReturnType<typeof itemFiguresByGroup>;
}

type Attribute = "stakeholderType" | "country" | "gender" | "language";
const ATTRIBUTE_FIGURES = {
  stakeholderType: "byStakeholderType",
  country: "byCountry",
  gender: "byGender",
  language: "byLanguage",
} as const;

/** An item's answers as counts per value: overall, and per group of each attribute its figures break down by. */
export interface ItemCounts {
  answers: number;
  overall: ValueCounts;
  byStakeholderType: Map<string | null, ValueCounts>;
  byCountry: Map<string | null, ValueCounts>;
  byGender: Map<string | null, ValueCounts>;
  byLanguage: Map<string | null, ValueCounts>;
}

function emptyItemCounts(scale: Scale): ItemCounts {
  return {
    answers: 0,
    overall: emptyCounts(scale),
    byStakeholderType: new Map(),
    byCountry: new Map(),
    byGender: new Map(),
    byLanguage: new Map(),
  };
}

/**
 * Every item's answers of a round as counts (call it in a transaction). The database counts answers per item × value × attributes (a few
 * thousand rows for 300,000 ratings) and the counts are summed into histograms, never expanded back into
 * answers: every figure depends only on the histogram (shared/stats/histogram.ts), so the figures are the same.
 */
export async function answerCountsByItem(tx: Tx, roundId: string, scale: Scale): Promise<Map<string, ItemCounts>> {
  // PostgreSQL's default work_mem (4 MB) makes this query sort on disk; with more it hashes the few thousand
  // groups in memory (490 → 140 ms for 300,000 ratings). SET LOCAL: for the caller's transaction only.
  if (databaseProvider(tx) === "postgresql") await tx.$executeRawUnsafe(`SET LOCAL work_mem = '32MB'`);
  const rows = await tx.$queryRawUnsafe<
    {
      item: string;
      value: number | bigint | null;
      stakeholderType: string | null;
      country: string | null;
      gender: string | null;
      language: string | null;
      n: number | bigint;
    }[]
  >(
    `SELECT r."roundItemId" AS "item", r."value" AS "value", m."stakeholderType" AS "stakeholderType",
            m."country" AS "country", m."gender" AS "gender", r."language" AS "language", COUNT(*) AS "n"
     FROM "Rating" r
     JOIN "RoundItem" i ON i."id" = r."roundItemId"
     JOIN "Member" m ON m."id" = r."memberId"
     WHERE i."roundId" = ${databaseProvider(tx) === "postgresql" ? "$1" : "?"}
       -- a panellist withdrawn with "exclude" (withdrawal of consent) does not count
       AND (m."withdrawnAnswers" IS NULL OR m."withdrawnAnswers" <> 'exclude')
     GROUP BY r."roundItemId", r."value", m."stakeholderType", m."country", m."gender", r."language"`,
    roundId,
  );
  const byItem = new Map<string, ItemCounts>();
  for (const row of rows) {
    const value = row.value === null ? null : Number(row.value);
    const n = Number(row.n);
    const item = byItem.get(row.item) ?? byItem.set(row.item, emptyItemCounts(scale)).get(row.item)!;
    item.answers += n;
    addAnswers(item.overall, value, n, scale);
    for (const attribute of ["stakeholderType", "country", "gender", "language"] as const satisfies Attribute[]) {
      const groups = item[ATTRIBUTE_FIGURES[attribute]];
      const group = row[attribute];
      addAnswers(groups.get(group) ?? groups.set(group, emptyCounts(scale)).get(group)!, value, n, scale);
    }
  }
  return byItem;
}

/** An item's stored figures and consensus evaluation, from its counts (each figure computed once). */
export function itemResultOf(
  counts: ItemCounts | undefined,
  scale: Scale,
  rule: ConsensusRule,
  context: EvaluationContext = {},
): { figures: StoredFigures; evaluation: ConsensusEvaluation } {
  const c = counts ?? emptyItemCounts(scale);
  const overall = itemFiguresFromCounts(c.overall, scale);
  const rand = randDisagreementFromCounts(c.overall, scale);
  const figures: StoredFigures = {
    overall,
    rand,
    byStakeholderType: itemFiguresByGroupFromCounts(c.byStakeholderType, scale),
    byCountry: itemFiguresByGroupFromCounts(c.byCountry, scale),
    byGender: itemFiguresByGroupFromCounts(c.byGender, scale),
    byLanguage: itemFiguresByGroupFromCounts(c.byLanguage, scale),
  };
  return { figures, evaluation: evaluateRule(rule, consensusFiguresOf(overall, rand), context) };
}

/** Closes a round (by a moderator, or by the deadline when `actor` is null) and stores its results. */
export async function closeRound(
  db: Db,
  actor: SessionUser | null,
  roundId: string,
  events: LiveEvents = noLiveEvents,
) {
  const round = await loadRound(db, roundId);
  const moderator: Membership | null = actor ? await requireRole(db, round.consultationId, actor, ["moderator"]) : null;
  const scale = defaultScale(round.consultation.scalePoints as ScalePoints);
  const rule = JSON.parse(round.consultation.consensusRule) as ConsensusRule;

  await db.$transaction(async (tx) => {
    const { count } = await tx.round.updateMany({
      where: { id: roundId, status: "open" },
      data: { status: "closed", closedAt: new Date() },
    });
    if (count !== 1)
      throw new AppError("conflict", `Round ${round.number} is ${round.status}, not open: cannot close it`);
    const items = await tx.roundItem.findMany({ where: { roundId }, select: { id: true } });
    // A minimum of answers given as a share of the panel counts the panellists not withdrawn at close.
    const panelSize =
      rule.minAnswers?.panelPct === undefined
        ? undefined
        : await tx.member.count({
            where: { consultationId: round.consultationId, role: "panellist", withdrawnAt: null },
          });
    // The digest of the final answers is read by the hot path, outside this transaction, while it counts (on
    // PostgreSQL on a connection of its own: two backends in parallel): no rating can change meanwhile, as every rating write re-reads
    // the round under a lock this transaction holds since the update above (the closed status) and waits.
    const [byItem, { digest }] = await Promise.all([
      answerCountsByItem(tx, roundId, scale),
      hotPathOf(db).answersDigest(roundId),
    ]);
    let ratings = 0;
    for (const counts of byItem.values()) ratings += counts.answers;
    const results = items.map(({ id }) => {
      // An open round rated nothing: every item goes to the next round to be rated, with the panel's comments.
      const { figures, evaluation: computed } = itemResultOf(byItem.get(id), scale, rule, { panelSize });
      const evaluation =
        round.kind === "open"
          ? { status: "reevaluate" as const, reason: "Open round: the panel commented and proposed; nothing was rated" }
          : computed;
      return {
        roundItemId: id,
        figures: JSON.stringify(figures),
        status: evaluation.status,
        reason: evaluation.reason,
      };
    });
    await tx.itemResult.createMany({ data: results });
    // Commit → reveal: every answer of the round is in the chain (sealed), and the digest of the final
    // answers fixes which ones these results were computed from; from now on they may be shown.
    await sealRatingLog(tx, round.consultationId);
    // The panel's proposals are fixed with the answers: their commitments (sealed above) digested alike.
    const proposals = await tx.proposal.findMany({ where: { roundId }, select: { commitment: true } });
    // A real-time window's every answer and revision, fixed like the final answers (each is in the sealed log).
    const revisions =
      round.kind === "realtime"
        ? await tx.ratingRevision.findMany({ where: { item: { roundId } }, select: { commitment: true } })
        : [];
    await appendAuditEvent(tx, {
      consultationId: round.consultationId,
      actor: actor ? auditActor(moderator) : "system",
      type: "round.closed",
      payload: {
        round: round.number,
        by: actor ? "moderator" : "deadline",
        ratings,
        answersDigest: digest,
        ...(proposals.length
          ? {
              proposals: proposals.length,
              proposalsDigest: answersDigest(
                proposals.map((p) => p.commitment),
                sha256Hex,
              ),
            }
          : {}),
        ...(round.kind === "realtime"
          ? {
              design: "realtime",
              revisions: revisions.length,
              revisionsDigest: answersDigest(
                revisions.map((r) => r.commitment),
                sha256Hex,
              ),
            }
          : {}),
        statuses: Object.fromEntries(CONSENSUS_STATUSES.map((s) => [s, results.filter((r) => r.status === s).length])),
      },
    });
  });
  events.emit(round.consultationId, { type: "round:status", roundId, number: round.number, status: "closed" });
  // Shared rationales become read-only and are flushed; what the panel had written is kept with the round.
  await events.roundStatusChanged?.(roundId);
  const snapshots = await snapshotRoundDocuments(db, roundId);
  if (snapshots.length) {
    await db.$transaction(async (tx) => {
      await tx.rationaleSnapshot.createMany({
        data: snapshots.map((s) => ({ roundItemId: s.roundItemId, text: s.text, state: Buffer.from(s.state) })),
      });
      await appendAuditEvent(tx, {
        consultationId: round.consultationId,
        actor: "system",
        type: "rationales.snapshotted",
        payload: {
          round: round.number,
          documents: snapshots.map((s) => ({
            roundItemId: s.roundItemId,
            textSha256: sha256Hex(s.text),
            stateBytes: s.state.length,
          })),
        },
      });
    });
  }
}

export async function publishRound(db: Db, actor: SessionUser, roundId: string, events: LiveEvents = noLiveEvents) {
  const round = await loadRound(db, roundId);
  const moderator = await requireRole(db, round.consultationId, actor, ["moderator"]);
  await db.$transaction(async (tx) => {
    await transition(tx, roundId, "closed", "published", { publishedAt: new Date() });
    await appendAuditEvent(tx, {
      consultationId: round.consultationId,
      actor: auditActor(moderator),
      type: "round.published",
      payload: { round: round.number },
    });
  });
  events.emit(round.consultationId, { type: "round:status", roundId, number: round.number, status: "published" });
  await events.roundStatusChanged?.(roundId);
}

export const extendSchema = z.strictObject({ deadline: dateSchema() });

/**
 * Moves an open round's deadline (a real-time window's end) later; never earlier, which would cut answers short
 * that panellists planned by the announced end.
 */
export async function extendRound(db: Db, actor: SessionUser, roundId: string, input: unknown) {
  const round = await loadRound(db, roundId);
  const moderator = await requireRole(db, round.consultationId, actor, ["moderator"]);
  const parsed = extendSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError(parsed.error, "extension");
  const deadline = parsed.data.deadline;
  if (deadline <= new Date() || (round.deadline && deadline <= round.deadline))
    throw new AppError(
      "validation",
      "Invalid extension: deadline: expected a time later than the current end and now",
      [{ path: "deadline", message: "expected a later time than the current end and now" }],
    );
  await db.$transaction(async (tx) => {
    const { count } = await tx.round.updateMany({ where: { id: roundId, status: "open" }, data: { deadline } });
    if (count !== 1) throw new AppError("conflict", `Round ${round.number} is not open: its end cannot move`);
    await appendAuditEvent(tx, {
      consultationId: round.consultationId,
      actor: auditActor(moderator),
      type: "round.extended",
      payload: { round: round.number, from: round.deadline?.toISOString() ?? null, deadline: deadline.toISOString() },
    });
  });
  return { id: roundId, deadline: deadline.toISOString() };
}

/** Closes every open round whose deadline has passed; returns how many. Run periodically by the server. */
export async function closeOverdueRounds(db: Db, now = new Date(), events: LiveEvents = noLiveEvents): Promise<number> {
  const overdue = await db.round.findMany({ where: { status: "open", deadline: { lte: now } }, select: { id: true } });
  let closed = 0;
  for (const { id } of overdue) {
    try {
      await closeRound(db, null, id, events);
      closed++;
    } catch (error) {
      if (!(error instanceof AppError && error.code === "conflict")) throw error; // closed meanwhile by a moderator
    }
  }
  return closed;
}

/** Creates round N+1 (draft) from the last closed round with the items the moderator carries over. */
export async function createNextRound(db: Db, actor: SessionUser, consultationId: string, input: NextRoundInput) {
  const moderator = await requireRole(db, consultationId, actor, ["moderator"]);
  const parsed = nextRoundSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "next round");
  const last = await db.round.findFirst({
    where: { consultationId },
    orderBy: { number: "desc" },
    include: { items: true },
  });
  if (!last || (last.status !== "closed" && last.status !== "published"))
    throw new AppError(
      "conflict",
      `Round ${last?.number} is ${last?.status}: close it before preparing the next round`,
    );
  // A real-time study is its one window; "realtime+confirmation" adds one classic round after it, no more.
  const design = (await db.consultation.findUniqueOrThrow({ where: { id: consultationId }, select: { design: true } }))
    .design;
  if (design === "realtime" || (design === "realtime+confirmation" && last.kind !== "realtime"))
    throw new AppError(
      "conflict",
      design === "realtime"
        ? "This is a real-time study: its one window is the whole study, there is no next round"
        : "This study's confirmation round is done: a real-time study with confirmation has no further round",
    );
  const reminderHours = parsed.data.reminderHours ?? [];
  const consultation = await db.consultation.findUniqueOrThrow({
    where: { id: consultationId },
    select: { languages: true, modelVersion: { select: { language: true } } },
  });
  const offeredLanguages = consultationLanguages(consultation.languages, consultation.modelVersion.language);
  const previous = new Map(last.items.map((i) => [i.key, i]));
  // After a restructuring the next round is made of the restructured model's items (new keys, new items).
  const restructured = await restructuredNextRound(db, consultationId, last.number);
  const offered = restructured && new Map(restructured.map((n) => [n.key, n]));
  const items = parsed.data.items.map((carry, position) => {
    const node = offered?.get(carry.key);
    if (offered && !node)
      throw new AppError(
        "validation",
        `Invalid next round: items[${position}].key: "${carry.key}" is not in the model as restructured after round ${last.number}`,
        [{ path: `items[${position}].key`, message: "not in the restructured model" }],
      );
    // An item a merge, split or add made is new to the panel: no previous item, so no previous figures.
    const prev = node
      ? node.made || node.previousKey === null
        ? undefined
        : previous.get(node.previousKey)
      : previous.get(carry.key);
    if (!prev && !node)
      throw new AppError(
        "validation",
        `Invalid next round: items[${position}].key: "${carry.key}" was not rated in round ${last.number}`,
        [{ path: `items[${position}].key`, message: "not in the previous round" }],
      );
    const kind = node?.kind ?? prev!.kind;
    if (kind === "levels" && typeof carry.wording === "string")
      throw new AppError("validation", `Invalid next round: items[${position}].wording: expected 5 level texts`, [
        { path: `items[${position}].wording`, message: "expected 5 level texts" },
      ]);
    if (kind !== "levels" && Array.isArray(carry.wording))
      throw new AppError("validation", `Invalid next round: items[${position}].wording: expected a text`, [
        { path: `items[${position}].wording`, message: "expected a text" },
      ]);
    // A restructured item starts from the moderator's wording, a carried one from the wording rated.
    const start =
      node && (node.restructured || !prev)
        ? Array.isArray(node.text)
          ? JSON.stringify(node.text)
          : node.text
        : prev!.wording;
    const wording =
      carry.wording === undefined
        ? start
        : Array.isArray(carry.wording)
          ? JSON.stringify(carry.wording)
          : carry.wording;
    // The translations go with the wording they translate: kept while it is unchanged, else only what the
    // moderator translated (a reworded item shows its new source wording in the other languages, with a note).
    const translations =
      carry.translations ?? (prev && wording === prev.wording ? (JSON.parse(prev.translations) as object) : {});
    for (const [language, translated] of Object.entries(carry.translations ?? {})) {
      const where = `items[${position}].translations.${language}`;
      if (!offeredLanguages.slice(1).includes(language))
        throw new AppError(
          "validation",
          `Invalid next round: ${where}: the consultation is not offered in "${language}"`,
          [{ path: where, message: "not a language of the consultation" }],
        );
      if ((kind === "levels") !== Array.isArray(translated))
        throw new AppError(
          "validation",
          `Invalid next round: ${where}: expected ${kind === "levels" ? "5 level texts" : "a text"}`,
          [{ path: where, message: kind === "levels" ? "expected 5 level texts" : "expected a text" }],
        );
    }
    return {
      key: carry.key,
      kind,
      position,
      wording,
      translations: JSON.stringify(translations),
      previousId: prev?.id ?? null,
    };
  });
  return db.$transaction(async (tx) => {
    const round = await tx.round.create({
      data: {
        consultationId,
        number: last.number + 1,
        deadline: parsed.data.deadline ?? null,
        reminderHours: JSON.stringify(reminderHours),
      },
    });
    await tx.roundItem.createMany({ data: items.map((i) => ({ ...i, roundId: round.id })) });
    await appendAuditEvent(tx, {
      consultationId,
      actor: auditActor(moderator),
      type: "round.created",
      payload: {
        round: round.number,
        items: items.map((i) => ({
          key: i.key,
          wording: i.wording,
          reworded: i.wording !== last.items.find((p) => p.id === i.previousId)?.wording,
        })),
      },
    });
    return { id: round.id, number: round.number, items: items.length };
  });
}
