// The tamper-evident audit trail: each consultation's events form a SHA-256 hash chain
// (shared/audit/chain.ts) in a table the database keeps append-only. See docs/audit.md.
import { createHash } from "node:crypto";
import type { Prisma } from "../../generated/sqlite/client.js";
import type { Db } from "../../server/db/client.js";
import { AppError } from "../../shared/errors/app-error.js";
import { canonicalJson, CanonicalJsonError, type JsonValue } from "../../shared/audit/canonical-json.js";
import {
  AuditChainVerifier,
  auditEventHash,
  GENESIS_HASH,
  type ChainTip,
  type ChainVerdict,
  type StoredAuditEvent,
} from "../../shared/audit/chain.js";

/** The app's client, or the client of an interactive transaction (`db.$transaction(async (tx) => …)`). */
export type AuditDb = Db | Prisma.TransactionClient;

export type DatabaseProvider = "sqlite" | "postgresql";

export interface NewAuditEvent {
  consultationId: string;
  /** `user:<id>`, `pseudonym:<name>` (e.g. `pseudonym:Expert 7`) or `system`. */
  actor: string;
  /** What happened, e.g. `round.opened`. */
  type: string;
  /** A JSON object; refused if it holds anything JSON cannot represent exactly. */
  payload: Readonly<Record<string, unknown>>;
}

export interface AuditEventView {
  id: number;
  consultationId: string;
  seq: number;
  at: Date;
  actor: string;
  type: string;
  payload: JsonValue;
  prevHash: string;
  hash: string;
}

export interface AuditChainHead {
  consultationId: string;
  seq: number;
  hash: string;
  at: Date;
}

export const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

const ACTOR = /^(user:\S.*|pseudonym:\S.*|system)$/;
const VERIFY_PAGE = 1000;
const MAX_LIST = 1000;
const APPEND_ATTEMPTS = 5;
// First key of pg_advisory_xact_lock(int, int): keeps audit locks apart from any other advisory lock.
const AUDIT_LOCK_CLASS = 0x41554454; // "AUDT"

/**
 * Which database a client talks to. Prisma sets `_activeProvider` on every client and passes it
 * through to transaction clients; tests/integration/audit.test.ts pins this for both providers.
 */
export function databaseProvider(db: AuditDb): DatabaseProvider {
  const provider = (db as { _activeProvider?: unknown })._activeProvider;
  if (provider === "sqlite" || provider === "postgresql") return provider;
  throw new Error(`audit trail: unsupported or unknown database provider ${JSON.stringify(provider)}`);
}

/**
 * Appends the next event of a consultation's chain and returns it. Given a transaction client,
 * the event commits or rolls back with the caller's other writes; given the app's client, it
 * runs in its own transaction and retries when a concurrent writer took the same seq.
 * Appends never fork a chain: (consultationId, seq) is unique, and on PostgreSQL a transaction-
 * scoped advisory lock per consultation makes concurrent appends wait instead of colliding.
 */
export async function appendAuditEvent(db: AuditDb, input: NewAuditEvent): Promise<AuditEventView> {
  const event = validate(input);
  if (!("$transaction" in db)) return appendInTransaction(db, event);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction((tx) => appendInTransaction(tx, event), { maxWait: 10_000, timeout: 10_000 });
    } catch (error) {
      if (attempt >= APPEND_ATTEMPTS || !lostRace(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

interface ValidEvent {
  consultationId: string;
  actor: string;
  type: string;
  payload: JsonValue;
  payloadText: string;
}

function validate(input: NewAuditEvent): ValidEvent {
  const { consultationId, actor, type, payload } = input;
  const bad = (path: string, message: string) =>
    new AppError("validation", `Invalid audit event: ${path}: ${message}`, [{ path, message }]);
  if (typeof consultationId !== "string" || consultationId.length === 0)
    throw bad("consultationId", "must not be empty");
  if (typeof actor !== "string" || !ACTOR.test(actor))
    throw bad("actor", 'expected "user:<id>", "pseudonym:<name>" or "system"');
  if (typeof type !== "string" || type.trim() === "" || type.length > 200)
    throw bad("type", "expected 1–200 characters");
  if (payload === null || typeof payload !== "object" || Array.isArray(payload))
    throw bad("payload", "expected a JSON object");
  let payloadText: string;
  try {
    payloadText = canonicalJson(payload, "payload");
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    throw bad(error.path, error.message.slice(error.path.length + 2));
  }
  return { consultationId, actor, type, payload: JSON.parse(payloadText) as JsonValue, payloadText };
}

async function appendInTransaction(tx: AuditDb, event: ValidEvent): Promise<AuditEventView> {
  // Held until the transaction ends; after it, READ COMMITTED reads see the previous writer's event.
  if (databaseProvider(tx) === "postgresql")
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_CLASS}, hashtext($1))`, event.consultationId);
  const last = await tx.auditEvent.findFirst({
    where: { consultationId: event.consultationId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  const content = {
    consultationId: event.consultationId,
    seq: (last?.seq ?? 0) + 1,
    at: new Date(),
    actor: event.actor,
    type: event.type,
    payload: event.payload,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = auditEventHash(content, sha256Hex);
  const row = await tx.auditEvent.create({ data: { ...content, payload: event.payloadText, hash } });
  return { ...row, payload: event.payload };
}

/**
 * A concurrent writer won: unique (consultationId, seq) violated, a write conflict, or on SQLite
 * another connection committed after this transaction's read (SQLITE_BUSY_SNAPSHOT) or held the
 * write lock past the busy timeout.
 */
function lostRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "P2002" || code === "P2034" || (typeof code === "string" && code.startsWith("SQLITE_BUSY"));
}

/**
 * Recomputes every hash and link of a consultation's chain, reading 1,000 events at a time.
 * With `notarisedHead` (a head published earlier), also reports a chain cut or rewritten since.
 */
export async function verifyAuditChain(
  db: AuditDb,
  consultationId: string,
  options: { notarisedHead?: ChainTip } = {},
): Promise<ChainVerdict> {
  const verifier = new AuditChainVerifier(sha256Hex, options.notarisedHead);
  let afterSeq: number | null = null; // no lower bound on the first page: a stray seq ≤ 0 must show up
  for (;;) {
    const page: StoredAuditEvent[] = await db.auditEvent.findMany({
      where: { consultationId, ...(afterSeq === null ? {} : { seq: { gt: afterSeq } }) },
      orderBy: { seq: "asc" },
      take: VERIFY_PAGE,
    });
    if (!verifier.add(page) || page.length < VERIFY_PAGE) break;
    afterSeq = page.at(-1)!.seq;
  }
  return verifier.verdict();
}

/** The last event's seq and hash: publish or timestamp these to pin the chain up to now. */
export async function auditChainHead(db: AuditDb, consultationId: string): Promise<AuditChainHead | null> {
  return db.auditEvent.findFirst({
    where: { consultationId },
    orderBy: { seq: "desc" },
    select: { consultationId: true, seq: true, hash: true, at: true },
  });
}

/** Events in seq order after `afterSeq` (default 0), at most `limit` (default 100, at most 1,000). */
export async function listAuditEvents(
  db: AuditDb,
  consultationId: string,
  options: { afterSeq?: number; limit?: number } = {},
): Promise<AuditEventView[]> {
  const requested = options.limit !== undefined && Number.isFinite(options.limit) ? Math.trunc(options.limit) : 100;
  const limit = Math.min(Math.max(requested, 1), MAX_LIST);
  const rows = await db.auditEvent.findMany({
    where: { consultationId, seq: { gt: options.afterSeq ?? 0 } },
    orderBy: { seq: "asc" },
    take: limit,
  });
  return rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) as JsonValue }));
}
