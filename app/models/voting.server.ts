// Panellists' side of a round: rating items (autosaved, one rating per panellist × item, re-rating
// updates it), submitting the round, and the voting view with the previous round's feedback.
// Moderators' side: live progress. Nothing here returns another panellist's identity or rating.
import { z } from "zod";
import type { Db } from "../../server/db/client.js";
import {
  ratingSchema,
  type ItemKind,
  type RatingInput,
  type RoundKind,
  type RoundStatus,
} from "../../shared/delphi/schemas.js";
import { AppError, fromZodError } from "../../shared/errors/app-error.js";
import { unattributedOrder } from "../../shared/stats/subgroups.js";
import { wordDiff } from "../../shared/text/diff.js";
import { roundParts, sectionOf } from "../../shared/delphi/parts.js";
import { questionsOf } from "../../shared/delphi/questions.js";
import { itemLanguage } from "../../shared/i18n/negotiate.js";
import { languagesShown } from "../../shared/delphi/comment-languages.js";
import { consultationLanguages } from "./consultation.server.js";
import { assertValidRating, defaultScale, type ScalePoints } from "../../shared/stats/scale.js";
import { requireRole, type Membership, type Role } from "./access.server.js";
import { appendAuditEvent } from "./audit.server.js";
import { commitmentOf, newSalt } from "./rating-log.server.js";
import { hotPathOf, type RoundRef } from "../../server/db/hot-path.js";
import { noLiveEvents, type LiveEvents } from "./events.js";
import type { StoredFigures } from "./round.server.js";
import { COUNTED_MEMBER } from "./panel.server.js";
import { ownProposals } from "./proposal.server.js";
import { restructuredRound } from "./structure.server.js";
import { liveFeedbackFor } from "./live.server.js";
import type { SessionUser } from "./user.server.js";

async function openRoundFor(db: Db, roundId: string) {
  const round = await db.round.findUnique({ where: { id: roundId }, include: { consultation: true } });
  if (!round) throw new AppError("not_found", `No round ${roundId}`);
  return round;
}

function assertAcceptingAnswers(round: { number: number; status: string; deadline: Date | null }) {
  if (round.status !== "open")
    throw new AppError("conflict", `Round ${round.number} is ${round.status}: it no longer accepts ratings`);
  if (round.deadline && round.deadline <= new Date())
    throw new AppError("conflict", `Round ${round.number} closed at its deadline: it no longer accepts ratings`);
}

interface RatingContext {
  round: { number: number; status: string; kind: string; deadline: Date | null; consultationId: string };
  scalePoints: number;
  itemKey: string;
  /** The consultation's languages (JSON). */
  languages: string;
  m: Membership;
}

/**
 * Everything a rating needs to be checked — the round, the scale, the item and the caller's panel membership —
 * in one prepared statement (server/db/hot-path.ts), as ratings are the busiest request. Null when any is
 * missing: `ratingContextOrError` then says which.
 */
async function ratingContext(db: Db, user: SessionUser, roundId: string, itemId: string) {
  const row = await hotPathOf(db).context(user.id, roundId, itemId);
  if (!row) return null;
  return {
    round: {
      number: row.number,
      status: row.status,
      kind: row.kind,
      deadline: row.deadline,
      consultationId: row.consultationId,
    },
    scalePoints: row.scalePoints,
    itemKey: row.key,
    languages: row.languages,
    m: {
      consultationId: row.consultationId,
      role: "panellist",
      memberId: row.memberId,
      pseudonym: row.pseudonym,
      userId: user.id,
    },
  } satisfies RatingContext;
}

/** The same, step by step, throwing the error that says what is missing or forbidden. */
async function ratingContextOrError(db: Db, user: SessionUser, roundId: string, itemId: string) {
  const round = await openRoundFor(db, roundId);
  const m = await requireRole(db, round.consultationId, user, ["panellist"]);
  const item = await db.roundItem.findFirst({ where: { id: itemId, roundId } });
  if (!item) throw new AppError("not_found", `Round ${round.number} has no item ${itemId}`);
  return {
    round,
    scalePoints: round.consultation.scalePoints,
    itemKey: item.key,
    languages: round.consultation.languages,
    m,
  } satisfies RatingContext;
}

export async function rateItem(
  db: Db,
  user: SessionUser,
  roundId: string,
  itemId: string,
  input: RatingInput,
  events: LiveEvents = noLiveEvents,
  /** The caller's interface language: the answer's language is it if the consultation offers it, else the source. */
  interfaceLanguage: string | null = null,
) {
  const { round, scalePoints, itemKey, languages, m } =
    (await ratingContext(db, user, roundId, itemId)) ?? (await ratingContextOrError(db, user, roundId, itemId));
  const parsed = ratingSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "rating");
  const { value, comment, suggestion } = parsed.data;
  // An open round asks for comments on the draft model, not ratings: a scale point there is refused, not dropped.
  if (round.kind === "open" && value !== null)
    throw new AppError(
      "validation",
      `Invalid rating: value: round ${round.number} is an open round: comment (value null), it takes no ratings`,
      [{ path: "value", message: "an open round takes comments only: null" }],
    );
  if (value !== null) {
    try {
      assertValidRating(value, defaultScale(scalePoints as ScalePoints));
    } catch {
      throw new AppError(
        "validation",
        `Invalid rating: value: expected 1–${scalePoints} or null (no opinion), got ${value}`,
        [{ path: "value", message: `expected 1–${scalePoints} or null` }],
      );
    }
  }
  assertAcceptingAnswers(round);
  // The audit evidence of an open round is a salted commitment only (no item, person or value in the log):
  // nobody reading the trail learns an answer before the round closes, and writers never queue behind the
  // chain's lock. The sealer folds the log into the chain; closing reveals (docs/audit.md).
  const salt = newSalt();
  const commitment = commitmentOf({
    salt,
    round: round.number,
    item: itemKey,
    respondent: m.pseudonym!,
    value,
    comment,
    suggestion,
  });
  // Re-checked under a lock the close transaction must wait for: no rating lands after results are computed.
  const outcome = await hotPathOf(db).save({
    consultationId: round.consultationId,
    roundId,
    itemId,
    memberId: m.memberId!,
    value,
    comment,
    suggestion,
    // Not part of the commitment: the language is how the answer is grouped, not the answer.
    language: answerLanguage(languages, interfaceLanguage),
    salt,
    commitment,
    // Real-time Delphi: every answer and revision is kept, in order (first answer = revision 1).
    history: round.kind === "realtime",
  });
  if (!outcome.saved) {
    assertAcceptingAnswers({ ...round, ...(outcome.round ?? { status: "gone", deadline: null }) });
    throw new AppError("conflict", `Round ${round.number} no longer accepts ratings`);
  }
  events.emit(
    round.consultationId,
    { type: "rating:saved", roundId, itemId, ratedCount: outcome.ratedCount },
    "moderators",
  );
  return { itemId, value, comment, suggestion, savedAt: outcome.updatedAt.toISOString() };
}

/** The language an answer is stored with: the caller's item language; null in consultations from before languages. */
function answerLanguage(languagesJson: string, interfaceLanguage: string | null): string | null {
  const offered = JSON.parse(languagesJson) as string[];
  return offered.length ? itemLanguage(interfaceLanguage, offered) : null;
}

async function panelProgress(db: Db, consultationId: string, roundId: string) {
  const [finished, panel] = await Promise.all([
    db.completion.count({ where: { roundId } }),
    db.member.count({ where: { consultationId, role: "panellist" } }),
  ]);
  return { finished, panel };
}

export const submitSchema = z.strictObject({
  /** The panellist was shown the unanswered items and chose to finish with them blank. */
  confirmPartial: z.boolean({ error: "expected true or false" }).optional(),
});

/**
 * "Submit round": the panellist is done, yet may still change answers until the round closes. With items left
 * blank ("no opinion" is an answer, a blank is not) only when the panellist confirms it (`confirmPartial`);
 * with nothing answered, never — that is not taking part.
 */
export async function submitRound(
  db: Db,
  user: SessionUser,
  roundId: string,
  input: unknown = {},
  events: LiveEvents = noLiveEvents,
) {
  const parsed = submitSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError(parsed.error, "submission");
  const round = await openRoundFor(db, roundId);
  const m = await requireRole(db, round.consultationId, user, ["panellist"]);
  assertAcceptingAnswers(round);
  const [total, answered] = await Promise.all([
    db.roundItem.count({ where: { roundId } }),
    db.rating.count({ where: { memberId: m.memberId!, item: { roundId } } }),
  ]);
  if (answered === 0)
    throw new AppError(
      "conflict",
      `You have answered none of the ${total} items of round ${round.number}: answer at least one ("no opinion" counts) before submitting`,
    );
  if (answered < total && !parsed.data.confirmPartial) {
    const blank = total - answered;
    throw new AppError(
      "conflict",
      `${blank} of ${total} items ${blank === 1 ? "is" : "are"} unanswered: answer ${blank === 1 ? "it" : "them"} ("no opinion" counts as an answer) or confirm that you finish with ${blank === 1 ? "it" : "them"} blank (confirmPartial: true)`,
      [{ path: "confirmPartial", message: `${blank} unanswered items: confirm to submit without them` }],
    );
  }
  await db.$transaction(async (tx) => {
    const existing = await tx.completion.findUnique({
      where: { roundId_memberId: { roundId, memberId: m.memberId! } },
    });
    if (existing) return;
    await tx.completion.create({ data: { roundId, memberId: m.memberId! } });
    // Not attributed, not even to a pseudonym: in quasi-anonymous studies moderators see who has not
    // finished, and a pseudonymous submission at that moment would name the pseudonym.
    await appendAuditEvent(tx, {
      consultationId: round.consultationId,
      actor: "system",
      type: "round.submitted",
      payload: { round: round.number },
    });
  });
  const progress = await panelProgress(db, round.consultationId, roundId);
  events.emit(round.consultationId, { type: "round:progress", roundId, ...progress });
  return progress;
}

export interface ItemFeedback {
  /** Counts per scale point in the previous round, for the histogram. */
  counts: number[];
  nRated: number;
  nNoOpinion: number;
  median: number | null;
  agreePct: number | null;
  /** The panellist's own previous answer (null = no opinion); see answeredPreviously. */
  ownPrevious: number | null;
  answeredPreviously: boolean;
  comments: string[];
  /** Beside each comment, its language where that may be shown (shared/delphi/comment-languages.ts), else null. */
  commentLanguages: (string | null)[];
  suggestions: string[];
  previousWording: string;
  diff: ReturnType<typeof wordDiff>;
  /** The panel's shared rationale as it stood when the previous round closed (read-only). */
  rationale: { round: number; text: string } | null;
}

function wordingText(kind: string, wording: string): string {
  return kind === "levels"
    ? (JSON.parse(wording) as string[]).map((l, i) => `Level ${i + 1}: ${l}`).join("\n")
    : wording;
}

/**
 * A panellist's (or an observer's/moderator's preview of the) voting page for one round. `part` (0-based, or
 * "resume": the first with an unanswered item) gives one part of a long round (PART_SIZE); without it, every
 * item (the API). Either way a fixed number of
 * queries, whatever the number of items: the outline of the round and the caller's own answers first, then
 * the full items, their previous round and its feedback for the items shown only.
 */
/**
 * The voting page: the round, the caller's role, every item's place (the outline) and the caller's own answers,
 * then the shown part's previous-round feedback — a fixed number of statements whatever the number of items
 * (server/db/hot-path.ts `votingPage`; the feedback query runs from round 2 on).
 */
export async function votingView(
  db: Db,
  user: SessionUser,
  ref: RoundRef | string,
  options: {
    part?: number | "resume";
    /** The caller's interface language: the items are shown in it when the consultation offers it. */
    language?: string | null;
  } = {},
) {
  const page = await hotPathOf(db).votingPage(user.id, typeof ref === "string" ? { id: ref } : ref);
  if (!page)
    throw new AppError("not_found", `No round ${typeof ref === "string" ? ref : "id" in ref ? ref.id : ref.number}`);
  const { round } = page;
  const m: Membership =
    page.member && !page.member.withdrawn
      ? {
          consultationId: round.consultationId,
          role: page.member.role as Role,
          memberId: page.member.id,
          pseudonym: page.member.pseudonym,
          userId: user.id,
        }
      : page.member === null && user.isAdmin
        ? { consultationId: round.consultationId, role: "moderator", memberId: null, pseudonym: null, userId: user.id }
        : // Strangers and withdrawn panellists: the usual check names the refusal (404, no existence leak).
          await requireRole(db, round.consultationId, user, ["panellist", "moderator", "observer"]);
  const outline = page.items;
  const answeredIds = new Set(outline.filter((i) => i.rating).map((i) => i.id));
  const parts = roundParts(outline);
  // Resume where the panellist left off: the first part with an unanswered item.
  const firstOpen = Math.max(
    0,
    parts.findIndex((p) => p.some((i) => !answeredIds.has(i.id))),
  );
  const partIndex =
    options.part === undefined
      ? null
      : Math.min(options.part === "resume" ? firstOpen : options.part, parts.length - 1);
  const items = partIndex === null ? outline : parts[partIndex]!;
  const previousIds = items.map((i) => i.previousId).filter((id): id is string => id !== null);
  const previous = previousIds.length
    ? await db.roundItem.findMany({
        where: { id: { in: previousIds }, round: { status: { in: ["closed", "published"] } } },
        include: {
          result: true,
          snapshot: { select: { text: true } },
          round: { select: { number: true } },
          ratings: {
            where: { member: COUNTED_MEMBER },
            select: { memberId: true, value: true, comment: true, suggestion: true, language: true },
            orderBy: { createdAt: "asc" },
          },
        },
      })
    : [];
  const previousById = new Map(previous.map((p) => [p.id, p]));
  // After a restructuring the round is on the restructured model: its titles, and what became of the items rated.
  const restructured = await restructuredRound(db, round.consultationId, round.number);
  const titles = restructured?.titles ?? page.titles;
  // The caller's own proposals (one query): this round's, and what the moderators made of earlier ones.
  const proposals =
    m.role === "panellist" && m.memberId
      ? await ownProposals(db, m.memberId, round.number, restructured?.proposalKeys ?? {})
      : { current: [], earlier: [] };

  // The items in the caller's language when the consultation offers it; the source wording always beside them.
  const offered = consultationLanguages(round.languages, round.sourceLanguage);
  const language = itemLanguage(options.language ?? null, offered);
  const parseWording = (kind: string, wording: string) =>
    kind === "levels" ? (JSON.parse(wording) as string[]) : wording;
  // A real-time round: the group's figures as last published, beside each item the caller answered.
  const live =
    round.kind === "realtime"
      ? await liveFeedbackFor(
          db,
          round.id,
          round.minGroupSize,
          new Map(
            items.flatMap((i) => (i.rating ? [[i.id, { value: i.rating.value, updatedAt: i.rating.updatedAt }]] : [])),
          ),
        )
      : null;

  const viewItems = items.map((item) => {
    const own = item.rating;
    const sourceWording = parseWording(item.kind, item.wording);
    const translated =
      language === offered[0]
        ? undefined
        : (JSON.parse(item.translations) as Record<string, string | string[]>)[language];
    const prev = item.previousId ? previousById.get(item.previousId) : undefined;
    let feedback: ItemFeedback | null = null;
    if (prev?.result) {
      const figures = (JSON.parse(prev.result.figures) as StoredFigures).overall;
      const mine = m.memberId ? prev.ratings.find((r) => r.memberId === m.memberId) : undefined;
      const commented = languagesShown(
        prev.ratings.map((r) => ({ text: r.comment, language: r.language })),
        round.minGroupSize,
      );
      feedback = {
        counts: figures.counts,
        nRated: figures.nRated,
        nNoOpinion: figures.nNoOpinion,
        median: figures.median,
        agreePct: figures.agreePct,
        ownPrevious: mine ? mine.value : null,
        answeredPreviously: mine !== undefined,
        // Unattributed: the panel sees what was said, never by whom — sorted, as the order people answered
        // in would make the k-th comment of every item the same person's.
        comments: commented.texts,
        commentLanguages: commented.languages,
        suggestions: unattributedOrder(prev.ratings.map((r) => r.suggestion)),
        previousWording: wordingText(prev.kind, prev.wording),
        diff: wordDiff(wordingText(prev.kind, prev.wording), wordingText(item.kind, item.wording)),
        rationale: prev.snapshot?.text.trim() ? { round: prev.round.number, text: prev.snapshot.text } : null,
      };
    }
    return {
      id: item.id,
      key: item.key,
      kind: item.kind as ItemKind,
      wording: translated ?? sourceWording,
      /** The language of `wording`: the caller's, or the source when this item has no translation into it. */
      language: translated === undefined ? offered[0]! : language,
      sourceWording,
      domainKey: item.key.split(".")[0]!,
      subdomainKey: item.key.split("/")[0]!.split(".").slice(0, 2).join("."),
      rating: own
        ? { value: own.value, comment: own.comment, suggestion: own.suggestion, savedAt: own.updatedAt.toISOString() }
        : null,
      feedback,
      live: live?.get(item.id) ?? null,
    };
  });
  return {
    round: {
      id: round.id,
      number: round.number,
      status: round.status as RoundStatus,
      /** "open": comments on the draft model and proposals only, no rating scale. */
      kind: round.kind as RoundKind,
      deadline: round.deadline?.toISOString() ?? null,
    },
    consultation: {
      id: round.consultationId,
      title: round.title,
      scalePoints: round.scalePoints,
      questions: questionsOf(round.questions),
      /** The languages offered, the source first. */
      languages: offered,
    },
    /** The language the caller reads and answers the items in. */
    language,
    role: m.role,
    pseudonym: m.pseudonym,
    submitted: page.member?.submitted ?? false,
    titles,
    /** What restructuring did to the previous round's items ("merged into I.1"); empty without one. */
    restructured: restructured?.changes ?? [],
    /** The caller's proposals: made in this round (withdrawable while open), and earlier ones with their outcome. */
    proposals,
    items: viewItems,
    /** Every item of the round, answered or not by the caller; the parts it is answered in. */
    outline: {
      total: outline.length,
      answered: answeredIds.size,
      /** Not answered by the caller, with the part (1-based, as in ?part=N) each is answered in. */
      unanswered: parts.flatMap((p, index) =>
        p.filter((i) => !answeredIds.has(i.id)).map((i) => ({ id: i.id, key: i.key, part: index + 1 })),
      ),
      parts: parts.map((p) => ({
        first: p[0]!.key,
        last: p.at(-1)!.key,
        items: p.length,
        answered: p.filter((i) => answeredIds.has(i.id)).length,
      })),
      /** The sections (a domain's own items, or a subdomain's) in page order, for the table of contents. */
      sections: parts.flatMap((p, index) => {
        const sections: { key: string; title: string; part: number; items: number; answered: number }[] = [];
        for (const item of p) {
          const key = sectionOf(item);
          let section = sections.at(-1);
          if (section?.key !== key)
            sections.push((section = { key, title: titles[key] ?? "", part: index + 1, items: 0, answered: 0 }));
          section.items += 1;
          if (answeredIds.has(item.id)) section.answered += 1;
        }
        return sections;
      }),
      part: partIndex,
      resumeAt: firstOpen,
    },
    progress: page.progress,
  };
}
export type VotingView = Awaited<ReturnType<typeof votingView>>;
