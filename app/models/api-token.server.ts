// Personal API tokens for /api/v1: shown once at creation, stored as SHA-256, revocable.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../server/db/client.js";
import { AppError, fromZodError } from "../../shared/errors/app-error.js";
import type { SessionUser } from "./user.server.js";

const PREFIX = "dmlm_";
const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createApiToken(db: Db, user: SessionUser, input: { name?: unknown }) {
  const parsed = z.object({ name: z.string().trim().min(1, { error: "must not be empty" }).max(100) }).safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "token");
  const token = PREFIX + randomBytes(32).toString("base64url");
  const row = await db.apiToken.create({ data: { userId: user.id, name: parsed.data.name, tokenHash: hash(token) } });
  return { id: row.id, name: row.name, token, createdAt: row.createdAt.toISOString() };
}

export async function listApiTokens(db: Db, user: SessionUser) {
  const rows = await db.apiToken.findMany({
    where: { userId: user.id, revokedAt: null },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  }));
}

export async function revokeApiToken(db: Db, user: SessionUser, id: string) {
  const { count } = await db.apiToken.updateMany({
    where: { id, userId: user.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (!count) throw new AppError("not_found", `No active token ${id}`);
}

/** The user a bearer token belongs to, or null when unknown or revoked. */
export async function userForApiToken(db: Db, token: string): Promise<SessionUser | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hash(token) }, include: { user: true } });
  if (!row || row.revokedAt) return null;
  // Best-effort bookkeeping; at most once a minute to keep hot paths write-free.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  const u = row.user;
  return { id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin };
}
