// Live response figures of a round for moderators and observers: how many finished, started and joined,
// per stakeholder type and country (small groups suppressed), and who has not finished — as a count in
// anonymous studies, as names (for individual reminders) in quasi-anonymous ones. Never a pseudonym next to
// a name: that pair is the mapping anonymity is about. "Finished" is complete: submitted with every item
// answered (shared/delphi/completion.ts); partial ones are counted beside it.
import type { Db } from "../../server/db/client.js";
import { AppError } from "../../shared/errors/app-error.js";
import { completionCounts, completionStatus, progressDistribution } from "../../shared/delphi/completion.js";
import { suppressBySize, suppressedLabel } from "../../shared/stats/subgroups.js";
import { requireRole } from "./access.server.js";
import type { SessionUser } from "./user.server.js";

export type ProgressGroup =
  | { value: string; suppressed: false; panel: number; finished: number; partial: number; started: number }
  | { value: string; suppressed: true; note: string };

/** Live response figures for moderators and observers (names of who has not finished only in quasi-anonymous mode). */
export async function roundProgress(db: Db, user: SessionUser, roundId: string) {
  const round = await db.round.findUnique({ where: { id: roundId }, include: { consultation: true } });
  if (!round) throw new AppError("not_found", `No round ${roundId}`);
  const m = await requireRole(db, round.consultationId, user, ["moderator", "observer"]);
  const { minGroupSize, anonymity } = round.consultation;
  const panel = await db.member.findMany({
    where: { consultationId: round.consultationId, role: "panellist", withdrawnAt: null },
    include: {
      user: { select: { name: true, email: true } },
      completions: { where: { roundId } },
      _count: { select: { ratings: { where: { item: { roundId } } } } },
    },
  });
  const items = await db.roundItem.findMany({
    where: { roundId },
    orderBy: { position: "asc" },
    select: { id: true, key: true, _count: { select: { ratings: true } } },
  });
  const statusOf = (p: (typeof panel)[number]) =>
    completionStatus(p._count.ratings, items.length, p.completions.length > 0);
  const group = (attr: "stakeholderType" | "country"): ProgressGroup[] => {
    const out = new Map<string, { panel: number; finished: number; partial: number; started: number }>();
    for (const p of panel) {
      const k = p[attr] ?? "unknown";
      const g = out.get(k) ?? { panel: 0, finished: 0, partial: 0, started: 0 };
      g.panel++;
      const status = statusOf(p);
      if (status === "complete") g.finished++;
      if (status === "partial") g.partial++;
      if (p._count.ratings > 0) g.started++;
      out.set(k, g);
    }
    const rows = [...out.entries()]
      .map(([value, g]) => ({ value, ...g }))
      .sort((a, b) => a.value.localeCompare(b.value));
    // "1 of 1 finished" for a group of one tells the moderator what that person did.
    const hidden = suppressBySize(rows, (r) => r.panel, minGroupSize);
    return rows.map((r, i) =>
      hidden[i]
        ? { value: r.value, suppressed: true as const, note: suppressedLabel(minGroupSize) }
        : { ...r, suppressed: false as const },
    );
  };
  const previousRound =
    round.number > 1
      ? await db.round.findUnique({
          where: { consultationId_number: { consultationId: round.consultationId, number: round.number - 1 } },
        })
      : null;
  const previousFinished = previousRound ? await db.completion.count({ where: { roundId: previousRound.id } }) : null;
  const counts = completionCounts(
    panel.map((p) => ({ answered: p._count.ratings, submitted: p.completions.length > 0 })),
    items.length,
  );
  const finished = counts.complete;
  // Not submitted yet: who the reminders go to.
  const notFinished = panel.filter((p) => p.completions.length === 0);
  const showNames = m.role === "moderator" && anonymity === "quasi-anonymous";
  return {
    roundId,
    status: round.status,
    panel: panel.length,
    /** Complete: submitted with every item answered (the response rate). */
    finished,
    partial: counts.partial,
    submittedPartial: counts.submittedPartial,
    notStarted: counts.notStarted,
    /** How many panellists answered what share of the items: counts only. */
    distribution: progressDistribution(
      panel.map((p) => p._count.ratings),
      items.length,
    ),
    /**
     * Per person (quasi-anonymous studies, moderators only): complete, partial or not started, by name, never
     * with a pseudonym. Not the number answered: once the round closes it would match the number of answers of
     * one pseudonym in the exports, and so give away whose answers they are.
     */
    people: showNames
      ? panel
          .map((p) => ({ name: p.user.name, email: p.user.email, status: statusOf(p) }))
          .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email))
      : null,
    started: panel.filter((p) => p._count.ratings > 0).length,
    joined: panel.filter((p) => p.joinedAt).length,
    minGroupSize,
    items: items.map((i) => ({ id: i.id, key: i.key, rated: i._count.ratings })),
    byStakeholderType: group("stakeholderType"),
    byCountry: group("country"),
    // People, sorted by name (not in panel order), with no pseudonym: who has not finished, never who said what.
    notFinished: {
      count: notFinished.length,
      people: showNames
        ? notFinished
            .map((p) => ({ name: p.user.name, email: p.user.email }))
            .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email))
        : null,
    },
    attrition:
      previousFinished === null ? null : { previousRoundFinished: previousFinished, thisRoundFinished: finished },
  };
}
export type RoundProgress = Awaited<ReturnType<typeof roundProgress>>;
