// Real-Time Delphi (Gordon & Pease 2006): while a real-time round is open, a tick publishes each item's group
// figures — the same statistics and rule as at close — as snapshots, only when the release rule allows
// (shared/delphi/live-release.ts); panellists and moderators are shown snapshots, never live answers.
import type { Db } from "../../server/db/client.js";
import { RATING_LOG_LOCK_CLASS } from "../../server/db/hot-path.js";
import { AppError } from "../../shared/errors/app-error.js";
import { figuresMoved, mayPublish, outsideIqr } from "../../shared/delphi/live-release.js";
import type { ConsensusRule } from "../../shared/stats/consensus.js";
import { defaultScale, type ScalePoints } from "../../shared/stats/scale.js";
import { unattributedOrder } from "../../shared/stats/subgroups.js";
import { requireRole } from "./access.server.js";
import { databaseProvider } from "./audit.server.js";
import { noLiveEvents, type LiveEvents } from "./events.js";
import { COUNTED_MEMBER } from "./panel.server.js";
import { answerCountsByItem, itemResultOf } from "./round.server.js";
import type { SessionUser } from "./user.server.js";

/** How often the tick runs: a panellist sees the group move within this, batched. */
export const LIVE_TICK_MS = 2_000;

export interface LiveFigures {
  counts: number[];
  nRated: number;
  nNoOpinion: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
  agreePct: number | null;
  status: string;
  reason: string;
}

interface Snapshot {
  roundItemId: string;
  seq: number;
  at: Date;
  figures: string;
  comments: string;
  answers: number;
  revisions: number;
  upToId: number;
}

/**
 * Publishes the snapshots one open real-time round may show now; returns how many items got one. Runs under the
 * rating log's exclusive lock on PostgreSQL (writers share it), so every revision below what it reads has
 * committed and the figures and the change count describe the same answers.
 */
export async function publishRoundSnapshots(db: Db, roundId: string, now = new Date()): Promise<number> {
  return (await publishUnderLock(db, roundId, now)).published;
}

/** The same, also saying the newest revision it saw under the lock (every revision up to it was counted). */
async function publishUnderLock(db: Db, roundId: string, now: Date): Promise<{ published: number; upTo: number }> {
  let upTo = 0;
  const published = await db.$transaction(
    async (tx) => {
      const round = await tx.round.findUnique({ where: { id: roundId }, include: { consultation: true } });
      if (!round || round.kind !== "realtime" || round.status !== "open") return 0;
      if (databaseProvider(tx) === "postgresql")
        await tx.$executeRawUnsafe(
          `SELECT pg_advisory_xact_lock(${RATING_LOG_LOCK_CLASS}, hashtext($1))`,
          round.consultationId,
        );
      upTo = (await tx.ratingRevision.aggregate({ where: { item: { roundId } }, _max: { id: true } }))._max.id ?? 0;
      const c = round.consultation;
      const scale = defaultScale(c.scalePoints as ScalePoints);
      const rule = JSON.parse(c.consensusRule) as ConsensusRule;
      const items = await tx.roundItem.findMany({ where: { roundId }, select: { id: true } });
      // Each item's latest snapshot only: a long window holds thousands, the tick needs one per item.
      const lastSeqs = await tx.liveSnapshot.groupBy({ by: ["roundItemId"], where: { roundId }, _max: { seq: true } });
      const latest = new Map<string, Snapshot>();
      if (lastSeqs.length)
        for (const s of await tx.liveSnapshot.findMany({
          where: { OR: lastSeqs.map((l) => ({ roundItemId: l.roundItemId, seq: l._max.seq! })) },
        }))
          latest.set(s.roundItemId, s);
      const since = Math.min(...items.map((i) => latest.get(i.id)?.upToId ?? 0));
      const changedRows = await tx.ratingRevision.findMany({
        where: { item: { roundId }, id: { gt: since }, member: COUNTED_MEMBER },
        select: { id: true, roundItemId: true, memberId: true },
      });
      if (!changedRows.length) return 0;
      const changed = new Map<string, { members: Set<string>; maxId: number }>();
      for (const r of changedRows) {
        if (r.id <= (latest.get(r.roundItemId)?.upToId ?? 0)) continue;
        const entry =
          changed.get(r.roundItemId) ??
          changed.set(r.roundItemId, { members: new Set(), maxId: 0 }).get(r.roundItemId)!;
        entry.members.add(r.memberId);
        entry.maxId = Math.max(entry.maxId, r.id);
      }
      const candidates = [...changed.entries()];
      if (!candidates.length) return 0;
      const [counts, revisionCounts, comments, panelSize] = await Promise.all([
        answerCountsByItem(tx, roundId, scale),
        tx.ratingRevision.groupBy({
          by: ["roundItemId"],
          where: { item: { roundId }, revision: { gt: 1 }, member: COUNTED_MEMBER },
          _count: { _all: true },
        }),
        tx.rating.findMany({
          where: { roundItemId: { in: candidates.map(([id]) => id) }, member: COUNTED_MEMBER, comment: { not: "" } },
          select: { roundItemId: true, comment: true },
        }),
        rule.minAnswers?.panelPct === undefined
          ? Promise.resolve(undefined)
          : tx.member.count({ where: { consultationId: c.id, role: "panellist", withdrawnAt: null } }),
      ]);
      const revisionsOf = new Map(revisionCounts.map((r) => [r.roundItemId, r._count._all]));
      let published = 0;
      for (const [itemId, change] of candidates) {
        const itemCounts = counts.get(itemId);
        const answers = itemCounts?.answers ?? 0;
        if (!mayPublish({ answers, changed: change.members.size, minGroupSize: c.minGroupSize })) continue;
        const { figures, evaluation } = itemResultOf(itemCounts, scale, rule, { panelSize });
        const o = figures.overall;
        const live: LiveFigures = {
          counts: o.counts,
          nRated: o.nRated,
          nNoOpinion: o.nNoOpinion,
          median: o.median,
          q1: o.q1,
          q3: o.q3,
          iqr: o.iqr,
          agreePct: o.agreePct,
          status: evaluation.status,
          reason: evaluation.reason,
        };
        const text = unattributedOrder(comments.filter((r) => r.roundItemId === itemId).map((r) => r.comment));
        const previous = latest.get(itemId);
        // Nothing moved (answers swapped, a comment rewritten alike): no new point; the changes stay counted.
        if (previous && previous.figures === JSON.stringify(live) && previous.comments === JSON.stringify(text))
          continue;
        await tx.liveSnapshot.create({
          data: {
            roundId,
            roundItemId: itemId,
            seq: (previous?.seq ?? 0) + 1,
            at: now,
            figures: JSON.stringify(live),
            comments: JSON.stringify(text),
            answers,
            revisions: revisionsOf.get(itemId) ?? 0,
            upToId: change.maxId,
          },
        });
        published++;
      }
      return published;
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  return { published, upTo };
}

// The newest revision each round's last tick saw (per process): a round where nobody wrote since is skipped.
const seenUpTo = new WeakMap<Db, Map<string, number>>();

/** One tick over every open real-time round; tells their pages when something was published. */
export async function publishLiveSnapshots(db: Db, events: LiveEvents = noLiveEvents, now = new Date()) {
  const rounds = await db.round.findMany({
    where: { kind: "realtime", status: "open" },
    select: { id: true, consultationId: true },
  });
  const seen = seenUpTo.get(db) ?? seenUpTo.set(db, new Map()).get(db)!;
  let published = 0;
  for (const r of rounds) {
    const newest = (await db.ratingRevision.aggregate({ where: { item: { roundId: r.id } }, _max: { id: true } }))._max
      .id;
    if (newest === null || seen.get(r.id) === newest) continue;
    const { published: n, upTo } = await publishUnderLock(db, r.id, now);
    seen.set(r.id, upTo);
    published += n;
    if (n) events.emit(r.consultationId, { type: "live:figures", roundId: r.id, items: n });
  }
  return published;
}

/** Runs the tick in the server; returns a stop function. */
export function startLiveTicker(db: Db, events: LiveEvents, every = LIVE_TICK_MS) {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = publishLiveSnapshots(db, events)
      .catch((error) => console.error("publishing live figures failed:", error))
      .finally(() => (running = null));
  }, every);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

export interface LiveFeedback {
  shown: boolean;
  minGroupSize: number;
  figures: LiveFigures | null;
  comments: string[];
  at: string | null;
  changedSinceAnswer: boolean;
  outsideIqr: boolean;
}

/**
 * What a real-time round shows a panellist beside each item they answered: the last published snapshot, and
 * whether it moved since their answer. Items they have not answered show nothing (answer first, then see).
 */
export async function liveFeedbackFor(
  db: Db,
  roundId: string,
  minGroupSize: number,
  own: Map<string, { value: number | null; updatedAt: Date }>,
): Promise<Map<string, LiveFeedback>> {
  const ids = [...own.keys()];
  const snapshots = ids.length
    ? await db.liveSnapshot.findMany({
        where: { roundId, roundItemId: { in: ids } },
        orderBy: { seq: "asc" },
        select: { roundItemId: true, at: true, figures: true, comments: true },
      })
    : [];
  const byItem = new Map<string, typeof snapshots>();
  for (const s of snapshots) (byItem.get(s.roundItemId) ?? byItem.set(s.roundItemId, []).get(s.roundItemId)!).push(s);
  const out = new Map<string, LiveFeedback>();
  for (const [itemId, answer] of own) {
    const list = byItem.get(itemId) ?? [];
    const last = list.at(-1);
    const figures = last ? (JSON.parse(last.figures) as LiveFigures) : null;
    const atAnswer = list.findLast((s) => s.at <= answer.updatedAt);
    out.set(itemId, {
      shown: figures !== null,
      minGroupSize,
      figures,
      comments: last ? (JSON.parse(last.comments) as string[]) : [],
      at: last?.at.toISOString() ?? null,
      changedSinceAnswer:
        !!last &&
        last.at > answer.updatedAt &&
        figuresMoved(atAnswer ? (JSON.parse(atAnswer.figures) as LiveFigures) : null, figures),
      outsideIqr: outsideIqr(answer.value, figures),
    });
  }
  return out;
}

/**
 * The moderators' (and observers') live view of a real-time round: per item the last published figures, the
 * status the rule computes, revisions, and convergence over time; for the panel, items reaching consensus over
 * time. Built from snapshots only — aggregates that every panellist who answered sees too.
 */
export async function liveRoundView(
  db: Db,
  user: SessionUser,
  ref: { id: string } | { consultationId: string; number: number },
) {
  const found = await db.round.findUnique({
    where: "id" in ref ? { id: ref.id } : { consultationId_number: ref },
    select: { id: true, consultationId: true },
  });
  if (!found) throw new AppError("not_found", `No round ${"id" in ref ? ref.id : ref.number}`);
  const consultationId = found.consultationId;
  await requireRole(db, consultationId, user, ["moderator", "observer"]);
  const round = await db.round.findUnique({
    where: { id: found.id },
    include: {
      consultation: { select: { minGroupSize: true, title: true } },
      items: { orderBy: { position: "asc" }, select: { id: true, key: true, kind: true, wording: true } },
      liveSnapshots: { orderBy: [{ at: "asc" }, { seq: "asc" }] },
    },
  });
  if (!round) throw new AppError("not_found", `No round ${found.id}`);
  if (round.kind !== "realtime")
    throw new AppError("conflict", `Round ${round.number} is a classic round: it has no live view`);
  const series = new Map<
    string,
    { at: string; agreePct: number | null; iqr: number | null; median: number | null }[]
  >();
  const lastOf = new Map<string, (typeof round.liveSnapshots)[number]>();
  // Replayed in time order: at each snapshot, how many items the rule calls validated or dropped.
  const statusNow = new Map<string, string>();
  const consensus: { at: string; validated: number; dropped: number; shown: number }[] = [];
  for (const s of round.liveSnapshots) {
    const f = JSON.parse(s.figures) as LiveFigures;
    const at = s.at.toISOString();
    (series.get(s.roundItemId) ?? series.set(s.roundItemId, []).get(s.roundItemId)!).push({
      at,
      agreePct: f.agreePct,
      iqr: f.iqr,
      median: f.median,
    });
    lastOf.set(s.roundItemId, s);
    statusNow.set(s.roundItemId, f.status);
    const statuses = [...statusNow.values()];
    const point = {
      at,
      validated: statuses.filter((x) => x === "validated").length,
      dropped: statuses.filter((x) => x === "dropped").length,
      shown: statuses.length,
    };
    if (consensus.at(-1)?.at === at) consensus[consensus.length - 1] = point;
    else consensus.push(point);
  }
  return {
    round: {
      id: round.id,
      number: round.number,
      status: round.status,
      openedAt: round.openedAt?.toISOString() ?? null,
      deadline: round.deadline?.toISOString() ?? null,
      closedAt: round.closedAt?.toISOString() ?? null,
    },
    consultation: {
      id: consultationId,
      title: round.consultation.title,
      minGroupSize: round.consultation.minGroupSize,
    },
    items: round.items.map((i) => {
      const last = lastOf.get(i.id);
      return {
        id: i.id,
        key: i.key,
        kind: i.kind,
        wording: i.kind === "levels" ? (JSON.parse(i.wording) as string[]).join(" · ") : i.wording,
        figures: last ? (JSON.parse(last.figures) as LiveFigures) : null,
        answers: last?.answers ?? null,
        revisions: last?.revisions ?? null,
        at: last?.at.toISOString() ?? null,
        series: series.get(i.id) ?? [],
      };
    }),
    consensus,
  };
}
export type LiveRoundView = Awaited<ReturnType<typeof liveRoundView>>;
