// Panel proposals: while a round is open a panellist proposes, under a domain or subdomain, a missing indicator
// or a restructuring, with a reason; after it closes the moderators triage each (accept into the next round,
// merge with an existing item, reject with a reason) and the panel reads the outcome in the next round.
// Like an answer, a proposal enters the audit trail as a salted commitment while its round is open; the
// moderators read it only after close, and never with its author (docs/decisions/panel-proposals.md).
import { z } from "zod";
import type { Db } from "../../server/db/client.js";
import { RATING_LOG_LOCK_CLASS } from "../../server/db/hot-path.js";
import { proposalCommitment } from "../../shared/audit/commitment.js";
import { wellFormedText } from "../../shared/delphi/schemas.js";
import { AppError, fromZodError } from "../../shared/errors/app-error.js";
import { locate, type RestructuringOp } from "../../shared/model/restructure.js";
import { auditActor, requireRole, type Membership } from "./access.server.js";
import { appendAuditEvent, databaseProvider, sha256Hex, type AuditDb } from "./audit.server.js";
import { newSalt } from "./rating-log.server.js";
import { keysById, recordRestructuringIn, restructurableRound, studyStructure } from "./structure.server.js";
import type { SessionUser } from "./user.server.js";

const text = (max: number, required: string) =>
  wellFormedText()
    .trim()
    .min(1, { error: required })
    .max(max, { error: `at most ${max} characters` });
const key = text(100, "must not be empty");
const reason = text(5000, "required: say why");
const levels = z.array(text(2000, "must not be empty")).length(5, { error: "expected 5 level texts" });

/** A proposal, strict: a field its kind does not use is a 400 naming it. */
export const proposalSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("indicator"),
      target: key,
      statement: text(5000, "required: the indicator's statement"),
      levels: levels.optional(),
      reason,
    }),
    z.strictObject({
      kind: z.literal("restructuring"),
      target: key,
      change: text(5000, "required: what to merge, move or split"),
      reason,
    }),
  ],
  { error: "expected kind: indicator or restructuring" },
);
export type ProposalInput = z.input<typeof proposalSchema>;

/** A moderator's triage of one proposal, strict like every body. */
export const triageSchema = z.discriminatedUnion(
  "outcome",
  [
    z.strictObject({
      outcome: z.literal("accepted"),
      rationale: reason,
      /** For a proposed indicator: the subdomain (current key) it goes into, if not the proposal's own. */
      parent: key.optional(),
      wording: text(5000, "must not be empty").optional(),
      levels: levels.optional(),
      position: z.int().min(0).max(10_000).optional(),
    }),
    z.strictObject({ outcome: z.literal("merged"), with: key, rationale: reason }),
    z.strictObject({ outcome: z.literal("rejected"), reason }),
  ],
  { error: "expected outcome: accepted, merged or rejected" },
);
export type TriageInput = z.input<typeof triageSchema>;

const label = (n: number) => `P-${n}`;

interface ProposalRow {
  id: string;
  number: number;
  kind: string;
  target: string;
  statement: string;
  levels: string | null;
  change: string;
  reason: string;
  salt: string;
  withdrawnAt: Date | null;
  createdAt: Date;
  outcome: string | null;
  triageRationale: string | null;
  mergedWith: string | null;
  round: { number: number; status: string };
}

const ROW = {
  id: true,
  number: true,
  kind: true,
  target: true,
  statement: true,
  levels: true,
  change: true,
  reason: true,
  salt: true,
  withdrawnAt: true,
  createdAt: true,
  outcome: true,
  triageRationale: true,
  mergedWith: true,
  round: { select: { number: true, status: true } },
} as const;

/** What anyone allowed to read a proposal reads: never its author. */
function shown(p: ProposalRow, acceptedAs: string | null) {
  return {
    number: p.number,
    label: label(p.number),
    round: p.round.number,
    kind: p.kind as "indicator" | "restructuring",
    target: p.target,
    statement: p.statement,
    levels: p.levels ? (JSON.parse(p.levels) as string[]) : null,
    change: p.change,
    reason: p.reason,
    outcome: p.outcome as "accepted" | "merged" | "rejected" | null,
    rationale: p.triageRationale,
    mergedWith: p.mergedWith,
    /** An accepted indicator's key in the model as restructured so far. */
    acceptedAs,
  };
}
export type ProposalView = ReturnType<typeof shown>;

/** Words for the panel: "accepted as II.3.4", "merged with I.2.1", "not taken: <reason>". */
export function outcomeText(p: Pick<ProposalView, "outcome" | "acceptedAs" | "mergedWith" | "rationale">): string {
  switch (p.outcome) {
    case "accepted":
      return p.acceptedAs ? `accepted as ${p.acceptedAs}` : `accepted: ${p.rationale ?? ""}`;
    case "merged":
      return `merged with ${p.mergedWith}: ${p.rationale ?? ""}`;
    case "rejected":
      return `not taken: ${p.rationale ?? ""}`;
    default:
      return "not triaged yet";
  }
}

/**
 * The open round's row, locked so closing waits for this write (FOR SHARE + the rating log's shared lock on
 * PostgreSQL, as a rating does; SQLite runs one write transaction at a time). Refuses (409) if not open.
 */
async function lockOpenRound(tx: AuditDb, consultationId: string) {
  const round = await tx.round.findFirst({ where: { consultationId, status: "open" }, orderBy: { number: "desc" } });
  if (!round) throw new AppError("conflict", "No round is open: proposals are made while a round is open");
  if (databaseProvider(tx) === "postgresql") {
    const rows = await tx.$queryRawUnsafe<{ status: string }[]>(
      `SELECT "status", pg_advisory_xact_lock_shared(${RATING_LOG_LOCK_CLASS}, hashtext("consultationId"))::text AS "lock"
       FROM "Round" WHERE "id" = $1 FOR SHARE`,
      round.id,
    );
    if (rows[0]?.status !== "open") throw new AppError("conflict", `Round ${round.number} is no longer open`);
  }
  if (round.deadline && round.deadline <= new Date())
    throw new AppError("conflict", `Round ${round.number} closed at its deadline: it no longer accepts proposals`);
  return round;
}

/** Appends the proposal's commitment to the rating log (sealed into the chain with the answers). */
async function commit(
  tx: AuditDb,
  round: { id: string; number: number; consultationId: string },
  m: Membership,
  p: Omit<ProposalRow, "id" | "round" | "createdAt" | "outcome" | "triageRationale" | "mergedWith">,
) {
  const commitment = proposalCommitment(
    {
      salt: p.salt,
      round: round.number,
      proposal: p.number,
      respondent: m.pseudonym!,
      kind: p.kind,
      target: p.target,
      statement: p.statement,
      levels: p.levels ? (JSON.parse(p.levels) as string[]) : null,
      change: p.change,
      reason: p.reason,
      withdrawn: p.withdrawnAt !== null,
    },
    sha256Hex,
  );
  await tx.ratingLog.create({ data: { consultationId: round.consultationId, roundId: round.id, commitment } });
  return commitment;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === "P2002";

/** A panellist proposes, while a round is open, under a domain or subdomain of that round. */
export async function createProposal(db: Db, actor: SessionUser, consultationId: string, input: ProposalInput) {
  const m = await requireRole(db, consultationId, actor, ["panellist"]);
  const parsed = proposalSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "proposal");
  const body = parsed.data;
  // Two proposals numbered at once on PostgreSQL: the unique number makes one retry.
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const round = await lockOpenRound(tx, consultationId);
        // A domain or subdomain of the round: rated itself, or holding items that are (keys nest: I.2 → I.2.1).
        const keys = await tx.roundItem.findMany({ where: { roundId: round.id }, select: { key: true } });
        const section = body.target.split(".").length <= 2 && !body.target.includes("/");
        if (!section || !keys.some((i) => i.key === body.target || i.key.startsWith(`${body.target}.`)))
          throw new AppError(
            "validation",
            `Invalid proposal: target: round ${round.number} has no domain or subdomain "${body.target}"`,
            [{ path: "target", message: `no domain or subdomain "${body.target}" in round ${round.number}` }],
          );
        const last = await tx.proposal.findFirst({ where: { consultationId }, orderBy: { number: "desc" } });
        const fields = {
          number: (last?.number ?? 0) + 1,
          kind: body.kind,
          target: body.target,
          statement: body.kind === "indicator" ? body.statement : "",
          levels: body.kind === "indicator" && body.levels ? JSON.stringify(body.levels) : null,
          change: body.kind === "restructuring" ? body.change : "",
          reason: body.reason,
          salt: newSalt(),
          withdrawnAt: null,
        };
        const commitment = await commit(tx, round, m, fields);
        const row = await tx.proposal.create({
          data: { ...fields, consultationId, roundId: round.id, memberId: m.memberId!, commitment },
          select: ROW,
        });
        return shown(row, null);
      });
    } catch (error) {
      if (attempt < 4 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/** The caller's own proposal by number, or 404 (another's proposal is as absent as a missing one). */
async function ownProposal(db: AuditDb, m: Membership, number: number) {
  const p = await db.proposal.findFirst({
    where: { consultationId: m.consultationId, number, memberId: m.memberId! },
    select: { ...ROW, roundId: true },
  });
  if (!p) throw new AppError("not_found", `You have no proposal ${label(number)}`);
  return p;
}

/** A panellist withdraws their own proposal while its round is open (kept, marked, committed to again). */
export async function withdrawProposal(db: Db, actor: SessionUser, consultationId: string, number: number) {
  const m = await requireRole(db, consultationId, actor, ["panellist"]);
  return db.$transaction(async (tx) => {
    const p = await ownProposal(tx, m, number);
    const round = await lockOpenRound(tx, consultationId);
    if (round.id !== p.roundId)
      throw new AppError("conflict", `${label(number)} belongs to round ${p.round.number}, which is closed`);
    if (p.withdrawnAt) throw new AppError("conflict", `${label(number)} is already withdrawn`);
    const fields = { ...p, salt: newSalt(), withdrawnAt: new Date() };
    const commitment = await commit(tx, round, m, fields);
    await tx.proposal.update({
      where: { id: p.id },
      data: { salt: fields.salt, withdrawnAt: fields.withdrawnAt, commitment },
    });
    return { withdrawn: label(number) };
  });
}

/**
 * Proposals as the caller may read them. A panellist: their own, every round, with the outcome (withdrawn ones
 * while their round is open). Moderators and observers: those of closed rounds, not withdrawn, without author.
 */
export async function listProposals(db: Db, actor: SessionUser, consultationId: string) {
  const m = await requireRole(db, consultationId, actor, ["panellist", "moderator", "observer"]);
  const own = m.role === "panellist";
  const rows = await db.proposal.findMany({
    where: own
      ? { consultationId, memberId: m.memberId! }
      : { consultationId, withdrawnAt: null, round: { status: { in: ["closed", "published"] } } },
    orderBy: { number: "asc" },
    select: ROW,
  });
  const accepted = await acceptedKeys(db, consultationId, rows);
  const last = await db.round.findFirst({ where: { consultationId }, orderBy: { number: "desc" } });
  const canTriage = !own && m.role === "moderator" && last?.status === "closed";
  // For triage: where each untriaged proposal's target is now, after the restructurings recorded so far.
  const study = canTriage && rows.some((p) => !p.outcome) ? await studyStructure(db, consultationId) : null;
  const keysNow = study ? keysById(study.structure) : null;
  const targetNow = (p: ProposalRow) => {
    const id = study?.roundKeys.get(p.round.number)?.get(p.target);
    return (id && keysNow?.get(id)) || null;
  };
  return {
    consultationId,
    /** Moderators triage the proposals of the last round while it is closed. */
    canTriage,
    proposals: rows
      .filter((p) => !p.withdrawnAt || (own && p.round.status === "open"))
      .map((p) => ({
        ...shown(p, accepted.get(p.number) ?? null),
        withdrawn: p.withdrawnAt !== null,
        /** While it can be triaged: its target's key in the model as restructured so far (null if gone). */
        targetNow: !p.outcome ? targetNow(p) : null,
      })),
  };
}

/** The current keys of the indicators added from proposals, by proposal number. */
async function acceptedKeys(db: AuditDb, consultationId: string, rows: { outcome: string | null }[]) {
  if (!rows.some((r) => r.outcome === "accepted")) return new Map<number, string>();
  const s = await studyStructure(db, consultationId);
  const keys = keysById(s.structure);
  return new Map(
    s.steps.flatMap((st) =>
      st.proposal !== undefined && keys.has(st.to[0]!.id) ? [[st.proposal, keys.get(st.to[0]!.id)!] as const] : [],
    ),
  );
}

/**
 * A moderator triages a proposal of the last round while that round is closed: "accepted" (a proposed indicator
 * is added through the restructuring "add", with the proposal as its origin), "merged" with an existing item,
 * or "rejected" with a reason. One audit event, revealing the proposal without its author.
 */
export async function triageProposal(
  db: Db,
  actor: SessionUser,
  consultationId: string,
  number: number,
  input: TriageInput,
) {
  const moderator = await requireRole(db, consultationId, actor, ["moderator"]);
  const parsed = triageSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "triage");
  const t = parsed.data;
  const invalid = (path: string, message: string) =>
    new AppError("validation", `Invalid triage: ${path}: ${message}`, [{ path, message }]);
  return db.$transaction(async (tx) => {
    const round = await restructurableRound(tx, consultationId);
    const p = await tx.proposal.findFirst({
      where: { consultationId, number, withdrawnAt: null, round: { status: { in: ["closed", "published"] } } },
      select: { ...ROW, roundId: true, commitment: true },
    });
    if (!p) throw new AppError("not_found", `No proposal ${label(number)} to triage`);
    if (p.round.number !== round.number)
      throw new AppError("conflict", `${label(number)} was made in round ${p.round.number}: its triage is closed`);
    if (p.outcome) throw new AppError("conflict", `${label(number)} is already triaged (${p.outcome})`);
    const study = await studyStructure(tx, consultationId);
    const keys = keysById(study.structure);
    // The proposal's target as the structure now numbers it (a restructuring may have renumbered or merged it).
    const targetId = study.roundKeys.get(p.round.number)?.get(p.target);
    const targetNow = targetId ? keys.get(targetId) : undefined;
    let acceptedAs: string | null = null;
    let mergedWith: string | null = null;
    let rationale: string;
    if (t.outcome === "accepted") {
      rationale = t.rationale;
      if (p.kind !== "indicator") {
        // A restructuring proposal is applied by the moderators' own restructurings; the triage records the answer.
        for (const field of ["parent", "wording", "levels", "position"] as const)
          if (t[field] !== undefined) throw invalid(field, "only an accepted indicator proposal takes it");
      } else {
        const parent =
          t.parent ?? (targetNow && locate(study.structure, targetNow)?.kind === "subdomain" ? targetNow : undefined);
        if (!parent)
          throw invalid(
            "parent",
            `${label(number)} is under ${p.target}, ${targetNow ? "a domain" : "no longer in the model"}: name the subdomain it goes into`,
          );
        const lv = t.levels ?? (p.levels ? (JSON.parse(p.levels) as string[]) : undefined);
        if (!lv) throw invalid("levels", `${label(number)} proposes no level descriptors: give the 5 level texts`);
        const op: RestructuringOp = {
          operation: "add",
          kind: "indicator",
          parent,
          wording: t.wording ?? p.statement,
          levels: lv,
          ...(t.position !== undefined ? { position: t.position } : {}),
        };
        const added = await recordRestructuringIn(tx, moderator, consultationId, op, t.rationale, {
          id: p.id,
          number: p.number,
        });
        acceptedAs = added.step.to[0]!.key;
      }
    } else if (t.outcome === "merged") {
      rationale = t.rationale;
      if (!locate(study.structure, t.with)) throw invalid("with", `no item "${t.with}" in the current structure`);
      mergedWith = t.with;
    } else rationale = t.reason;
    await tx.proposal.update({
      where: { id: p.id },
      data: { outcome: t.outcome, triageRationale: rationale, mergedWith, triagedAt: new Date() },
    });
    await appendAuditEvent(tx, {
      consultationId,
      actor: auditActor(moderator),
      type: "proposal.triaged",
      payload: {
        round: p.round.number,
        proposal: label(p.number),
        // Revealed now, without its salt: with it, trying each pseudonym against the commitment would name the
        // author. verifyConsultationAudit checks it against the sealed commitment from the stored salt.
        kind: p.kind,
        target: p.target,
        statement: p.statement,
        levels: p.levels ? (JSON.parse(p.levels) as string[]) : null,
        change: p.change,
        reason: p.reason,
        commitment: p.commitment,
        outcome: t.outcome,
        rationale,
        ...(mergedWith ? { mergedWith } : {}),
        ...(acceptedAs ? { acceptedAs } : {}),
      },
    });
    return { ...shown({ ...p, outcome: t.outcome, triageRationale: rationale, mergedWith }, acceptedAs) };
  });
}

/** The caller's own proposals for the voting page (one query): this round's, and the outcomes of earlier ones. */
export async function ownProposals(
  db: Db,
  memberId: string,
  roundNumber: number,
  proposalKeys: Record<number, string>,
) {
  const rows = await db.proposal.findMany({ where: { memberId }, orderBy: { number: "asc" }, select: ROW });
  return {
    current: rows.filter((p) => p.round.number === roundNumber && !p.withdrawnAt).map((p) => shown(p, null)),
    earlier: rows
      .filter((p) => p.round.number < roundNumber && !p.withdrawnAt)
      .map((p) => {
        const v = shown(p, proposalKeys[p.number] ?? null);
        return { ...v, outcomeText: outcomeText(v) };
      }),
  };
}

/**
 * For the study report: how many proposals the panel made (withdrawn ones not counted) and what became of them,
 * in one sentence, with the items added from them. Counts and outcomes only, never who.
 */
export async function proposalSummary(db: Db, consultationId: string) {
  const rows = await db.proposal.findMany({
    where: { consultationId, withdrawnAt: null, round: { status: { in: ["closed", "published"] } } },
    orderBy: { number: "asc" },
    select: ROW,
  });
  const accepted = await acceptedKeys(db, consultationId, rows);
  const count = (o: string | null) => rows.filter((r) => r.outcome === o).length;
  const added = rows.flatMap((r) =>
    accepted.has(r.number) ? [{ proposal: label(r.number), key: accepted.get(r.number)! }] : [],
  );
  const sentence = rows.length
    ? `The panel made ${rows.length} proposal${rows.length === 1 ? "" : "s"} (missing indicators or restructurings): ` +
      `${count("accepted")} accepted${added.length ? ` (${added.map((a) => `${a.key} added from ${a.proposal}`).join(", ")})` : ""}, ` +
      `${count("merged")} merged with an existing item, ${count("rejected")} not taken with a reason` +
      `${count(null) ? `, ${count(null)} not triaged` : ""}.`
    : "The panel made no proposals.";
  return { made: rows.length, added, sentence };
}
