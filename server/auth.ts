// Sessions with Lucia v3: one cookie authenticates pages, the JSON API and websocket upgrades.
// Our adapter stores SHA-256(session id), so a copy of the sessions table cannot be replayed.
import { createHash } from "node:crypto";
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser, type Session } from "lucia";
import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import { checkCredentials, type SessionUser } from "../app/models/user.server.js";
import { AppError } from "../shared/errors/app-error.js";
import { createRateLimits, type Limiter } from "./rate-limits.js";
import { hotPathOf } from "./db/hot-path.js";

const hashId = (id: string) => createHash("sha256").update(id).digest("hex");

function prismaAdapter(db: Db): Adapter {
  const toSession = (s: { id: string; userId: string; expiresAt: Date }): DatabaseSession => ({
    id: s.id,
    userId: s.userId,
    expiresAt: s.expiresAt,
    attributes: {},
  });
  return {
    // Every request and websocket asks this: one prepared statement on the hot path (server/db/hot-path.ts).
    async getSessionAndUser(sessionId) {
      const row = await hotPathOf(db).session(hashId(sessionId));
      if (!row) return [null, null];
      const dbUser: DatabaseUser = {
        id: row.userId,
        attributes: { email: row.email, name: row.name, isAdmin: row.isAdmin, language: row.language },
      };
      return [toSession({ id: sessionId, userId: row.userId, expiresAt: row.expiresAt }), dbUser];
    },
    async getUserSessions(userId) {
      // Only hashes are stored: the ids returned here cannot be used as cookies.
      return (await db.session.findMany({ where: { userId } })).map(toSession);
    },
    async setSession(session) {
      await db.session.create({
        data: { id: hashId(session.id), userId: session.userId, expiresAt: session.expiresAt },
      });
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      await db.session.updateMany({ where: { id: hashId(sessionId) }, data: { expiresAt } });
    },
    async deleteSession(sessionId) {
      await db.session.deleteMany({ where: { id: hashId(sessionId) } });
    },
    async deleteUserSessions(userId) {
      await db.session.deleteMany({ where: { userId } });
    },
    async deleteExpiredSessions() {
      await db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
    },
  };
}

export const SESSION_COOKIE = "delphi_session";

/** `attemptsPerAccount`: failed logins per email; the app passes its shared one (Redis with several instances). */
export function createAuth(
  db: Db,
  config: Pick<Config, "secureCookies">,
  attemptsPerAccount: Limiter = createRateLimits().account,
) {
  const lucia = new Lucia(prismaAdapter(db), {
    // Lucia renews a session used in the second half of its life (sliding expiry).
    sessionExpiresIn: new TimeSpan(14, "d"),
    sessionCookie: { name: SESSION_COOKIE, attributes: { secure: config.secureCookies, sameSite: "lax" } },
    getUserAttributes: (attributes) => attributes,
  });
  // Successful logins do not count: a user (or a test suite) signing in often must never be locked out.
  const verifyCredentials = async (email: string, password: string): Promise<SessionUser | null> => {
    const account = email.trim().toLowerCase();
    // Counted before checking, given back on success: parallel guesses cannot all slip under the limit.
    const wait = await attemptsPerAccount.take(account);
    if (wait > 0) throw new AppError("rate_limited", `Too many login attempts: try again in ${wait} s.`);
    const user = await checkCredentials(db, email, password);
    if (user) await attemptsPerAccount.refund(account);
    return user;
  };

  return {
    cookieName: SESSION_COOKIE,

    /** The signed-in user for a Cookie header; `refreshCookie` is set when the session was renewed. */
    async authenticate(cookieHeader: string | undefined | null): Promise<Authenticated | null> {
      const sessionId = lucia.readSessionCookie(cookieHeader ?? "");
      if (!sessionId) return null;
      const { session, user } = await lucia.validateSession(sessionId);
      if (!session || !user) return null;
      const refreshCookie = session.fresh ? lucia.createSessionCookie(session.id).serialize() : undefined;
      return {
        session,
        user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, language: user.language },
        refreshCookie,
      };
    },

    /** A Set-Cookie value for a new session, or null for wrong credentials. */
    async login(email: string, password: string): Promise<string | null> {
      const user = await verifyCredentials(email, password);
      if (!user) return null;
      const session = await lucia.createSession(user.id, {});
      return lucia.createSessionCookie(session.id).serialize();
    },

    /** The account for these credentials, or null; limited per account like `login` (the API's token call). */
    verifyCredentials,

    /** A Set-Cookie value for a new session of this user (e.g. after redeeming an invitation). */
    async createSession(userId: string): Promise<string> {
      const session = await lucia.createSession(userId, {});
      return lucia.createSessionCookie(session.id).serialize();
    },

    /** Ends the session; returns the Set-Cookie value that clears the cookie. */
    async logout(sessionId: string): Promise<string> {
      await lucia.invalidateSession(sessionId);
      return lucia.createBlankSessionCookie().serialize();
    },

    deleteExpiredSessions: () => lucia.deleteExpiredSessions(),

    /**
     * What a live connection remembers of its session: the stored hash, never the id itself (it travels through
     * Redis and into logs; like the table, it cannot be used as a cookie).
     */
    sessionKey: (sessionId: string) => hashId(sessionId),

    /**
     * Which of these session keys still belong to an unexpired session, in one query per 500 keys. Read-only:
     * unlike `authenticate`, it never extends a session, so an idle websocket cannot keep one alive.
     */
    async liveSessionKeys(keys: Iterable<string>): Promise<Set<string>> {
      const unique = [...new Set(keys)];
      const live = new Set<string>();
      for (let i = 0; i < unique.length; i += 500) {
        const rows = await db.session.findMany({
          where: { id: { in: unique.slice(i, i + 500) }, expiresAt: { gt: new Date() } },
          select: { id: true },
        });
        for (const row of rows) live.add(row.id);
      }
      return live;
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;

export interface Authenticated {
  session: Session;
  user: SessionUser;
  refreshCookie?: string;
}

declare module "lucia" {
  interface Register {
    Lucia: Lucia<Record<never, never>, Omit<SessionUser, "id">>;
    DatabaseUserAttributes: Omit<SessionUser, "id">;
  }
}
