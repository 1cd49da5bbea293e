// Moderator decisions on a closed round: accept an item's computed consensus status or override it
// (with a rationale), and write the new wording of items to reformulate. Plus the review view the
// moderator decides from (figures, reasons, the panel's unattributed comments and suggestions).
import { itemLanguage } from "../../shared/i18n/negotiate.js";
import { languagesShown } from "../../shared/delphi/comment-languages.js";
import { consultationLanguages } from "./consultation.server.js";
import { z } from "zod";
import { wellFormedText } from "../../shared/delphi/schemas.js";
import type { Db } from "../../server/db/client.js";
import { AppError, fromZodError } from "../../shared/errors/app-error.js";
import type { ConsensusRule, ConsensusStatus, RuleStatus } from "../../shared/stats/consensus.js";
import { auditActor, requireRole } from "./access.server.js";
import { appendAuditEvent, type AuditDb } from "./audit.server.js";
import { noLiveEvents, type LiveEvents } from "./events.js";
import { shownFigures } from "./results.server.js";
import type { StoredFigures } from "./round.server.js";
import { COUNTED_MEMBER } from "./panel.server.js";
import { restructuredRound, studyStructure } from "./structure.server.js";
import type { SessionUser } from "./user.server.js";

export const DECISIONS = ["accept", "validated", "reformulate", "reevaluate", "dropped"] as const;
export type DecisionChoice = (typeof DECISIONS)[number];

/**
 * Structure only; what is required depends on the item and its computed status (checked in recordDecision).
 * Strict: a field the server would not use is a 400 naming it, never silently dropped.
 */
export const decisionInputSchema = z.strictObject({
  decision: z.enum(DECISIONS, { error: `expected one of ${DECISIONS.join(", ")}` }),
  rationale: wellFormedText().max(5000, { error: "at most 5000 characters" }).nullish(),
  newWording: z
    .union([wellFormedText().max(5000), z.array(wellFormedText().max(2000))], {
      error: "expected a text, or for levels an array of 5 texts",
    })
    .nullish(),
});
export type DecisionInput = z.input<typeof decisionInputSchema>;

const LEVEL_COUNT = 5;

export interface DecisionView {
  itemId: string;
  key: string;
  status: ConsensusStatus;
  decision: ConsensusStatus;
  rationale: string | null;
  newWording: string | string[] | null;
  /** Validated (or re-evaluated) with a minor rewording: the new wording is editorial, not re-rated. */
  editorial: boolean;
  decidedAt: string;
}

/** Decisions that may carry an editorial rewording besides the one that requires new wording. */
const EDITORIAL: ReadonlySet<RuleStatus> = new Set(["validated", "reevaluate"]);

/** What accepting a computed status records: the status itself, "reevaluate" for too few answers. */
export function acceptedStatus(computed: ConsensusStatus): RuleStatus {
  return computed === "insufficient" ? "reevaluate" : computed;
}

function invalid(path: string, message: string): AppError {
  return new AppError("validation", `Invalid decision: ${path}: ${message}`, [{ path, message }]);
}

/** The stored `newWording` column back in its API shape. */
export function parseNewWording(kind: string, stored: string | null): string | string[] | null {
  if (stored === null) return null;
  return kind === "levels" ? (JSON.parse(stored) as string[]) : stored;
}

/** Checks the new wording against the item's kind and returns it as stored (text, or JSON array for levels). */
function storedNewWording(kind: string, newWording: string | string[] | null | undefined): string {
  if (newWording === null || newWording === undefined || (typeof newWording === "string" && !newWording.trim()))
    throw invalid("newWording", kind === "levels" ? `expected ${LEVEL_COUNT} level texts` : "required to reformulate");
  if (kind === "levels") {
    if (!Array.isArray(newWording)) throw invalid("newWording", `expected ${LEVEL_COUNT} level texts`);
    if (newWording.length !== LEVEL_COUNT)
      throw invalid("newWording", `expected ${LEVEL_COUNT} level texts, got ${newWording.length}`);
    const levels = newWording.map((l) => l.trim());
    const empty = levels.findIndex((l) => !l);
    if (empty >= 0) throw invalid(`newWording[${empty}]`, "must not be empty");
    return JSON.stringify(levels);
  }
  if (Array.isArray(newWording)) throw invalid("newWording", "expected a text");
  return newWording.trim();
}

async function decidableItem(db: Db, roundItemId: string) {
  const item = await db.roundItem.findUnique({
    where: { id: roundItemId },
    include: { round: true, result: true },
  });
  if (!item) throw new AppError("not_found", `No round item ${roundItemId}`);
  return item;
}

function assertDecidable(round: { number: number; status: string }) {
  if (round.status === "published")
    throw new AppError("conflict", `Round ${round.number} is already published: its decisions are final`);
  if (round.status !== "closed")
    throw new AppError(
      "conflict",
      `Round ${round.number} is ${round.status}: decisions are recorded once it is closed`,
    );
}

/** 404 unless `itemId` is an item of round `roundId` (API paths name both). */
export async function assertItemInRound(db: Db, roundId: string, itemId: string) {
  const item = await db.roundItem.findFirst({ where: { id: itemId, roundId }, select: { id: true } });
  if (!item) throw new AppError("not_found", `Round ${roundId} has no item ${itemId}`);
}

/**
 * Records (or replaces) the moderator's decision on one item of a closed round. The stored decision
 * is the final status: "accept" stores the computed one ("reevaluate" for "insufficient answers").
 * Overriding it needs a rationale, because a Delphi report must justify every departure from the
 * pre-registered rule.
 */
export async function recordDecision(
  db: Db,
  actor: SessionUser,
  roundItemId: string,
  input: DecisionInput,
  events: LiveEvents = noLiveEvents,
): Promise<DecisionView> {
  const item = await decidableItem(db, roundItemId);
  const moderator = await requireRole(db, item.round.consultationId, actor, ["moderator"]);
  assertDecidable(item.round);
  if (!item.result) throw new AppError("conflict", `Item ${item.key} has no computed result yet`);
  const parsed = decisionInputSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "decision");
  const { decision, rationale, newWording } = parsed.data;

  const computed = item.result.status as ConsensusStatus;
  // Decisions keep the rule's statuses: accepting "insufficient answers" means rating the item again.
  const accepted = acceptedStatus(computed);
  const final: RuleStatus = decision === "accept" ? accepted : decision;
  const why = rationale?.trim() || null;
  if (final !== accepted && !why)
    throw invalid("rationale", `required to override the computed status (${computed}) with ${final}`);
  if (final === "dropped" && item.kind === "levels")
    throw invalid(
      "decision",
      `the five levels of ${item.key.split("/")[0]} cannot be dropped on their own: drop the indicator or reformulate them`,
    );
  // An emptied wording field means "no rewording" unless the decision needs one.
  const blank = typeof newWording === "string" && !newWording.trim();
  const given = newWording !== null && newWording !== undefined && !(blank && final !== "reformulate");
  if (given && final === "dropped")
    throw invalid("newWording", "not used when the item is dropped: leave it out, or reformulate instead");
  // Reformulate needs new wording; validated and re-evaluate may carry a minor (editorial) rewording, which
  // counts only when it changes the text the panel rated.
  let wording =
    final === "reformulate" || (given && EDITORIAL.has(final)) ? storedNewWording(item.kind, newWording) : null;
  if (wording !== null && final !== "reformulate" && wording === storedNewWording(item.kind, ratedWording(item)))
    wording = null;
  const editorial = wording !== null && final !== "reformulate";

  const decidedAt = new Date();
  await db.$transaction(async (tx) => {
    // Conditional on the round still being closed: a publish that won the race makes this a 409.
    const { count } = await tx.itemResult.updateMany({
      where: { roundItemId, item: { round: { status: "closed" } } },
      data: { decision: final, rationale: why, newWording: wording, decidedAt, decidedById: actor.id },
    });
    if (count !== 1) assertDecidable(await tx.round.findUniqueOrThrow({ where: { id: item.roundId } }));
    await assertRestructuringsApply(tx, item.round.consultationId, item.round.number);
    await appendAuditEvent(tx, {
      consultationId: item.round.consultationId,
      actor: auditActor(moderator),
      type: "decision.recorded",
      payload: {
        round: item.round.number,
        key: item.key,
        computed,
        decision: final,
        override: final !== accepted,
        rationale: why,
        newWording: parseNewWording(item.kind, wording),
        editorial,
      },
    });
  });
  events.emit(item.round.consultationId, { type: "decision:recorded", roundId: item.roundId, itemId: item.id });
  return {
    itemId: item.id,
    key: item.key,
    status: computed,
    decision: final,
    rationale: why,
    newWording: parseNewWording(item.kind, wording),
    editorial,
    decidedAt: decidedAt.toISOString(),
  };
}

/**
 * A decision changes what the round leaves (a drop removes an item): the restructurings recorded after the round
 * must still apply to it, else the decision is refused (409) and nothing is written.
 */
async function assertRestructuringsApply(tx: AuditDb, consultationId: string, round: number) {
  if (await tx.restructuring.count({ where: { consultationId, afterRound: round } }))
    await studyStructure(tx, consultationId);
}

/** The wording the panel rated, in the API shape of `newWording`. */
const ratedWording = (item: { kind: string; wording: string }): string | string[] =>
  item.kind === "levels" ? (JSON.parse(item.wording) as string[]) : item.wording;

/**
 * Accepts the computed status of every undecided item of a closed round, except items computed as
 * "reformulate": those need their new wording written one by one. Returns what it did and skipped.
 */
export async function acceptComputedStatuses(
  db: Db,
  actor: SessionUser,
  roundId: string,
  events: LiveEvents = noLiveEvents,
) {
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (!round) throw new AppError("not_found", `No round ${roundId}`);
  const moderator = await requireRole(db, round.consultationId, actor, ["moderator"]);
  assertDecidable(round);
  const pending = await db.itemResult.findMany({
    where: { decision: null, item: { roundId } },
    select: { roundItemId: true, status: true, item: { select: { kind: true, key: true } } },
  });
  // Levels cannot be dropped on their own (see recordDecision): leave those to the moderator too.
  const acceptable = pending.filter(
    (r) => r.status !== "reformulate" && !(r.status === "dropped" && r.item.kind === "levels"),
  );
  const decidedAt = new Date();
  const accepted = await db.$transaction(async (tx) => {
    let count = 0;
    for (const status of new Set(acceptable.map((r) => r.status))) {
      const ids = acceptable.filter((r) => r.status === status).map((r) => r.roundItemId);
      const updated = await tx.itemResult.updateMany({
        where: { roundItemId: { in: ids }, decision: null, item: { round: { status: "closed" } } },
        data: {
          decision: acceptedStatus(status as ConsensusStatus),
          rationale: null,
          newWording: null,
          decidedAt,
          decidedById: actor.id,
        },
      });
      count += updated.count;
    }
    // Fewer than expected: the round was published, or another moderator decided some meanwhile.
    if (count < acceptable.length) assertDecidable(await tx.round.findUniqueOrThrow({ where: { id: roundId } }));
    await assertRestructuringsApply(tx, round.consultationId, round.number);
    if (count > 0)
      await appendAuditEvent(tx, {
        consultationId: round.consultationId,
        actor: auditActor(moderator),
        type: "decisions.accepted",
        payload: {
          round: round.number,
          count,
          accepted: Object.fromEntries(
            [...new Set(acceptable.map((r) => r.status))].map((st) => [
              st,
              acceptable.filter((r) => r.status === st).map((r) => r.item.key),
            ]),
          ),
        },
      });
    return count;
  });
  for (const r of acceptable)
    events.emit(round.consultationId, { type: "decision:recorded", roundId, itemId: r.roundItemId });
  return { accepted, needWording: pending.length - acceptable.length };
}

// ---------------------------------------------------------------------------------------------
// The review view

export interface RoundFiguresSummary {
  round: number;
  counts: number[];
  nRated: number;
  nNoOpinion: number;
  agreePct: number | null;
  median: number | null;
  iqr: number | null;
}

function summary(round: number, figures: StoredFigures): RoundFiguresSummary {
  const f = figures.overall;
  return {
    round,
    counts: f.counts,
    nRated: f.nRated,
    nNoOpinion: f.nNoOpinion,
    agreePct: f.agreePct,
    median: f.median,
    iqr: f.iqr,
  };
}

export interface OverviewRow {
  key: string;
  title: string;
  level: "domain" | "subdomain";
  items: number;
  /** Mean of the items' agreement percentages (items with no rated answer left out); null if none. */
  meanAgreePct: number | null;
}

const domainKeyOf = (key: string) => key.split("/")[0]!.split(".")[0]!;
const subdomainKeyOf = (key: string) => {
  const parts = key.split("/")[0]!.split(".");
  return parts.length >= 2 ? parts.slice(0, 2).join(".") : null;
};

function overview(
  items: { key: string; figures: StoredFigures | null }[],
  titles: Map<string, { title: string; position: number }>,
): OverviewRow[] {
  const groups = new Map<string, { level: "domain" | "subdomain"; pcts: number[]; items: number }>();
  const add = (key: string, level: "domain" | "subdomain", pct: number | null) => {
    const g = groups.get(key) ?? groups.set(key, { level, pcts: [], items: 0 }).get(key)!;
    g.items++;
    if (pct !== null) g.pcts.push(pct);
  };
  for (const item of items) {
    const pct = item.figures?.overall.agreePct ?? null;
    add(domainKeyOf(item.key), "domain", pct);
    const sub = subdomainKeyOf(item.key);
    if (sub) add(sub, "subdomain", pct);
  }
  const order = (key: string) => titles.get(key)?.position ?? Number.MAX_SAFE_INTEGER;
  return [...groups.entries()]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([key, g]) => ({
      key,
      title: titles.get(key)?.title ?? key,
      level: g.level,
      items: g.items,
      meanAgreePct: g.pcts.length ? g.pcts.reduce((s, p) => s + p, 0) / g.pcts.length : null,
    }));
}

/** Domain and subdomain titles of a model version, with their model order for sorting. */
async function modelOutline(db: Db, modelVersionId: string) {
  const domains = await db.domain.findMany({
    where: { versionId: modelVersionId },
    orderBy: { position: "asc" },
    include: { subdomains: { orderBy: { position: "asc" } } },
  });
  const out = new Map<string, { title: string; position: number }>();
  let position = 0;
  for (const d of domains) {
    out.set(d.key, { title: d.title, position: position++ });
    for (const s of d.subdomains) out.set(s.key, { title: s.title, position: position++ });
  }
  return out;
}

/** The outline the round was rated on: the base version's, or the restructured model's after a restructuring. */
async function reviewOutline(db: Db, consultationId: string, modelVersionId: string, number: number) {
  const restructured = await restructuredRound(db, consultationId, number);
  if (!restructured) return modelOutline(db, modelVersionId);
  return new Map(Object.entries(restructured.titles).map(([key, title], position) => [key, { title, position }]));
}

/** The agreement % of the rule's first "validated" clause on agreement, to mark on the charts. */
function agreementThreshold(rule: ConsensusRule): number | null {
  for (const clause of rule.clauses) {
    if (clause.status !== "validated") continue;
    const c = clause.when.find((w) => w.figure === "agreePct" && (w.op === ">=" || w.op === ">"));
    if (c && typeof c.value === "number") return c.value;
  }
  return null;
}

/** A closed round as the moderator reviews it (observers get the same, read-only). */
export async function reviewView(
  db: Db,
  user: SessionUser,
  roundId: string,
  /** The reviewer's interface language: item wording in it when the consultation offers it. */
  interfaceLanguage: string | null = null,
) {
  const round = await db.round.findUnique({
    where: { id: roundId },
    include: { consultation: { include: { modelVersion: { include: { model: true } } } } },
  });
  if (!round) throw new AppError("not_found", `No round ${roundId}`);
  const m = await requireRole(db, round.consultationId, user, ["moderator", "observer"]);
  if (round.status === "draft" || round.status === "open")
    throw new AppError("conflict", `Round ${round.number} is ${round.status}: it can be reviewed once it is closed`);
  const c = round.consultation;

  const items = await db.roundItem.findMany({
    where: { roundId },
    orderBy: { position: "asc" },
    include: {
      result: true,
      ratings: { where: { member: COUNTED_MEMBER }, select: { comment: true, suggestion: true, language: true } },
    },
  });
  const offered = consultationLanguages(c.languages, c.modelVersion.language);
  const language = itemLanguage(interfaceLanguage, offered);
  const parseWording = (kind: string, wording: string) =>
    kind === "levels" ? (JSON.parse(wording) as string[]) : wording;
  // Every earlier item of this study, to follow an item back through the rounds it was carried from.
  const earlier = await db.roundItem.findMany({
    where: { round: { consultationId: c.id, number: { lt: round.number } } },
    select: { id: true, previousId: true, wording: true, round: { select: { number: true } }, result: true },
  });
  const earlierById = new Map(earlier.map((e) => [e.id, e]));
  const [rounds, outline, lastVersion, decider] = await Promise.all([
    db.round.findMany({ where: { consultationId: c.id }, orderBy: { number: "asc" } }),
    reviewOutline(db, c.id, c.modelVersionId, round.number),
    db.modelVersion.findFirst({ where: { modelId: c.modelVersion.modelId }, orderBy: { number: "desc" } }),
    db.user.findMany({
      where: { id: { in: [...new Set(items.map((i) => i.result?.decidedById).filter((id): id is string => !!id))] } },
      select: { id: true, name: true },
    }),
  ]);
  const deciderName = new Map(decider.map((u) => [u.id, u.name]));
  const published = await db.modelVersion.findFirst({
    where: { fromConsultationId: c.id },
    orderBy: { number: "desc" },
    select: { number: true },
  });

  const viewItems = items.map((item) => {
    const figures = item.result ? shownFigures(JSON.parse(item.result.figures) as StoredFigures, c.minGroupSize) : null;
    const history: RoundFiguresSummary[] = [];
    for (let id = item.previousId; id;) {
      const prev = earlierById.get(id);
      if (!prev) break;
      if (prev.result) history.unshift(summary(prev.round.number, JSON.parse(prev.result.figures) as StoredFigures));
      id = prev.previousId;
    }
    if (figures && history.length) history.push(summary(round.number, figures));
    const previous = item.previousId ? earlierById.get(item.previousId) : undefined;
    // Sorted rather than in answer order: the same position on two items must not point to one person.
    const commented = languagesShown(
      item.ratings.map((r) => ({ text: r.comment, language: r.language })),
      c.minGroupSize,
    );
    const translated =
      language === offered[0]
        ? undefined
        : (JSON.parse(item.translations) as Record<string, string | string[]>)[language];
    const texts = (pick: (r: { comment: string; suggestion: string }) => string) =>
      item.ratings
        .map((r) => pick(r).trim())
        .filter(Boolean)
        .sort((a, b) => a.localeCompare(b));
    return {
      id: item.id,
      key: item.key,
      kind: item.kind,
      position: item.position,
      domainKey: domainKeyOf(item.key),
      subdomainKey: subdomainKeyOf(item.key),
      /** In the reviewer's language where the item is translated into it (see `language`), else the source. */
      wording: translated ?? parseWording(item.kind, item.wording),
      language: translated === undefined ? offered[0]! : language,
      sourceWording: parseWording(item.kind, item.wording),
      /** The wording in each language offered, for a comment shown next to the item's text in its language. */
      translations: JSON.parse(item.translations) as Record<string, string | string[]>,
      previousWording: previous
        ? item.kind === "levels"
          ? (JSON.parse(previous.wording) as string[])
          : previous.wording
        : null,
      figures,
      status: (item.result?.status ?? null) as ConsensusStatus | null,
      reason: item.result?.reason ?? null,
      decision: (item.result?.decision ?? null) as ConsensusStatus | null,
      rationale: item.result?.rationale ?? null,
      newWording: parseNewWording(item.kind, item.result?.newWording ?? null),
      decidedAt: item.result?.decidedAt?.toISOString() ?? null,
      decidedBy: item.result?.decidedById ? (deciderName.get(item.result.decidedById) ?? null) : null,
      comments: commented.texts,
      /** Beside each comment, its language where that may be shown (docs/decisions/item-translations.md), else null. */
      commentLanguages: commented.languages,
      suggestions: texts((r) => r.suggestion),
      history,
    };
  });

  const last = rounds[rounds.length - 1]!;
  const isLastRound = last.id === round.id;
  const undecided = viewItems.filter((i) => i.decision === null).length;
  const publishBlocker = !isLastRound
    ? `Round ${last.number} is the last round: publish from its review`
    : round.status === "published"
      ? `Round ${round.number} is already published`
      : undecided > 0
        ? `${undecided} item${undecided === 1 ? "" : "s"} still undecided`
        : null;
  const rule = JSON.parse(c.consensusRule) as ConsensusRule;

  return {
    consultation: {
      id: c.id,
      title: c.title,
      scalePoints: c.scalePoints,
      rule: {
        name: rule.name ?? rule.id ?? "custom rule",
        clauses: rule.clauses.map((cl) => `${cl.status}: ${cl.label ?? "see the rule's conditions"}`),
        agreementThreshold: agreementThreshold(rule),
      },
      model: { slug: c.modelVersion.model.slug, name: c.modelVersion.model.name, version: c.modelVersion.number },
      languages: offered,
    },
    /** The language the reviewer reads the items in. */
    language,
    round: {
      id: round.id,
      number: round.number,
      status: round.status,
      closedAt: round.closedAt?.toISOString() ?? null,
      publishedAt: round.publishedAt?.toISOString() ?? null,
    },
    rounds: rounds.map((r) => ({ number: r.number, status: r.status })),
    role: m.role,
    canDecide: m.role === "moderator" && round.status === "closed",
    publish: {
      isLastRound,
      undecided,
      nextVersion: (lastVersion?.number ?? 0) + 1,
      publishedVersion: published?.number ?? null,
      blocker: publishBlocker,
    },
    items: viewItems,
    overview: overview(viewItems, outline),
  };
}
export type ReviewView = Awaited<ReturnType<typeof reviewView>>;
export type ReviewItem = ReviewView["items"][number];

/** The review of round `number` of a consultation (the page addresses rounds by number). */
export async function reviewViewByNumber(
  db: Db,
  user: SessionUser,
  consultationId: string,
  number: number,
  interfaceLanguage: string | null = null,
) {
  await requireRole(db, consultationId, user, ["moderator", "observer"]);
  const round = Number.isInteger(number)
    ? await db.round.findUnique({ where: { consultationId_number: { consultationId, number } }, select: { id: true } })
    : null;
  if (!round) throw new AppError("not_found", `This consultation has no round ${number}`);
  return reviewView(db, user, round.id, interfaceLanguage);
}
