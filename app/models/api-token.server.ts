// Personal API tokens for /api/v1: shown once at creation, stored as SHA-256, scoped (read or read-write),
// optionally expiring, revocable. Only a signed-in session manages them (app/api/dispatch.server.ts).
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { hotPathOf } from "../../server/db/hot-path.js";
import type { Db } from "../../server/db/client.js";
import { wellFormedText } from "../../shared/delphi/schemas.js";
import { AppError, fromZodError } from "../../shared/errors/app-error.js";
import type { SessionUser } from "./user.server.js";

const PREFIX = "dmlm_";
const hash = (token: string) => createHash("sha256").update(token).digest("hex");
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DAYS = 3650;

export const TOKEN_SCOPES = ["read", "read-write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const tokenFields = {
  name: wellFormedText().trim().min(1, { error: "must not be empty" }).max(100, { error: "at most 100 characters" }),
  // Least privilege unless asked: a script that only reads figures cannot change a study if it leaks.
  scope: z.enum(TOKEN_SCOPES, { error: 'expected "read" or "read-write"' }).default("read"),
  expiresAt: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error: "expected an ISO 8601 date or date-time, e.g. 2027-06-30 or 2027-06-30T12:00:00Z",
    })
    .optional(),
  expiresInDays: z
    .number({ error: "expected a whole number of days" })
    .int({ error: "expected a whole number of days" })
    .min(1, { error: "at least 1 day" })
    .max(MAX_DAYS, { error: `at most ${MAX_DAYS} days` })
    .optional(),
};
const oneExpiry = [
  (t: { expiresAt?: string; expiresInDays?: number }) => t.expiresAt === undefined || t.expiresInDays === undefined,
  { error: "give expiresAt or expiresInDays, not both", path: ["expiresInDays"] as PropertyKey[] },
] as const;

export const newApiTokenSchema = z.object(tokenFields).refine(...oneExpiry);
export type NewApiToken = z.input<typeof newApiTokenSchema>;

/** Days a token obtained with a password lives unless the script asks otherwise: a script's secret should age. */
export const PASSWORD_TOKEN_DAYS = 30;

/** POST /auth/token: the account's credentials and the token to create. */
export const passwordTokenSchema = z
  .object({
    email: z.string({ error: "expected the account's email address" }).max(320, { error: "at most 320 characters" }),
    password: z.string({ error: "expected the account's password" }).max(1024, { error: "at most 1024 characters" }),
    ...tokenFields,
  })
  .refine(...oneExpiry);

/** A token for a script that signs in with email and password (no session needed, limited like the login page). */
export async function createPasswordToken(
  db: Db,
  verify: (email: string, password: string) => Promise<SessionUser | null>,
  input: unknown,
) {
  const parsed = passwordTokenSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "token request");
  const { email, password, ...token } = parsed.data;
  const user = await verify(email, password);
  if (!user) throw new AppError("unauthenticated", "Wrong email or password");
  const expires = token.expiresAt === undefined && token.expiresInDays === undefined;
  return createApiToken(db, user, expires ? { ...token, expiresInDays: PASSWORD_TOKEN_DAYS } : token);
}

export interface ApiTokenView {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: "active" | "expired" | "revoked";
}

function expiry(input: z.output<typeof newApiTokenSchema>, now: Date): Date | null {
  if (input.expiresInDays !== undefined) return new Date(now.getTime() + input.expiresInDays * DAY_MS);
  if (input.expiresAt === undefined) return null;
  const at = new Date(input.expiresAt);
  const bad = (message: string) =>
    new AppError("validation", `Invalid token: expiresAt: ${message}`, [{ path: "expiresAt", message }]);
  if (Number.isNaN(at.getTime())) throw bad("not a real date");
  if (at <= now) throw bad("must be in the future");
  if (at.getTime() - now.getTime() > MAX_DAYS * DAY_MS) throw bad(`at most ${MAX_DAYS} days ahead`);
  return at;
}

export async function createApiToken(db: Db, user: SessionUser, input: unknown, now = new Date()) {
  const parsed = newApiTokenSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "token");
  const expiresAt = expiry(parsed.data, now);
  const token = PREFIX + randomBytes(32).toString("base64url");
  const row = await db.apiToken.create({
    data: { userId: user.id, name: parsed.data.name, tokenHash: hash(token), scope: parsed.data.scope, expiresAt },
  });
  return { ...view(row, now), token };
}

function view(
  t: {
    id: string;
    name: string;
    scope: string;
    createdAt: Date;
    lastUsedAt: Date | null;
    expiresAt: Date | null;
    revokedAt: Date | null;
  },
  now: Date,
): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    scope: t.scope === "read" ? "read" : "read-write",
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    status: t.revokedAt ? "revoked" : t.expiresAt && t.expiresAt <= now ? "expired" : "active",
  };
}

/** The caller's tokens, newest first, revoked and expired ones included (so the owner can see what ran). */
export async function listApiTokens(db: Db, user: SessionUser, now = new Date()): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
  return rows.map((t) => view(t, now));
}

export async function revokeApiToken(db: Db, user: SessionUser, id: string) {
  const { count } = await db.apiToken.updateMany({
    where: { id, userId: user.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (!count) throw new AppError("not_found", `No active token ${id}`);
}

export interface TokenCaller {
  user: SessionUser;
  scope: TokenScope;
}

/**
 * The user and scope of a bearer token. Unknown or revoked: 401 "Invalid or revoked API token"; past its
 * expiry: 401 "API token expired" (the owner knows to make a new one).
 */
export async function authenticateApiToken(db: Db, token: string, now = new Date()): Promise<TokenCaller> {
  const row = token.startsWith(PREFIX)
    ? await db.apiToken.findUnique({ where: { tokenHash: hash(token) }, include: { user: true } })
    : null;
  if (!row || row.revokedAt) throw new AppError("unauthenticated", "Invalid or revoked API token");
  if (row.expiresAt && row.expiresAt <= now)
    throw new AppError("unauthenticated", `API token expired on ${row.expiresAt.toISOString()}`);
  // Best-effort bookkeeping; at most once a minute to keep hot paths write-free.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  const u = row.user;
  return {
    user: { id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, language: u.language },
    scope: row.scope === "read" ? "read" : "read-write",
  };
}

/**
 * Whether the API (and its token page) is of use to this user: admins, and moderators or observers of some
 * consultation. Panellists rate in the browser; the token page stays reachable but is not in their navigation.
 */
export async function canUseApi(db: Db, user: SessionUser): Promise<boolean> {
  if (user.isAdmin) return true;
  // Asked by every page (the navigation): one prepared statement (server/db/hot-path.ts).
  return hotPathOf(db).staff(user.id);
}
