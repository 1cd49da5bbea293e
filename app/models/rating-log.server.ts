// The rating log: every rating write appends a salted commitment (no item, no person, no value) to an
// append-only table (server/db/hot-path.ts), without waiting for the audit chain; a sealer folds the new rows into the chain in
// batches (`ratings.sealed`, as Certificate Transparency logs publish tree heads), and closing a round seals
// the rest and records the digest of the final answers. See docs/audit.md "Ratings: commit, seal, reveal".
import { randomBytes } from "node:crypto";
import type { Db } from "../../server/db/client.js";
import {
  answerCommitment,
  answersDigest,
  proposalCommitment,
  sealRoot,
  type CommittedAnswer,
} from "../../shared/audit/commitment.js";
import type { ChainBreak, ChainTip, ChainVerdict } from "../../shared/audit/chain.js";
import { appendAuditEvent, databaseProvider, sha256Hex, verifyAuditChain, type AuditDb } from "./audit.server.js";
// Rating writers (server/db/hot-path.ts) share this pg advisory lock, the sealer takes it alone, so every
// log id below the sealer's view has committed (PostgreSQL hands out SERIAL ids before commit, not in order).
import { RATING_LOG_LOCK_CLASS } from "../../server/db/hot-path.js";

const SEAL_BATCH = 50_000;
const PAGE = 5_000;

export const SEALED = "ratings.sealed";

export function newSalt(): string {
  return randomBytes(32).toString("hex");
}

export const commitmentOf = (answer: CommittedAnswer) => answerCommitment(answer, sha256Hex);

interface SealPayload {
  fromId: number;
  toId: number;
  count: number;
  root: string;
}

async function lastSeal(tx: AuditDb, consultationId: string): Promise<SealPayload | null> {
  const last = await tx.auditEvent.findFirst({
    where: { consultationId, type: SEALED },
    orderBy: { seq: "desc" },
    select: { payload: true },
  });
  return last ? (JSON.parse(last.payload) as SealPayload) : null;
}

async function sealIn(tx: AuditDb, consultationId: string): Promise<number> {
  if (databaseProvider(tx) === "postgresql")
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${RATING_LOG_LOCK_CLASS}, hashtext($1))`, consultationId);
  let sealed = 0;
  for (;;) {
    const after = (await lastSeal(tx, consultationId))?.toId ?? 0;
    const rows = await tx.ratingLog.findMany({
      where: { consultationId, id: { gt: after } },
      orderBy: { id: "asc" },
      select: { id: true, commitment: true },
      take: SEAL_BATCH,
    });
    if (!rows.length) return sealed;
    await appendAuditEvent(tx, {
      consultationId,
      actor: "system",
      type: SEALED,
      payload: {
        fromId: rows[0]!.id,
        toId: rows.at(-1)!.id,
        count: rows.length,
        root: sealRoot(rows, sha256Hex),
      } satisfies SealPayload,
    });
    sealed += rows.length;
    if (rows.length < SEAL_BATCH) return sealed;
  }
}

/** Seals the consultation's unsealed log rows into its audit chain; returns how many rows. */
export async function sealRatingLog(db: AuditDb, consultationId: string): Promise<number> {
  if (!("$transaction" in db)) return sealIn(db, consultationId);
  return (db as Db).$transaction((tx) => sealIn(tx, consultationId), { maxWait: 10_000, timeout: 30_000 });
}

/** Seals every consultation with an open round, every `everyMs`, until stopped. */
export function startRatingSealer(db: Db, everyMs = 1_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(async () => {
        const open = await db.round.findMany({ where: { status: "open" }, select: { consultationId: true } });
        for (const id of new Set(open.map((r) => r.consultationId))) await sealRatingLog(db, id);
      })
      .catch((error) => console.error("sealing the rating log failed:", error));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/**
 * Checks the rating log against the chain: every `ratings.sealed` root against the log rows it covers, and for
 * every round closed under this scheme, each final answer against its commitment, the commitments against the
 * sealed log and their digest against `round.closed`. Returns the first problem, or null.
 */
export async function verifyRatingLog(db: AuditDb, consultationId: string): Promise<ChainBreak | null> {
  const events = await db.auditEvent.findMany({
    where: { consultationId, type: { in: [SEALED, "round.closed"] } },
    orderBy: { seq: "asc" },
    select: { id: true, seq: true, type: true, payload: true },
  });
  const sealedCommitments = new Set<string>();
  let toId = 0;
  for (const e of events.filter((e) => e.type === SEALED)) {
    const seal = JSON.parse(e.payload) as SealPayload;
    const rows = [];
    for (let after = toId; ;) {
      const page = await db.ratingLog.findMany({
        where: { consultationId, id: { gt: after, lte: seal.toId } },
        orderBy: { id: "asc" },
        select: { id: true, commitment: true },
        take: PAGE,
      });
      rows.push(...page);
      if (page.length < PAGE) break;
      after = page.at(-1)!.id;
    }
    const broken = (reason: string): ChainBreak => ({ seq: e.seq, id: e.id, reason });
    if (rows.length !== seal.count || rows[0]?.id !== seal.fromId)
      return broken(`the rating log rows up to id ${seal.toId} are not the ${seal.count} rows this seal covers`);
    if (sealRoot(rows, sha256Hex) !== seal.root)
      return broken(`the rating log rows ${seal.fromId}–${seal.toId} do not match the sealed root`);
    for (const r of rows) sealedCommitments.add(r.commitment);
    toId = seal.toId;
  }
  for (const e of events.filter((e) => e.type === "round.closed")) {
    const closed = JSON.parse(e.payload) as { round: number; answersDigest?: string; proposalsDigest?: string };
    if (!closed.answersDigest) continue; // closed before answers were committed to
    const broken = (reason: string): ChainBreak => ({ seq: e.seq, id: e.id, reason });
    const ratings = await db.rating.findMany({
      where: { item: { round: { consultationId, number: closed.round } } },
      select: {
        value: true,
        comment: true,
        suggestion: true,
        salt: true,
        commitment: true,
        item: { select: { key: true } },
        member: { select: { pseudonym: true } },
      },
    });
    for (const r of ratings) {
      if (!r.salt && !r.commitment) continue; // given before answers were committed to (still in the digest)
      const where = `${r.member.pseudonym}'s answer on ${r.item.key} in round ${closed.round}`;
      const commitment = commitmentOf({
        salt: r.salt,
        round: closed.round,
        item: r.item.key,
        respondent: r.member.pseudonym,
        value: r.value,
        comment: r.comment,
        suggestion: r.suggestion,
      });
      if (commitment !== r.commitment) return broken(`${where} does not match its commitment`);
      if (!sealedCommitments.has(r.commitment)) return broken(`${where} is not in the sealed rating log`);
    }
    if (
      answersDigest(
        ratings.map((r) => r.commitment),
        sha256Hex,
      ) !== closed.answersDigest
    )
      return broken(`the answers of round ${closed.round} are not the ones its results were computed from`);
    const brokenProposal = await verifyProposals(db, consultationId, closed, sealedCommitments);
    if (brokenProposal) return broken(brokenProposal);
    const brokenRevision = await verifyRevisions(db, consultationId, closed, sealedCommitments);
    if (brokenRevision) return broken(brokenRevision);
  }
  return null;
}

/**
 * A closed real-time window's answer history: each revision against its commitment and the sealed log, the last
 * revision of each answer equal to the final answer, and their digest against `round.closed`.
 */
async function verifyRevisions(
  db: AuditDb,
  consultationId: string,
  closed: { round: number; revisionsDigest?: string },
  sealed: Set<string>,
): Promise<string | null> {
  if (!closed.revisionsDigest) return null;
  const revisions = await db.ratingRevision.findMany({
    where: { item: { round: { consultationId, number: closed.round } } },
    orderBy: [{ roundItemId: "asc" }, { memberId: "asc" }, { revision: "asc" }],
    select: {
      roundItemId: true,
      memberId: true,
      revision: true,
      value: true,
      comment: true,
      suggestion: true,
      salt: true,
      commitment: true,
      item: { select: { key: true } },
      member: { select: { pseudonym: true } },
    },
  });
  const last = new Map<string, string>();
  for (const r of revisions) {
    const where = `revision ${r.revision} of ${r.member.pseudonym}'s answer on ${r.item.key} in round ${closed.round}`;
    const commitment = commitmentOf({
      salt: r.salt,
      round: closed.round,
      item: r.item.key,
      respondent: r.member.pseudonym,
      value: r.value,
      comment: r.comment,
      suggestion: r.suggestion,
    });
    if (commitment !== r.commitment) return `${where} does not match its commitment`;
    if (!sealed.has(commitment)) return `${where} is not in the sealed rating log`;
    last.set(`${r.roundItemId} ${r.memberId}`, r.commitment);
  }
  const finals = await db.rating.findMany({
    where: { item: { round: { consultationId, number: closed.round } } },
    select: { roundItemId: true, memberId: true, commitment: true },
  });
  for (const f of finals)
    if (last.get(`${f.roundItemId} ${f.memberId}`) !== f.commitment)
      return `an answer of round ${closed.round} is not the last of its revisions`;
  if (
    answersDigest(
      revisions.map((r) => r.commitment),
      sha256Hex,
    ) !== closed.revisionsDigest
  )
    return `the answer history of round ${closed.round} is not the one fixed when it closed`;
  return null;
}

/**
 * The whole audit of a consultation: the hash chain (and a notarised head), then the rating log sealed into
 * it. What `audit:verify`, the verify button and the exports report.
 */
export async function verifyConsultationAudit(
  db: AuditDb,
  consultationId: string,
  options: { notarisedHead?: ChainTip } = {},
): Promise<ChainVerdict> {
  const verdict = await verifyAuditChain(db, consultationId, options);
  if (!verdict.ok) return verdict;
  const brokenAt = await verifyRatingLog(db, consultationId);
  return brokenAt ? { ok: false, events: brokenAt.seq - 1, brokenAt } : verdict;
}

/**
 * A closed round's panel proposals against what was committed while it was open: each (as it stands, withdrawn
 * or not) against its commitment, each commitment in the sealed log, and their digest against `round.closed`.
 */
async function verifyProposals(
  db: AuditDb,
  consultationId: string,
  closed: { round: number; proposalsDigest?: string },
  sealed: Set<string>,
): Promise<string | null> {
  const proposals = await db.proposal.findMany({
    where: { consultationId, round: { number: closed.round } },
    select: {
      number: true,
      kind: true,
      target: true,
      statement: true,
      levels: true,
      change: true,
      reason: true,
      salt: true,
      commitment: true,
      withdrawnAt: true,
      member: { select: { pseudonym: true } },
    },
  });
  if (!closed.proposalsDigest) return proposals.length ? `round ${closed.round} closed without its proposals` : null;
  for (const p of proposals) {
    const commitment = proposalCommitment(
      {
        salt: p.salt,
        round: closed.round,
        proposal: p.number,
        respondent: p.member.pseudonym,
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
    if (commitment !== p.commitment)
      return `proposal P-${p.number} of round ${closed.round} does not match its commitment`;
    if (!sealed.has(commitment))
      return `proposal P-${p.number} of round ${closed.round} is not in the sealed rating log`;
  }
  if (
    answersDigest(
      proposals.map((p) => p.commitment),
      sha256Hex,
    ) !== closed.proposalsDigest
  )
    return `the proposals of round ${closed.round} are not the ones committed to when it closed`;
  return null;
}
