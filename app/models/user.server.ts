// Accounts: creation and credential checks. Sessions are handled by server/auth.ts (Lucia).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../server/db/client.js";
import { AppError, fromZodError } from "../../shared/errors/app-error.js";
import { LANGUAGES } from "../../shared/i18n/languages.js";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.server.js";

export const newUserSchema = z.object({
  email: z.email({ error: "expected an email address" }).transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, { error: "must not be empty" }).max(200),
  password: z.string().min(10, { error: "must be at least 10 characters" }).max(200),
  isAdmin: z.boolean().default(false),
});

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  /** the interface language chosen in the account page; null: as the browser asks */
  language: string | null;
}

export async function createUser(db: Db, input: z.input<typeof newUserSchema>): Promise<SessionUser> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "user");
  const { email, name, password, isAdmin } = parsed.data;
  if (await db.user.findUnique({ where: { email } }))
    throw new AppError("conflict", `A user with email ${email} already exists`, [
      { path: "email", message: "already registered" },
    ]);
  const user = await db.user.create({
    data: { id: randomUUID(), email, name, isAdmin, passwordHash: await hashPassword(password) },
  });
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, language: user.language };
}

/** The user for these credentials, or null — never says which of the two was wrong. */
export async function checkCredentials(db: Db, email: string, password: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  // Unknown emails and invite-only accounts (no password) run the same scrypt as real ones, so the answer
  // time does not tell which of the three an address is.
  const hasPassword = user?.passwordHash.startsWith("scrypt$") ?? false;
  const ok = await verifyPassword(password, hasPassword ? user!.passwordHash : await dummyPasswordHash());
  if (!user || !hasPassword || !ok) return null;
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, language: user.language };
}

export const passwordChangeSchema = z.object({
  currentPassword: z.string().max(200).default(""),
  password: newUserSchema.shape.password,
});

/** Whether the account can log in with a password (invite-only accounts sign in by link until they set one). */
export async function hasPassword(db: Db, user: SessionUser): Promise<boolean> {
  const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  return row?.passwordHash.startsWith("scrypt$") ?? false;
}

/**
 * Sets the signed-in user's password. An account that has one must give it first; an invite-only account
 * sets its first one here — from then on it is an ordinary account, and links no longer sign it in.
 */
export async function setPassword(db: Db, user: SessionUser, input: z.input<typeof passwordChangeSchema>) {
  const parsed = passwordChangeSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "password");
  const { currentPassword, password } = parsed.data;
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  if (row.passwordHash.startsWith("scrypt$") && !(await verifyPassword(currentPassword, row.passwordHash)))
    throw new AppError("validation", "Invalid password: currentPassword: wrong current password", [
      { path: "currentPassword", message: "wrong current password" },
    ]);
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
}

export const languageSettingSchema = z.strictObject({
  language: z
    .enum(LANGUAGES, { error: `expected one of ${LANGUAGES.join(", ")} or null` })
    .nullable()
    .describe("The interface and mail language; null: as the browser asks (Accept-Language)"),
});

/** Sets the signed-in user's language (interface and mails); null goes back to what their browser asks for. */
export async function setLanguage(db: Db, user: SessionUser, input: unknown) {
  const parsed = languageSettingSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "language setting");
  await db.user.update({ where: { id: user.id }, data: { language: parsed.data.language } });
  return { language: parsed.data.language };
}
